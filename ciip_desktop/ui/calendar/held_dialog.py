"""Record a one-on-one or phone session as held: the tangible activity and an action step."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _
from ciip_desktop.services.clients.types import ActionStepInput
from ciip_desktop.ui.clients.date_field import DateField


class HeldDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heldDialog")
        self.setWindowTitle(_("Session held"))
        self.activity = QPlainTextEdit()
        self.activity.setObjectName("heldActivity")
        self.activity.setPlaceholderText(_("What was done with the client in this session"))
        self.step = QLineEdit()
        self.step.setObjectName("heldStep")
        self.due = DateField()
        form = QFormLayout()
        form.addRow(_("Tangible activity"), self.activity)
        form.addRow(_("Action step"), self.step)
        form.addRow(_("Due"), self.due)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def steps(self) -> list[ActionStepInput]:
        text = self.step.text().strip()
        if not text:
            return []
        due: date | None = self.due.value() if self.due.is_valid() else None
        return [ActionStepInput(text, due)]
