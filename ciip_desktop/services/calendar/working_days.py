"""The office's one calendar of working days: weekends, Chinese public holidays with their
makeup working days (调休), Canadian holidays by province, and office closures.

The ``holidays`` package is the source. Its China calendar knows the weekend days that the
State Council turns into working days (``weekend_workdays``), including those that sit in the
year before the holiday they pay for (e.g. Saturday 2011-12-31 for New Year 2012); the
slot generator, the proposals and the service-standard clocks all ask this one object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

CHINA = "CN"


def canada(province: str) -> str:
    """The region key of a Canadian province's holiday calendar, e.g. ``CA-ON``."""
    return f"CA-{province.upper()}" if province else "CA"


@dataclass
class WorkingCalendar:
    """Working days of a region (``CN`` or ``CA-XX``); closures apply to the office (CN)."""

    closures: dict[date, str] = field(default_factory=dict)
    _calendars: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def with_closures(cls, spans: Iterable[tuple[date, date, str]]) -> WorkingCalendar:
        closures: dict[date, str] = {}
        for first, last, reason in spans:
            day = first
            while day <= last:
                closures[day] = reason
                day += timedelta(days=1)
        return cls(closures=closures)

    def _calendar(self, region: str) -> Any:
        found = self._calendars.get(region)
        if found is None:
            import holidays  # its country modules load in ~0.1 s: only when first asked

            if region == CHINA:
                found = holidays.country_holidays("CN")
            else:
                province = region.partition("-")[2] or None
                found = holidays.country_holidays("CA", subdiv=province)
            self._calendars[region] = found
        return found

    def holiday_name(self, day: date, region: str = CHINA) -> str | None:
        """The holiday or closure on ``day``, if any (a makeup working day is not one)."""
        if region == CHINA and day in self.closures:
            return self.closures[day]
        name = self._calendar(region).get(day)
        return str(name) if name else None

    def is_working_day(self, day: date, region: str = CHINA) -> bool:
        if region == CHINA and day in self.closures:
            return False
        return bool(self._calendar(region).is_working_day(day))

    def next_working_day(self, after: date, region: str = CHINA) -> date:
        """The first working day strictly after ``after``."""
        day = after + timedelta(days=1)
        while not self.is_working_day(day, region):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int, region: str = CHINA) -> date:
        day = start
        for _ in range(count):
            day = self.next_working_day(day, region)
        return day

    def working_days_between(self, start: date, end: date, region: str = CHINA) -> int:
        """Working days after ``start`` up to and including ``end``."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day, region)
        return count
