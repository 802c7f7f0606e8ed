"""Offices and partner venues, office closures and counsellors' hours: the calendar's settings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ciip_desktop.errors import NotFoundError, ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.models import Counsellor, CounsellorHours, OfficeClosure, Venue
from ciip_desktop.services.calendar.base import CalendarService
from ciip_desktop.services.calendar.sessions import zone_ok
from ciip_desktop.services.calendar.types import PlaceInput, PlaceView
from ciip_desktop.services.context import Actor
from ciip_desktop.services.security import audit, guards


def place_view(v: Venue) -> PlaceView:
    return PlaceView(
        v.id, v.name, v.city, v.partner, v.room, v.address, v.capacity, v.contact, v.notes,
        v.time_zone,
    )  # fmt: skip


class PlaceService(CalendarService):
    def places(self) -> list[PlaceView]:
        with self.ctx.read() as db:
            rows = db.scalars(
                select(Venue).where(Venue.deleted.is_(False)).order_by(Venue.city, Venue.name)
            )
            return [place_view(v) for v in rows]

    def save(self, actor: Actor, place: PlaceInput, place_id: str | None = None) -> PlaceView:
        guards.require(actor.role, guards.Action.CALENDAR_SETUP)
        errors: dict[str, str] = {}
        if not place.name.strip():
            errors["name"] = _("Give the place a name.")
        if not place.city.strip():
            errors["city"] = _("Give the city of the place.")
        if place.capacity < 1:
            errors["capacity"] = _("A place seats at least one person.")
        if not zone_ok(place.time_zone):
            errors["time_zone"] = _("Unknown time zone; choose one from the list.")
        if errors:
            raise ValidationError(
                _("The place cannot be saved; correct the fields marked."), errors
            )
        with self.ctx.write(actor) as db:
            if place_id:
                row = db.get(Venue, place_id)
                if row is None or row.deleted:
                    raise NotFoundError(_("This place no longer exists; refresh and try again."))
            else:
                row = Venue(office_id=self.ctx.replica.office_id)
                db.add(row)
            for key in ("name", "city", "partner", "room", "address", "contact", "notes"):
                value = str(getattr(place, key)).strip()
                if getattr(row, key) != value:
                    setattr(row, key, value)
            if row.capacity != place.capacity:
                row.capacity = place.capacity
            if row.time_zone != place.time_zone:
                row.time_zone = place.time_zone
            db.flush()
            return place_view(row)

    def counsellors(self) -> list[tuple[str, str, str]]:
        """(id, username, display name) of the active counsellors."""
        with self.ctx.read() as db:
            rows = db.execute(
                select(Counsellor.id, Counsellor.username, Counsellor.display_name)
                .where(Counsellor.active.is_(True), Counsellor.deleted.is_(False))
                .order_by(Counsellor.display_name)
            )
            return [(i, u, n) for i, u, n in rows]

    def add_closure(self, actor: Actor, first: date, last: date, reason: str) -> None:
        """Close the office (a supervisor's decision): no sessions or slots on those days."""
        if not actor.is_supervisor:
            raise ValidationError(_("Only a supervisor can close the office."))
        if last < first:
            raise ValidationError(_("The closure ends before it starts; give a later last day."))
        with self.ctx.write(actor) as db:
            db.add(
                OfficeClosure(
                    office_id=self.ctx.replica.office_id,
                    first_day=first,
                    last_day=last,
                    reason=reason.strip(),
                )
            )
            detail = f"{first.isoformat()}..{last.isoformat()}"
            audit.record_in(db, self.ctx, actor, audit.CLOSURE, "office_closure", "", detail)

    def hours(self, counsellor_id: str) -> dict[int, list[tuple[int, int]]]:
        """Weekday → the counsellor's one-on-one hours (minutes); a weekday not set is absent."""
        found: dict[int, list[tuple[int, int]]] = {}
        with self.ctx.read() as db:
            rows = db.scalars(
                select(CounsellorHours).where(
                    CounsellorHours.counsellor_id == counsellor_id,
                    CounsellorHours.deleted.is_(False),
                )
            )
            for row in rows:
                spans = found.setdefault(row.weekday, [])
                if row.end_minute > row.start_minute:
                    spans.append((row.start_minute, row.end_minute))
        return {day: sorted(spans) for day, spans in found.items()}

    def set_hours(
        self, actor: Actor, counsellor_id: str, weekday: int, spans: list[tuple[int, int]]
    ) -> None:
        """A counsellor's one-on-one hours on a weekday (minutes after midnight)."""
        guards.require(actor.role, guards.Action.CALENDAR_SETUP)
        if any(end <= start for start, end in spans):
            raise ValidationError(_("Each span of hours must end after it starts."))
        with self.ctx.write(actor) as db:
            for row in db.scalars(
                select(CounsellorHours).where(
                    CounsellorHours.counsellor_id == counsellor_id,
                    CounsellorHours.weekday == weekday,
                    CounsellorHours.deleted.is_(False),
                )
            ):
                row.deleted = True
            # A day off is kept as an empty span, so that it does not fall back to the
            # office's hours.
            for start, end in spans or [(0, 0)]:
                db.add(
                    CounsellorHours(
                        counsellor_id=counsellor_id,
                        weekday=weekday,
                        start_minute=start,
                        end_minute=end,
                    )
                )
