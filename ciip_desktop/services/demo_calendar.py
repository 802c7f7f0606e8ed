"""A realistic demo calendar: past and coming sessions in the three cities, with enrolments,
waiting lists, attendance, one-on-ones and phone sessions (deterministic for a seed).

Rows are written directly in one transaction (through the one write path) so the demo stays
fast; the rules they follow are the calendar services' own.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ciip_desktop.models import (
    CalendarSession,
    Client,
    ClientStatus,
    Counsellor,
    Enrollment,
    NeedsAssessment,
    Role,
    SessionKind,
    SessionState,
    Venue,
    WaitlistAction,
    WaitlistEvent,
    utcnow,
)
from ciip_desktop.services.calendar.enrolment import SEAT_GIVEN, SESSION_FULL
from ciip_desktop.services.calendar.proposals import client_time_zone, session_city_of
from ciip_desktop.services.calendar.working_days import WorkingCalendar
from ciip_desktop.services.context import Actor, ServiceContext

CST = ZoneInfo("Asia/Shanghai")
VENUE_DETAILS = {
    "Guangzhou": ("Training room 2", "Tianhe Road 208, Tianhe District", "Front desk, ext. 201"),
    "Beijing": ("Meeting room 3F", "Jianguomen Inner St 8, Dongcheng", "Branch events office"),
    "Shanghai": ("Conference hall B", "Lujiazui Ring Rd 1000, Pudong", "Branch events office"),
}
# (city, every how many weeks, weekday): Guangzhou weekly, the partner venues less often.
SCHEDULE = (("Guangzhou", 1, 3), ("Beijing", 3, 1), ("Shanghai", 3, 2))
WEEKS_BACK, WEEKS_AHEAD = 8, 6


def _at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = CST) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


class DemoCalendar:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def fill(self, actor: Actor, seed: int = 1, today: date | None = None) -> int:
        """Add the demo calendar once (nothing when sessions exist); returns sessions added."""
        today = today or date.today()
        rng = random.Random(seed)
        working = WorkingCalendar()
        with self.ctx.write(actor) as db:
            if db.scalar(select(func.count()).select_from(CalendarSession)):
                return 0
            staff = list(
                db.scalars(
                    select(Counsellor.id)
                    .where(Counsellor.role != Role.ADMINISTRATOR.value)
                    .order_by(Counsellor.username)
                )
            )
            venues = {v.city: v for v in db.scalars(select(Venue).where(Venue.deleted.is_(False)))}
            if not staff or not venues:
                return 0
            for city, (room, address, contact) in VENUE_DETAILS.items():
                if city in venues:
                    venues[city].room, venues[city].address = room, address
                    venues[city].contact = contact
            people = self._people(db)
            added = 0
            monday = today - timedelta(days=today.weekday())
            for week in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
                for n, (city, every, weekday) in enumerate(SCHEDULE):
                    if city not in venues or (week + n) % every:
                        continue
                    day = monday + timedelta(weeks=week, days=weekday)
                    while not working.is_working_day(day):
                        day += timedelta(days=1)
                    lead = staff[(week + n) % len(staff)]
                    support = staff[(week + n + 1) % len(staff)]
                    session = CalendarSession(
                        kind=SessionKind.GROUP.value,
                        title="",
                        city=city,
                        venue_id=venues[city].id,
                        lead_counsellor_id=lead,
                        support_counsellor_ids=support,
                        language="zh",
                        capacity=venues[city].capacity,
                        status=SessionState.HELD.value
                        if day < today
                        else SessionState.PLANNED.value,
                        starts_at=_at(day, 9),
                        ends_at=_at(day, 16, 30),
                        time_zone="Asia/Shanghai",
                    )
                    db.add(session)
                    db.flush()
                    added += 1
                    taken = self._enrol(db, rng, session, day, today, people.get(city, []))
                    next_day = working.next_working_day(day)
                    if day < today or week <= 1:
                        added += self._one_on_ones(db, session, taken[:6], next_day, lead)
            added += self._phone_sessions(db, rng, staff, working, today)
        return added

    @staticmethod
    def _people(db: Session) -> dict[str, list[tuple[str, date | None, str]]]:
        """Session city → signed, assessed clients (id, departure, status) living near it."""
        cities = session_city_of()
        rows = db.execute(
            select(Client.id, Client.city_of_residence, NeedsAssessment.expected_departure,
                   Client.status)
            .join(NeedsAssessment, NeedsAssessment.client_id == Client.id)
            .where(Client.signature_on_file.is_(True), NeedsAssessment.complete.is_(True))
            .order_by(Client.file_no)
        )  # fmt: skip
        found: dict[str, list[tuple[str, date | None, str]]] = {}
        for cid, residence, departure, status in rows:
            city = cities.get(residence)
            if city:
                found.setdefault(city, []).append((cid, departure, status))
        return found

    @staticmethod
    def _enrol(
        db: Session,
        rng: random.Random,
        session: CalendarSession,
        day: date,
        today: date,
        people: list[tuple[str, date | None, str]],
    ) -> list[str]:
        past = day < today
        wanted = (
            {ClientStatus.GROUP_ATTENDED.value, ClientStatus.ONE_ON_ONE_DONE.value}
            if past
            else {ClientStatus.ASSESSED.value, ClientStatus.PACKAGE_READY.value}
        )
        candidates = [p for p in people if p[2] in wanted and (p[1] is None or p[1] > day)]
        rng.shuffle(candidates)
        fill = session.capacity if rng.random() < 0.5 else rng.randint(8, session.capacity)
        chosen = candidates[: fill + (0 if past else rng.randint(0, 4))]
        seated: list[str] = []
        now = utcnow()
        for n, (cid, _departure, _status) in enumerate(chosen):
            in_seat = n < session.capacity
            attendance = ""
            if past and in_seat:
                attendance = rng.choices(["attended", "late", "no_show"], [88, 7, 5])[0]
            db.add(
                Enrollment(
                    session_id=session.id,
                    client_id=cid,
                    state="enrolled" if in_seat else "waiting",
                    queue_position=n + 1,
                    family_id=cid,
                    attendance=attendance,
                    marked_by=session.lead_counsellor_id if attendance else None,
                    marked_at=now if attendance else None,
                )
            )
            db.add(
                WaitlistEvent(
                    session_id=session.id,
                    client_id=cid,
                    action=(
                        WaitlistAction.ENROLLED if in_seat else WaitlistAction.WAITLISTED
                    ).value,
                    at=now,
                    counsellor_id=session.lead_counsellor_id,
                    reason=SEAT_GIVEN if in_seat else SESSION_FULL,
                )
            )
            if in_seat and attendance != "no_show":
                seated.append(cid)
        # The past group sessions are where the attended clients' status comes from.
        if past:
            for cid in seated:
                client = db.get(Client, cid)
                if client is not None and client.status == ClientStatus.ASSESSED.value:
                    client.status = ClientStatus.GROUP_ATTENDED.value
        return seated

    @staticmethod
    def _one_on_ones(
        db: Session, group: CalendarSession, clients: list[str], day: date, counsellor: str | None
    ) -> int:
        for n, cid in enumerate(clients):
            # Three in the morning from 9:00, the others from 13:30 (lunch kept free).
            start = _at(day, 9) + timedelta(minutes=45 * n) if n < 3 else _at(day, 13, 30)
            start += timedelta(minutes=45 * (n - 3)) if n >= 3 else timedelta(0)
            db.add(
                CalendarSession(
                    kind=SessionKind.ONE_ON_ONE.value,
                    city=group.city,
                    venue_id=group.venue_id,
                    lead_counsellor_id=counsellor,
                    capacity=1,
                    status=group.status,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=45),
                    time_zone="Asia/Shanghai",
                    client_id=cid,
                    group_session_id=group.id,
                )
            )
        return len(clients)

    @staticmethod
    def _phone_sessions(
        db: Session, rng: random.Random, staff: list[str], working: WorkingCalendar, today: date
    ) -> int:
        """Phone sessions with clients already in Canada: the office's morning, their evening."""
        rows = db.execute(
            select(
                Client.id, NeedsAssessment.destination_city, NeedsAssessment.destination_province
            )
            .join(NeedsAssessment, NeedsAssessment.client_id == Client.id)
            .where(
                Client.signature_on_file.is_(True),
                NeedsAssessment.complete.is_(True),
                NeedsAssessment.expected_departure < today,
                Client.status == ClientStatus.ASSESSED.value,
            )
            .order_by(Client.file_no)
            .limit(8)
        ).all()
        day = today
        for cid, city, province in rows:
            day = working.next_working_day(day)
            zone = client_time_zone(city, province)
            start = _at(day, rng.choice((8, 9, 10)), rng.choice((0, 30)))
            db.add(
                CalendarSession(
                    kind=SessionKind.PHONE.value,
                    lead_counsellor_id=rng.choice(staff),
                    capacity=1,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=45),
                    time_zone="Asia/Shanghai",
                    client_id=cid,
                    client_time_zone=zone,
                )
            )
        return len(rows)
