"""The registration form: a new client keyed in from the signed paper form, or an edit of one.

Validation runs as the counsellor types (``services.clients.validate``) and shows each
reason next to its field once the field has been touched; possible duplicates are listed
while typing, with a button to open the existing record instead of creating a second one.
"""

from __future__ import annotations

import itertools
from dataclasses import fields, replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import (
    ClientDetail,
    DuplicateCandidate,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.code_combo import CodeCombo
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.field_errors import FieldErrors
from ciip_desktop.ui.clients.labels import (
    APPLICANT_ROLES,
    IMMIGRATION_STREAMS,
    REGISTRATION_CHANNELS,
    SEXES,
)
from ciip_desktop.ui.clients.messages import confirm, error_text
from ciip_desktop.ui.clients.shortcuts import add_save_shortcuts

VALIDATE_DELAY_MS = 100
DUPLICATE_DELAY_MS = 300
# The dialog's result when the counsellor chose to open an existing record instead.
OPEN_EXISTING = 2


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
        self._duplicates: list[DuplicateCandidate] = []

        self._build()
        self._initial = self._load(client)
        self._connect()
        self.retranslate_ui()
        self._validate_now()
        hint = self.sizeHint()
        self.resize(max(hint.width(), 900), hint.height())

    # ---- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.family_name = QLineEdit()
        self.given_name = QLineEdit()
        self.chinese_name = QLineEdit()
        self.pinyin = QLineEdit()
        self.sex = CodeCombo(SEXES, blank="")
        self.date_of_birth = DateField()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.wechat_id = QLineEdit()
        self.city_of_residence = QLineEdit()
        self.immigration_stream = CodeCombo(IMMIGRATION_STREAMS, blank="", editable=True)
        self.applicant_role = CodeCombo(APPLICANT_ROLES)
        self.principal_file_no = QLineEdit()
        self.registration_channel = CodeCombo(REGISTRATION_CHANNELS)
        self.received_on = DateField()
        self.signature_on_file = QCheckBox()
        self.signature_date = DateField()
        self.signature_date.setMinimumWidth(120)
        self.consent_to_share = QCheckBox()
        self.counsellor = QComboBox()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        for name, widget in self._editors().items():
            widget.setObjectName(name)
        self.counsellor.setObjectName("counsellor_id")

        self.errors = FieldErrors(self)
        self.person_box = QGroupBox()
        self.contact_box = QGroupBox()
        self.immigration_box = QGroupBox()
        self.registration_box = QGroupBox()
        self._forms: dict[str, tuple[QFormLayout, QLabel]] = {}

        person = QFormLayout(self.person_box)
        self._row(person, "family_name", self.family_name)
        self._row(person, "given_name", self.given_name)
        self._row(person, "chinese_name", self.chinese_name)
        self._row(person, "pinyin", self.pinyin)
        self._row(person, "sex", self.sex)
        self._row(person, "date_of_birth", self.date_of_birth)

        contact = QFormLayout(self.contact_box)
        self._row(contact, "phone", self.phone)
        self._row(contact, "email", self.email)
        self._row(contact, "wechat_id", self.wechat_id)
        self._row(contact, "city_of_residence", self.city_of_residence)

        immigration = QFormLayout(self.immigration_box)
        self._row(immigration, "immigration_stream", self.immigration_stream)
        self._row(immigration, "applicant_role", self.applicant_role)
        self._row(immigration, "principal_file_no", self.principal_file_no)

        registration = QFormLayout(self.registration_box)
        self._row(registration, "registration_channel", self.registration_channel)
        self._row(registration, "received_on", self.received_on)
        signature = QWidget()
        sig_row = QHBoxLayout(signature)
        sig_row.setContentsMargins(0, 0, 0, 0)
        sig_row.addWidget(self.signature_on_file)
        self.signature_date_label = QLabel()
        sig_row.addWidget(self.signature_date_label)
        sig_row.addWidget(self.signature_date, 1)
        self._row(registration, "signature_on_file", signature)
        self.errors.attach("signature_date", registration, signature)
        self._row(registration, "consent_to_share", self.consent_to_share)
        self._row(registration, "counsellor_id", self.counsellor)
        self._row(registration, "notes", self.notes)

        left = QVBoxLayout()
        left.addWidget(self.person_box)
        left.addWidget(self.contact_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.immigration_box)
        right.addWidget(self.registration_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.duplicates_box = QGroupBox()
        self.duplicates_box.setObjectName("duplicates")
        self.duplicate_list = QListWidget()
        self.duplicate_list.setObjectName("duplicateList")
        self.duplicate_list.setMaximumHeight(90)
        self.open_existing_button = QPushButton()
        self.open_existing_button.setObjectName("openExisting")
        self.open_existing_button.setEnabled(False)
        dup_layout = QHBoxLayout(self.duplicates_box)
        dup_layout.addWidget(self.duplicate_list, 1)
        dup_layout.addWidget(self.open_existing_button, 0, Qt.AlignmentFlag.AlignTop)
        self.duplicates_box.hide()

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

        self.duplicates_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.duplicates_box)
        layout.addLayout(bottom)

        # Keyboard order is the order of the paper form.
        order: list[QWidget] = [
            self.family_name,
            self.given_name,
            self.chinese_name,
            self.pinyin,
            self.sex,
            self.date_of_birth,
            self.phone,
            self.email,
            self.wechat_id,
            self.city_of_residence,
            self.immigration_stream,
            self.applicant_role,
            self.principal_file_no,
            self.registration_channel,
            self.received_on,
            self.signature_on_file,
            self.signature_date,
            self.consent_to_share,
            self.counsellor,
            self.notes,
            self.duplicate_list,
            self.open_existing_button,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _row(self, form: QFormLayout, name: str, widget: QWidget) -> None:
        label = QLabel()
        label.setBuddy(widget)
        form.addRow(label, widget)
        self._forms[name] = (form, label)
        self.errors.attach(name, form, widget)

    def _editors(self) -> dict[str, QWidget]:
        return {
            "family_name": self.family_name,
            "given_name": self.given_name,
            "chinese_name": self.chinese_name,
            "pinyin": self.pinyin,
            "sex": self.sex,
            "date_of_birth": self.date_of_birth,
            "phone": self.phone,
            "email": self.email,
            "wechat_id": self.wechat_id,
            "city_of_residence": self.city_of_residence,
            "immigration_stream": self.immigration_stream,
            "applicant_role": self.applicant_role,
            "principal_file_no": self.principal_file_no,
            "registration_channel": self.registration_channel,
            "received_on": self.received_on,
            "signature_on_file": self.signature_on_file,
            "signature_date": self.signature_date,
            "consent_to_share": self.consent_to_share,
            "notes": self.notes,
        }

    def retranslate_ui(self) -> None:
        editing = self._client is not None
        if editing and self._client is not None:
            self.setWindowTitle(
                _("Edit registration — {file_no}").format(file_no=self._client.file_no)
            )
        else:
            self.setWindowTitle(_("New client registration"))
        self.person_box.setTitle(_("Client"))
        self.contact_box.setTitle(_("Contact"))
        self.immigration_box.setTitle(_("Immigration"))
        self.registration_box.setTitle(_("Registration"))
        texts = {
            "family_name": _("&Family name (Latin letters):"),
            "given_name": _("&Given names (Latin letters):"),
            "chinese_name": _("&Chinese name:"),
            "pinyin": _("P&inyin:"),
            "sex": _("Se&x:"),
            "date_of_birth": _("Date of &birth:"),
            "phone": _("&Phone:"),
            "email": _("&E-mail:"),
            "wechat_id": _("&WeChat ID:"),
            "city_of_residence": _("City of &residence:"),
            "immigration_stream": _("Immigration &stream:"),
            "applicant_role": _("Applicant:"),
            "principal_file_no": _("Principal's file no.:"),
            "registration_channel": _("Received &by:"),
            "received_on": _("&Date received:"),
            "signature_on_file": _("Signature:"),
            "consent_to_share": _("Consent:"),
            "counsellor_id": _("Counsellor:"),
            "notes": _("&Notes:"),
        }
        for name, text in texts.items():
            self._forms[name][1].setText(text)
        self.signature_on_file.setText(_("Signed form on file"))
        self.signature_date_label.setText(_("signed on"))
        self.consent_to_share.setText(_("Client consents to sharing their information"))
        self.pinyin.setPlaceholderText(_("filled in from the Chinese name"))
        self.phone.setPlaceholderText(_("+86 138 0013 8000"))
        self.principal_file_no.setPlaceholderText(_("e.g. GZA-2026-00042"))
        self.date_of_birth.retranslate_ui()
        self.received_on.retranslate_ui()
        self.signature_date.retranslate_ui()
        for combo in (
            self.sex,
            self.immigration_stream,
            self.applicant_role,
            self.registration_channel,
        ):
            combo.retranslate_ui()
        self._fill_counsellors()
        self.duplicates_box.setTitle(_("Possible duplicates"))
        self.open_existing_button.setText(_("&Open existing record"))
        self.save_button.setText(_("&Save"))
        self.save_button.setToolTip(_("Save (Ctrl+Enter)"))
        self.cancel_button.setText(_("Cancel"))
        self._show_duplicates(self._duplicates)
        self._show_reasons()

    def _fill_counsellors(self) -> None:
        current = self.counsellor.currentData()
        self.counsellor.blockSignals(True)
        self.counsellor.clear()
        self.counsellor.addItem(_("(not assigned)"), None)
        try:
            people = self._services.clients.counsellors()
        except UserError:
            people = []
        for counsellor_id, name in people:
            self.counsellor.addItem(name, counsellor_id)
        index = self.counsellor.findData(current)
        self.counsellor.setCurrentIndex(max(index, 0))
        self.counsellor.blockSignals(False)

    # ---- values ----------------------------------------------------------------------------

    def _load(self, client: ClientDetail | None) -> RegistrationInput:
        if client is None:
            data = RegistrationInput(
                received_on=date.today(),
                counsellor_id=self._actor.counsellor_id or None,
            )
            self._fill_counsellors()
            self._set_values(data)
            self.principal_file_no.setEnabled(False)
            return self.value()
        data = client.registration
        self._fill_counsellors()
        self._set_values(data)
        self.pinyin.setText(client.pinyin)
        suggested = self._suggest_pinyin(data.chinese_name)
        self._pinyin_by_hand = bool(client.pinyin) and client.pinyin != suggested
        self.principal_file_no.setEnabled(data.applicant_role == "family_member")
        return self.value()

    def _set_values(self, data: RegistrationInput) -> None:
        self.family_name.setText(data.family_name)
        self.given_name.setText(data.given_name)
        self.chinese_name.setText(data.chinese_name)
        self.pinyin.setText(data.pinyin or "")
        self.sex.set_code(data.sex)
        self.date_of_birth.set_value(data.date_of_birth)
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        self.wechat_id.setText(data.wechat_id)
        self.city_of_residence.setText(data.city_of_residence)
        self.immigration_stream.set_code(data.immigration_stream)
        self.applicant_role.set_code(data.applicant_role)
        self.principal_file_no.setText(data.principal_file_no or "")
        self.registration_channel.set_code(data.registration_channel)
        self.received_on.set_value(data.received_on)
        self.signature_on_file.setChecked(data.signature_on_file)
        self.signature_date.set_value(data.signature_date)
        self.signature_date.setEnabled(data.signature_on_file)
        self.consent_to_share.setChecked(data.consent_to_share)
        index = self.counsellor.findData(data.counsellor_id)
        self.counsellor.setCurrentIndex(max(index, 0))
        self.notes.setPlainText(data.notes)

    def value(self) -> RegistrationInput:
        """What the form says now, as the service takes it."""
        family = self.applicant_role.code() == "family_member"
        return RegistrationInput(
            family_name=self.family_name.text().strip(),
            given_name=self.given_name.text().strip(),
            chinese_name=self.chinese_name.text().strip(),
            pinyin=self.pinyin.text().strip() if self._pinyin_by_hand else None,
            sex=self.sex.code(),
            date_of_birth=self.date_of_birth.value(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            wechat_id=self.wechat_id.text().strip(),
            city_of_residence=self.city_of_residence.text().strip(),
            immigration_stream=self.immigration_stream.code(),
            applicant_role=self.applicant_role.code() or "principal",
            principal_file_no=(self.principal_file_no.text().strip() or None) if family else None,
            registration_channel=self.registration_channel.code() or "mail",
            received_on=self.received_on.value(),
            signature_on_file=self.signature_on_file.isChecked(),
            signature_date=self.signature_date.value()
            if self.signature_on_file.isChecked()
            else None,
            consent_to_share=self.consent_to_share.isChecked(),
            notes=self.notes.toPlainText().strip(),
            counsellor_id=self.counsellor.currentData(),
        )

    def is_dirty(self) -> bool:
        return self.value() != self._initial

    # ---- live behaviour --------------------------------------------------------------------

    def _connect(self) -> None:
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self._validate_now)
        self._duplicate_timer = QTimer(self)
        self._duplicate_timer.setSingleShot(True)
        self._duplicate_timer.setInterval(DUPLICATE_DELAY_MS)
        self._duplicate_timer.timeout.connect(self._find_duplicates_now)

        for name, widget in self._editors().items():
            self._watch(name, widget)
        self.counsellor.currentIndexChanged.connect(self._changed)
        self.chinese_name.textChanged.connect(self._derive_pinyin)
        self.pinyin.textEdited.connect(self._pinyin_edited)
        self.applicant_role.currentIndexChanged.connect(self._role_changed)
        self.signature_on_file.toggled.connect(self._signature_toggled)
        self.duplicate_list.currentRowChanged.connect(
            lambda row: self.open_existing_button.setEnabled(row >= 0)
        )
        self.duplicate_list.itemActivated.connect(lambda _item: self._open_existing())
        self.open_existing_button.clicked.connect(self._open_existing)
        self.save_button.clicked.connect(self.try_save)
        self.cancel_button.clicked.connect(self.reject)
        add_save_shortcuts(self, self.try_save)

    def _watch(self, name: str, widget: QWidget) -> None:
        def touched(*_args: Any) -> None:
            self._touched.add(name)
            self._changed()

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(touched)
            widget.textChanged.connect(self._changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(touched)
            if widget.isEditable():
                widget.editTextChanged.connect(touched)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(touched)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(touched)

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
            self.pinyin.setText(self._suggest_pinyin(text))

    def _pinyin_edited(self, text: str) -> None:
        # Once the counsellor types the pinyin, it is theirs; clearing it hands it back.
        self._pinyin_by_hand = bool(text.strip())
        if not self._pinyin_by_hand:
            self._derive_pinyin(self.chinese_name.text())

    def _role_changed(self, _index: int) -> None:
        family = self.applicant_role.code() == "family_member"
        self.principal_file_no.setEnabled(family)
        if family:
            self.principal_file_no.setFocus()

    def _signature_toggled(self, checked: bool) -> None:
        self.signature_date.setEnabled(checked)
        if checked and not self.signature_date.text():
            self.signature_date.set_value(self.received_on.value() or date.today())

    def _validate_now(self) -> dict[str, str]:
        self._validate_timer.stop()
        reasons: dict[str, str] = {}
        for name, widget in (
            ("date_of_birth", self.date_of_birth),
            ("received_on", self.received_on),
            ("signature_date", self.signature_date),
        ):
            if not widget.is_valid():
                reasons[name] = _("Type the date as YYYY-MM-DD.")
        try:
            client_id = self._client.id if self._client else None
            found = self._services.clients.validate(self.value(), client_id)
            reasons = {**found, **reasons}
        except UserError as exc:
            reasons.setdefault("", exc.message)
        self._reasons = reasons
        self._show_reasons()
        return reasons

    def _show_reasons(self) -> None:
        attached = self.errors.names()
        shown = {k: v for k, v in self._reasons.items() if k in self._touched}
        self.errors.show(shown)
        # Reasons that belong to no single field (or to two) are listed beside the buttons.
        loose = [v for k, v in self._reasons.items() if k not in attached]
        self.problem_label.setText(" ".join(loose) if self._touched else "")
        self.save_button.setEnabled(not self._reasons)
        self.save_button.setToolTip("\n".join(self._reasons.values()) or _("Save (Ctrl+Enter)"))

    def reasons(self) -> dict[str, str]:
        """The reasons the form cannot be saved now (after a pending validation)."""
        if self._validate_timer.isActive():
            self._validate_now()
        return dict(self._reasons)

    def _find_duplicates_now(self) -> None:
        self._duplicate_timer.stop()
        data = self.value()
        if not (data.family_name or data.chinese_name or data.phone or data.email):
            self._show_duplicates([])
            return
        try:
            found = self._services.clients.find_duplicates(
                data, exclude_id=self._client.id if self._client else None
            )
        except UserError:
            found = []
        self._show_duplicates(found)

    def flush(self) -> None:
        """Run pending validation and the duplicate check now."""
        if self._validate_timer.isActive():
            self._validate_now()
        if self._duplicate_timer.isActive():
            self._find_duplicates_now()

    def _show_duplicates(self, found: list[DuplicateCandidate]) -> None:
        self._duplicates = list(found)
        self.duplicate_list.clear()
        for candidate in self._duplicates:
            details = [candidate.file_no, candidate.name]
            if candidate.date_of_birth:
                details.append(format_date(candidate.date_of_birth, "medium"))
            text = "  ".join(details)
            if candidate.reasons:
                text += " — " + "; ".join(candidate.reasons)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, candidate.client_id)
            self.duplicate_list.addItem(item)
        self.duplicates_box.setVisible(bool(self._duplicates))
        if self._duplicates:
            self.duplicate_list.setCurrentRow(0)
        self.open_existing_button.setEnabled(bool(self._duplicates))

    def duplicates(self) -> list[DuplicateCandidate]:
        return list(self._duplicates)

    def _open_existing(self) -> None:
        item = self.duplicate_list.currentItem()
        if item is None:
            return
        client_id = str(item.data(Qt.ItemDataRole.UserRole))
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
        for field in fields(RegistrationInput):
            value = getattr(now, field.name)
            if value != getattr(before, field.name):
                changes[field.name] = value
        if "chinese_name" in changes and not self._pinyin_by_hand:
            changes["pinyin"] = None
        return changes

    def _focus_first_problem(self) -> None:
        for name, widget in self._editors().items():
            if name in self._reasons and widget.isEnabled():
                widget.setFocus()
                return

    def reject(self) -> None:
        """Esc or Cancel: ask before throwing away what was typed."""
        if self.is_dirty() and not confirm(self, _("Discard what you typed in this form?")):
            return
        super().reject()

    def set_values(self, data: RegistrationInput) -> None:
        """Fill the form (tests and "register another family member" start from a copy)."""
        self._set_values(replace(data))
        self._touched.update(f.name for f in fields(RegistrationInput))
        self._changed()
