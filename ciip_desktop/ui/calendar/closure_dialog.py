"""Close the office for some days (a supervisor's decision): no sessions or slots then."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _
from ciip_desktop.ui.clients.date_field import DateField


class ClosureDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closureDialog")
        self.setWindowTitle(_("Close the office"))
        self.first = DateField()
        self.last = DateField()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. Office move"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b03030")
        form = QFormLayout()
        form.addRow(_("First day"), self.first)
        form.addRow(_("Last day"), self.last)
        form.addRow(_("Reason"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def days(self) -> tuple[date, date] | None:
        if not (self.first.is_valid() and self.last.is_valid()):
            return None
        first, last = self.first.value(), self.last.value()
        if first is None:
            return None
        return first, last or first

    def _on_save(self) -> None:
        if self.days() is None:
            self.problem.setText(_("Give the first day as YYYY-MM-DD."))
            return
        self.accept()
