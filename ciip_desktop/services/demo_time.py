"""When things happen in the demo office: business days and office hours in Guangzhou.

Registrations are keyed in, assessments made, meetings held and statuses changed on
working days (no weekend, no Chinese public holiday) between 9:00 and 17:30 office time.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

OFFICE_ZONE = ZoneInfo("Asia/Shanghai")
OPENS = time(9, 0)
CLOSES = time(17, 30)


class OfficeCalendar:
    """Working days of the office, and moments inside its opening hours."""

    def __init__(self, today: date) -> None:
        self.today = today
        years = range(today.year - 3, today.year + 2)
        self._holidays = holidays.country_holidays("CN", years=years)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The working day ``count`` working days after ``day``."""
        for _step in range(count):
            day = self.on_or_after(day + timedelta(days=1))
        return day

    def moment(self, rng: random.Random, day: date, after: datetime | None = None) -> datetime:
        """A UTC moment during office hours on ``day`` (later than ``after`` on that day)."""
        opens = datetime.combine(day, OPENS, OFFICE_ZONE)
        closes = datetime.combine(day, CLOSES, OFFICE_ZONE)
        if after is not None and after > opens:
            opens = after + timedelta(minutes=1)
        span = max(int((closes - opens).total_seconds() // 60), 0)
        local = opens + timedelta(minutes=rng.randint(0, span))
        return local.astimezone(UTC)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(OFFICE_ZONE).date()
