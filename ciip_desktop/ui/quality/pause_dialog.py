"""Pause one client's clock: from, to, and why (keyboard only: Tab between fields, Enter)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ciip_desktop.i18n import _
from ciip_desktop.services.quality.pauses import REASON_LENGTH


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PauseDialog(QDialog):
    def __init__(self, title: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pause-clock")
        self.setWindowTitle(_("Pause the clock"))
        self.what = QLabel(title)
        self.first = QDateEdit(_qdate(today))
        self.last = QDateEdit(_qdate(today))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
        self.reason = QLineEdit(_("Waiting on the client"))
        self.reason.setMaxLength(REASON_LENGTH)
        self.reason.selectAll()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.what)
        form.addRow(_("From:"), self.first)
        form.addRow(_("To:"), self.last)
        form.addRow(_("Reason:"), self.reason)
        form.addRow(buttons)
        self.reason.setFocus()

    def values(self) -> tuple[date, date, str]:
        first = self.first.date()
        last = self.last.date()
        return (
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
            self.reason.text(),
        )
