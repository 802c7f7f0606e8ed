"""Each standard measured from the records' own events: one ``Case`` per clock.

Nothing is typed twice: registrations, needs assessments, calendar sessions, attendance,
meetings and issued packages already say when each clock started and stopped. Everything is
computed on read, so a changed holiday, closure or target re-measures every open case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.models import (
    PRESENT,
    CalendarSession,
    Client,
    ClientStatus,
    ClockPause,
    Enrollment,
    FeedbackItem,
    InfoPackage,
    Meeting,
    MeetingChannel,
    NeedsAssessment,
    SessionKind,
    SessionState,
)
from ciip_desktop.services.quality.clock import Pause, WorkdayIndex
from ciip_desktop.services.quality.standards import (
    ASSESSMENT_CALL,
    COMPLAINT_ACKNOWLEDGED,
    COMPLAINT_RESOLVED,
    ENQUIRY_ANSWERED,
    ONE_ON_ONE_AFTER_GROUP,
    PACKAGE_BEFORE_PHONE,
    Standard,
)

_GONE = (ClientStatus.WITHDRAWN.value,)
# Feedback standards: the kind of item and the column whose date stops the clock.
FEEDBACK_STOPS = {
    ENQUIRY_ANSWERED: ("enquiry", "answered_on"),
    COMPLAINT_ACKNOWLEDGED: ("complaint", "acknowledged_on"),
    COMPLAINT_RESOLVED: ("complaint", "resolved_on"),
}


@dataclass(frozen=True)
class Case:
    """One clock of one standard for one client."""

    standard_key: str
    client_id: str
    file_no: str
    counsellor_id: str
    city: str
    start: date
    due: date
    stop: date | None  # None: the clock is still running
    elapsed: int  # working days from start to stop (or to today)
    paused: int  # working days of those in a pause
    ahead: bool = False

    @property
    def net(self) -> int:
        return self.elapsed - self.paused

    @property
    def open(self) -> bool:
        return self.stop is None

    def met(self, today: date) -> bool | None:
        """True or False once decided; None while the clock runs and time is left."""
        if self.stop is not None:
            return self.stop <= self.due
        return False if today > self.due else None

    @property
    def month(self) -> str:
        """The month the case counts in: when it stopped, else when it fell due."""
        if self.ahead:
            day = self.start
        elif self.stop is not None:
            day = self.stop
        else:
            day = self.due
        return f"{day.year:04d}-{day.month:02d}"


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name or "Asia/Shanghai")


def _local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(_zone(zone)).date()


@dataclass
class _Client:
    file_no: str
    counsellor_id: str
    city: str
    received_on: date | None
    status: str


_CLIENT_COLUMNS = (
    Client.id,
    Client.file_no,
    Client.counsellor_id,
    Client.city_of_residence,
    Client.received_on,
    Client.status,
)


class _Clients:
    """The few columns of the clients a measurement touches, read only for those."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.known: dict[str, _Client] = {}

    def keep(self, row: Any) -> _Client:
        client = _Client(
            row.file_no, row.counsellor_id or "", row.city_of_residence, row.received_on, row.status
        )
        self.known[row.id] = client
        return client

    def load(self, ids: Iterable[str]) -> None:
        missing = [i for i in set(ids) if i and i not in self.known]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            query = select(*_CLIENT_COLUMNS).where(Client.id.in_(chunk), Client.deleted.is_(False))
            for row in self.db.execute(query):
                self.keep(row)

    def get(self, client_id: str) -> _Client | None:
        return self.known.get(client_id)


def measure(
    db: Session,
    standards: Iterable[Standard],
    index: WorkdayIndex,
    today: date,
    first: date,
    last: date,
    only: Collection[str] | None = None,
) -> list[Case]:
    """The cases of the active standards whose clock started in ``[first, last]``
    (``only``: the needs-assessment call of these clients only)."""
    clients = _Clients(db)
    pauses: dict[tuple[str, str], list[Pause]] = defaultdict(list)
    for p in db.scalars(select(ClockPause).where(ClockPause.deleted.is_(False))):
        pauses[(p.standard_key, p.client_id)].append(Pause(p.first_day, p.last_day, p.reason))
    cases: list[Case] = []
    horizon = min(today, index.last)
    for standard in standards:
        if not standard.active:
            continue
        if standard.key == ASSESSMENT_CALL:
            events = _assessment_events(db, clients, first, last, only)
        elif standard.key == ONE_ON_ONE_AFTER_GROUP:
            events = _one_on_one_events(db, first, last)
            clients.load(e[0] for e in events)
        elif standard.key == PACKAGE_BEFORE_PHONE:
            cases.extend(_package_cases(db, clients, standard, index, first, last))
            continue
        elif standard.key in FEEDBACK_STOPS:
            cases.extend(_feedback_cases(db, standard, index, horizon, first, last))
            continue
        else:
            continue
        for client_id, start, stop in events:
            client = clients.get(client_id)
            if client is None:
                continue
            held = pauses.get((standard.key, client_id), [])
            due = index.due(start, standard.target_days, held)
            end = stop if stop is not None else horizon
            cases.append(
                Case(
                    standard.key,
                    client_id,
                    client.file_no,
                    client.counsellor_id,
                    client.city,
                    start,
                    due,
                    stop,
                    index.between(start, end),
                    index.paused_between(held, start, end) if held else 0,
                )
            )
    return cases


def _assessment_events(
    db: Session, clients: _Clients, first: date, last: date, only: Collection[str] | None
) -> list[tuple[str, date, date | None]]:
    done = (
        select(NeedsAssessment.client_id, NeedsAssessment.assessed_on)
        .where(NeedsAssessment.deleted.is_(False), NeedsAssessment.complete.is_(True))
        .subquery()
    )
    events: list[tuple[str, date, date | None]] = []
    query = (
        select(*_CLIENT_COLUMNS, done.c.assessed_on)
        .outerjoin(done, done.c.client_id == Client.id)
        .where(
            Client.deleted.is_(False),
            Client.received_on >= first,
            Client.received_on <= last,
        )
    )
    if only is not None:
        query = query.where(Client.id.in_(list(only)))
    for row in db.execute(query):
        client = clients.keep(row)
        stop = row.assessed_on
        if stop is None and client.status in _GONE:
            continue  # withdrew before the call: no clock left to measure
        assert client.received_on is not None
        events.append((row.id, client.received_on, stop))
    return events


def _one_on_one_events(db: Session, first: date, last: date) -> list[tuple[str, date, date | None]]:
    attended: dict[str, date] = {}
    rows = db.execute(
        select(Enrollment.client_id, CalendarSession.starts_at, CalendarSession.time_zone)
        .join(CalendarSession, CalendarSession.id == Enrollment.session_id)
        .where(
            Enrollment.deleted.is_(False),
            Enrollment.attendance.in_(PRESENT),
            CalendarSession.kind == SessionKind.GROUP.value,
            CalendarSession.deleted.is_(False),
        )
    )
    days = [(client_id, _local_day(starts_at, zone)) for client_id, starts_at, zone in rows]
    held: dict[str, list[date]] = defaultdict(list)
    # A session recorded only as a meeting (no calendar booking) counts as well: the group
    # session starts the clock, the one-on-one stops it. One clock per client: the first
    # group session, whichever record says so (a session both booked and recorded is one).
    for client_id, channel, on in db.execute(
        select(Meeting.client_id, Meeting.channel, Meeting.held_on).where(
            Meeting.deleted.is_(False),
            Meeting.channel.in_((MeetingChannel.GROUP.value, MeetingChannel.ONE_ON_ONE.value)),
        )
    ):
        if channel == MeetingChannel.GROUP.value:
            days.append((client_id, on))
        else:
            held[client_id].append(on)
    for client_id, day in days:
        if first <= day <= last and (client_id not in attended or day < attended[client_id]):
            attended[client_id] = day
    for session_client, starts_at, zone in db.execute(
        select(
            CalendarSession.client_id, CalendarSession.starts_at, CalendarSession.time_zone
        ).where(
            CalendarSession.deleted.is_(False),
            CalendarSession.kind == SessionKind.ONE_ON_ONE.value,
            CalendarSession.status == SessionState.HELD.value,
        )
    ):
        if session_client:
            held[session_client].append(_local_day(starts_at, zone))
    events: list[tuple[str, date, date | None]] = []
    for client_id, start in attended.items():
        after = [d for d in held.get(client_id, ()) if d >= start]
        events.append((client_id, start, min(after) if after else None))
    return events


def _package_cases(
    db: Session,
    clients: _Clients,
    standard: Standard,
    index: WorkdayIndex,
    first: date,
    last: date,
) -> list[Case]:
    issued: dict[str, list[date]] = defaultdict(list)
    for client_id, at in db.execute(
        select(InfoPackage.client_id, InfoPackage.issued_at).where(InfoPackage.deleted.is_(False))
    ):
        issued[client_id].append(_local_day(at, "Asia/Shanghai"))
    cases: list[Case] = []
    phone = list(
        db.execute(
            select(
                CalendarSession.client_id,
                CalendarSession.starts_at,
                CalendarSession.time_zone,
                CalendarSession.meeting_id,
            ).where(
                CalendarSession.deleted.is_(False),
                CalendarSession.kind == SessionKind.PHONE.value,
                CalendarSession.status != SessionState.CANCELLED.value,
            )
        )
    )
    sessions = {
        (client_id, _local_day(starts_at, zone))
        for client_id, starts_at, zone, _meeting in phone
        if client_id
    }
    booked = {meeting for *_row, meeting in phone if meeting}
    # A phone session recorded only as a meeting counts too; one both booked and recorded
    # (linked, or the same client on the same day) is counted once.
    for meeting_id, client_id, on in db.execute(
        select(Meeting.id, Meeting.client_id, Meeting.held_on).where(
            Meeting.deleted.is_(False), Meeting.channel == MeetingChannel.PHONE.value
        )
    ):
        if meeting_id not in booked:
            sessions.add((client_id, on))
    clients.load(client_id for client_id, _day in sessions)
    for client_id, session_day in sorted(sessions):
        client = clients.get(client_id)
        if client is None or not first <= session_day <= last:
            continue
        due = index.subtract(session_day, standard.target_days)
        before = [d for d in issued.get(client_id, ()) if d <= session_day]
        stop = min(before) if before else None
        cases.append(
            Case(
                standard.key,
                client_id,
                client.file_no,
                client.counsellor_id,
                client.city,
                session_day,
                due,
                stop,
                index.between(stop, session_day) if stop else 0,
                0,
                ahead=True,
            )
        )
    return cases


def _feedback_cases(
    db: Session, standard: Standard, index: WorkdayIndex, horizon: date, first: date, last: date
) -> list[Case]:
    """Feedback items: the case carries the item's reference where a client's file no. is."""
    kind, column = FEEDBACK_STOPS[standard.key]
    stop_column = getattr(FeedbackItem, column)
    cases: list[Case] = []
    for item_id, reference, handler, received, stop in db.execute(
        select(
            FeedbackItem.id,
            FeedbackItem.reference,
            FeedbackItem.handler_id,
            FeedbackItem.received_on,
            stop_column,
        ).where(
            FeedbackItem.deleted.is_(False),
            FeedbackItem.kind == kind,
            FeedbackItem.received_on >= first,
            FeedbackItem.received_on <= last,
        )
    ):
        end = stop if stop is not None else horizon
        cases.append(
            Case(
                standard.key,
                item_id,
                reference,
                handler or "",
                "",
                received,
                index.due(received, standard.target_days),
                stop,
                index.between(received, end),
                0,
            )
        )
    return cases
