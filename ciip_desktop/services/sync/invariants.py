"""Checks that only show across laptops, run after every merge; each lists for a person.

A check gets the write session and what the merge touched, records each finding once (as
a :class:`SyncConflict`, written through the one write path so it syncs, with the same id
on every laptop that finds it) and returns one translated sentence per finding it recorded
now, for the sync report. New capabilities add their own check with :func:`register`: the
same person registered on two laptops (here) and the calendar's double bookings and
sessions over capacity (``services/calendar/sync_check.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import _
from ciip_desktop.models import (
    CalendarSession,
    ChangeRecord,
    Client,
    ConflictKind,
    Enrollment,
    SyncConflict,
)
from ciip_desktop.services.clients.duplicates import Person, find_duplicates_many
from ciip_desktop.sync.change import ROW_INSERT
from ciip_desktop.sync.merge import ApplyResult, conflict_id

if TYPE_CHECKING:
    from ciip_desktop.services.context import ServiceContext

Check = Callable[["ServiceContext", Session, ApplyResult], list[str]]
_CHECKS: list[Check] = []


def register(check: Check) -> Check:
    """Add a check run after every merge (usable as a decorator)."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def run_checks(ctx: ServiceContext, session: Session, result: ApplyResult) -> list[str]:
    """Every check; the sentences of the findings recorded now."""
    found: list[str] = []
    for check in list(_CHECKS):
        found.extend(check(ctx, session, result))
    return found


def record_finding(session: Session, table: str, row_id: str, other_row_id: str) -> int:
    """One finding about two rows, once (the same id on every laptop that finds it)."""
    first, second = sorted((row_id, other_row_id))
    cid = conflict_id(table, first, second, ConflictKind.DUPLICATE)
    if session.get(SyncConflict, cid) is not None:
        return 0
    # Created when the later of the two records was: the same row on every laptop.
    created = session.scalars(select(Client.created_at).where(Client.id.in_((first, second))))
    session.add(
        SyncConflict(
            id=cid,
            kind=ConflictKind.DUPLICATE,
            table_name=table,
            row_id=first,
            other_row_id=second,
            created_at=max(created, default=None),
        )
    )
    return 1


@register
def same_person_on_two_laptops(
    ctx: ServiceContext, session: Session, result: ApplyResult
) -> list[str]:
    """A client who arrived from another laptop and looks like a client registered here."""
    arrived = result.inserted.get(Client.__tablename__, {})
    if not arrived:
        return []
    found: list[str] = []
    live = session.scalars(
        select(Client).where(Client.id.in_(sorted(arrived)), Client.deleted.is_(False))
    ).all()
    people = [
        Person.of(
            family_name=c.family_name,
            given_name=c.given_name,
            chinese_name=c.chinese_name,
            pinyin=c.pinyin,
            date_of_birth=c.date_of_birth,
            phone=c.phone,
            email=c.email,
        )
        for c in live
    ]
    matches = find_duplicates_many(session, people, [c.id for c in live])
    for client, candidates in zip(live, matches, strict=True):
        ids = [m.client_id for m in candidates if m.client_id not in arrived]
        others = _origins(session, ids)
        for other in ids:
            if others.get(other, "") != arrived[client.id] and record_finding(
                session, Client.__tablename__, client.id, other
            ):
                found.append(_same_person_text(session, client.id, other))
    return found


def _same_person_text(session: Session, first: str, second: str) -> str:
    stmt = select(Client.id, Client.file_no).where(Client.id.in_((first, second)))
    files = {cid: file_no for cid, file_no in session.execute(stmt)}
    return _(
        "{first} and {second} may be the same person, registered on two laptops; "
        "compare them in the Conflicts tab."
    ).format(first=files.get(first, ""), second=files.get(second, ""))


@register
def calendar_clashes(ctx: ServiceContext, session: Session, result: ApplyResult) -> list[str]:
    """Double bookings and sessions over capacity made on two laptops (the calendar's own
    checks, loaded only when a merge touched sessions or enrolments)."""
    if not (
        result.touched.get(CalendarSession.__tablename__)
        or result.touched.get(Enrollment.__tablename__)
    ):
        return []
    from ciip_desktop.services.calendar.sync_check import calendar_after_merge

    return calendar_after_merge(session, result.touched)


def _origins(session: Session, ids: list[str]) -> dict[str, str]:
    """The device that created each row (from its insert record)."""
    if not ids:
        return {}
    stmt = select(ChangeRecord.row_id, ChangeRecord.device_id).where(
        ChangeRecord.table_name == Client.__tablename__,
        ChangeRecord.row_id.in_(ids),
        ChangeRecord.field == ROW_INSERT,
    )
    return {str(r): str(d) for r, d in session.execute(stmt)}
