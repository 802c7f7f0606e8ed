"""Add one action step to a client outside a meeting (e.g. agreed on a follow-up call)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ActionStepInput, ActionStepView
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.field_errors import reason_label
from ciip_desktop.ui.clients.meeting_dialog import DEFAULT_STEP_DAYS


class ActionStepDialog(QDialog):
    def __init__(
        self, services: Services, actor: Actor, client_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("actionStepDialog")
        self._services = services
        self._actor = actor
        self._client_id = client_id
        self.saved_step: ActionStepView | None = None
        self.text = QLineEdit()
        self.text.setObjectName("text")
        self.text.setMinimumWidth(360)
        self.due_on = DateField()
        self.due_on.setObjectName("due_on")
        self.due_on.set_value(date.today() + timedelta(days=DEFAULT_STEP_DAYS))
        self.text_label = QLabel()
        self.text_label.setBuddy(self.text)
        self.due_label = QLabel()
        self.due_label.setBuddy(self.due_on)
        self.problem = reason_label()
        form = QFormLayout()
        form.addRow(self.text_label, self.text)
        form.addRow(self.due_label, self.due_on)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Add an action step"))
        self.text_label.setText(_("&Action step:"))
        self.due_label.setText(_("&Due:"))
        self.due_on.retranslate_ui()

    def try_save(self) -> bool:
        text = self.text.text().strip()
        if not text:
            self.problem.setText(_("Write what the client will do."))
            return False
        if not self.due_on.is_valid():
            self.problem.setText(_("Type the due date as YYYY-MM-DD."))
            return False
        try:
            self.saved_step = self._services.casework.add_step(
                self._actor, self._client_id, ActionStepInput(text, self.due_on.value())
            )
        except UserError as exc:
            self.problem.setText(exc.message)
            return False
        self.accept()
        return True
