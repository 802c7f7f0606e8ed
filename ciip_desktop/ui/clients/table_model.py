"""The client list as a lazy table model: rows hold client ids, summaries are fetched on demand.

The shape follows Anki's browser table and Vorta's models: column constants, a sort role and
an object role, ``set_rows()`` that resets.  Only the ids of the whole view live in memory;
``data()`` asks the search service for the summaries of a window of rows around the one
requested and keeps a small LRU cache, so 100 000 clients scroll smoothly.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from ciip_desktop.i18n import N_, _, format_date
from ciip_desktop.services.clients.list_types import ClientSummary
from ciip_desktop.services.clients.phone_text import phone_display
from ciip_desktop.ui.clients.labels import status_label

ModelIndex = QModelIndex | QPersistentModelIndex


class SummarySource(Protocol):
    """What the model needs from the search service."""

    def summaries(self, ids: Sequence[str]) -> list[ClientSummary]: ...


def latin_name(summary: ClientSummary) -> str:
    """``ZHANG, Wei`` as the office files it; the pinyin when no Latin name was given."""
    if summary.family_name or summary.given_name:
        return f"{summary.family_name.upper()}, {summary.given_name}".strip(", ")
    return summary.pinyin


def destination(summary: ClientSummary) -> str:
    parts = [p for p in (summary.destination_city, summary.destination_province) if p]
    return ", ".join(parts)


class ClientTableModel(QAbstractTableModel):
    FILE_NO, NAME, CHINESE_NAME, PHONE, STATUS, COUNSELLOR, DESTINATION, DEPARTURE, RECEIVED = (
        range(9)
    )
    COLUMN_TITLES = (
        N_("File no."),
        N_("Name"),
        N_("Chinese name"),
        N_("Phone"),
        N_("Status"),
        N_("Counsellor"),
        N_("Destination"),
        N_("Departure"),
        N_("Received"),
    )
    # Columns the service can sort by, and the key it knows them by.
    SORT_KEYS: ClassVar[dict[int, str]] = {
        FILE_NO: "file_no",
        NAME: "name",
        STATUS: "status",
        COUNSELLOR: "counsellor",
        DEPARTURE: "departure",
        RECEIVED: "received_on",
    }

    SortRole = Qt.ItemDataRole.UserRole + 1
    ObjectRole = Qt.ItemDataRole.UserRole + 2
    IdRole = Qt.ItemDataRole.UserRole + 3

    # The user clicked a sortable column header: (sort key, descending).
    sortRequested = Signal(str, bool)

    WINDOW_BEFORE = 10
    WINDOW_AFTER = 60
    CACHE_SIZE = 2000

    def __init__(self, source: SummarySource, parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source
        self._ids: list[str] = []
        self._row_of: dict[str, int] | None = None
        self._cache: OrderedDict[str, ClientSummary] = OrderedDict()
        self.fetches = 0  # how many times the service was asked (tests watch the laziness)

    # ---- rows ------------------------------------------------------------------------------

    def set_rows(self, ids: Sequence[str], prefetched: Sequence[ClientSummary] = ()) -> None:
        """Show exactly ``ids``, in that order; cached summaries are replaced by ``prefetched``
        (rows already read with the ids, e.g. on the worker)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self._cache.clear()
        for item in prefetched:
            self._cache[item.id] = item
        self.endResetModel()

    def extend_rows(self, ids: Sequence[str]) -> None:
        """Show ``ids``, which begin with the rows shown now: the others are added after
        them, keeping selection and scroll (else the rows are replaced)."""
        shown = len(self._ids)
        if list(ids[:shown]) != self._ids:
            self.set_rows(ids)
            return
        if len(ids) == shown:
            return
        self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
        self._ids.extend(ids[shown:])
        self._row_of = None
        self.endInsertRows()

    def ids(self) -> list[str]:
        return list(self._ids)

    def client_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, client_id: str) -> int:
        """The row showing ``client_id``, or -1."""
        if self._row_of is None:
            self._row_of = {cid: row for row, cid in enumerate(self._ids)}
        return self._row_of.get(client_id, -1)

    def refresh_client(self, client_id: str) -> None:
        """Fetch ``client_id`` again next time it is shown (it was changed)."""
        self._cache.pop(client_id, None)
        row = self.row_of(client_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def summary(self, row: int) -> ClientSummary | None:
        client_id = self.client_id(row)
        if client_id is None:
            return None
        cached = self._cache.get(client_id)
        if cached is not None:
            self._cache.move_to_end(client_id)
            return cached
        self._fetch_around(row)
        return self._cache.get(client_id)

    def _fetch_around(self, row: int) -> None:
        first = max(0, row - self.WINDOW_BEFORE)
        last = min(len(self._ids), row + self.WINDOW_AFTER)
        wanted = [cid for cid in self._ids[first:last] if cid not in self._cache]
        if not wanted:
            return
        self.fetches += 1
        for item in self._source.summaries(wanted):
            self._cache[item.id] = item
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)

    # ---- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMN_TITLES)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMN_TITLES)
        ):
            return _(self.COLUMN_TITLES[section])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return None
        if role == self.IdRole:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            self.SortRole,
            self.ObjectRole,
        ):
            return None
        summary = self.summary(index.row())
        if summary is None:
            return None
        if role == self.ObjectRole:
            return summary
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole:
            if summary.status in ("closed", "withdrawn"):
                return QBrush(QColor("#777777"))
            return None
        if role == self.SortRole:
            return self._sort_value(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.NAME and summary.pinyin:
                return summary.pinyin
            if column == self.PHONE and summary.email:
                return summary.email
            return None
        return self._display(summary, column)

    def _display(self, s: ClientSummary, column: int) -> str:
        if column == self.FILE_NO:
            return s.file_no
        if column == self.NAME:
            return latin_name(s)
        if column == self.CHINESE_NAME:
            return s.chinese_name
        if column == self.PHONE:
            return phone_display(s.phone)
        if column == self.STATUS:
            return status_label(s.status)
        if column == self.COUNSELLOR:
            return s.counsellor_name
        if column == self.DESTINATION:
            return destination(s)
        if column == self.DEPARTURE:
            return format_date(s.expected_departure)
        if column == self.RECEIVED:
            return format_date(s.received_on)
        return ""

    def _sort_value(self, s: ClientSummary, column: int) -> str | date | None:
        if column == self.DEPARTURE:
            return s.expected_departure
        if column == self.RECEIVED:
            return s.received_on
        if column == self.NAME:
            return latin_name(s).casefold()
        if column == self.STATUS:
            return s.status
        return self._display(s, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the service over the whole view; ask the screen to re-query."""
        key = self.SORT_KEYS.get(column)
        if key is not None:
            self.sortRequested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def retranslate(self) -> None:
        """Headers and status labels follow the language; nothing needs fetching again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1)
            )
