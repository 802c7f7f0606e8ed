"""Sessions on the calendar: create, change, move and cancel, with every warning shown first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ciip_desktop.errors import ValidationError
from ciip_desktop.i18n import _, ngettext
from ciip_desktop.models import CalendarSession, Client, SessionKind, SessionState
from ciip_desktop.services.calendar.base import CalendarService, WarningsNotAccepted
from ciip_desktop.services.calendar.conflicts import calendar_warnings, draft_warnings
from ciip_desktop.services.calendar.queries import (
    load_session,
    session_views,
    sessions_between,
    split_ids,
)
from ciip_desktop.services.calendar.types import (
    CalendarWarning,
    SessionFilter,
    SessionInput,
    SessionView,
)
from ciip_desktop.services.context import Actor
from ciip_desktop.services.security import guards

KINDS = tuple(k.value for k in SessionKind)


def zone_ok(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def validate(draft: SessionInput) -> dict[str, str]:
    """Field → reason for what cannot be saved at all."""
    errors: dict[str, str] = {}
    if draft.kind not in KINDS:
        errors["kind"] = _("Choose a group, one-on-one or phone session.")
    if draft.starts_at.tzinfo is None or draft.ends_at.tzinfo is None:
        errors["starts_at"] = _("The session's time has no time zone; choose the time again.")
    elif draft.ends_at <= draft.starts_at:
        errors["ends_at"] = _("The session ends before it starts; give an end after the start.")
    if draft.kind == SessionKind.GROUP.value:
        if draft.capacity < 1:
            errors["capacity"] = _("A group session needs at least one seat.")
        if not draft.city:
            errors["city"] = _("Choose the city of the group session.")
    elif draft.kind in KINDS and not draft.client_id:
        errors["client_id"] = _("Choose the client of this session.")
    if not zone_ok(draft.time_zone):
        errors["time_zone"] = _("Unknown time zone; choose one from the list.")
    if draft.client_time_zone and not zone_ok(draft.client_time_zone):
        errors["client_time_zone"] = _("Unknown time zone; choose one from the list.")
    return errors


def invalid(errors: dict[str, str]) -> ValidationError:
    n = len(errors)
    return ValidationError(
        ngettext(
            "The session has {n} problem; correct the field marked and save again.",
            "The session has {n} problems; correct the fields marked and save again.",
            n,
        ).format(n=n),
        errors,
    )


def at_local(day: date, clock: time, zone: str) -> datetime:
    """A local wall-clock time in ``zone`` as an aware datetime."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone))


class SessionService(CalendarService):
    def check(self, draft: SessionInput, session_id: str | None = None) -> list[CalendarWarning]:
        """The warnings saving ``draft`` would raise (empty when none); invalid input raises."""
        errors = validate(draft)
        if errors:
            raise invalid(errors)
        with self.ctx.read() as db:
            return draft_warnings(db, draft, self.working_calendar(db), session_id)

    def create(self, actor: Actor, draft: SessionInput, accept: bool = False) -> SessionView:
        """Add a session. Warnings are refused unless ``accept``: they are never silent."""
        people = (draft.lead_counsellor_id, *draft.support_counsellor_ids)
        guards.session_draft(self.ctx, actor, people, draft.client_id, draft.group_session_id)
        errors = validate(draft)
        if errors:
            raise invalid(errors)
        with self.ctx.write(actor) as db:
            if draft.client_id:
                self._require_signature(db.get(Client, draft.client_id))
            warnings = draft_warnings(db, draft, self.working_calendar(db))
            if warnings and not accept:
                raise WarningsNotAccepted(warnings)
            row = CalendarSession(status=SessionState.PLANNED.value)
            self._apply(row, draft)
            db.add(row)
            db.flush()
            return session_views(db, [row])[0]

    def update(
        self, actor: Actor, session_id: str, draft: SessionInput, accept: bool = False
    ) -> SessionView:
        guards.own_session(self.ctx, actor, session_id)
        errors = validate(draft)
        if errors:
            raise invalid(errors)
        with self.ctx.write(actor) as db:
            row = load_session(db, session_id)
            warnings = draft_warnings(db, draft, self.working_calendar(db), session_id)
            if warnings and not accept:
                raise WarningsNotAccepted(warnings)
            self._apply(row, draft)
            db.flush()
            return session_views(db, [row])[0]

    def move(
        self, actor: Actor, session_id: str, new_start: datetime, accept: bool = False
    ) -> SessionView:
        """Move a session to ``new_start``, keeping its length (reschedule)."""
        current = self.get(session_id)
        draft = replace(
            self.draft_of(current),
            starts_at=new_start,
            ends_at=new_start + (current.ends_at - current.starts_at),
        )
        return self.update(actor, session_id, draft, accept)

    def cancel(self, actor: Actor, session_id: str) -> SessionView:
        guards.own_session(self.ctx, actor, session_id)
        with self.ctx.write(actor) as db:
            row = load_session(db, session_id)
            row.status = SessionState.CANCELLED.value
            db.flush()
            return session_views(db, [row])[0]

    def get(self, session_id: str) -> SessionView:
        with self.ctx.read() as db:
            return session_views(db, [load_session(db, session_id)])[0]

    def between(
        self, start: datetime, end: datetime, flt: SessionFilter | None = None
    ) -> list[SessionView]:
        with self.ctx.read() as db:
            return sessions_between(db, start, end, flt)

    def days(
        self, first: date, last: date, flt: SessionFilter | None = None, zone: str = "Asia/Shanghai"
    ) -> list[SessionView]:
        """Sessions from ``first`` to ``last`` (inclusive), days in ``zone``."""
        start = at_local(first, time(0), zone)
        end = at_local(last + timedelta(days=1), time(0), zone)
        return self.between(start, end, flt)

    def period_warnings(self, start: datetime, end: datetime) -> list[CalendarWarning]:
        """Every invariant of the period (the checks a sync merge runs afterwards)."""
        with self.ctx.read() as db:
            return calendar_warnings(db, start, end)

    @staticmethod
    def draft_of(view: SessionView) -> SessionInput:
        return SessionInput(
            kind=view.kind,
            starts_at=view.starts_at,
            ends_at=view.ends_at,
            city=view.city,
            venue_id=view.venue_id,
            lead_counsellor_id=view.lead_counsellor_id,
            support_counsellor_ids=view.support_counsellor_ids,
            language=view.language,
            capacity=view.capacity,
            title=view.title,
            time_zone=view.time_zone,
            client_id=view.client_id,
            client_time_zone=view.client_time_zone,
            group_session_id=view.group_session_id,
            notes=view.notes,
        )

    @staticmethod
    def _require_signature(client: Client | None) -> None:
        if client is None or client.deleted:
            raise ValidationError(_("This client record no longer exists; refresh and try again."))
        if not client.signature_on_file:
            raise ValidationError(
                _(
                    "No signed registration is on file for {file_no}: record the signature "
                    "before booking a session."
                ).format(file_no=client.file_no),
                {"signature_on_file": _("The signature is not on file.")},
            )

    @staticmethod
    def _apply(row: CalendarSession, draft: SessionInput) -> None:
        values = {
            "kind": draft.kind,
            "title": draft.title.strip(),
            "city": draft.city,
            "venue_id": draft.venue_id or None,
            "lead_counsellor_id": draft.lead_counsellor_id or None,
            "support_counsellor_ids": ",".join(
                i for i in draft.support_counsellor_ids if i and i != draft.lead_counsellor_id
            ),
            "language": draft.language,
            "capacity": draft.capacity,
            "starts_at": draft.starts_at,
            "ends_at": draft.ends_at,
            "time_zone": draft.time_zone,
            "client_id": draft.client_id or None,
            "client_time_zone": draft.client_time_zone,
            "group_session_id": draft.group_session_id or None,
            "notes": draft.notes.strip(),
        }
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)


__all__ = ["SessionService", "at_local", "split_ids"]
