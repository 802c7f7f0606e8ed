"""Service-standard clocks on the office's one working-day calendar.

``WorkdayIndex`` reads ``WorkingCalendar`` once for a span of days and then answers "the
N-th working day after", "working days between" and "why is it due then" in constant time,
so a year of an office of 100 000 clients is measured without asking the holiday tables
again for every case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ciip_desktop.i18n import _
from ciip_desktop.services.calendar.working_days import CHINA, WorkingCalendar
from ciip_desktop.services.quality.explain_words import (
    day_span,
    holiday_names,
    name_list,
    weekday_and_day,
)

# Days read either side of the span asked for: a clock may run on past its end.
_MARGIN = 120


@dataclass(frozen=True)
class Pause:
    first_day: date
    last_day: date
    reason: str = ""


class WorkdayIndex:
    """The working days of ``[first, last]`` (plus a margin) and their running count."""

    def __init__(self, calendar: WorkingCalendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.first = first - timedelta(days=_MARGIN)
        self.last = last + timedelta(days=_MARGIN)
        span = (self.last - self.first).days + 1
        self._working: list[bool] = []
        self._count: list[int] = []  # working days on or before the day
        self.workdays: list[date] = []
        total = 0
        for offset in range(span):
            day = self.first + timedelta(days=offset)
            working = calendar.is_working_day(day, CHINA)
            self._working.append(working)
            total += working
            self._count.append(total)
            if working:
                self.workdays.append(day)

    def _i(self, day: date) -> int:
        index = (day - self.first).days
        if not 0 <= index < len(self._count):
            raise ValueError("day outside the measured span")
        return index

    def is_working(self, day: date) -> bool:
        return self._working[self._i(day)]

    def count_through(self, day: date) -> int:
        """Working days from the span's start up to and including ``day``."""
        return self._count[self._i(day)]

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        if end <= start:
            return 0
        return self.count_through(end) - self.count_through(start)

    def add(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself when count is 0)."""
        if count <= 0:
            return start
        position = self.count_through(start) + count - 1
        if position >= len(self.workdays):
            raise ValueError("due date outside the measured span")
        return self.workdays[position]

    def subtract(self, end: date, count: int) -> date:
        """The last working day that is at least ``count`` working days before ``end``."""
        position = self.count_through(end) - count - 1
        if position < 0:
            raise ValueError("day outside the measured span")
        return self.workdays[position]

    def paused_between(self, pauses: Sequence[Pause], start: date, end: date) -> int:
        """Working days of ``(start, end]`` that fall in a pause."""
        total = 0
        for pause in pauses:
            first = max(pause.first_day - timedelta(days=1), start)
            last = min(pause.last_day, end)
            total += self.between(first, last)
        return total

    def due(self, start: date, count: int, pauses: Sequence[Pause] = ()) -> date:
        """The due date: ``count`` working days after ``start``, not counting paused days."""
        due = self.add(start, count)
        if not pauses:
            return due
        while True:  # each pause inside the window pushes the end out; settles quickly
            paused = self.paused_between(pauses, start, due)
            moved = self.add(start, count + paused)
            if moved == due:
                return due
            due = moved

    def explain(self, start: date, due: date) -> str:
        """Why ``due`` is the due date: the holidays and closures skipped (with the weekend
        days around them) and the weekend days counted as makeup workdays."""
        parts: list[str] = []
        run: list[date] = []
        day = start + timedelta(days=1)
        while day <= due + timedelta(days=1):
            if day <= due and not self.is_working(day):
                run.append(day)
            else:
                if run:
                    parts.extend(self._skipped(run))
                run = []
                if day <= due and day.weekday() >= 5:
                    when = weekday_and_day(day)
                    parts.append(_("counted {day}, a makeup workday").format(day=when))
            day += timedelta(days=1)
        if not parts:
            return _("{n} working days, no holiday in between").format(n=self.between(start, due))
        return "; ".join(parts)

    def _skipped(self, run: list[date]) -> list[str]:
        names: list[str] = []
        for day in run:
            names.extend(n for n in holiday_names(self.calendar, day) if n not in names)
        if not names and all(d.weekday() >= 5 for d in run):
            return []  # an ordinary weekend goes without saying
        label = name_list(names) if names else _("days off")
        return [_("skipped {span} {name}").format(span=day_span(run[0], run[-1]), name=label)]
