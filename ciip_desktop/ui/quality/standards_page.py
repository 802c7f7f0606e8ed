"""The catalogue of service standards; a supervisor changes targets here."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.context import Actor
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.standards import CHANNELS, Standard


class StandardsPage(QWidget):
    changed = Signal()

    def __init__(self, quality: QualityService, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.quality, self.actor = quality, actor
        self.standards: list[Standard] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("standards-table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.message = QLabel()
        self.save_button = QPushButton()
        self.save_button.setEnabled(actor.is_supervisor)
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.note.setText(
            _(
                "Clocks count the office's working days: weekends, public holidays and "
                "closures are skipped, makeup workdays counted. Only a supervisor can "
                "change a target; open cases are measured again at once."
            )
        )
        self.save_button.setText(_("Save targets"))
        self.refresh()

    def refresh(self) -> None:
        self.standards = self.quality.catalogue.standards()
        headers = [_("Standard"), _("Start and stop"), _("Channel")]
        headers += [_("Target (working days)"), _("Share of cases")]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.standards))
        for r, s in enumerate(self.standards):
            self.table.setItem(r, 0, QTableWidgetItem(s.title))
            self.table.setItem(r, 1, QTableWidgetItem(s.rule))
            self.table.setItem(r, 2, QTableWidgetItem(_(CHANNELS[s.channel])))
            days = QSpinBox()
            days.setRange(1, 365)
            days.setValue(s.target_days)
            days.setEnabled(self.actor.is_supervisor)
            share = QDoubleSpinBox()
            share.setRange(1, 100)
            share.setDecimals(0)
            share.setSuffix(" %")
            share.setValue(round(s.required_share * 100))
            share.setEnabled(self.actor.is_supervisor)
            self.table.setCellWidget(r, 3, days)
            self.table.setCellWidget(r, 4, share)
        self.table.resizeColumnsToContents()

    def save(self) -> None:
        try:
            for r, s in enumerate(self.standards):
                days = self.table.cellWidget(r, 3)
                share = self.table.cellWidget(r, 4)
                assert isinstance(days, QSpinBox) and isinstance(share, QDoubleSpinBox)
                if days.value() != s.target_days or share.value() / 100 != s.required_share:
                    self.quality.catalogue.change(
                        self.actor, s.key, days.value(), share.value() / 100, s.active
                    )
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(_("Targets saved; the figures are measured again."))
        self.refresh()
        self.changed.emit()
