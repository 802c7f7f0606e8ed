"""The action steps that are past due, across the counsellor's clients, to chase them up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_date, format_number, ngettext
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ActionStepView
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.messages import show_error
from ciip_desktop.ui.clients.tables import read_only_table

CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class OverdueStepsView(QWidget):
    """A table of overdue action steps; activating a row opens that client."""

    clientActivated = Signal(str)

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._steps: list[ActionStepView] = []
        self.title = QLabel()
        self.everyone = QCheckBox()
        self.everyone.setObjectName("everyone")
        self.everyone.setVisible(actor.is_supervisor)
        self.everyone.toggled.connect(lambda _checked: self.refresh())
        self.table = read_only_table("overdueSteps", 4, stretch=2)
        self.table.itemActivated.connect(self._activated)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.everyone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.everyone.setText(_("All counsellors' clients"))
        self.table.setHorizontalHeaderLabels(
            [_("File no."), _("Client"), _("Action step"), _("Due")]
        )
        self._show(self._steps)

    def refresh(self, today: date | None = None) -> None:
        counsellor_id = None if self.everyone.isChecked() else self._actor.counsellor_id or None
        try:
            steps = self._services.casework.overdue_steps(
                self._actor, today or date.today(), counsellor_id=counsellor_id
            )
        except UserError as exc:
            show_error(self, exc)
            return
        self._show(steps)

    def steps(self) -> list[ActionStepView]:
        return list(self._steps)

    def _show(self, steps: list[ActionStepView]) -> None:
        self._steps = list(steps)
        count = len(self._steps)
        self.title.setText(
            ngettext("{count} overdue action step", "{count} overdue action steps", count).format(
                count=format_number(count)
            )
        )
        self.table.setRowCount(0)
        for step in self._steps:
            row = self.table.rowCount()
            self.table.insertRow(row)
            values = [step.file_no, step.client_name, step.text, format_date(step.due_on)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(CLIENT_ID_ROLE, step.client_id)
                self.table.setItem(row, column, item)

    def _activated(self, item: QTableWidgetItem) -> None:
        client_id = item.data(CLIENT_ID_ROLE)
        if client_id:
            self.clientActivated.emit(str(client_id))
