"""The office's workload: clients per stage, sessions' fill rate, each counsellor's open
cases, registrations per month and their forecast against what is planned: the group
sessions' seats and the one-on-one slots in the counsellors' hours (each new client needs
one of each; hours come from the calendar's counsellor hours on the office's working days)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ciip_desktop.documents.report_table import ReportTable
from ciip_desktop.i18n import N_, format_percent
from ciip_desktop.models import (
    CalendarSession,
    Client,
    ClientStatus,
    Counsellor,
    Enrollment,
    EnrollmentState,
    Role,
    SessionKind,
    SessionState,
)
from ciip_desktop.services.calendar.one_on_ones import DEFAULT_SLOT_MINUTES, hours_of
from ciip_desktop.services.calendar.working_days import WorkingCalendar
from ciip_desktop.services.clients.status import LABELS
from ciip_desktop.services.quality.forecast import Forecast, linear_forecast
from ciip_desktop.services.quality.reports import both, in_language
from ciip_desktop.services.quality.service import QualityService, month_bounds, months_back

HISTORY = 12
AHEAD = 3
_CLOSED = (ClientStatus.CLOSED.value, ClientStatus.WITHDRAWN.value)


@dataclass
class Workload:
    month: str
    stages: dict[str, int] = field(default_factory=dict)
    fill_rate: float | None = None  # enrolled seats / seats of the month's group sessions
    open_cases: dict[str, int] = field(default_factory=dict)  # counsellor name -> clients
    registrations: dict[str, int] = field(default_factory=dict)  # month -> count
    forecast: dict[str, Forecast] = field(default_factory=dict)
    seats_planned: dict[str, int] = field(default_factory=dict)  # month -> group seats
    slots_planned: dict[str, int] = field(default_factory=dict)  # month -> one-on-one slots

    def short_of_seats(self) -> list[str]:
        """Forecast months whose expected registrations exceed the group seats planned."""
        return [m for m, f in self.forecast.items() if f.expected > self.seats_planned.get(m, 0)]

    def short_of_hours(self) -> list[str]:
        """Forecast months whose expected registrations exceed the one-on-one slots in the
        counsellors' hours."""
        return [m for m, f in self.forecast.items() if f.expected > self.slots_planned.get(m, 0)]

    def short_months(self) -> list[str]:
        """Forecast months short of seats or of counsellor hours."""
        short = set(self.short_of_seats()) | set(self.short_of_hours())
        return [m for m in self.forecast if m in short]


def one_on_one_slots(db: Session, calendar: WorkingCalendar, first: date, last: date) -> int:
    """One-on-one slots (of the calendar's default length) in the hours of the active
    counsellors and supervisors on the working days from ``first`` to ``last``."""
    staff = db.scalars(
        select(Counsellor.id).where(
            Counsellor.deleted.is_(False),
            Counsellor.active.is_(True),
            Counsellor.role.in_((Role.COUNSELLOR.value, Role.SUPERVISOR.value)),
        )
    ).all()
    per_weekday = [
        sum(
            (end - start) // DEFAULT_SLOT_MINUTES
            for person in staff
            for start, end in hours_of(db, person, weekday)
        )
        for weekday in range(7)
    ]
    total, day = 0, first
    while day <= last:
        if calendar.is_working_day(day):
            total += per_weekday[day.weekday()]
        day += timedelta(days=1)
    return total


def _next_months(month: str, count: int) -> list[str]:
    year, number = (int(p) for p in month.split("-"))
    result = []
    for _ in range(count):
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
        result.append(f"{year:04d}-{number:02d}")
    return result


def _utc(day: object, end: bool = False) -> datetime:
    assert hasattr(day, "year")
    moment = datetime.combine(day, time.max if end else time.min)  # type: ignore[arg-type]
    return moment.replace(tzinfo=UTC)


def workload(quality: QualityService, month: str) -> Workload:
    first, last = month_bounds(month)
    result = Workload(month)
    history = months_back(last, HISTORY)
    ahead = _next_months(month, AHEAD)
    names = quality.counsellor_names()
    calendar = quality.calendar()
    with quality.ctx.read() as db:
        live = Client.deleted.is_(False)
        for status, count in db.execute(
            select(Client.status, func.count()).where(live).group_by(Client.status)
        ):
            result.stages[status] = count
        open_by: Counter[str] = Counter()
        for counsellor_id, count in db.execute(
            select(Client.counsellor_id, func.count())
            .where(live, Client.status.not_in(_CLOSED))
            .group_by(Client.counsellor_id)
        ):
            open_by[names.get(counsellor_id or "", "—")] += count
        result.open_cases = dict(open_by.most_common())
        h_first, _l = month_bounds(history[0])
        counts: Counter[str] = Counter()
        for (received,) in db.execute(
            select(Client.received_on).where(live, Client.received_on >= h_first)
        ):
            if received is not None and received <= last:
                counts[f"{received.year:04d}-{received.month:02d}"] += 1
        result.registrations = {m: counts.get(m, 0) for m in history}
        group = (
            CalendarSession.deleted.is_(False),
            CalendarSession.kind == SessionKind.GROUP.value,
            CalendarSession.status != SessionState.CANCELLED.value,
        )
        seats = db.execute(
            select(func.coalesce(func.sum(CalendarSession.capacity), 0)).where(
                *group,
                CalendarSession.starts_at >= _utc(first),
                CalendarSession.starts_at <= _utc(last, end=True),
            )
        ).scalar_one()
        taken = db.execute(
            select(func.count())
            .select_from(Enrollment)
            .join(CalendarSession, CalendarSession.id == Enrollment.session_id)
            .where(
                *group,
                Enrollment.deleted.is_(False),
                Enrollment.state == EnrollmentState.ENROLLED.value,
                CalendarSession.starts_at >= _utc(first),
                CalendarSession.starts_at <= _utc(last, end=True),
            )
        ).scalar_one()
        result.fill_rate = taken / seats if seats else None
        for m in ahead:
            m_first, m_last = month_bounds(m)
            result.seats_planned[m] = db.execute(
                select(func.coalesce(func.sum(CalendarSession.capacity), 0)).where(
                    *group,
                    CalendarSession.starts_at >= _utc(m_first),
                    CalendarSession.starts_at <= _utc(m_last, end=True),
                )
            ).scalar_one()
            result.slots_planned[m] = one_on_one_slots(db, calendar, m_first, m_last)
    series = [float(result.registrations[m]) for m in history]
    result.forecast = dict(zip(ahead, linear_forecast(series, AHEAD), strict=True))
    return result


def workload_report(quality: QualityService, month: str) -> ReportTable:
    w = workload(quality, month)
    rows: list[list[str]] = []
    for status in ClientStatus:
        rows.append(
            [both(N_("Clients at this stage")), both(LABELS[status]), str(w.stages.get(status, 0))]
        )
    fill = format_percent(w.fill_rate) if w.fill_rate is not None else "—"
    rows.append([both(N_("Group sessions' fill rate")), month, fill])
    for name, count in w.open_cases.items():
        rows.append([both(N_("Open cases")), name, str(count)])
    for m, count in w.registrations.items():
        rows.append([both(N_("Registrations")), m, str(count)])
    few_seats, few_hours = set(w.short_of_seats()), set(w.short_of_hours())
    for m, f in w.forecast.items():
        text = f"{f.expected:.0f} ({f.low:.0f}–{f.high:.0f})"
        seats = N_("{seats} seats planned: fewer than expected") if m in few_seats else None
        slots = (
            N_("{slots} one-on-one slots in counsellors' hours: fewer than expected")
            if m in few_hours
            else N_("{slots} one-on-one slots in counsellors' hours")
        )
        notes = [
            in_language(lang)(seats or N_("{seats} seats planned")).format(
                seats=w.seats_planned.get(m, 0)
            )
            + "; "
            + in_language(lang)(slots).format(slots=w.slots_planned.get(m, 0))
            for lang in ("en", "zh_CN")
        ]
        rows.append(
            [both(N_("Forecast registrations (95 % range)")), m, f"{text}; {' / '.join(notes)}"]
        )
    return ReportTable(
        title=both(N_("Workload report: {month}")).format(month=month),
        lines=[],
        headers=[both(N_("Figure")), both(N_("Of")), both(N_("Value"))],
        rows=rows,
    )
