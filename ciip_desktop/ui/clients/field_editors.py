"""One editor widget per declared field kind, read and written as the service's typed value.

The registration form builds its editors from the field declaration
(``services.clients.fields``): a line for text, a box for notes, a :class:`DateField` for
dates, a check box for yes/no and a :class:`CodeCombo` for choices. Each editor reports
"touched" (the counsellor changed it) apart from "changed" (it changed, perhaps by the form).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.services.clients.fields import ClientField, Kind
from ciip_desktop.ui.clients.code_combo import CodeCombo
from ciip_desktop.ui.clients.date_field import DateField

NOTES_HEIGHT = 64
Callback = Callable[[], None]


class FieldEditor:
    """The widget of one field and how to read it, write it and watch it."""

    def __init__(self, spec: ClientField, widget: QWidget) -> None:
        self.spec = spec
        self.widget = widget
        widget.setObjectName(spec.name)

    @property
    def name(self) -> str:
        return self.spec.name

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def watch(self, touched: Callback, changed: Callback) -> None:
        raise NotImplementedError

    def retranslate_ui(self) -> None:
        """Relabel what the editor itself shows (choices, a date's hint)."""


class TextEditor(FieldEditor):
    def __init__(self, spec: ClientField) -> None:
        self.line = QLineEdit()
        if spec.max_length:
            self.line.setMaxLength(spec.max_length)
        super().__init__(spec, self.line)

    def value(self) -> str:
        return self.line.text().strip()

    def set_value(self, value: object) -> None:
        self.line.setText("" if value is None else str(value))

    def watch(self, touched: Callback, changed: Callback) -> None:
        self.line.textEdited.connect(lambda _text: touched())
        self.line.textChanged.connect(lambda _text: changed())


class NotesBox(QPlainTextEdit):
    """A few lines high by default; it takes the height a taller window gives it."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), NOTES_HEIGHT)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), NOTES_HEIGHT)


class NotesEditor(FieldEditor):
    def __init__(self, spec: ClientField) -> None:
        self.box = NotesBox()
        self.box.setTabChangesFocus(True)
        super().__init__(spec, self.box)

    def value(self) -> str:
        return self.box.toPlainText().strip()

    def set_value(self, value: object) -> None:
        self.box.setPlainText("" if value is None else str(value))

    def watch(self, touched: Callback, changed: Callback) -> None:
        # A QPlainTextEdit cannot tell typing from setPlainText; the form sets it only on load.
        self.box.textChanged.connect(touched)


class DateEditor(FieldEditor):
    def __init__(self, spec: ClientField) -> None:
        self.field = DateField()
        self.field.setMinimumWidth(120)
        super().__init__(spec, self.field)

    def value(self) -> date | None:
        return self.field.value()

    def set_value(self, value: object) -> None:
        self.field.set_value(value if isinstance(value, date) else None)

    def watch(self, touched: Callback, changed: Callback) -> None:
        self.field.textEdited.connect(lambda _text: touched())
        self.field.textChanged.connect(lambda _text: changed())

    def retranslate_ui(self) -> None:
        self.field.retranslate_ui()


class BoolEditor(FieldEditor):
    def __init__(self, spec: ClientField) -> None:
        self.check = QCheckBox()
        super().__init__(spec, self.check)

    def value(self) -> bool:
        return self.check.isChecked()

    def set_value(self, value: object) -> None:
        self.check.setChecked(bool(value))

    def watch(self, touched: Callback, changed: Callback) -> None:
        self.check.toggled.connect(lambda _checked: touched())


class ChoiceEditor(FieldEditor):
    """``blank``: the field may be left without a choice (its stored default is "")."""

    def __init__(self, spec: ClientField, *, blank: bool) -> None:
        self.combo = CodeCombo(
            spec.choice_labels(), blank="" if blank else None, editable=spec.open_choice
        )
        super().__init__(spec, self.combo)

    def value(self) -> str:
        return self.combo.code()

    def set_value(self, value: object) -> None:
        self.combo.set_code("" if value is None else str(value))

    def watch(self, touched: Callback, changed: Callback) -> None:
        self.combo.currentIndexChanged.connect(lambda _index: touched())
        if self.combo.isEditable():
            self.combo.editTextChanged.connect(lambda _text: touched())

    def retranslate_ui(self) -> None:
        self.combo.retranslate_ui()


class PersonEditor(FieldEditor):
    """A choice among the office's counsellors (read by the form), or none."""

    def __init__(self, spec: ClientField) -> None:
        self.combo = QComboBox()
        self._people: list[tuple[str, str]] = []
        super().__init__(spec, self.combo)
        self.set_people([])

    def set_people(self, people: list[tuple[str, str]]) -> None:
        """``people`` as (id, display name); the current choice is kept when still listed."""
        current = self.combo.currentData()
        self._people = list(people)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(_("(not assigned)"), None)
        for person_id, name in self._people:
            self.combo.addItem(name, person_id)
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
        self.combo.blockSignals(False)

    def value(self) -> str | None:
        data: Any = self.combo.currentData()
        return str(data) if data else None

    def set_value(self, value: object) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))

    def watch(self, touched: Callback, changed: Callback) -> None:
        self.combo.currentIndexChanged.connect(lambda _index: touched())

    def retranslate_ui(self) -> None:
        self.combo.setItemText(0, _("(not assigned)"))


def make_editor(spec: ClientField, default: object) -> FieldEditor:
    """The editor for ``spec``; ``default`` is the field's value on an empty form."""
    if spec.kind is Kind.MULTILINE:
        return NotesEditor(spec)
    if spec.kind is Kind.DATE:
        return DateEditor(spec)
    if spec.kind is Kind.BOOL:
        return BoolEditor(spec)
    if spec.kind is Kind.CHOICE and spec.choices:
        return ChoiceEditor(spec, blank=not default)
    if spec.kind is Kind.CHOICE:  # choices the database holds: the office's counsellors
        return PersonEditor(spec)
    return TextEditor(spec)
