"""The feedback log: complaints, enquiries and compliments, who handles them, and each
measured against its response standard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.context import Actor
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.feedback import KINDS, FeedbackEntry
from ciip_desktop.services.quality.standards import CHANNELS


class FeedbackPage(QWidget):
    def __init__(self, quality: QualityService, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.quality, self.actor = quality, actor
        self.kind = QComboBox()
        self.channel = QComboBox()
        for key in KINDS:
            self.kind.addItem("", key)
        for key in CHANNELS:
            self.channel.addItem("", key)
        self.summary = QLineEdit()
        self.summary.returnPressed.connect(self.log)
        self.log_button = QPushButton()
        self.log_button.clicked.connect(self.log)
        self.table = QTableWidget()
        self.table.setObjectName("feedback-table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.buttons = {name: QPushButton() for name in ("acknowledged", "answered", "resolved")}
        for name, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, n=name: self.mark(n))
        self.message = QLabel()
        form = QHBoxLayout()
        form.addWidget(self.kind)
        form.addWidget(self.channel)
        form.addWidget(self.summary, 1)
        form.addWidget(self.log_button)
        actions = QHBoxLayout()
        actions.addWidget(self.message, 1)
        for button in self.buttons.values():
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for i, key in enumerate(KINDS):
            self.kind.setItemText(i, _(KINDS[key]))
        for i, key in enumerate(CHANNELS):
            self.channel.setItemText(i, _(CHANNELS[key]))
        self.summary.setPlaceholderText(_("What it is about (no personal details)"))
        self.log_button.setText(_("Log it"))
        self.buttons["acknowledged"].setText(_("Acknowledged today"))
        self.buttons["answered"].setText(_("Answered today"))
        self.buttons["resolved"].setText(_("Resolved today"))
        self.refresh()

    def log(self) -> None:
        entry = FeedbackEntry(
            self.kind.currentData(),
            self.channel.currentData(),
            self.quality.today(),
            self.summary.text().strip(),
        )
        try:
            reference = self.quality.feedback.log(self.actor, entry)
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.summary.clear()
        self.message.setText(_("Logged as {reference}.").format(reference=reference))
        self.refresh()

    def mark(self, what: str) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            self.message.setText(_("Choose an item in the list first."))
            return
        today = self.quality.today()
        try:
            self.quality.feedback.update(
                self.actor,
                item.text(),
                acknowledged_on=today if what == "acknowledged" else None,
                answered_on=today if what == "answered" else None,
                resolved_on=today if what == "resolved" else None,
            )
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.refresh()

    def refresh(self) -> None:
        items = self.quality.feedback.items()
        names = self.quality.counsellor_names()
        headers = [_("Reference"), _("Kind"), _("Channel"), _("Received"), _("Handled by")]
        headers += [_("Acknowledged"), _("Answered"), _("Resolved"), _("Summary")]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(items))
        for r, f in enumerate(items):
            values = [
                f.reference,
                _(KINDS.get(f.kind, f.kind)),
                _(CHANNELS[f.channel]) if f.channel in CHANNELS else f.channel,
                format_date(f.received_on),
                names.get(f.handler_id or "", ""),
                format_date(f.acknowledged_on),
                format_date(f.answered_on),
                format_date(f.resolved_on),
                f.summary,
            ]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, f.reference)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
