"""The registration form: a new client keyed in from the signed paper form, or an edit of one.

Its fields, their order, labels and choices come from the one field declaration
(``services.clients.fields``); this module adds only what is the form's own: the groups, the
hints, and the few fields that behave (pinyin from the Chinese name, the principal's file
number for a family member, the date signed with the signature).

Validation and the duplicate check run off the GUI thread as the counsellor types, the
newest answer winning; each reason shows next to its field once the field has been touched.
A check that fails says so; it never reads as "no problems" or "no duplicates".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import N_, _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.fields import REGISTRATION_FIELDS
from ciip_desktop.services.clients.types import (
    ClientDetail,
    DuplicateCandidate,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.code_combo import CodeCombo
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.duplicates_panel import DuplicatesPanel
from ciip_desktop.ui.clients.field_editors import (
    BoolEditor,
    ChoiceEditor,
    DateEditor,
    FieldEditor,
    PersonEditor,
    TextEditor,
    make_editor,
)
from ciip_desktop.ui.clients.field_errors import FieldErrors
from ciip_desktop.ui.clients.form_groups import FormGroups, Group
from ciip_desktop.ui.clients.latest_request import LatestRequest
from ciip_desktop.ui.clients.messages import confirm, error_text
from ciip_desktop.ui.clients.mnemonics import mnemonic_of
from ciip_desktop.ui.clients.shortcuts import add_save_shortcuts

VALIDATE_DELAY_MS = 100
DUPLICATE_DELAY_MS = 300
MIN_WIDTH = 900
# The dialog's result when the counsellor chose to open an existing record instead.
OPEN_EXISTING = 2

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
# Enough to say who it may be: checking for duplicates before any of these is typed is noise.
IDENTIFYING = ("family_name", "chinese_name", "phone", "email")
EditorT = TypeVar("EditorT", bound=FieldEditor)


class RegistrationForm(QDialog):
    """Register a client (``client=None``) or edit one; ``saved_client`` holds the result."""

    clientSaved = Signal(str)
    openExisting = Signal(str)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        client: ClientDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registrationForm")
        self._services = services
        self._actor = actor
        self._client = client
        self.saved_client: ClientDetail | None = None
        self.existing_id: str | None = None
        self._pinyin_by_hand = False
        self._touched: set[str] = set()
        self._reasons: dict[str, str] = {}
        self._read_failure = ""  # a read on opening that failed, said beside the buttons
        self._check_failure = ""  # the last validation could not run: why
        self._height_without_panel = 0  # the window's height before the duplicates showed

        self._build()
        self._read_counsellors()
        self._initial = self._load(client)
        self._connect()
        self.retranslate_ui()
        self._validate_now()
        hint = self.sizeHint()
        self.resize(max(hint.width(), MIN_WIDTH), hint.height())

    # ---- building --------------------------------------------------------------------------

    def _build(self) -> None:
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
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problemSummary")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b00020;")
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

        self._validation = LatestRequest("validate registration", self)
        self._duplicate_check = LatestRequest("find duplicates", self)

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
        if self._client is not None:
            self.setWindowTitle(
                _("Edit registration — {file_no}").format(file_no=self._client.file_no)
            )
        else:
            self.setWindowTitle(_("New client registration"))
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
        self._show_reasons()

    def _read_counsellors(self) -> None:
        try:
            people = self._services.clients.counsellors()
        except Exception as exc:  # said on the form; a non-user error is logged by error_text
            self._read_failure = _("The list of counsellors could not be read: {reason}").format(
                reason=error_text(exc)
            )
            people = []
        self._editor("counsellor_id", PersonEditor).set_people(people)

    # ---- values ----------------------------------------------------------------------------

    def _load(self, client: ClientDetail | None) -> RegistrationInput:
        if client is None:
            data = RegistrationInput(
                received_on=date.today(),
                counsellor_id=self._actor.counsellor_id or None,
            )
            self._set_values(data)
            return self.value()
        self._set_values(client.registration)
        pinyin = self.text_field("pinyin")
        pinyin.setText(client.pinyin)
        suggested = self._suggest_pinyin(client.registration.chinese_name)
        self._pinyin_by_hand = bool(client.pinyin) and client.pinyin != suggested
        return self.value()

    def _set_values(self, data: RegistrationInput) -> None:
        for name, editor in self.editors.items():
            editor.set_value(getattr(data, name))
        self._role_changed(focus=False)
        self.date_field("signature_date").setEnabled(data.signature_on_file)

    def value(self) -> RegistrationInput:
        """What the form says now, as the service takes it."""
        values: dict[str, Any] = {name: e.value() for name, e in self.editors.items()}
        defaults = RegistrationInput()
        for name in ("applicant_role", "registration_channel"):
            values[name] = values[name] or getattr(defaults, name)
        values["pinyin"] = values["pinyin"] if self._pinyin_by_hand else None
        if values["applicant_role"] != "family_member":
            values["principal_file_no"] = None
        values["principal_file_no"] = values["principal_file_no"] or None
        if not values["signature_on_file"]:
            values["signature_date"] = None
        return RegistrationInput(**values)

    def is_dirty(self) -> bool:
        return self.value() != self._initial

    # ---- live behaviour --------------------------------------------------------------------

    def _connect(self) -> None:
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self._validate_later)
        self._duplicate_timer = QTimer(self)
        self._duplicate_timer.setSingleShot(True)
        self._duplicate_timer.setInterval(DUPLICATE_DELAY_MS)
        self._duplicate_timer.timeout.connect(self._find_duplicates)

        for name, editor in self.editors.items():
            editor.watch(self._toucher(name), self._changed)
        chinese_name = self.text_field("chinese_name")
        chinese_name.textChanged.connect(self._derive_pinyin)
        self.text_field("pinyin").textEdited.connect(self._pinyin_edited)
        self.choice_field("applicant_role").currentIndexChanged.connect(
            lambda _index: self._role_changed(focus=True)
        )
        self.check_field("signature_on_file").toggled.connect(self._signature_toggled)
        self.duplicates_box.openRequested.connect(self._open_existing)
        self.duplicates_box.retryRequested.connect(self._find_duplicates)
        self.save_button.clicked.connect(self.try_save)
        self.cancel_button.clicked.connect(self.reject)
        add_save_shortcuts(self, self.try_save)

    def _toucher(self, name: str) -> Callable[[], None]:
        def touched() -> None:
            self._touched.add(name)
            self._changed()

        return touched

    def _changed(self, *_args: Any) -> None:
        self._validate_timer.start()
        self._duplicate_timer.start()

    def _suggest_pinyin(self, chinese: str) -> str:
        if not chinese.strip():
            return ""
        try:
            return self._services.clients.suggest_pinyin(chinese.strip())
        except UserError:
            return ""

    def _derive_pinyin(self, text: str) -> None:
        if not self._pinyin_by_hand:
            self.text_field("pinyin").setText(self._suggest_pinyin(text))

    def _pinyin_edited(self, text: str) -> None:
        # Once the counsellor types the pinyin, it is theirs; clearing it hands it back.
        self._pinyin_by_hand = bool(text.strip())
        if not self._pinyin_by_hand:
            self._derive_pinyin(self.text_field("chinese_name").text())

    def _role_changed(self, *, focus: bool) -> None:
        family = self.choice_field("applicant_role").code() == "family_member"
        principal = self.text_field("principal_file_no")
        principal.setEnabled(family)
        if family and focus:
            principal.setFocus()

    def _signature_toggled(self, checked: bool) -> None:
        signed_on = self.date_field("signature_date")
        signed_on.setEnabled(checked)
        if checked and not signed_on.text():
            signed_on.set_value(self.date_field("received_on").value() or date.today())

    # ---- validation ------------------------------------------------------------------------

    def _date_reasons(self) -> dict[str, str]:
        return {
            name: _("Type the date as YYYY-MM-DD.")
            for name, editor in self.editors.items()
            if isinstance(editor, DateEditor) and not editor.field.is_valid()
        }

    def _validate_later(self) -> None:
        """Ask the service on the worker; the newest answer shows."""
        self._validate_timer.stop()
        data = self.value()
        client_id = self._client.id if self._client else None
        validate = self._services.clients.validate
        self._validation.request(
            lambda: validate(data, client_id), self._validated, self._validation_failed
        )

    def _validated(self, found: dict[str, str]) -> None:
        self._check_failure = ""
        self._reasons = {**found, **self._date_reasons()}
        self._show_reasons()

    def _validation_failed(self, error: BaseException) -> None:
        self._check_failure = _("The form could not be checked: {reason}").format(
            reason=error_text(error)
        )
        # Not known to be valid, so not savable until a check answers.
        self._reasons = {"": self._check_failure, **self._date_reasons()}
        self._show_reasons()

    def _validate_now(self) -> dict[str, str]:
        """Validate here and now (opening, saving); an answer still on its way is dropped."""
        self._validate_timer.stop()
        self._validation.cancel()
        try:
            client_id = self._client.id if self._client else None
            self._validated(self._services.clients.validate(self.value(), client_id))
        except Exception as exc:  # said on the form; a non-user error is logged by error_text
            self._validation_failed(exc)
        return dict(self._reasons)

    def _show_reasons(self) -> None:
        attached = self.errors.names()
        shown = {k: v for k, v in self._reasons.items() if k in self._touched}
        self.errors.show(shown)
        # Reasons that belong to no single field (or to two) are listed beside the buttons.
        loose = [v for k, v in self._reasons.items() if k not in attached]
        if not self._touched:  # an untouched form does not scold, but a failed check is said
            loose = [self._check_failure] if self._check_failure else []
        self.problem_label.setText(" ".join([self._read_failure, *loose]).strip())
        self.save_button.setEnabled(not self._reasons)
        self.save_button.setToolTip("\n".join(self._reasons.values()) or _("Save (Ctrl+Enter)"))

    def reasons(self) -> dict[str, str]:
        """The reasons the form cannot be saved now (once every pending check is back)."""
        self.flush()
        return dict(self._reasons)

    # ---- duplicates ------------------------------------------------------------------------

    def _find_duplicates(self) -> None:
        self._duplicate_timer.stop()
        data = self.value()
        if not any(getattr(data, name) for name in IDENTIFYING):
            self._duplicate_check.cancel()
            self._show_duplicates([])
            return
        exclude = self._client.id if self._client else None
        find = self._services.clients.find_duplicates
        self._duplicate_check.request(
            lambda: find(data, exclude_id=exclude),
            self._show_duplicates,
            self._duplicates_failed,
        )

    def _show_duplicates(self, found: list[DuplicateCandidate]) -> None:
        shown, height = not self.duplicates_box.isHidden(), self.height()
        self.duplicates_box.show_candidates(found)
        self._fit_height(shown, height)

    def _duplicates_failed(self, error: BaseException) -> None:
        shown, height = not self.duplicates_box.isHidden(), self.height()
        self.duplicates_box.show_failure(error_text(error))
        self._fit_height(shown, height)

    def _fit_height(self, was_shown: bool, height_before: int) -> None:
        """The window grows to show the duplicates panel; once it hides, the height it had
        before comes back instead of an empty band."""
        shown = not self.duplicates_box.isHidden()
        if shown and not was_shown:
            self._height_without_panel = height_before
        elif was_shown and not shown and self._height_without_panel:
            layout = self.layout()
            if layout is not None:
                layout.activate()
                floor = layout.totalMinimumSize().height()
                self.resize(self.width(), max(floor, self._height_without_panel))
            self._height_without_panel = 0

    def check_now(self) -> None:
        """Start the checks waiting for the typing to pause, without waiting for them."""
        if self._validate_timer.isActive():
            self._validate_later()
        if self._duplicate_timer.isActive():
            self._find_duplicates()

    def flush(self) -> None:
        """Start the pending checks now and wait for their answers (tests, screenshots)."""
        self.check_now()
        self._validation.wait()
        self._duplicate_check.wait()

    def duplicates(self) -> list[DuplicateCandidate]:
        return self.duplicates_box.candidates()

    def _open_existing(self, client_id: str) -> None:
        if (
            self.is_dirty()
            and self._client is None
            and not confirm(
                self,
                _("Open the existing record and discard what you typed here?"),
            )
        ):
            return
        self.existing_id = client_id
        self.openExisting.emit(client_id)
        self.done(OPEN_EXISTING)

    # ---- saving ----------------------------------------------------------------------------

    def try_save(self) -> bool:
        """Save when valid; otherwise show every reason. Nothing typed is lost either way."""
        reasons = self._validate_now()
        if reasons:
            self._touched.update(reasons)
            self._show_reasons()
            self._focus_first_problem()
            return False
        try:
            if self._client is None:
                saved = self._services.clients.register(self._actor, self.value())
            else:
                saved = self._services.clients.update(self._actor, self._client.id, self._changes())
        except ValidationError as exc:
            self._reasons = dict(exc.fields) or {"": exc.message}
            self._touched.update(self._reasons)
            self._show_reasons()
            if not exc.fields:
                self.problem_label.setText(exc.message)
            self._focus_first_problem()
            return False
        except UserError as exc:
            self.problem_label.setText(error_text(exc))
            return False
        self.saved_client = saved
        self._initial = self.value()
        self.clientSaved.emit(saved.id)
        self.accept()
        return True

    def _changes(self) -> dict[str, object]:
        now = self.value()
        before = self._initial
        changes: dict[str, object] = {}
        for spec in fields(RegistrationInput):
            value = getattr(now, spec.name)
            if value != getattr(before, spec.name):
                changes[spec.name] = value
        if "chinese_name" in changes and not self._pinyin_by_hand:
            changes["pinyin"] = None
        return changes

    def _focus_first_problem(self) -> None:
        for name, editor in self.editors.items():
            if name in self._reasons and editor.widget.isEnabled():
                editor.widget.setFocus()
                return

    def reject(self) -> None:
        """Esc or Cancel: ask before throwing away what was typed."""
        if self.is_dirty() and not confirm(self, _("Discard what you typed in this form?")):
            return
        super().reject()

    def done(self, result: int) -> None:
        self._stop_checks()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self._stop_checks()

    def _stop_checks(self) -> None:
        """No check outlives the form: timers stop, running reads are joined."""
        self._validate_timer.stop()
        self._duplicate_timer.stop()
        self._validation.stop()
        self._duplicate_check.stop()

    def set_values(self, data: RegistrationInput) -> None:
        """Fill the form (tests and "register another family member" start from a copy)."""
        self._set_values(replace(data))
        self._touched.update(f.name for f in fields(RegistrationInput))
        self._changed()
