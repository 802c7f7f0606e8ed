"""A read-only form: label and value pairs, rebuilt whenever the record or the language changes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget


class ReadOnlyForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def set_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        """Show ``rows`` of (label, value); an empty value shows as a dash."""
        while self._layout.rowCount():
            self._layout.removeRow(0)
        for caption, value in rows:
            text = QLabel(value or "—")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._layout.addRow(QLabel(caption), text)

    def values(self) -> dict[str, str]:
        """Label text → value text (tests read the form this way)."""
        found: dict[str, str] = {}
        for row in range(self._layout.rowCount()):
            label = self._layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self._layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None:
                continue
            caption, value = label.widget(), field.widget()
            if isinstance(caption, QLabel) and isinstance(value, QLabel):
                found[caption.text()] = value.text()
        return found
