"""The registration form's widgets and their layout, in the order of the signed paper form.

Its fields, their order, labels and choices come from the one field declaration
(``services.clients.fields``); this module adds the paper form's boxes, the hints, the
duplicates panel, the line of problems and the buttons. What the form does with them is
:class:`~ciip_desktop.ui.clients.registration_form.RegistrationForm`'s.
"""

from __future__ import annotations

import itertools
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import N_, _
from ciip_desktop.services.clients.fields import REGISTRATION_FIELDS
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.ui.clients.code_combo import CodeCombo
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.duplicates_panel import DuplicatesPanel
from ciip_desktop.ui.clients.field_editors import (
    BoolEditor,
    ChoiceEditor,
    DateEditor,
    FieldEditor,
    TextEditor,
    make_editor,
)
from ciip_desktop.ui.clients.field_errors import FieldErrors, reason_label
from ciip_desktop.ui.clients.form_groups import FormGroups, Group
from ciip_desktop.ui.clients.mnemonics import mnemonic_of

# The paper form's boxes: each starts at its first field and runs to the next box.
GROUPS = (
    Group(N_("Client"), "family_name", 0),
    Group(N_("Contact"), "phone", 0),
    Group(N_("Immigration"), "immigration_stream", 1),
    Group(N_("Registration"), "registration_channel", 1),
)
HINTS = {
    "family_name": N_("in Latin letters"),
    "given_name": N_("in Latin letters"),
    "pinyin": N_("filled in from the Chinese name"),
    "phone": N_("+86 138 0013 8000"),
    "principal_file_no": N_("e.g. GZA-2026-00042"),
}
EditorT = TypeVar("EditorT", bound=FieldEditor)


class RegistrationLayout(QDialog):
    """One editor per declared field in the paper form's boxes, the duplicates panel, the
    problems beside the buttons; keyboard order is the paper form's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        defaults = RegistrationInput()
        self.editors: dict[str, FieldEditor] = {
            spec.name: make_editor(spec, getattr(defaults, spec.name))
            for spec in REGISTRATION_FIELDS
        }
        self.errors = FieldErrors(self)
        self.groups = FormGroups(GROUPS, list(self.editors.values()), self.errors)
        columns = QHBoxLayout()
        for column in self.groups.columns:
            columns.addLayout(column, 1)

        self.duplicates_box = DuplicatesPanel(self)
        self.problem_label = reason_label("problemSummary")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problem_label, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.duplicates_box)
        layout.addLayout(bottom)

        # Keyboard order is the order of the paper form, which is the declaration's.
        order: list[QWidget] = [editor.widget for editor in self.editors.values()]
        order += [
            self.duplicates_box.list,
            self.duplicates_box.open_button,
            self.duplicates_box.retry_button,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def widget(self, name: str) -> QWidget:
        """The editor widget of the field ``name``."""
        return self.editors[name].widget

    def _editor(self, name: str, kind: type[EditorT]) -> EditorT:
        editor = self.editors[name]
        if not isinstance(editor, kind):
            raise TypeError(f"{name} is not edited with a {kind.__name__}")
        return editor

    def text_field(self, name: str) -> QLineEdit:
        return self._editor(name, TextEditor).line

    def date_field(self, name: str) -> DateField:
        return self._editor(name, DateEditor).field

    def choice_field(self, name: str) -> CodeCombo:
        return self._editor(name, ChoiceEditor).combo

    def check_field(self, name: str) -> QCheckBox:
        return self._editor(name, BoolEditor).check

    def retranslate_ui(self) -> None:
        """The buttons, boxes, labels, choices and hints in the current language."""
        self.duplicates_box.retranslate_ui()
        self.save_button.setText(_("&Save"))
        self.cancel_button.setText(_("Cancel"))
        reserved = [
            mnemonic_of(button.text())
            for button in (
                self.save_button,
                self.cancel_button,
                self.duplicates_box.open_button,
                self.duplicates_box.retry_button,
            )
        ]
        self.groups.retranslate_ui(reserved)
        for editor in self.editors.values():
            editor.retranslate_ui()
            if editor.name in HINTS and isinstance(editor, TextEditor):
                editor.line.setPlaceholderText(_(HINTS[editor.name]))
