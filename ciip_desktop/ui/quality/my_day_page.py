""" "My day": due today and tomorrow, about to miss, overdue action steps, today's sessions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_date, format_datetime, ngettext
from ciip_desktop.services.context import Actor
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.my_day import DueCase, MyDay, my_day
from ciip_desktop.services.quality.pauses import PAUSABLE
from ciip_desktop.ui.quality.pause_dialog import PauseDialog


class MyDayPage(QWidget):
    def __init__(self, quality: QualityService, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.quality, self.actor = quality, actor
        self.day: MyDay | None = None
        self.heading = QLabel()
        self.heading.setObjectName("my-day-heading")
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("pause-clock")
        self.pause_button.setEnabled(False)
        self.pause_button.clicked.connect(self.ask_pause)
        self.pause_dialog: PauseDialog | None = None
        self.message = QLabel()
        self.tree = QTreeWidget()
        self.tree.setObjectName("my-day")
        self.tree.setColumnCount(5)
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(lambda *_a: self._enable_pause())
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.message)
        top.addWidget(self.pause_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.refresh_button.setText(_("Refresh"))
        self.pause_button.setText(_("Pause the clock…"))
        self.pause_button.setToolTip(
            _("Stop the selected case's clock for a while, with the reason.")
        )
        self.tree.setHeaderLabels([_("File no."), _("What"), _("Due"), _("Left"), _("Why")])
        self.refresh()

    def refresh(self) -> None:
        # A counsellor sees their own clients; a supervisor the whole office.
        mine = None if self.actor.is_supervisor else self.actor.counsellor_id or None
        self.day = my_day(self.quality, mine)
        self.heading.setText(
            _("My day: {date}").format(date=format_date(self.day.today, "EEEE d MMMM y"))
        )
        self._fill(self.day)

    def _group(self, title: str, count: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [f"{title} ({count})"])
        item.setFirstColumnSpanned(True)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setExpanded(True)
        return item

    def _cases(self, title: str, cases: list[DueCase]) -> None:
        group = self._group(title, len(cases))
        for d in cases:
            left = ngettext("{n} working day", "{n} working days", d.left).format(n=d.left)
            item = QTreeWidgetItem(
                group,
                [d.case.file_no, d.title, format_date(d.case.due), left, d.explanation],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, d)
            item.setToolTip(4, d.explanation)

    def _fill(self, day: MyDay) -> None:
        self.tree.clear()
        self._cases(_("Due today"), day.due_today)
        self._cases(_("Due tomorrow"), day.due_tomorrow)
        self._cases(_("About to miss its standard"), day.at_risk)
        steps = self._group(_("Overdue action steps"), len(day.overdue_steps))
        for step in day.overdue_steps:
            late = (day.today - step.due_on).days
            QTreeWidgetItem(
                steps,
                [
                    step.file_no,
                    step.text,
                    format_date(step.due_on),
                    ngettext("{n} day late", "{n} days late", late).format(n=late),
                    "",
                ],
            )
        sessions = self._group(_("Today's sessions"), len(day.sessions))
        for s in day.sessions:
            QTreeWidgetItem(
                sessions,
                ["", s.title, format_datetime(s.starts_at, "HH:mm", "Asia/Shanghai"), s.city, ""],
            )
        for column, width in enumerate((180, 300, 110, 130)):
            self.tree.setColumnWidth(column, width)

    def _selected(self) -> DueCase | None:
        item = self.tree.currentItem()
        found = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return found if isinstance(found, DueCase) else None

    def _enable_pause(self) -> None:
        chosen = self._selected()
        self.pause_button.setEnabled(chosen is not None and chosen.case.standard_key in PAUSABLE)

    def ask_pause(self) -> None:
        """Ask from when, to when and why, then pause the selected case's clock."""
        chosen = self._selected()
        if chosen is None:
            return
        title = f"{chosen.case.file_no}: {chosen.title}"
        self.pause_dialog = PauseDialog(title, self.quality.today(), self)
        self.pause_dialog.accepted.connect(lambda: self._pause(chosen))
        self.pause_dialog.open()

    def _pause(self, chosen: DueCase) -> None:
        assert self.pause_dialog is not None
        first, last, reason = self.pause_dialog.values()
        try:
            self.quality.pauses.pause(
                self.actor, chosen.case.standard_key, chosen.case.client_id, first, last, reason
            )
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(_("Clock paused for {file_no}.").format(file_no=chosen.case.file_no))
        self.refresh()
