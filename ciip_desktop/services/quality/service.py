"""The service-quality figures the screens and reports show, from ``measure``'s cases."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from babel.dates import format_date, format_skeleton
from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import _, babel_locale
from ciip_desktop.models import ClockPause, Counsellor
from ciip_desktop.services.calendar.working_days import WorkingCalendar
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.quality.aggregate import assessment_counts
from ciip_desktop.services.quality.clock import WorkdayIndex
from ciip_desktop.services.quality.feedback import FeedbackService
from ciip_desktop.services.quality.measure import Case, measure
from ciip_desktop.services.quality.pauses import ClockPauses
from ciip_desktop.services.quality.standards import (
    ASSESSMENT_CALL,
    Standard,
    StandardsCatalogue,
)
from ciip_desktop.services.quality.surveys import SurveyService

if TYPE_CHECKING:
    from ciip_desktop.services.quality.improvements import ImprovementService

CalendarSource = Callable[[], WorkingCalendar]


@dataclass
class Achievement:
    """One standard's cases in one group (a month, a counsellor, a city)."""

    met: int = 0
    missed: int = 0
    running: int = 0
    cases: list[Case] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return self.met + self.missed

    @property
    def share(self) -> float | None:
        return self.met / self.decided if self.decided else None


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of ``YYYY-MM``."""
    year, _sep, number = month.partition("-")
    first = date(int(year), int(number), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def months_back(today: date, count: int) -> list[str]:
    """The ``count`` months up to and including today's, oldest first."""
    months, year, month = [], today.year, today.month
    for _step in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def month_label(month: str, with_year: bool = False) -> str:
    """``YYYY-MM`` as a short month for a chart axis: "Jan", "1月", "janv."; with the year
    ("Jan 2026", "2026年1月", "janv. 2026") where a reader needs it."""
    first, _last = month_bounds(month)
    if with_year:
        return str(format_skeleton("yMMM", first, locale=babel_locale()))
    # Not the "MMM" skeleton: it picks the stand-alone form, which Babel lacks for French.
    return str(format_date(first, "MMM", locale=babel_locale()))


class QualityService:
    def __init__(
        self,
        ctx: ServiceContext,
        calendar: CalendarSource,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.ctx = ctx
        self.catalogue = StandardsCatalogue(ctx)
        self.calendar = calendar
        self.today = today

    @functools.cached_property
    def surveys(self) -> SurveyService:
        return SurveyService(self.ctx)

    @functools.cached_property
    def feedback(self) -> FeedbackService:
        return FeedbackService(self.ctx)

    @functools.cached_property
    def pauses(self) -> ClockPauses:
        return ClockPauses(self.ctx)

    @functools.cached_property
    def improvements(self) -> ImprovementService:
        from ciip_desktop.services.quality.improvements import ImprovementService

        return ImprovementService(self, self.surveys)

    def index(self, first: date, last: date) -> WorkdayIndex:
        return WorkdayIndex(self.calendar(), first, max(last, self.today()))

    def cases(self, first: date, last: date) -> tuple[list[Standard], list[Case], WorkdayIndex]:
        """Every case whose clock started in ``[first, last]`` (started early enough to have
        stopped in the span: a month's report also counts clocks that began before it)."""
        standards = self.catalogue.standards()
        reach = max((s.target_days for s in standards), default=0) * 2 + 30
        start_from = first - timedelta(days=reach)
        index = self.index(start_from, last)
        with self.ctx.read() as db:
            found = measure(db, standards, index, self.today(), start_from, last)
        return standards, found, index

    def achievement(
        self,
        months: list[str],
        group: Callable[[Case], str] | None = None,
        by: str = "",
    ) -> dict[tuple[str, str, str], Achievement]:
        """(standard key, month, group) -> achievement; group "" is everyone.

        ``group`` groups by any function of a case (every case is built); ``by`` ("",
        "counsellor" or "city") lets SQL count the needs-assessment standard, the big one,
        without building its cases (``cases_behind`` builds them for one figure).
        """
        first, _last = month_bounds(months[0])
        _first, last = month_bounds(months[-1])
        standards = self.catalogue.standards()
        today = self.today()
        fast = group is None
        if by and group is None:
            group = self._grouping(by)
        reach = max((s.target_days for s in standards), default=0) * 2 + 30
        start_from = first - timedelta(days=reach)
        index = self.index(start_from, last)
        measured = [s for s in standards if not (fast and s.key == ASSESSMENT_CALL)]
        with self.ctx.read() as db:
            cases = measure(db, measured, index, today, start_from, last)
            counted: dict[tuple[str, str], tuple[int, int, int]] = {}
            call = next((s for s in standards if s.key == ASSESSMENT_CALL and s.active), None)
            if fast and call is not None:
                # Paused clocks are measured one by one, the rest counted in SQL.
                paused = self._paused(db, ASSESSMENT_CALL)
                counted = assessment_counts(
                    db, index, call.target_days, today, start_from, last, by, bool(paused)
                )
                if paused:
                    cases += measure(db, [call], index, today, start_from, last, only=paused)
        wanted = set(months)
        result: dict[tuple[str, str, str], Achievement] = defaultdict(Achievement)
        names = self.counsellor_names() if by == "counsellor" else {}
        for (month, g), (met, missed, running) in counted.items():
            if month not in wanted:
                continue
            keys = [(ASSESSMENT_CALL, month, "")]
            if by:
                label = names.get(g, _("Unassigned")) if by == "counsellor" else g
                keys.append((ASSESSMENT_CALL, month, label or _("Unknown city")))
            for key in keys:
                figure = result[key]
                figure.met += met
                figure.missed += missed
                figure.running += running
        for case in cases:
            month = case.month
            if month not in wanted:
                continue
            outcome = case.met(today)
            keys = [(case.standard_key, month, "")]
            if group is not None:
                keys.append((case.standard_key, month, group(case)))
            for key in keys:
                figure = result[key]
                figure.cases.append(case)
                if outcome is None:
                    figure.running += 1
                elif outcome:
                    figure.met += 1
                else:
                    figure.missed += 1
        return dict(result)

    def _grouping(self, by: str) -> Callable[[Case], str]:
        if by == "counsellor":
            names = self.counsellor_names()
            return lambda c: names.get(c.counsellor_id, _("Unassigned"))
        return lambda c: c.city or _("Unknown city")

    @staticmethod
    def _paused(db: Session, key: str) -> set[str]:
        """The clients with a pause on their clock of standard ``key``."""
        return set(
            db.scalars(
                select(ClockPause.client_id).where(
                    ClockPause.standard_key == key, ClockPause.deleted.is_(False)
                )
            )
        )

    def cases_behind(self, key: str, month: str, group: str, by: str = "") -> list[Case]:
        """The cases behind one dashboard figure."""
        first, last = month_bounds(month)
        _s, cases, _ix = self.cases(first, last)
        label = self._grouping(by) if by else None
        return [
            c
            for c in cases
            if c.standard_key == key
            and c.month == month
            and (label is None or not group or label(c) == group)
        ]

    def counsellor_names(self) -> dict[str, str]:
        with self.ctx.read() as db:
            return {
                row.id: row.display_name or row.username for row in db.scalars(select(Counsellor))
            }

    def explain(self, case: Case) -> str:
        index = self.index(case.start, case.due)
        if case.ahead:
            return index.explain(case.due, case.start)
        return index.explain(case.start, case.due)
