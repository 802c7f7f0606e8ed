"""What packages need from the calendar: a client's next individual session (for the package
and the late-package flag) and a group session's attendees (for a batch).

``NextAppointment`` is the interface: given the session, a client id and today, the next
one-on-one or phone session, or None; ``SessionAttendees`` gives a group session's
attendees. :mod:`.calendar_link` reads both from the calendar; the functions here are what
it falls back to when the calendar has nothing: the individual meetings recorded for today
or later (:func:`recorded_meeting`), and the group meetings recorded on a day
(:func:`recorded_group_attendees`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import Client, Meeting, MeetingChannel
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.packages.types import Appointment

NextAppointment = Callable[[Session, str, date], Appointment | None]

INDIVIDUAL = (MeetingChannel.ONE_ON_ONE.value, MeetingChannel.PHONE.value)
# A phone session's package must have gone out this many business days before it.
LEAD_BUSINESS_DAYS = 2


def recorded_meeting(session: Session, client_id: str, today: date) -> Appointment | None:
    row = session.scalars(
        select(Meeting)
        .where(
            Meeting.client_id == client_id,
            Meeting.deleted.is_(False),
            Meeting.channel.in_(INDIVIDUAL),
            Meeting.held_on >= today,
        )
        .order_by(Meeting.held_on)
    ).first()
    return Appointment(row.held_on, row.channel) if row is not None else None


def business_days_before(day: date, count: int) -> date:
    """The business day ``count`` business days before ``day`` (the office is in China)."""
    import holidays  # ~0.1 s; only when a deadline is asked for

    closed = holidays.country_holidays("CN", years=range(day.year - 1, day.year + 1))
    current = day
    while count:
        current -= timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            count -= 1
    return current


def package_deadline(appointment: Appointment) -> date | None:
    """The last day the package can go out for a phone session; None for other sessions."""
    if appointment.channel != MeetingChannel.PHONE.value:
        return None
    return business_days_before(appointment.on, LEAD_BUSINESS_DAYS)


# Given a session id: the client ids of its attendees (the calendar supplies this).
SessionAttendees = Callable[[ServiceContext, str], list[str]]


def recorded_group_attendees(ctx: ServiceContext, session_id: str) -> list[str]:
    """Without a calendar session of that id, a session id is the date of a group session
    (YYYY-MM-DD) and its attendees are the clients with a group meeting recorded that day."""
    try:
        day = date.fromisoformat(session_id)
    except ValueError as exc:
        raise UserError(
            _("There is no group session {id}; give its date as YYYY-MM-DD.").format(id=session_id)
        ) from exc
    with ctx.read() as session:
        return list(
            session.scalars(
                select(Meeting.client_id)
                .join(Client, Client.id == Meeting.client_id)
                .where(
                    Meeting.held_on == day,
                    Meeting.channel == MeetingChannel.GROUP.value,
                    Meeting.deleted.is_(False),
                    Client.deleted.is_(False),
                )
                .order_by(Client.file_no)
                .distinct()
            )
        )
