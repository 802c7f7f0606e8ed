"""The month view: six weeks of day cells, each with its sessions as coloured chips."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ciip_desktop.i18n import babel_locale, ngettext
from ciip_desktop.ui.calendar.look import chip_text, colour
from ciip_desktop.ui.calendar.period_view import PeriodView

WEEKS = 6


def month_start(day: date) -> date:
    """The Monday on or before the first of ``day``'s month: the grid's first cell."""
    first = day.replace(day=1)
    return first - timedelta(days=first.weekday())


class MonthView(PeriodView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarMonthView")
        # Day → (note, is a working day): holidays, closures, makeup working days.
        self.day_notes: dict[date, tuple[str, bool]] = {}

    def sizeHint(self) -> QSize:
        return QSize(800, 560)

    def first_day(self) -> date:
        return month_start(self.current)

    def last_day(self) -> date:
        return self.first_day() + timedelta(days=7 * WEEKS - 1)

    # ---- geometry -------------------------------------------------------------------------

    def _header(self) -> int:
        return self.fontMetrics().height() + 8

    def _cell(self, index: int) -> QRect:
        width = self.width() / 7
        height = (self.height() - self._header()) / WEEKS
        row, col = divmod(index, 7)
        x0, x1 = int(col * width), int((col + 1) * width)
        y0 = self._header() + int(row * height)
        y1 = self._header() + int((row + 1) * height)
        return QRect(x0, y0, x1 - x0, y1 - y0)

    def day_at(self, pos: QPoint) -> date | None:
        if pos.y() < self._header() or not self.rect().contains(pos):
            return None
        col = min(6, int(pos.x() / (self.width() / 7)))
        row = min(
            WEEKS - 1, int((pos.y() - self._header()) / ((self.height() - self._header()) / WEEKS))
        )
        return self.first_day() + timedelta(days=row * 7 + col)

    # ---- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        metrics = self.fontMetrics()
        line = metrics.height() + 4
        names = babel_locale().days["format"]["abbreviated"]
        width = self.width() / 7
        for col in range(7):
            rect = QRect(int(col * width), 0, int(width), self._header())
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, names[col])
        by_day: dict[date, list] = {}  # type: ignore[type-arg]
        for s in self.sessions:
            by_day.setdefault(s.day, []).append(s)
        self.hits = []
        first = self.first_day()
        grid = QPen(pal.color(QPalette.ColorRole.Mid))
        for index in range(7 * WEEKS):
            day = first + timedelta(days=index)
            cell = self._cell(index)
            note, working = self.day_notes.get(day, ("", day.weekday() < 5))
            if not working:
                painter.fillRect(cell, QColor(0, 0, 0, 14))
            if day == self.current:
                painter.fillRect(cell, pal.color(QPalette.ColorRole.Highlight).lighter(185))
            painter.setPen(grid)
            painter.drawRect(cell.adjusted(0, 0, -1, -1))
            in_month = day.month == self.current.month
            painter.setPen(
                pal.color(
                    QPalette.ColorRole.Text if in_month else QPalette.ColorRole.PlaceholderText
                )
            )
            head = cell.adjusted(4, 2, -4, 0)
            head.setHeight(line)
            painter.drawText(
                head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(day.day)
            )
            if note:
                painter.setPen(QColor("#b03030") if not working else QColor("#2e6b2e"))
                text = metrics.elidedText(note, Qt.TextElideMode.ElideRight, head.width() - 24)
                painter.drawText(
                    head, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
                )
            chips = sorted(by_day.get(day, []), key=lambda s: (s.starts_at, s.id))
            room = max(0, (cell.height() - line - 4) // line)
            shown = chips if len(chips) <= room else chips[: max(0, room - 1)]
            y = cell.top() + line + 2
            for s in shown:
                chip = QRect(cell.left() + 3, y, cell.width() - 6, line - 2)
                fill = colour(s)
                painter.fillRect(chip, fill)
                if s.id == self.selected_id:
                    painter.setPen(QPen(pal.color(QPalette.ColorRole.Text), 2))
                    painter.drawRect(chip.adjusted(0, 0, -1, -1))
                painter.setPen(QColor("white"))
                text = metrics.elidedText(
                    chip_text(s), Qt.TextElideMode.ElideRight, chip.width() - 6
                )
                font = painter.font()
                font.setStrikeOut(s.status == "cancelled")
                painter.setFont(font)
                painter.drawText(chip.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignVCenter, text)
                font.setStrikeOut(False)
                painter.setFont(font)
                self.hits.append((chip, s.id))
                y += line
            hidden = len(chips) - len(shown)
            if hidden:
                painter.setPen(pal.color(QPalette.ColorRole.Text))
                more = ngettext("+{n} more", "+{n} more", hidden).format(n=hidden)
                painter.drawText(
                    QRect(cell.left() + 4, y, cell.width() - 8, line),
                    Qt.AlignmentFlag.AlignVCenter,
                    more,
                )
        painter.end()
