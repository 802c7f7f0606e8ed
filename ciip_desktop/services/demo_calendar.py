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
    Meeting,
    MeetingChannel,
    NeedsAssessment,
    Role,
    SessionKind,
    SessionState,
    Venue,
    WaitlistAction,
    WaitlistEvent,
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
WEEKS_BACK, WEEKS_AHEAD = 53, 6  # back far enough for every demo group session


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
            past: dict[str, list[CalendarSession]] = {}
            coming: list[CalendarSession] = []
            monday = today - timedelta(days=today.weekday())
            for week in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
                for n, (city, every, weekday) in enumerate(SCHEDULE):
                    if city not in venues or (week + n) % every:
                        continue
                    day = monday + timedelta(weeks=week, days=weekday)
                    while not working.is_working_day(day):
                        day += timedelta(days=1)
                    session = CalendarSession(
                        kind=SessionKind.GROUP.value,
                        city=city,
                        venue_id=venues[city].id,
                        lead_counsellor_id=staff[(week + n) % len(staff)],
                        support_counsellor_ids=staff[(week + n + 1) % len(staff)],
                        language="zh",
                        capacity=venues[city].capacity,
                        status=(SessionState.HELD if day < today else SessionState.PLANNED).value,
                        starts_at=_at(day, 9),
                        ends_at=_at(day, 16, 30),
                        time_zone="Asia/Shanghai",
                    )
                    db.add(session)
                    added += 1
                    (past.setdefault(city, []) if day < today else coming).append(session)
            db.flush()
            seated = self._attendees(db, rng, past)
            for rows in past.values():
                for session in rows:
                    if not seated.get(session.id):
                        session.status = SessionState.CANCELLED.value  # nobody registered
            left = {city: sum(1 for s in coming if s.city == city) for city in venues}
            for session in coming:
                day = session.starts_at.astimezone(CST).date()
                # The next session of each city is full, with a few clients waiting.
                full = left[session.city] == sum(1 for s in coming if s.city == session.city)
                pool = people.get(session.city, [])
                seated[session.id] = self._enrol(
                    db, rng, session, day, pool, full, left[session.city]
                )
                left[session.city] -= 1
            # One-on-ones the next working day: after the last past session of each city
            # that had attendees, and after the coming week's sessions.
            recent = [
                [s for s in rows if seated.get(s.id)][-1]
                for rows in past.values()
                if any(seated.get(s.id) for s in rows)
            ]
            next_week = _at(today, 0) + timedelta(days=8)
            for session in recent + [s for s in coming if s.starts_at < next_week]:
                day = working.next_working_day(session.starts_at.astimezone(CST).date())
                added += self._one_on_ones(
                    db, session, seated.get(session.id, [])[:6], day, session.lead_counsellor_id
                )
            added += self._phone_sessions(db, rng, staff, working, today)
        return added

    @staticmethod
    def _attendees(
        db: Session, rng: random.Random, past: dict[str, list[CalendarSession]]
    ) -> dict[str, list[str]]:
        """Seat each client whose record shows a group session at the session of their city
        on or before that day, marked attended: attendance is what the status rests on."""
        cities = session_city_of()
        rows = db.execute(
            select(Meeting.client_id, Meeting.held_on, Client.city_of_residence)
            .join(Client, Client.id == Meeting.client_id)
            .where(Meeting.channel == MeetingChannel.GROUP.value, Meeting.deleted.is_(False))
            .order_by(Meeting.held_on, Client.file_no)
        ).all()
        taken: dict[str, list[str]] = {}
        for client_id, held_on, residence in rows:
            sessions = past.get(cities.get(residence, "Guangzhou")) or past.get("Guangzhou", [])
            open_ = [s for s in sessions if len(taken.get(s.id, [])) < s.capacity]
            if not open_:
                continue  # more attendees than the demo's sessions seat
            before = [s for s in open_ if s.starts_at.astimezone(CST).date() <= held_on]
            session = before[-1] if before else open_[0]
            taken.setdefault(session.id, []).append(client_id)
            mark = "late" if rng.random() < 0.07 else "attended"
            DemoCalendar._seat(db, session, client_id, len(taken[session.id]), True, mark)
        return taken

    @staticmethod
    def _seat(
        db: Session,
        session: CalendarSession,
        client_id: str,
        position: int,
        in_seat: bool,
        attendance: str = "",
    ) -> None:
        day = session.starts_at
        db.add(
            Enrollment(
                session_id=session.id,
                client_id=client_id,
                state="enrolled" if in_seat else "waiting",
                queue_position=position,
                family_id=client_id,
                attendance=attendance,
                marked_by=session.lead_counsellor_id if attendance else None,
                marked_at=session.ends_at if attendance else None,
            )
        )
        db.add(
            WaitlistEvent(
                session_id=session.id,
                client_id=client_id,
                action=(WaitlistAction.ENROLLED if in_seat else WaitlistAction.WAITLISTED).value,
                at=day - timedelta(days=10 + position % 9, hours=position % 7),
                counsellor_id=session.lead_counsellor_id,
                reason=SEAT_GIVEN if in_seat else SESSION_FULL,
            )
        )

    @staticmethod
    def _people(db: Session) -> dict[str, list[tuple[str, date | None]]]:
        """Session city → signed clients assessed and waiting for a session, living near it."""
        cities = session_city_of()
        rows = db.execute(
            select(Client.id, Client.city_of_residence, NeedsAssessment.expected_departure)
            .join(NeedsAssessment, NeedsAssessment.client_id == Client.id)
            .where(
                Client.signature_on_file.is_(True),
                NeedsAssessment.complete.is_(True),
                Client.status.in_((ClientStatus.ASSESSED.value, ClientStatus.PACKAGE_READY.value)),
            )
            .order_by(Client.file_no)
        )
        found: dict[str, list[tuple[str, date | None]]] = {}
        for cid, residence, departure in rows:
            city = cities.get(residence)
            if city:
                found.setdefault(city, []).append((cid, departure))
        return found

    @staticmethod
    def _enrol(
        db: Session,
        rng: random.Random,
        session: CalendarSession,
        day: date,
        pool: list[tuple[str, date | None]],
        full: bool,
        sessions_left: int,
    ) -> list[str]:
        """Clients waiting for a session in that city, taken from ``pool`` (each client once);
        a full session has a few more on its waiting list."""
        candidates = [p for p in pool if p[1] is None or p[1] > day]
        rng.shuffle(candidates)
        if full and len(candidates) >= 15:
            # A smaller room that day when the office has fewer clients than the hall seats.
            session.capacity = min(session.capacity, max(12, len(candidates) // 2))
            chosen = candidates[: session.capacity + 3]
        else:
            share = len(candidates) // max(1, sessions_left)
            chosen = candidates[: min(session.capacity, share + rng.randint(0, 2))]
        for n, person in enumerate(chosen):
            DemoCalendar._seat(db, session, person[0], n + 1, n < session.capacity)
            pool.remove(person)
        return [cid for cid, _d in chosen[: session.capacity]]

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
