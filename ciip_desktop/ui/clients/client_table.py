"""The client list's table view: fixed row heights and columns sized to what they hold.

Columns are sized from the font and the current language (header titles, status labels, the
widest file number and phone), never by measuring rows: a list of 100 000 clients is never
read to size it. :meth:`ClientTable.key_width` is what the list needs to show the columns a
counsellor works from (file number, names, phone, status) without scrolling sideways.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from ciip_desktop.i18n import _, format_date
from ciip_desktop.ui.clients.labels import STATUSES
from ciip_desktop.ui.clients.table_model import ClientTableModel

M = ClientTableModel
# The columns that must show without scrolling, with a client selected, at 1280x800.
KEY_COLUMNS = (M.FILE_NO, M.NAME, M.CHINESE_NAME, M.PHONE, M.STATUS)
# What each column is sized for (longer values are elided, the tooltip or record has them).
SAMPLES: dict[int, tuple[str, ...]] = {
    M.FILE_NO: ("GZA-2026-00000",),
    M.NAME: ("OUYANG, Xiaoming",),
    M.CHINESE_NAME: ("欧阳子轩",),
    M.PHONE: ("+86 000 0000 0000",),
    M.COUNSELLOR: ("Counsellor name",),
    M.DESTINATION: ("Vancouver, BC",),
}
DATE_COLUMNS = (M.DEPARTURE, M.RECEIVED)
CELL_PADDING = 14  # the style's margins on both sides of a cell's text


class ClientTable(QTableView):
    def __init__(self, model: ClientTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        vheader = self.verticalHeader()
        vheader.hide()
        # Fixed row heights: the view never measures rows it does not show (100 000 clients).
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.fit_columns()

    def _text_width(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text) + CELL_PADDING

    def column_width(self, column: int) -> int:
        """What ``column`` needs in the current language: its title (and sort arrow) or values."""
        header = self.horizontalHeader()
        title = str(self.model().headerData(column, Qt.Orientation.Horizontal))
        arrow = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        needed = header.fontMetrics().horizontalAdvance(title) + CELL_PADDING + arrow + 6
        samples: tuple[str, ...] = SAMPLES.get(column, ())
        if column == M.STATUS:
            samples = tuple(_(text) for text in STATUSES.values())
        elif column in DATE_COLUMNS:
            samples = (format_date(date(2026, 12, 28)), format_date(date(2026, 9, 30)))
        for sample in samples:
            needed = max(needed, self._text_width(sample))
        return needed

    def fit_columns(self) -> None:
        """Size every column for the current language (after a language switch too)."""
        for column in range(self.model().columnCount()):
            self.setColumnWidth(column, self.column_width(column))

    def key_width(self) -> int:
        """The width the list needs to show :data:`KEY_COLUMNS` whole, frame and scroll bar in."""
        columns = sum(self.columnWidth(c) for c in KEY_COLUMNS)
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return columns + scroll + 2 * self.frameWidth()
