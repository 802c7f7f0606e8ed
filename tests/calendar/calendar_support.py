"""Shared helpers of the calendar tests: a desk with the calendar services and a few clients."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.calendar import CalendarServices
from ciip_desktop.services.calendar.types import SessionInput, SessionView
from ciip_desktop.services.clients import AssessmentService, ClientService
from ciip_desktop.services.clients.types import AssessmentInput, RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext

CST = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)  # a Wednesday


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CST)


class Desk:
    """The office as a counsellor uses it in these tests (today is fixed)."""

    def __init__(self, ctx: ServiceContext, actor: Actor) -> None:
        self.ctx = ctx
        self.actor = actor
        self.boss = replace(actor, role=Role.SUPERVISOR)  # the same person as a supervisor
        self.cal = CalendarServices.build(ctx, today=lambda: TODAY)
        self.clients = ClientService(ctx, today=lambda: TODAY)
        self.assessments = AssessmentService(ctx, today=lambda: TODAY)

    def counsellor(self, username: str, name: str, role: Role = Role.COUNSELLOR) -> str:
        with self.ctx.write(Actor.system()) as session:
            person = Counsellor(
                office_id=self.ctx.replica.office_id,
                username=username,
                display_name=name,
                role=role.value,
            )
            session.add(person)
            session.flush()
            return person.id

    def client(
        self,
        name: str = "张伟",
        departure: date | None = None,
        city: str = "Guangzhou",
        signed: bool = True,
        principal: str | None = None,
    ) -> str:
        data = RegistrationInput(
            chinese_name=name,
            received_on=TODAY - timedelta(days=30),
            signature_on_file=signed,
            signature_date=TODAY - timedelta(days=31) if signed else None,
            city_of_residence=city,
        )
        if principal:
            data = replace(data, applicant_role="family_member", principal_file_no=principal)
        detail = self.clients.register(self.actor, data)
        if departure is not None:
            self.assessments.save(
                self.actor,
                detail.id,
                AssessmentInput(
                    destination_province="ON",
                    destination_city="Toronto",
                    expected_departure=departure,
                    intended_noc="21231",
                    english_clb=7,
                ),
                complete=True,
            )
        return detail.id

    def file_no(self, client_id: str) -> str:
        return self.clients.get(self.actor, client_id).file_no

    def group(
        self,
        day: date,
        capacity: int = 30,
        city: str = "Guangzhou",
        lead: str | None = None,
        venue: str | None = None,
        **changes: object,
    ) -> SessionView:
        draft = SessionInput(
            kind="group",
            starts_at=at(day, 9),
            ends_at=at(day, 16, 30),
            city=city,
            capacity=capacity,
            lead_counsellor_id=lead or self.actor.counsellor_id,
            venue_id=venue,
        )
        # Another counsellor's session is planned by a supervisor (a counsellor plans their own).
        planner = self.actor if draft.lead_counsellor_id == self.actor.counsellor_id else self.boss
        return self.cal.sessions.create(planner, replace(draft, **changes), accept=True)  # type: ignore[arg-type]


__all__ = ["CST", "TODAY", "UTC", "Desk", "at"]
