"""Records written as the app writes them, for the service-quality tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from ciip_desktop.models import (
    CalendarSession,
    Client,
    ClockPause,
    Enrollment,
    InfoPackage,
    Meeting,
    NeedsAssessment,
)
from ciip_desktop.services.context import Actor, ServiceContext

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI).astimezone(UTC)


class Records:
    def __init__(self, ctx: ServiceContext, actor: Actor) -> None:
        self.ctx, self.actor, self.n = ctx, actor, 0

    def client(self, received: date, city: str = "Beijing") -> str:
        self.n += 1
        with self.ctx.write(self.actor) as db:
            row = Client(
                file_no=f"GZ-T-{self.n:05d}",
                office_id=self.ctx.replica.office_id,
                counsellor_id=self.actor.counsellor_id,
                family_name="Test",
                given_name=f"Client{self.n}",
                city_of_residence=city,
                received_on=received,
            )
            db.add(row)
            db.flush()
            return row.id

    def assessed(self, client_id: str, on: date) -> None:
        with self.ctx.write(self.actor) as db:
            db.add(NeedsAssessment(client_id=client_id, assessed_on=on, complete=True))

    def pause(self, client_id: str, key: str, first: date, last: date) -> None:
        with self.ctx.write(self.actor) as db:
            db.add(
                ClockPause(
                    client_id=client_id,
                    standard_key=key,
                    first_day=first,
                    last_day=last,
                    reason="waiting on the client",
                )
            )

    def group_attended(self, client_id: str, on: date) -> None:
        with self.ctx.write(self.actor) as db:
            session = CalendarSession(
                kind="group", title="Group", city="Beijing", starts_at=at(on), ends_at=at(on, 12)
            )
            db.add(session)
            db.flush()
            db.add(Enrollment(session_id=session.id, client_id=client_id, attendance="attended"))

    def one_on_one(self, client_id: str, on: date) -> None:
        self.meeting(client_id, on, "one_on_one")

    def meeting(self, client_id: str, on: date, channel: str) -> str:
        """A meeting recorded in the client's follow-up (with or without a calendar booking)."""
        with self.ctx.write(self.actor) as db:
            row = Meeting(client_id=client_id, held_on=on, channel=channel)
            db.add(row)
            db.flush()
            return row.id

    def phone_session(self, client_id: str, on: date, meeting_id: str | None = None) -> None:
        with self.ctx.write(self.actor) as db:
            db.add(
                CalendarSession(
                    kind="phone",
                    title="Phone",
                    client_id=client_id,
                    starts_at=at(on),
                    ends_at=at(on, 11),
                    lead_counsellor_id=self.actor.counsellor_id,
                    status="held" if meeting_id else "planned",
                    meeting_id=meeting_id,
                )
            )

    def package(self, client_id: str, on: date) -> None:
        with self.ctx.write(self.actor) as db:
            db.add(InfoPackage(client_id=client_id, version=1, language="en", issued_at=at(on)))
