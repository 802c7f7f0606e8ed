"""Reasons shown under the fields of a form, one small red line each, hidden when fine; and
the red line itself, for the reasons a form or panel shows elsewhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

REASON_STYLE = "color: #b00020;"


def reason_label(name: str = "", parent: QWidget | None = None) -> QLabel:
    """A wrapped red line that says why something cannot be done (yet); empty when fine."""
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(REASON_STYLE)
    return label


class FieldErrors:
    """Keeps one reason label per field name, placed on the row below the field."""

    def __init__(self, owner: QWidget) -> None:
        self._owner = owner
        self._labels: dict[str, tuple[QFormLayout, QLabel]] = {}

    def attach(self, name: str, form: QFormLayout, widget: QWidget) -> None:
        label = reason_label(f"error_{name}", self._owner)
        position = cast(tuple[int, QFormLayout.ItemRole], form.getWidgetPosition(widget))
        row = position[0]
        form.insertRow(row + 1, "", label)
        form.setRowVisible(label, False)
        self._labels[name] = (form, label)

    def names(self) -> set[str]:
        return set(self._labels)

    def label(self, name: str) -> QLabel:
        return self._labels[name][1]

    def text(self, name: str) -> str:
        entry = self._labels.get(name)
        return entry[1].text() if entry and entry[0].isRowVisible(entry[1]) else ""

    def show(self, reasons: Mapping[str, str]) -> None:
        """Show exactly ``reasons``; every other field's reason is cleared."""
        for name, (form, label) in self._labels.items():
            reason = reasons.get(name, "")
            label.setText(reason)
            form.setRowVisible(label, bool(reason))
