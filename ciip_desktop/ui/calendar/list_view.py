"""The list view: the period's sessions as a table, one row each, earliest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ciip_desktop.i18n import N_, _
from ciip_desktop.services.calendar.types import (
    KIND_LABELS,
    STATUS_LABELS,
    SessionView,
    city_label,
    label,
)
from ciip_desktop.ui.calendar.look import colour, day_text, tooltip

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    N_("Date"),
    N_("Time"),
    N_("Kind"),
    N_("Place"),
    N_("Client"),
    N_("Counsellors"),
    N_("Seats"),
    N_("Status"),
)
SESSION_ROLE = Qt.ItemDataRole.UserRole + 1
LIST_DAYS = 60  # the list shows this many days from the current one


class SessionListModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SessionView] = []

    def set_rows(self, rows: Sequence[SessionView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        if role == SESSION_ROLE:
            return s.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(s)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return QBrush(colour(s))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(s, index.column())

    @staticmethod
    def _text(s: SessionView, column: int) -> str:
        if column == 0:
            return day_text(s.day, "yMMMEd")
        if column == 1:
            text = f"{s.local_start:%H:%M}–{s.local_end:%H:%M}"
            if s.client_time_zone and s.client_time_zone != s.time_zone:
                theirs = s.local(s.starts_at, s.client_time_zone)
                text += f" ({theirs:%H:%M} {s.client_time_zone.split('/')[-1]})"
            return text
        if column == 2:
            return label(KIND_LABELS, s.kind)
        if column == 3:
            return ", ".join(p for p in (s.venue_name, city_label(s.city)) if p)
        if column == 4:
            return f"{s.client_file_no} {s.client_name}".strip()
        if column == 5:
            return ", ".join(n for n in (s.lead_name, *s.support_names) if n)
        if column == 6:
            return f"{s.enrolled}/{s.capacity} (+{s.waiting})" if s.is_group else ""
        return label(STATUS_LABELS, s.status)


class SessionListView(QTableView):
    """Same signals as the painted views, so the screen treats all four alike."""

    currentDayChanged = Signal(object)
    sessionSelected = Signal(str)
    sessionActivated = Signal(str)
    newSessionRequested = Signal(object)
    moveRequested = Signal(str, object)
    cancelRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarListView")
        self.current = date.today()
        self.model_ = SessionListModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.selectionModel().currentRowChanged.connect(self._on_row)
        self.doubleClicked.connect(lambda index: self.sessionActivated.emit(self._id(index)))

    @property
    def sessions(self) -> list[SessionView]:
        return self.model_.rows

    def first_day(self) -> date:
        return self.current

    def last_day(self) -> date:
        return self.current + timedelta(days=LIST_DAYS - 1)

    def set_current(self, day: date) -> None:
        if day != self.current:
            self.current = day
            self.currentDayChanged.emit(day)

    def set_sessions(self, sessions: Sequence[SessionView]) -> None:
        self.model_.set_rows(sessions)

    def select(self, session_id: str) -> None:
        for row, s in enumerate(self.model_.rows):
            if s.id == session_id:
                self.selectRow(row)
                return
        self.clearSelection()

    @property
    def selected_id(self) -> str:
        index = self.currentIndex()
        return self._id(index) if index.isValid() else ""

    def _id(self, index: QModelIndex) -> str:
        return str(self.model_.data(index, SESSION_ROLE) or "")

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.sessionSelected.emit(self._id(current) if current.isValid() else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id:
            self.sessionActivated.emit(self.selected_id)
            return
        if event.key() == Qt.Key.Key_Delete and self.selected_id:
            self.cancelRequested.emit(self.selected_id)
            return
        super().keyPressEvent(event)
