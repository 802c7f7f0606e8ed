"""The registration form: a new client keyed in from the signed paper form, or an edit of one.

The widgets and their layout are :class:`RegistrationLayout`'s (``registration_layout.py``);
this module adds what the form does: the few fields that behave (pinyin from the Chinese
name, the principal's file number for a family member, the date signed with the signature),
its value, and saving.

Validation (``registration_validation.py``) and the duplicate check
(``registration_duplicates.py``) run off the GUI thread as the counsellor types, the newest
answer winning; each reason shows next to its field once the field has been touched. A check
that fails says so; it never reads as "no problems" or "no duplicates".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import (
    ClientDetail,
    DuplicateCandidate,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.field_editors import PersonEditor
from ciip_desktop.ui.clients.messages import confirm, error_text
from ciip_desktop.ui.clients.registration_duplicates import DuplicateCheck
from ciip_desktop.ui.clients.registration_layout import RegistrationLayout
from ciip_desktop.ui.clients.registration_validation import RegistrationValidation
from ciip_desktop.ui.clients.shortcuts import add_save_shortcuts

MIN_WIDTH = 900
# The dialog's result when the counsellor chose to open an existing record instead.
OPEN_EXISTING = 2


class RegistrationForm(RegistrationLayout):
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

        self._build_checks()
        self._read_counsellors()
        self._initial = self._load(client)
        self._connect()
        self.retranslate_ui()
        self.validation.now()
        hint = self.sizeHint()
        self.resize(max(hint.width(), MIN_WIDTH), hint.height())

    def _build_checks(self) -> None:
        client_id = self._client.id if self._client else None
        self.validation = RegistrationValidation(
            self._services,
            self.value,
            client_id,
            self.editors,
            errors=self.errors,
            problem_label=self.problem_label,
            save_button=self.save_button,
            parent=self,
        )
        self.duplicate_check = DuplicateCheck(
            self._services, self.value, client_id, self.duplicates_box, self
        )

    def retranslate_ui(self) -> None:
        if self._client is not None:
            self.setWindowTitle(
                _("Edit registration — {file_no}").format(file_no=self._client.file_no)
            )
        else:
            self.setWindowTitle(_("New client registration"))
        super().retranslate_ui()
        self.validation.show()

    def _read_counsellors(self) -> None:
        try:
            people = self._services.clients.counsellors()
        except Exception as exc:  # said on the form; a non-user error is logged by error_text
            failure = _("The list of counsellors could not be read: {reason}")
            self.validation.read_failure = failure.format(reason=error_text(exc))
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
        self.duplicates_box.retryRequested.connect(self.duplicate_check.run)
        self.save_button.clicked.connect(self.try_save)
        self.cancel_button.clicked.connect(self.reject)
        add_save_shortcuts(self, self.try_save)

    def _toucher(self, name: str) -> Callable[[], None]:
        def touched() -> None:
            self.validation.touched.add(name)
            self._changed()

        return touched

    def _changed(self, *_args: Any) -> None:
        self.validation.schedule()
        self.duplicate_check.schedule()

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

    # ---- checks ----------------------------------------------------------------------------

    def reasons(self) -> dict[str, str]:
        """The reasons the form cannot be saved now (once every pending check is back)."""
        self.flush()
        return dict(self.validation.reasons)

    def check_now(self) -> None:
        """Start the checks waiting for the typing to pause, without waiting for them."""
        self.validation.check_now()
        self.duplicate_check.check_now()

    def flush(self) -> None:
        """Start the pending checks now and wait for their answers (tests, screenshots)."""
        self.check_now()
        self.validation.wait()
        self.duplicate_check.wait()

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
        reasons = self.validation.now()
        if reasons:
            self.validation.touch(reasons)
            self._focus_first_problem()
            return False
        try:
            if self._client is None:
                saved = self._services.clients.register(self._actor, self.value())
            else:
                saved = self._services.clients.update(self._actor, self._client.id, self._changes())
        except ValidationError as exc:
            self.validation.refuse(dict(exc.fields) or {"": exc.message})
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
            if name in self.validation.reasons and editor.widget.isEnabled():
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
        self.validation.stop()
        self.duplicate_check.stop()

    def set_values(self, data: RegistrationInput) -> None:
        """Fill the form (tests and "register another family member" start from a copy)."""
        self._set_values(replace(data))
        self.validation.touched.update(f.name for f in fields(RegistrationInput))
        self._changed()
