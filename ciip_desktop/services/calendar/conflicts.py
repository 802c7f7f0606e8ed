"""The calendar's checks: double bookings, overlapping client bookings, capacity, holidays.

:func:`draft_warnings` runs before a session is saved or moved (the counsellor sees every
warning and decides); :func:`enrolment_warnings` before a client is enrolled;
:func:`calendar_warnings` checks a whole period at once — the checks a sync merge must run
after applying remote changes, where two laptops may each have booked the same counsellor,
venue or last seat offline (sync calls it once it exists).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import _, format_date
from ciip_desktop.models import (
    CalendarSession,
    Client,
    Counsellor,
    Enrollment,
    EnrollmentState,
    SessionState,
    Venue,
)
from ciip_desktop.services.calendar.queries import (
    live_sessions,
    overlapping,
    seat_counts,
    split_ids,
)
from ciip_desktop.services.calendar.types import CalendarWarning, SessionInput
from ciip_desktop.services.calendar.working_days import CHINA, WorkingCalendar


def _names(db: Session) -> dict[str, str]:
    return dict(db.execute(select(Counsellor.id, Counsellor.display_name)).all())


def _counsellors(row: CalendarSession) -> set[str]:
    ids = set(split_ids(row.support_counsellor_ids))
    if row.lead_counsellor_id:
        ids.add(row.lead_counsellor_id)
    return ids


def _local(when: datetime, zone: str) -> str:
    return when.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def counsellor_clash(name: str, when: str) -> CalendarWarning:
    return CalendarWarning(
        "counsellor_double_booked",
        _("{name} is already booked in another session at {when}.").format(name=name, when=when),
    )


def holiday_warning(db_calendar: WorkingCalendar, start: datetime, zone: str) -> list[str]:
    day = start.astimezone(ZoneInfo(zone)).date()
    if db_calendar.is_working_day(day, CHINA):
        return []
    name = db_calendar.holiday_name(day, CHINA)
    if name:
        return [
            _(
                "{day} is not a working day ({name}); choose another day or keep it on purpose."
            ).format(day=format_date(day), name=name)
        ]
    return [
        _("{day} is a weekend day; choose a working day or keep it on purpose.").format(
            day=format_date(day)
        )
    ]


def draft_warnings(
    db: Session,
    draft: SessionInput,
    calendar: WorkingCalendar,
    session_id: str | None = None,
) -> list[CalendarWarning]:
    """What the counsellor must see before ``draft`` is saved (``session_id`` when editing)."""
    warnings: list[CalendarWarning] = []
    names = _names(db)
    others = overlapping(db, draft.starts_at, draft.ends_at, exclude=session_id)
    mine = {c for c in (draft.lead_counsellor_id, *draft.support_counsellor_ids) if c}
    for other in others:
        when = _local(other.starts_at, other.time_zone)
        for cid in sorted(mine & _counsellors(other)):
            warnings.append(counsellor_clash(names.get(cid, cid), when))
        if draft.venue_id and other.venue_id == draft.venue_id:
            venue = db.get(Venue, draft.venue_id)
            warnings.append(
                CalendarWarning(
                    "venue_double_booked",
                    _("{venue} is already booked for another session at {when}.").format(
                        venue=venue.name if venue else "", when=when
                    ),
                    (other.id,),
                )
            )
    if draft.client_id:
        clash = client_clashes(db, draft.client_id, draft.starts_at, draft.ends_at, session_id)
        if clash:
            client = db.get(Client, draft.client_id)
            warnings.append(client_overlap(client.file_no if client else "", clash))
    if session_id and draft.kind == "group":
        enrolled = seat_counts(db, [session_id])[session_id][0]
        if enrolled > draft.capacity:
            warnings.append(over_capacity(enrolled, draft.capacity, (session_id,)))
    for text in holiday_warning(calendar, draft.starts_at, draft.time_zone):
        warnings.append(CalendarWarning("holiday", text))
    return warnings


def over_capacity(enrolled: int, capacity: int, ids: tuple[str, ...]) -> CalendarWarning:
    return CalendarWarning(
        "over_capacity",
        _(
            "{enrolled} clients are enrolled for {capacity} seats: the session is over capacity."
        ).format(enrolled=enrolled, capacity=capacity),
        ids,
    )


def client_overlap(file_no: str, clash: Sequence[CalendarSession]) -> CalendarWarning:
    first = clash[0]
    return CalendarWarning(
        "client_overlap",
        _("Client {file_no} is already booked into another session at {when}.").format(
            file_no=file_no, when=_local(first.starts_at, first.time_zone)
        ),
        tuple(c.id for c in clash),
    )


def client_clashes(
    db: Session, client_id: str, starts_at: datetime, ends_at: datetime, exclude: str | None
) -> list[CalendarSession]:
    """The client's other sessions (own or enrolled, not removed) overlapping that time."""
    others = overlapping(db, starts_at, ends_at, exclude=exclude)
    if not others:
        return []
    ids = [o.id for o in others]
    enrolled = set(
        db.scalars(
            select(Enrollment.session_id).where(
                Enrollment.client_id == client_id,
                Enrollment.deleted.is_(False),
                Enrollment.state != EnrollmentState.REMOVED.value,
                Enrollment.session_id.in_(ids),
            )
        )
    )
    return [o for o in others if o.client_id == client_id or o.id in enrolled]


def calendar_warnings(db: Session, start: datetime, end: datetime) -> list[CalendarWarning]:
    """Every invariant of the period at once: the checks to run after a sync merge.

    Sessions over capacity, a counsellor, venue or client in two overlapping sessions.
    """
    rows = list(
        db.scalars(
            live_sessions()
            .where(
                CalendarSession.status != SessionState.CANCELLED.value,
                CalendarSession.starts_at < end,
                CalendarSession.ends_at > start,
            )
            .order_by(CalendarSession.starts_at)
        )
    )
    warnings: list[CalendarWarning] = []
    counts = seat_counts(db, [r.id for r in rows if r.kind == "group"])
    for r in rows:
        enrolled = counts.get(r.id, (0, 0))[0]
        if r.kind == "group" and enrolled > r.capacity:
            warnings.append(over_capacity(enrolled, r.capacity, (r.id,)))
    names = _names(db)
    venues = dict(db.execute(select(Venue.id, Venue.name)).all())
    attendees: dict[str, set[str]] = defaultdict(set)
    group_ids = [r.id for r in rows if r.kind == "group"]
    if group_ids:
        for sid, cid in db.execute(
            select(Enrollment.session_id, Enrollment.client_id).where(
                Enrollment.deleted.is_(False),
                Enrollment.state == EnrollmentState.ENROLLED.value,
                Enrollment.session_id.in_(group_ids),
            )
        ):
            attendees[sid].add(cid)
    files = dict(db.execute(select(Client.id, Client.file_no)).all()) if rows else {}
    active: list[CalendarSession] = []
    for r in rows:
        active = [a for a in active if a.ends_at > r.starts_at]
        for a in active:
            pair = (a.id, r.id)
            when = _local(r.starts_at, r.time_zone)
            for cid in sorted(_counsellors(a) & _counsellors(r)):
                w = counsellor_clash(names.get(cid, cid), when)
                warnings.append(CalendarWarning(w.code, w.message, pair))
            if a.venue_id and a.venue_id == r.venue_id:
                warnings.append(
                    CalendarWarning(
                        "venue_double_booked",
                        _("{venue} is booked for two sessions at {when}.").format(
                            venue=venues.get(a.venue_id, ""), when=when
                        ),
                        pair,
                    )
                )
            people_a = attendees[a.id] | ({a.client_id} if a.client_id else set())
            people_r = attendees[r.id] | ({r.client_id} if r.client_id else set())
            for cid in sorted(people_a & people_r):
                warnings.append(client_overlap(files.get(cid, ""), [a, r]))
        active.append(r)
    return warnings
