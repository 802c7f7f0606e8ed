"""The client's next individual session, as the package and the late-package flag need it.

``NextAppointment`` is the interface: given the session, a client id and today, the next
one-on-one or phone session, or None. The calendar supplies the real one once merged
(``Services.build`` takes it); until then :func:`recorded_meeting` finds the individual
meetings recorded for today or later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.models import Meeting, MeetingChannel
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
