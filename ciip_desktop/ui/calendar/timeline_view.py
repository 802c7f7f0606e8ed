"""The week and day views: days side by side, hours down, sessions as coloured blocks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ciip_desktop.services.calendar.types import OFFICE_TIME_ZONE, SessionView
from ciip_desktop.ui.calendar.look import block_text, chip_text, colour, day_text
from ciip_desktop.ui.calendar.period_view import PeriodView

FIRST_HOUR, LAST_HOUR = 7, 22
SNAP_MINUTES = 15


def lanes(sessions: list[SessionView]) -> dict[str, tuple[int, int]]:
    """Session id → (lane, lanes in its cluster), so overlapping sessions sit side by side."""
    placed: dict[str, tuple[int, int]] = {}
    cluster: list[tuple[SessionView, int]] = []
    cluster_end: datetime | None = None

    def close() -> None:
        width = max((lane for _s, lane in cluster), default=-1) + 1
        for s, lane in cluster:
            placed[s.id] = (lane, width)

    for s in sorted(sessions, key=lambda v: (v.starts_at, v.ends_at, v.id)):
        if cluster_end is not None and s.starts_at >= cluster_end:
            close()
            cluster, cluster_end = [], None
        used = {lane for other, lane in cluster if other.ends_at > s.starts_at}
        lane = next(n for n in range(len(cluster) + 1) if n not in used)
        cluster.append((s, lane))
        cluster_end = max(cluster_end or s.ends_at, s.ends_at)
    close()
    return placed


class TimelineView(PeriodView):
    def __init__(self, days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days = days
        self.STEP_UP_DOWN = 7 if days == 7 else 1
        self.setObjectName("calendarWeekView" if days == 7 else "calendarDayView")
        self.day_notes: dict[date, tuple[str, bool]] = {}
        self.zone = ZoneInfo(OFFICE_TIME_ZONE)

    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def first_day(self) -> date:
        if self.days == 7:
            return self.current - timedelta(days=self.current.weekday())
        return self.current

    def last_day(self) -> date:
        return self.first_day() + timedelta(days=self.days - 1)

    # ---- geometry -------------------------------------------------------------------------

    def _gutter(self) -> int:
        return self.fontMetrics().horizontalAdvance("00:00") + 12

    def _header(self) -> int:
        return 2 * self.fontMetrics().height() + 8

    def _hour_height(self) -> float:
        return (self.height() - self._header()) / (LAST_HOUR - FIRST_HOUR)

    def _column(self, index: int) -> QRect:
        width = (self.width() - self._gutter()) / self.days
        x0 = self._gutter() + int(index * width)
        x1 = self._gutter() + int((index + 1) * width)
        return QRect(x0, self._header(), x1 - x0, self.height() - self._header())

    def _y(self, when: datetime) -> int:
        local = when.astimezone(self.zone)
        hours = local.hour + local.minute / 60 - FIRST_HOUR
        hours = min(max(hours, 0.0), LAST_HOUR - FIRST_HOUR)
        return self._header() + int(hours * self._hour_height())

    def day_at(self, pos: QPoint) -> date | None:
        if pos.x() < self._gutter() or not self.rect().contains(pos):
            return None
        index = int((pos.x() - self._gutter()) / ((self.width() - self._gutter()) / self.days))
        return self.first_day() + timedelta(days=min(index, self.days - 1))

    def time_at(self, pos: QPoint) -> datetime | None:
        day = self.day_at(pos)
        if day is None or pos.y() < self._header():
            return None
        minutes = (pos.y() - self._header()) / self._hour_height() * 60
        minutes = int(minutes // SNAP_MINUTES * SNAP_MINUTES)
        return datetime.combine(day, time(FIRST_HOUR), tzinfo=self.zone) + timedelta(
            minutes=minutes
        )

    # ---- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        metrics = self.fontMetrics()
        grid = QPen(pal.color(QPalette.ColorRole.Mid))
        text_pen = QPen(pal.color(QPalette.ColorRole.Text))
        for hour in range(FIRST_HOUR, LAST_HOUR + 1):
            y = self._header() + int((hour - FIRST_HOUR) * self._hour_height())
            painter.setPen(grid)
            painter.drawLine(self._gutter(), y, self.width(), y)
            painter.setPen(text_pen)
            painter.drawText(
                QRect(0, y - metrics.height() // 2, self._gutter() - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{hour:02d}:00",
            )
        self.hits = []
        for index in range(self.days):
            day = self.first_day() + timedelta(days=index)
            column = self._column(index)
            note, working = self.day_notes.get(day, ("", day.weekday() < 5))
            if not working:
                painter.fillRect(column, QColor(0, 0, 0, 14))
            if day == self.current and self.days > 1:
                painter.fillRect(column, pal.color(QPalette.ColorRole.Highlight).lighter(190))
            painter.setPen(grid)
            painter.drawLine(column.left(), 0, column.left(), self.height())
            head = QRect(column.left() + 2, 2, column.width() - 4, metrics.height() + 2)
            painter.setPen(text_pen)
            painter.drawText(head, Qt.AlignmentFlag.AlignCenter, day_text(day, "MMMEd"))
            if note:
                painter.setPen(QColor("#b03030") if not working else QColor("#2e6b2e"))
                below = head.translated(0, metrics.height() + 2)
                painter.drawText(
                    below,
                    Qt.AlignmentFlag.AlignCenter,
                    metrics.elidedText(note, Qt.TextElideMode.ElideRight, below.width()),
                )
            todays = self.sessions_on(day)
            placed = lanes(todays)
            for s in todays:
                lane, width = placed[s.id]
                lane_w = (column.width() - 6) / width
                top, bottom = self._y(s.starts_at), self._y(s.ends_at)
                block = QRect(
                    column.left() + 3 + int(lane * lane_w),
                    top + 1,
                    max(8, int(lane_w) - 2),
                    max(metrics.height() + 2, bottom - top - 2),
                )
                painter.fillRect(block, colour(s))
                if s.id == self.selected_id:
                    painter.setPen(QPen(pal.color(QPalette.ColorRole.Text), 2))
                    painter.drawRect(block.adjusted(0, 0, -1, -1))
                painter.setPen(QColor("white"))
                text = chip_text(s) if self.days == 7 else block_text(s)
                painter.drawText(
                    block.adjusted(4, 2, -4, -2),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                    | int(Qt.TextFlag.TextWordWrap),
                    text,
                )
                self.hits.append((block, s.id))
        painter.end()
