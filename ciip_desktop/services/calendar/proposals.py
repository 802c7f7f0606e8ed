"""Proposals: for each assessed client, the next group session in or near their city before
their departure, else a one-on-one, else a phone session — with the reason.

Everything is read in three queries and matched in memory, so 5 000 clients take well under
a second; seats are counted down as clients are proposed, so the proposals never overfill.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ciip_desktop.config import REFERENCE_DIR
from ciip_desktop.i18n import _, format_date
from ciip_desktop.models import (
    CalendarSession,
    Client,
    ClientStatus,
    Enrollment,
    EnrollmentState,
    NeedsAssessment,
    SessionKind,
    SessionState,
)
from ciip_desktop.services.calendar.base import CalendarService
from ciip_desktop.services.calendar.types import OFFICE_TIME_ZONE, Proposal, city_label

WAITING_FOR_SESSIONS = (ClientStatus.ASSESSED.value, ClientStatus.PACKAGE_READY.value)


@cache
def session_city_of() -> dict[str, str]:
    """Residence city → the city whose group sessions the client can reach."""
    with (REFERENCE_DIR / "session-cities.csv").open(encoding="utf-8") as fh:
        return {row["city"]: row["session_city"] for row in csv.DictReader(fh)}


@cache
def destination_zones() -> tuple[dict[str, str], dict[str, str]]:
    """(city → time zone, province → the zone of its first city) for Canadian destinations."""
    cities: dict[str, str] = {}
    provinces: dict[str, str] = {}
    with (REFERENCE_DIR / "cities.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["country"] == "CA":
                cities[row["city"]] = row["time_zone"]
                provinces.setdefault(row["province"], row["time_zone"])
    return cities, provinces


def client_time_zone(city: str, province: str) -> str:
    cities, provinces = destination_zones()
    return cities.get(city) or provinces.get(province) or "America/Toronto"


@dataclass
class _Seat:
    id: str
    city: str
    day: date
    free: int


class ProposalService(CalendarService):
    def propose(self, today: date | None = None) -> list[Proposal]:
        """One proposal per assessed client not yet booked, in file-number order."""
        today = today or self.today()
        start = datetime.combine(
            today + timedelta(days=1), time(0), tzinfo=ZoneInfo(OFFICE_TIME_ZONE)
        )
        with self.ctx.read() as db:
            calendar = self.working_calendar(db)
            clients = db.execute(
                select(
                    Client.id,
                    Client.file_no,
                    Client.city_of_residence,
                    NeedsAssessment.expected_departure,
                )
                .join(NeedsAssessment, NeedsAssessment.client_id == Client.id)
                .where(
                    Client.deleted.is_(False),
                    Client.signature_on_file.is_(True),
                    Client.status.in_(WAITING_FOR_SESSIONS),
                    NeedsAssessment.complete.is_(True),
                    NeedsAssessment.deleted.is_(False),
                )
                .order_by(Client.file_no)
            ).all()
            upcoming = db.scalars(
                select(CalendarSession).where(
                    CalendarSession.deleted.is_(False),
                    CalendarSession.status == SessionState.PLANNED.value,
                    CalendarSession.starts_at >= start,
                )
            ).all()
            taken = dict(
                db.execute(
                    select(Enrollment.session_id, func.count())
                    .where(
                        Enrollment.deleted.is_(False),
                        Enrollment.state == EnrollmentState.ENROLLED.value,
                    )
                    .group_by(Enrollment.session_id)
                ).all()
            )
            future_ids = [s.id for s in upcoming]
            booked = set(
                db.scalars(
                    select(Enrollment.client_id).where(
                        Enrollment.deleted.is_(False),
                        Enrollment.state != EnrollmentState.REMOVED.value,
                        Enrollment.session_id.in_(future_ids),
                    )
                )
            ) | {s.client_id for s in upcoming if s.client_id}
            # Sessions already held count too: a client who attended is not proposed again.
            booked |= set(
                db.scalars(
                    select(CalendarSession.client_id).where(
                        CalendarSession.deleted.is_(False),
                        CalendarSession.client_id.is_not(None),
                        CalendarSession.status == SessionState.HELD.value,
                    )
                )
            )
        seats: dict[str, list[_Seat]] = defaultdict(list)
        for s in upcoming:
            if s.kind == SessionKind.GROUP.value:
                day = s.starts_at.astimezone(ZoneInfo(s.time_zone)).date()
                seats[s.city].append(_Seat(s.id, s.city, day, s.capacity - taken.get(s.id, 0)))
        for city_seats in seats.values():
            city_seats.sort(key=lambda seat: (seat.day, seat.id))
        next_day = calendar.next_working_day(today)
        cities = session_city_of()
        proposals = []
        for client_id, file_no, residence, departure in clients:
            if client_id in booked:
                continue
            proposals.append(
                self._one(client_id, file_no, residence, departure, today, next_day, seats, cities)
            )
        return proposals

    @staticmethod
    def _one(
        client_id: str,
        file_no: str,
        residence: str,
        departure: date | None,
        today: date,
        next_day: date,
        seats: dict[str, list[_Seat]],
        cities: dict[str, str],
    ) -> Proposal:
        if departure is not None and departure <= today:
            return Proposal(
                client_id, file_no, SessionKind.PHONE.value, None, next_day,
                _("Already left for Canada ({day}): a phone session.").format(
                    day=format_date(departure)
                ),
            )  # fmt: skip
        city = cities.get(residence, "")
        if not city:
            return Proposal(
                client_id, file_no, SessionKind.PHONE.value, None, next_day,
                _("Lives too far from Guangzhou, Beijing and Shanghai: a phone session."),
            )  # fmt: skip
        for seat in seats.get(city, []):
            if seat.free > 0 and (departure is None or seat.day < departure):
                seat.free -= 1
                if departure is None:
                    reason = _("Next group session with a free seat in {city}.")
                else:
                    reason = _("Next group session in {city} before departure on {departure}.")
                return Proposal(
                    client_id, file_no, SessionKind.GROUP.value, seat.id, seat.day,
                    reason.format(city=city_label(city), departure=format_date(departure)), city,
                )  # fmt: skip
        if departure is None or next_day < departure:
            return Proposal(
                client_id, file_no, SessionKind.ONE_ON_ONE.value, None, next_day,
                _("No group session in {city} with a free seat before departure: a one-on-one.")
                .format(city=city_label(city)),
                city,
            )  # fmt: skip
        return Proposal(
            client_id, file_no, SessionKind.PHONE.value, None, next_day,
            _("Leaves for Canada on {day}, before any session in {city}: a phone session.")
            .format(day=format_date(departure), city=city_label(city)),
            city,
        )  # fmt: skip
