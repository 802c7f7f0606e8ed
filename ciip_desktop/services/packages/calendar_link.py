"""Where packages meet the calendar: a client's next individual session and a group
session's attendees, read from the calendar's sessions and enrolments.

Both fall back to what the follow-up recorded (:mod:`.appointments`) when the calendar has
nothing, so a package built from a database without sessions still names the next meeting.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.models import (
    Attendance,
    CalendarSession,
    Client,
    Enrollment,
    EnrollmentState,
    SessionKind,
    SessionState,
)
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.packages.appointments import (
    recorded_group_attendees,
    recorded_meeting,
)
from ciip_desktop.services.packages.types import Appointment

INDIVIDUAL = (SessionKind.ONE_ON_ONE.value, SessionKind.PHONE.value)
# Enrolled clients who are known not to come get no package in a batch.
ABSENT = (Attendance.NO_SHOW.value, Attendance.CANCELLED.value)


def next_calendar_appointment(session: Session, client_id: str, today: date) -> Appointment | None:
    """The client's next one-on-one or phone session booked in the calendar, else the next
    individual meeting recorded for today or later."""
    since = datetime.combine(today, time.min, tzinfo=UTC)
    row = session.scalars(
        select(CalendarSession)
        .where(
            CalendarSession.client_id == client_id,
            CalendarSession.kind.in_(INDIVIDUAL),
            CalendarSession.status != SessionState.CANCELLED.value,
            CalendarSession.deleted.is_(False),
            CalendarSession.starts_at >= since,
        )
        .order_by(CalendarSession.starts_at)
    ).first()
    if row is None:
        return recorded_meeting(session, client_id, today)
    local_day = row.starts_at.astimezone(ZoneInfo(row.time_zone or "Asia/Shanghai")).date()
    return Appointment(local_day, row.kind)


def group_session_attendees(ctx: ServiceContext, session_id: str) -> list[str]:
    """The clients enrolled in a calendar group session (not marked absent), by file number;
    a session id that is a date (YYYY-MM-DD) means the group meetings recorded that day."""
    with ctx.read() as session:
        found = session.get(CalendarSession, session_id)
        if found is not None and not found.deleted and found.kind == SessionKind.GROUP.value:
            return list(
                session.scalars(
                    select(Enrollment.client_id)
                    .join(Client, Client.id == Enrollment.client_id)
                    .where(
                        Enrollment.session_id == session_id,
                        Enrollment.state == EnrollmentState.ENROLLED.value,
                        Enrollment.attendance.not_in(ABSENT),
                        Enrollment.deleted.is_(False),
                        Client.deleted.is_(False),
                    )
                    .order_by(Client.file_no)
                )
            )
    return recorded_group_attendees(ctx, session_id)
