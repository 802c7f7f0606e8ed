"""One-on-one and phone sessions: the next working day's slots for a group session's
attendees, booking and rescheduling, and recording a held session as a meeting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.errors import ValidationError
from ciip_desktop.i18n import _, format_date
from ciip_desktop.models import (
    CalendarSession,
    CounsellorHours,
    Enrollment,
    EnrollmentState,
    NeedsAssessment,
    SessionKind,
    SessionState,
)
from ciip_desktop.services.calendar.base import CalendarService
from ciip_desktop.services.calendar.queries import load_session, overlapping, split_ids
from ciip_desktop.services.calendar.sessions import SessionService
from ciip_desktop.services.calendar.types import SessionInput, SessionView, Slot
from ciip_desktop.services.clients import CaseworkService
from ciip_desktop.services.clients.status import PackageReadyCheck, no_package
from ciip_desktop.services.clients.types import ActionStepInput, MeetingInput, MeetingView
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.security import guards

DEFAULT_HOURS = ((9 * 60, 12 * 60), (13 * 60 + 30, 17 * 60))  # office hours, lunch excluded
DEFAULT_SLOT_MINUTES = 45


def hours_of(db: Session, counsellor_id: str, weekday: int) -> list[tuple[int, int]]:
    """The counsellor's one-on-one hours that weekday (minutes), else the office's."""
    rows = db.scalars(
        select(CounsellorHours).where(
            CounsellorHours.counsellor_id == counsellor_id,
            CounsellorHours.weekday == weekday,
            CounsellorHours.deleted.is_(False),
        )
    )
    found = [(r.start_minute, r.end_minute) for r in rows]
    if not found:
        return list(DEFAULT_HOURS)
    return sorted((a, b) for a, b in found if b > a)  # [] on a day off


def free_slots(db: Session, counsellor_id: str, day: date, minutes: int, zone: str) -> list[Slot]:
    """The counsellor's free slots of ``minutes`` on ``day`` (their hours less their bookings)."""
    tz = ZoneInfo(zone)
    start_of_day = datetime.combine(day, time(0), tzinfo=tz)
    busy = [
        (s.starts_at, s.ends_at)
        for s in overlapping(db, start_of_day, start_of_day + timedelta(days=1))
        if counsellor_id == s.lead_counsellor_id
        or counsellor_id in split_ids(s.support_counsellor_ids)
    ]
    slots = []
    for first, last in hours_of(db, counsellor_id, day.weekday()):
        at = first
        while at + minutes <= last:
            begins = start_of_day + timedelta(minutes=at)
            ends = begins + timedelta(minutes=minutes)
            if not any(b < ends and e > begins for b, e in busy):
                slots.append(Slot(counsellor_id, begins.astimezone(tz), ends.astimezone(tz), zone))
            at += minutes
    return slots


class OneOnOneService(CalendarService):
    def __init__(
        self,
        ctx: ServiceContext,
        sessions: SessionService,
        casework: CaseworkService,
        package_ready: PackageReadyCheck = no_package,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(ctx, package_ready, today)
        self.sessions = sessions
        self.casework = casework

    def next_day(self, group_session_id: str) -> date:
        """The working day after a group session, in its city (weekends, holidays, 调休)."""
        with self.ctx.read() as db:
            row = load_session(db, group_session_id)
            day = row.starts_at.astimezone(ZoneInfo(row.time_zone)).date()
            return self.working_calendar(db).next_working_day(day)

    def slots(
        self, counsellor_id: str, day: date, minutes: int = DEFAULT_SLOT_MINUTES, zone: str = ""
    ) -> list[Slot]:
        """Free slots of the counsellor that day; none on a holiday, weekend or closure."""
        with self.ctx.read() as db:
            if not self.working_calendar(db).is_working_day(day):
                return []
            return free_slots(db, counsellor_id, day, minutes, zone or "Asia/Shanghai")

    @staticmethod
    def no_slot_message(day: date) -> str:
        return _("No free slot is left on {day}; choose another day.").format(day=format_date(day))

    def destination(self, client_id: str) -> tuple[str, str]:
        """(destination city, province) from the client's needs assessment."""
        with self.ctx.read() as db:
            row = db.execute(
                select(
                    NeedsAssessment.destination_city, NeedsAssessment.destination_province
                ).where(NeedsAssessment.client_id == client_id)
            ).first()
            return (row[0], row[1]) if row else ("", "")

    def plan_for_group(
        self, group_session_id: str, minutes: int = DEFAULT_SLOT_MINUTES
    ) -> list[tuple[str, Slot]]:
        """(client id, slot) for each seated attendee still without a one-on-one from this
        group session, on the next working day, from the session's counsellors' hours."""
        if minutes < 10:
            raise ValidationError(_("A one-on-one slot is at least 10 minutes long."))
        day = self.next_day(group_session_id)
        with self.ctx.read() as db:
            group = load_session(db, group_session_id)
            counsellors = [
                c for c in (group.lead_counsellor_id, *split_ids(group.support_counsellor_ids)) if c
            ]
            if not counsellors:
                raise ValidationError(
                    _("The group session has no counsellor; add one before planning one-on-ones.")
                )
            seated = list(
                db.scalars(
                    select(Enrollment.client_id)
                    .where(
                        Enrollment.session_id == group_session_id,
                        Enrollment.deleted.is_(False),
                        Enrollment.state == EnrollmentState.ENROLLED.value,
                        Enrollment.attendance.not_in(("no_show", "cancelled")),
                    )
                    .order_by(Enrollment.queue_position, Enrollment.client_id)
                )
            )
            booked = set(
                db.scalars(
                    select(CalendarSession.client_id).where(
                        CalendarSession.group_session_id == group_session_id,
                        CalendarSession.deleted.is_(False),
                        CalendarSession.status != SessionState.CANCELLED.value,
                    )
                )
            )
            free = {c: free_slots(db, c, day, minutes, group.time_zone) for c in counsellors}
        plan: list[tuple[str, Slot]] = []
        queue = [c for c in seated if c not in booked]
        # Round-robin over the counsellors, earliest slot first.
        while queue and any(free.values()):
            for counsellor in counsellors:
                if queue and free[counsellor]:
                    plan.append((queue.pop(0), free[counsellor].pop(0)))
        return plan

    def book_for_group(
        self, actor: Actor, group_session_id: str, minutes: int = DEFAULT_SLOT_MINUTES
    ) -> list[SessionView]:
        """Book the next working day's one-on-ones for the group session's attendees."""
        guards.own_session(self.ctx, actor, group_session_id)
        group = self.sessions.get(group_session_id)
        booked = []
        for client_id, slot in self.plan_for_group(group_session_id, minutes):
            booked.append(
                self.sessions.create(
                    actor,
                    SessionInput(
                        kind=SessionKind.ONE_ON_ONE.value,
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        city=group.city,
                        venue_id=group.venue_id,
                        lead_counsellor_id=slot.counsellor_id,
                        language=group.language,
                        capacity=1,
                        time_zone=group.time_zone,
                        client_id=client_id,
                        group_session_id=group_session_id,
                    ),
                    accept=True,  # a free slot of that counsellor: only a holiday could warn
                )
            )
        return booked

    def book_phone(
        self,
        actor: Actor,
        client_id: str,
        counsellor_id: str,
        client_local_start: datetime,
        minutes: int = DEFAULT_SLOT_MINUTES,
        accept: bool = False,
    ) -> SessionView:
        """A phone session at a time agreed in the client's time zone (shown in both)."""
        zone = client_local_start.tzinfo
        if not isinstance(zone, ZoneInfo):
            raise ValidationError(_("Give the time agreed in the client's time zone."))
        return self.sessions.create(
            actor,
            SessionInput(
                kind=SessionKind.PHONE.value,
                starts_at=client_local_start,
                ends_at=client_local_start + timedelta(minutes=minutes),
                lead_counsellor_id=counsellor_id,
                capacity=1,
                client_id=client_id,
                client_time_zone=zone.key,
            ),
            accept=accept,
        )

    def record_held(
        self,
        actor: Actor,
        session_id: str,
        activity: str,
        steps: Sequence[ActionStepInput] = (),
        notes: str = "",
    ) -> MeetingView:
        """A one-on-one or phone session held: a meeting with its activity and action steps."""
        guards.own_session(self.ctx, actor, session_id)
        view = self.sessions.get(session_id)
        if view.kind == SessionKind.GROUP.value or not view.client_id:
            raise ValidationError(_("Record attendance on the roster for a group session."))
        channel = "phone" if view.kind == SessionKind.PHONE.value else "one_on_one"
        meeting = self.casework.record_meeting(
            actor,
            view.client_id,
            MeetingInput(view.local_start.date(), channel, activity, notes),
            steps,
        )
        with self.ctx.write(actor) as db:
            row = load_session(db, session_id)
            row.meeting_id = meeting.id
            row.status = SessionState.HELD.value
        return meeting
