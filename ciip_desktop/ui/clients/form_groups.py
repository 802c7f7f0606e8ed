"""A form's field editors in titled groups, side by side in columns, their labels lined up.

Each group is a ``QGroupBox`` with its own ``QFormLayout``; the groups of one column share
one label width, so their fields start at the same x. Labels are the declaration's translated
field labels with Alt+letter keys chosen for the language shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.ui.clients.field_editors import FieldEditor
from ciip_desktop.ui.clients.field_errors import FieldErrors
from ciip_desktop.ui.clients.mnemonics import assign_mnemonics


@dataclass(frozen=True)
class Group:
    """A titled group that starts at the field ``first`` and runs to the next group's first."""

    title: str  # English, marked with N_
    first: str
    column: int


class FormGroups:
    """Lays ``editors`` (in their order) out in ``groups``; ``columns`` go into the form."""

    def __init__(
        self,
        groups: Sequence[Group],
        editors: Sequence[FieldEditor],
        errors: FieldErrors,
    ) -> None:
        self._groups = list(groups)
        self._editors = list(editors)
        self.boxes: list[QGroupBox] = []
        self.labels: dict[str, QLabel] = {}
        self._forms: list[tuple[int, QFormLayout]] = []
        starts = {group.first: group for group in groups}
        count = 1 + max(group.column for group in groups)
        self.columns = [QVBoxLayout() for _column in range(count)]
        form: QFormLayout | None = None
        for editor in editors:
            group = starts.get(editor.name)
            if group is not None:
                box = QGroupBox()
                box.setObjectName(f"group_{group.first}")
                form = QFormLayout(box)
                self.boxes.append(box)
                self._forms.append((group.column, form))
                self.columns[group.column].addWidget(box)
            if form is None:
                raise ValueError(f"{editor.name} comes before the first group")
            label = QLabel()
            label.setBuddy(editor.widget)
            form.addRow(label, editor.widget)
            self.labels[editor.name] = label
            errors.attach(editor.name, form, editor.widget)
        for column in self.columns:
            column.addStretch(1)

    def box_of(self, name: str) -> QGroupBox:
        """The group box holding the field ``name``."""
        widget: QWidget | None = self.labels[name]
        while widget is not None and not isinstance(widget, QGroupBox):
            widget = widget.parentWidget()
        if widget is None:
            raise KeyError(name)
        return widget

    def retranslate_ui(self, reserved: Iterable[str] = ()) -> None:
        """Titles and labels in the current language; ``reserved``: Alt letters used elsewhere."""
        for group, box in zip(self._groups, self.boxes, strict=True):
            box.setTitle(_(group.title))
        shown = [(e.spec.title(), e.spec.label) for e in self._editors]
        texts = assign_mnemonics(shown, reserved)
        for editor, text in zip(self._editors, texts, strict=True):
            self.labels[editor.name].setText(_("{label}:").format(label=text))
        self.align_labels()

    def align_labels(self) -> None:
        """Give the labels of each column one width: the widest of them."""
        for column in range(len(self.columns)):
            labels = [
                label
                for col, form in self._forms
                if col == column
                for label in self._form_labels(form)
            ]
            for label in labels:
                label.setMinimumWidth(0)
            width = max((label.sizeHint().width() for label in labels), default=0)
            for label in labels:
                label.setMinimumWidth(width)

    @staticmethod
    def _form_labels(form: QFormLayout) -> list[QLabel]:
        found = []
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                found.append(widget)
        return found
