"""Reading calendar rows into plain views, inside the caller's session."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ciip_desktop.errors import NotFoundError
from ciip_desktop.i18n import _
from ciip_desktop.models import (
    CalendarSession,
    Client,
    Counsellor,
    Enrollment,
    EnrollmentState,
    SessionState,
    Venue,
)
from ciip_desktop.services.calendar.types import SessionFilter, SessionView
from ciip_desktop.services.clients.names import display_name


def session_gone(session_id: str) -> NotFoundError:
    return NotFoundError(
        _("This session no longer exists ({id}); refresh the calendar and try again.").format(
            id=session_id
        )
    )


def load_session(db: Session, session_id: str) -> CalendarSession:
    row = db.get(CalendarSession, session_id)
    if row is None or row.deleted:
        raise session_gone(session_id)
    return row


def split_ids(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(",") if part)


def live_sessions() -> Select[CalendarSession]:
    return select(CalendarSession).where(CalendarSession.deleted.is_(False))


def overlapping(
    db: Session, starts_at: datetime, ends_at: datetime, exclude: str | None = None
) -> list[CalendarSession]:
    """Sessions not cancelled whose time overlaps [starts_at, ends_at)."""
    stmt = live_sessions().where(
        CalendarSession.status != SessionState.CANCELLED.value,
        CalendarSession.starts_at < ends_at,
        CalendarSession.ends_at > starts_at,
    )
    if exclude:
        stmt = stmt.where(CalendarSession.id != exclude)
    return list(db.scalars(stmt))


def seat_counts(db: Session, session_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Session id → (enrolled, waiting)."""
    ids = list(session_ids)
    counts: dict[str, tuple[int, int]] = {sid: (0, 0) for sid in ids}
    if not ids:
        return counts
    rows = db.execute(
        select(Enrollment.session_id, Enrollment.state, func.count())
        .where(
            Enrollment.deleted.is_(False),
            Enrollment.state != EnrollmentState.REMOVED.value,
            Enrollment.session_id.in_(ids),
        )
        .group_by(Enrollment.session_id, Enrollment.state)
    )
    for sid, state, n in rows:
        enrolled, waiting = counts[sid]
        if state == EnrollmentState.ENROLLED.value:
            enrolled = n
        else:
            waiting = n
        counts[sid] = (enrolled, waiting)
    return counts


def session_views(db: Session, rows: Sequence[CalendarSession]) -> list[SessionView]:
    names = dict(db.execute(select(Counsellor.id, Counsellor.display_name)).all())
    venues = dict(db.execute(select(Venue.id, Venue.name)).all())
    client_ids = {r.client_id for r in rows if r.client_id}
    clients: dict[str, tuple[str, str]] = {}
    if client_ids:
        for c in db.scalars(select(Client).where(Client.id.in_(client_ids))):
            clients[c.id] = (c.file_no, display_name(c.family_name, c.given_name, c.chinese_name))
    group_ids = [r.id for r in rows if r.kind == "group"]
    counts = seat_counts(db, group_ids) if group_ids else {}
    views = []
    for r in rows:
        support = split_ids(r.support_counsellor_ids)
        file_no, name = clients.get(r.client_id or "", ("", ""))
        enrolled, waiting = counts.get(r.id, (0, 0))
        views.append(
            SessionView(
                id=r.id,
                kind=r.kind,
                title=r.title,
                city=r.city,
                venue_id=r.venue_id,
                venue_name=venues.get(r.venue_id or "", ""),
                lead_counsellor_id=r.lead_counsellor_id,
                lead_name=names.get(r.lead_counsellor_id or "", ""),
                support_counsellor_ids=support,
                support_names=tuple(names.get(s, "") for s in support),
                language=r.language,
                capacity=r.capacity,
                status=r.status,
                starts_at=r.starts_at,
                ends_at=r.ends_at,
                time_zone=r.time_zone,
                client_id=r.client_id,
                client_file_no=file_no,
                client_name=name,
                client_time_zone=r.client_time_zone,
                group_session_id=r.group_session_id,
                enrolled=enrolled,
                waiting=waiting,
                notes=r.notes,
            )
        )
    return views


def sessions_between(
    db: Session, start: datetime, end: datetime, flt: SessionFilter | None = None
) -> list[SessionView]:
    """Sessions that overlap [start, end), earliest first, filtered by city and counsellor."""
    flt = flt or SessionFilter()
    stmt = live_sessions().where(CalendarSession.starts_at < end, CalendarSession.ends_at > start)
    if flt.city:
        stmt = stmt.where(CalendarSession.city == flt.city)
    if flt.kinds:
        stmt = stmt.where(CalendarSession.kind.in_(flt.kinds))
    if not flt.include_cancelled:
        stmt = stmt.where(CalendarSession.status != SessionState.CANCELLED.value)
    if flt.counsellor_id:
        like = f"%{flt.counsellor_id}%"
        stmt = stmt.where(
            (CalendarSession.lead_counsellor_id == flt.counsellor_id)
            | CalendarSession.support_counsellor_ids.like(like)
        )
    rows = list(db.scalars(stmt.order_by(CalendarSession.starts_at, CalendarSession.id)))
    return session_views(db, rows)
