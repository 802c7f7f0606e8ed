"""Proposals: for each assessed client, what to book and why; book a whole day in one step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _, format_date, ngettext
from ciip_desktop.services.calendar.types import KIND_LABELS, Proposal, label

# Books the given proposals; returns (booked, [(file no., reason)]).
BookDay = Callable[[Sequence[Proposal]], tuple[int, Sequence[tuple[str, str]]]]


class ProposalsDialog(QDialog):
    def __init__(
        self, proposals: Sequence[Proposal], book: BookDay, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("proposalsDialog")
        self.setWindowTitle(_("Proposals"))
        self.proposals = list(proposals)
        self.book = book
        self.booked_days: list[date] = []
        self.day = QComboBox()
        self.day.setObjectName("proposalDay")
        self.book_button = QPushButton(_("Book every proposal of this day"))
        self.book_button.setObjectName("bookDay")
        self.book_button.clicked.connect(self._book)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("proposalTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setHorizontalHeaderLabels([_("File no."), _("Proposed"), _("Day"), _("Why")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Day")))
        top.addWidget(self.day)
        top.addWidget(self.book_button)
        top.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.outcome)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self._fill()
        self.day.currentIndexChanged.connect(self._fill_table)

    def _fill(self) -> None:
        days = sorted({p.day for p in self.proposals if p.day is not None})
        self.day.blockSignals(True)
        self.day.clear()
        for d in days:
            n = sum(1 for p in self.proposals if p.day == d)
            self.day.addItem(f"{format_date(d)} ({n})", d.isoformat())
        self.day.blockSignals(False)
        self.book_button.setEnabled(bool(days))
        self._fill_table()

    def chosen_day(self) -> date | None:
        value = self.day.currentData()
        return date.fromisoformat(value) if isinstance(value, str) else None

    def _fill_table(self) -> None:
        day = self.chosen_day()
        shown = [p for p in self.proposals if p.day == day]
        self.table.setRowCount(len(shown))
        for row, p in enumerate(shown):
            for col, text in enumerate(
                (p.file_no, label(KIND_LABELS, p.kind), format_date(p.day), p.reason)
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def _book(self) -> None:
        day = self.chosen_day()
        if day is None:
            return
        chosen = [p for p in self.proposals if p.day == day]
        booked, problems = self.book(chosen)
        self.booked_days.append(day)
        lines = [ngettext("Booked {n} proposal.", "Booked {n} proposals.", booked).format(n=booked)]
        lines += [f"{file_no}: {reason}" for file_no, reason in problems]
        self.outcome.setText("\n".join(lines))
        self.proposals = [p for p in self.proposals if p.day != day]
        self._fill()
