""" "My day": what a counsellor has due today and tomorrow, what is about to miss its
standard, overdue action steps and today's sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ciip_desktop.models import ActionStep, CalendarSession, Client, SessionState
from ciip_desktop.services.quality.measure import Case
from ciip_desktop.services.quality.service import QualityService

OFFICE_ZONE = ZoneInfo("Asia/Shanghai")
# A running clock with this many working days left, or fewer, is about to miss.
AT_RISK_DAYS = 3


@dataclass(frozen=True)
class DueCase:
    case: Case
    title: str
    left: int  # working days left (0: due today)
    explanation: str


@dataclass(frozen=True)
class StepDue:
    client_id: str
    file_no: str
    text: str
    due_on: date


@dataclass(frozen=True)
class SessionToday:
    session_id: str
    kind: str
    title: str
    starts_at: datetime
    city: str


@dataclass
class MyDay:
    today: date
    tomorrow: date
    due_today: list[DueCase] = field(default_factory=list)
    due_tomorrow: list[DueCase] = field(default_factory=list)
    at_risk: list[DueCase] = field(default_factory=list)
    overdue_steps: list[StepDue] = field(default_factory=list)
    sessions: list[SessionToday] = field(default_factory=list)


def my_day(quality: QualityService, counsellor_id: str | None) -> MyDay:
    """The day of ``counsellor_id`` (None: the whole office)."""
    today = quality.today()
    standards, cases, index = quality.cases(today - timedelta(days=200), today)
    titles = {s.key: s.title for s in standards}
    tomorrow = index.add(today, 1)
    day = MyDay(today, tomorrow)
    for case in cases:
        if not case.open or case.due < today or (case.ahead and case.start < today):
            continue
        if counsellor_id and case.counsellor_id != counsellor_id:
            continue
        left = index.between(today, case.due)
        item = DueCase(case, titles[case.standard_key], left, "")
        if case.due == today:
            day.due_today.append(item)
        elif case.due == tomorrow:
            day.due_tomorrow.append(item)
        elif left <= AT_RISK_DAYS:
            day.at_risk.append(item)
    for bucket in (day.due_today, day.due_tomorrow, day.at_risk):
        bucket.sort(key=lambda d: (d.case.due, d.case.file_no))
        bucket[:] = [
            DueCase(d.case, d.title, d.left, quality.explain(d.case)) for d in bucket[:200]
        ]
    start = datetime.combine(today, time(0), OFFICE_ZONE)
    with quality.ctx.read() as db:
        steps = select(ActionStep.client_id, Client.file_no, ActionStep.text, ActionStep.due_on)
        steps = steps.join(Client, Client.id == ActionStep.client_id).where(
            ActionStep.deleted.is_(False),
            ActionStep.done.is_(False),
            ActionStep.due_on < today,
            Client.deleted.is_(False),
        )
        if counsellor_id:
            steps = steps.where(Client.counsellor_id == counsellor_id)
        for client_id, file_no, text, due_on in db.execute(
            steps.order_by(ActionStep.due_on).limit(200)
        ):
            if due_on is not None:
                day.overdue_steps.append(StepDue(client_id, file_no, text, due_on))
        sessions = select(CalendarSession).where(
            CalendarSession.deleted.is_(False),
            CalendarSession.status != SessionState.CANCELLED.value,
            CalendarSession.starts_at >= start,
            CalendarSession.starts_at < start + timedelta(days=1),
        )
        if counsellor_id:
            sessions = sessions.where(CalendarSession.lead_counsellor_id == counsellor_id)
        for s in db.scalars(sessions.order_by(CalendarSession.starts_at)):
            day.sessions.append(SessionToday(s.id, s.kind, s.title, s.starts_at, s.city))
    return day
