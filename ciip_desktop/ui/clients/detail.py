"""The record of the selected client: registration, needs assessment, follow-up, status history.

The pane reads through services only, opens the forms that change the record (window-modal,
not blocking) and emits ``clientChanged`` after any change so the list refreshes that row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_date, format_datetime
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ClientDetail
from ciip_desktop.services.clients.views import signature_rule
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.assessment_form import AssessmentForm
from ciip_desktop.ui.clients.assessment_view import assessment_rows
from ciip_desktop.ui.clients.followup import FollowUpTab
from ciip_desktop.ui.clients.labels import (
    status_label,
)
from ciip_desktop.ui.clients.meeting_dialog import MeetingDialog
from ciip_desktop.ui.clients.messages import show_error
from ciip_desktop.ui.clients.read_view import ReadOnlyForm
from ciip_desktop.ui.clients.reference_data import ReferenceData
from ciip_desktop.ui.clients.registration_form import OPEN_EXISTING, RegistrationForm
from ciip_desktop.ui.clients.registration_view import client_title, registration_rows
from ciip_desktop.ui.clients.status_dialog import StatusReasonDialog
from ciip_desktop.ui.clients.step_dialog import ActionStepDialog
from ciip_desktop.ui.clients.tables import read_only_table

# What set_status is given to take a closed or withdrawn file back to its derived status.
REOPEN_STATUS = "reopen"
ENDED = ("closed", "withdrawn")
DialogT = TypeVar("DialogT", bound=QDialog)
# A casework dialog's constructor: (services, actor, client id, parent).
CaseworkDialog = Callable[[Services, Actor, str, QWidget], DialogT]


class ClientDetailPane(QWidget):
    clientChanged = Signal(str)
    openClientRequested = Signal(str)

    REGISTRATION_TAB, ASSESSMENT_TAB, FOLLOW_UP_TAB, HISTORY_TAB = range(4)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        reference: ReferenceData,
        undo_stack: Callable[[], QUndoStack],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientDetail")
        self._services = services
        self._actor = actor
        self._reference = reference
        self.client: ClientDetail | None = None
        self.dialog: QDialog | None = None  # the form open on this client, if any

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.title = QLabel()
        self.title.setObjectName("clientTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("clientSubtitle")
        # Long names and French labels wrap rather than widen the pane past the window.
        for heading in (self.title, self.subtitle):
            heading.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("clientWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            "QLabel { background: #fff4ce; border: 1px solid #e0c060; padding: 4px; }"
        )
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeFile")
        self.withdraw_button = QPushButton()
        self.withdraw_button.setObjectName("withdraw")
        self.reopen_button = QPushButton()
        self.reopen_button.setObjectName("reopen")
        self.close_button.clicked.connect(lambda: self.change_status("closed"))
        self.withdraw_button.clicked.connect(lambda: self.change_status("withdrawn"))
        self.reopen_button.clicked.connect(lambda: self.change_status(REOPEN_STATUS))

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        for button in (self.close_button, self.withdraw_button, self.reopen_button):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        # Registration tab
        self.registration = ReadOnlyForm()
        self.registration.setObjectName("registrationView")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("editRegistration")
        self.edit_button.clicked.connect(self.edit_registration)
        self.registration_tab = self._scrolling(self.registration, self.edit_button)

        # Needs assessment tab
        self.assessment_state = QLabel()
        self.assessment_state.setObjectName("assessmentState")
        self.assessment_state.setWordWrap(True)
        self.assessment = ReadOnlyForm()
        self.assessment.setObjectName("assessmentView")
        self.assess_button = QPushButton()
        self.assess_button.setObjectName("editAssessment")
        self.assess_button.clicked.connect(self.edit_assessment)
        self.assessment_tab = self._scrolling(
            self.assessment, self.assess_button, self.assessment_state
        )

        # Follow-up tab
        self.follow_up = FollowUpTab(services, actor, undo_stack, self._changed)
        self.follow_up.recordMeetingRequested.connect(self.record_meeting)
        self.follow_up.addStepRequested.connect(self.add_step)

        # Status history tab
        self.history = read_only_table("statusHistory", 4, stretch=3)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("clientTabs")
        self.tabs.addTab(self.registration_tab, "")
        self.tabs.addTab(self.assessment_tab, "")
        self.tabs.addTab(self.follow_up, "")
        self.tabs.addTab(self.history, "")

        record = QWidget()
        record_layout = QVBoxLayout(record)
        record_layout.setContentsMargins(0, 0, 0, 0)
        record_layout.addLayout(header)
        record_layout.addWidget(self.warnings)
        record_layout.addWidget(self.tabs, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(record)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.retranslate_ui()

    @staticmethod
    def _scrolling(form: QWidget, button: QPushButton, top: QWidget | None = None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        if top is not None:
            buttons.addWidget(top, 1)
        else:
            buttons.addStretch(1)
        buttons.addWidget(button)
        layout.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(form)
        layout.addWidget(scroll, 1)
        return page

    # ---- showing ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.empty.setText(_("Choose a client in the list to see their record."))
        self.tabs.setTabText(self.REGISTRATION_TAB, _("Registration"))
        self.tabs.setTabText(self.ASSESSMENT_TAB, _("Needs assessment"))
        self.tabs.setTabText(self.FOLLOW_UP_TAB, _("Follow-up"))
        self.tabs.setTabText(self.HISTORY_TAB, _("Status history"))
        self.edit_button.setText(_("&Edit registration…"))
        self.close_button.setText(_("Close file…"))
        self.withdraw_button.setText(_("Withdraw…"))
        self.reopen_button.setText(_("Reopen…"))
        self.history.setHorizontalHeaderLabels([_("When"), _("Status"), _("By"), _("Reason")])
        self.follow_up.retranslate_ui()
        # The record is read again: its banner sentences (no signature, steps overdue) are
        # written by the service in the language of the moment they were read.
        if self.client is not None:
            self.reload()
        else:
            self._show(None)
        dialog = self.dialog
        if dialog is not None and hasattr(dialog, "retranslate_ui"):
            dialog.retranslate_ui()

    def show_client(self, client_id: str | None) -> None:
        """Load and show ``client_id`` (None clears the pane)."""
        if client_id is None:
            self._show(None)
            return
        try:
            detail = self._services.clients.get(self._actor, client_id)
        except UserError as exc:
            show_error(self, exc)
            self._show(None)
            return
        self._show(detail)

    def reload(self) -> None:
        if self.client is not None:
            self.show_client(self.client.id)

    def _show(self, detail: ClientDetail | None) -> None:
        self.client = detail
        if detail is None:
            self.pages.setCurrentIndex(0)
            self.follow_up.show_follow_up([], [])
            self.follow_up.set_refusal("")
            return
        self.pages.setCurrentIndex(1)
        self.title.setText(client_title(detail))
        self.subtitle.setText(
            _("{file_no} · {status} · counsellor: {counsellor}").format(
                file_no=detail.file_no,
                status=status_label(detail.status),
                counsellor=detail.counsellor_name or _("not assigned"),
            )
        )
        self.warnings.setText("\n".join(detail.warnings))
        self.warnings.setVisible(bool(detail.warnings))
        ended = detail.status in ENDED
        self.close_button.setVisible(not ended)
        self.withdraw_button.setVisible(not ended)
        self.reopen_button.setVisible(ended)
        self.registration.set_rows(registration_rows(detail))
        self._show_assessment(detail)
        self.follow_up.show_follow_up(detail.action_steps, detail.meetings)
        self.follow_up.set_refusal(self._casework_refusal())
        self._show_history(detail)

    def _show_assessment(self, detail: ClientDetail) -> None:
        view = detail.assessment
        if view is None:
            self.assessment_state.setText(_("No needs assessment yet."))
            self.assess_button.setText(_("&Start needs assessment…"))
            self.assessment.set_rows([])
            return
        if view.complete:
            state = _("Complete — assessed {date} by {counsellor}")
        else:
            state = _("Draft — not complete yet (saved {date} by {counsellor})")
        self.assessment_state.setText(
            state.format(
                date=format_date(view.assessed_on) or "—",
                counsellor=view.counsellor_name or "—",
            )
        )
        self.assess_button.setText(_("&Edit needs assessment…"))
        self.assessment.set_rows(assessment_rows(view, self._reference))

    def _show_history(self, detail: ClientDetail) -> None:
        self.history.setRowCount(0)
        for change in detail.status_history:
            row = self.history.rowCount()
            self.history.insertRow(row)
            values = [
                format_datetime(change.changed_at),
                status_label(change.status),
                change.counsellor_name,
                change.reason,
            ]
            for column, value in enumerate(values):
                self.history.setItem(row, column, QTableWidgetItem(value))
        self.history.resizeRowsToContents()

    # ---- changing --------------------------------------------------------------------------

    def _changed(self, client_id: str) -> None:
        if self.client is not None and self.client.id == client_id:
            self.reload()
        self.clientChanged.emit(client_id)

    def _open(self, dialog: QDialog, *, reload: bool = True) -> QDialog:
        """Show ``dialog`` window-modal; the record reloads when it is accepted."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        client_id = self.client.id if self.client else ""

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            if reload and result == QDialog.DialogCode.Accepted and client_id:
                self._changed(client_id)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def edit_registration(self) -> RegistrationForm | None:
        if self.client is None:
            return None
        form = RegistrationForm(self._services, self._actor, self.client, self)
        form.finished.connect(
            lambda result: (
                self.openClientRequested.emit(form.existing_id)
                if result == OPEN_EXISTING and form.existing_id
                else None
            )
        )
        self._open(form)
        return form

    def edit_assessment(self) -> AssessmentForm | None:
        if self.client is None:
            return None
        form = AssessmentForm(
            self._services,
            self._actor,
            self.client.id,
            self.client.assessment,
            self._reference,
            client_name=client_title(self.client),
            parent=self,
        )
        self._open(form)
        return form

    def _casework_refusal(self) -> str:
        """Why no meeting or action step can be recorded for the client shown ("" if it can)."""
        client = self.client
        if client is not None and not client.registration.signature_on_file:
            return signature_rule(client.file_no)
        return ""

    def _refuse_casework(self) -> bool:
        """Say why before a form is filled, when the signature rule stops it (a shortcut or
        a menu can still ask after the buttons were disabled)."""
        reason = self._casework_refusal()
        if reason:
            show_error(self, reason)
        return bool(reason)

    def record_meeting(self) -> MeetingDialog | None:
        return self._casework(MeetingDialog)

    def add_step(self) -> ActionStepDialog | None:
        return self._casework(ActionStepDialog)

    def _casework(self, dialog_for: CaseworkDialog[DialogT]) -> DialogT | None:
        """The meeting or action-step dialog for the client shown, unless the signature
        rule stops it (then said)."""
        if self.client is None or self._refuse_casework():
            return None
        dialog = dialog_for(self._services, self._actor, self.client.id, self)
        self._open(dialog)
        return dialog

    def change_status(self, action: str) -> StatusReasonDialog | None:
        """Ask why, then close, withdraw or reopen the file."""
        if self.client is None:
            return None
        dialog = StatusReasonDialog(action, client_title(self.client), self)
        client_id = self.client.id
        dialog.accepted.connect(lambda: self.apply_status(client_id, action, dialog.reason()))
        self._open(dialog, reload=False)
        return dialog

    def apply_status(self, client_id: str, action: str, reason: str) -> bool:
        try:
            self._services.clients.set_status(self._actor, client_id, action, reason)
        except UserError as exc:
            show_error(self, exc)
            return False
        self._changed(client_id)
        return True
