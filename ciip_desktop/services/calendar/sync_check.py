"""The calendar's checks after a sync merge: what two laptops booked offline that clashes.

A counsellor sees every warning before saving on their own laptop (and may keep a double
booking on purpose). What nobody saw is a clash between bookings made on two laptops: the
same counsellor, venue or client in two overlapping sessions, or a group session that two
laptops filled past its seats. After every merge that touched sessions or enrolments,
:func:`calendar_after_merge` runs :func:`~.conflicts.calendar_warnings` over their period and
records each such clash once for a person (a :class:`SyncConflict` of kind ``calendar``,
the same row on every laptop that finds it), with its sentence for the sync report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import N_, _, format_datetime
from ciip_desktop.models import (
    CalendarSession,
    ChangeRecord,
    ConflictKind,
    Enrollment,
    EnrollmentState,
    SyncConflict,
)
from ciip_desktop.services.calendar.conflicts import calendar_warnings
from ciip_desktop.services.calendar.types import KIND_LABELS, CalendarWarning, label
from ciip_desktop.sync.change import ROW_INSERT
from ciip_desktop.sync.merge import conflict_id

SESSIONS = CalendarSession.__tablename__
ENROLMENTS = Enrollment.__tablename__
# The fields that put a session where it is, or a client in a seat: who set them last is who
# made the booking (a note edited on another laptop does not count).
_PLACING = (
    ROW_INSERT,
    "starts_at",
    "ends_at",
    "lead_counsellor_id",
    "support_counsellor_ids",
    "venue_id",
    "status",
    "client_id",
)
_SEATING = (ROW_INSERT, "state")


def touched_sessions(db: Session, touched: Mapping[str, set[str]]) -> set[str]:
    """The sessions a merge touched, directly or through an enrolment."""
    found = set(touched.get(SESSIONS, set()))
    enrolments = sorted(touched.get(ENROLMENTS, set()))
    for start in range(0, len(enrolments), 500):
        chunk = enrolments[start : start + 500]
        found.update(db.scalars(select(Enrollment.session_id).where(Enrollment.id.in_(chunk))))
    return found


def calendar_after_merge(db: Session, touched: Mapping[str, set[str]]) -> list[str]:
    """Record each clash between two laptops' bookings among the sessions touched; the
    sentences of those recorded now (a clash already recorded is not repeated)."""
    ids = touched_sessions(db, touched)
    if not ids:
        return []
    period = db.execute(
        select(CalendarSession.starts_at, CalendarSession.ends_at).where(
            CalendarSession.id.in_(sorted(ids)), CalendarSession.deleted.is_(False)
        )
    ).all()
    if not period:
        return []
    start = min(p.starts_at for p in period)
    end = max(p.ends_at for p in period)
    sentences: list[str] = []
    seen: set[str] = set()
    for warning in calendar_warnings(db, start, end):
        involved = tuple(sorted(warning.session_ids))
        if not involved or not ids.intersection(involved):
            continue
        if not _from_two_laptops(db, warning.code, involved):
            continue  # one laptop's own booking: its counsellor saw the warning and kept it
        cid = conflict_id(SESSIONS, warning.code, *involved, ConflictKind.CALENDAR)
        if cid in seen or db.get(SyncConflict, cid) is not None:
            continue
        seen.add(cid)
        _record(db, cid, warning, involved)
        sentences.append(warning.message)
    return sentences


def _record(db: Session, cid: str, warning: CalendarWarning, involved: tuple[str, ...]) -> None:
    # Everything in the row follows from the sessions, so two laptops that find the same
    # clash write the same row (its creation time is the later session's).
    created = db.scalars(
        select(CalendarSession.created_at).where(CalendarSession.id.in_(involved))
    ).all()
    db.add(
        SyncConflict(
            id=cid,
            kind=ConflictKind.CALENDAR,
            table_name=SESSIONS,
            row_id=involved[0],
            other_row_id=involved[1] if len(involved) > 1 else "",
            field=warning.code,
            created_at=max(created) if created else None,
        )
    )
    db.flush()


def _from_two_laptops(db: Session, code: str, involved: tuple[str, ...]) -> bool:
    """Whether the clash is made of bookings last written on different laptops."""
    if code == "over_capacity":
        enrolled = db.scalars(
            select(Enrollment.id).where(
                Enrollment.session_id == involved[0],
                Enrollment.deleted.is_(False),
                Enrollment.state == EnrollmentState.ENROLLED.value,
            )
        ).all()
        return len(set(_latest_writer(db, ENROLMENTS, enrolled, _SEATING).values())) > 1
    latest = _latest_writer(db, SESSIONS, involved, _PLACING)
    return len(set(latest.values())) > 1


def _latest_writer(
    db: Session, table: str, ids: Iterable[str], fields: tuple[str, ...]
) -> dict[str, str]:
    """The laptop that last set one of ``fields`` of each row."""
    wanted = list(ids)
    latest: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found = db.execute(
            select(ChangeRecord.row_id, ChangeRecord.device_id, ChangeRecord.hlc).where(
                ChangeRecord.table_name == table,
                ChangeRecord.row_id.in_(chunk),
                ChangeRecord.field.in_(fields),
            )
        )
        for row_id, device, hlc in found:
            if row_id not in latest or (hlc, device) > latest[row_id]:
                latest[row_id] = (hlc, device)
    return {r: d for r, (_h, d) in latest.items()}


_FINDING_LABELS = {
    "counsellor_double_booked": N_("Counsellor booked twice"),
    "venue_double_booked": N_("Venue booked twice"),
    "client_overlap": N_("Client in two sessions at once"),
    "over_capacity": N_("Session over capacity"),
}


@dataclass(frozen=True)
class FindingWords:
    """A recorded clash as the Conflicts tab names it."""

    sessions: str  # "Group session · 2 Dec 2026, 09:00 / One-on-one · 2 Dec 2026, 10:00"
    what: str  # "Counsellor booked twice"
    summary: str  # what happened and what to do, in one or two sentences


def finding_words(db: Session, code: str, session_ids: Iterable[str]) -> FindingWords:
    rows = db.scalars(
        select(CalendarSession)
        .where(CalendarSession.id.in_([s for s in session_ids if s]))
        .order_by(CalendarSession.starts_at)
    ).all()
    sessions = " / ".join(
        _("{kind} · {when}").format(
            kind=label(KIND_LABELS, r.kind), when=format_datetime(r.starts_at, tz=r.time_zone)
        )
        for r in rows
    )
    return FindingWords(
        sessions=sessions or _("(a session no longer on the calendar)"),
        what=label(_FINDING_LABELS, code),
        summary=f"{_still(db, code, rows)} {_what_to_do()}",
    )


def _what_to_do() -> str:
    return _(
        "Bookings made on two laptops clash. Open the sessions on the Calendar screen "
        "to move, cancel or change one, then mark this as seen."
    )


def _still(db: Session, code: str, rows: Sequence[CalendarSession]) -> str:
    """The clash as the calendar's check words it now (who, where, when), or that it is gone."""
    if rows:
        ids = {r.id for r in rows}
        start = min(r.starts_at for r in rows)
        end = max(r.ends_at for r in rows)
        for warning in calendar_warnings(db, start, end):
            if warning.code == code and ids.issuperset(warning.session_ids):
                return warning.message
    return _("The calendar no longer shows this clash.")


__all__ = ["FindingWords", "calendar_after_merge", "finding_words", "touched_sessions"]
