"""iCalendar (RFC 5545) export of sessions, with VTIMEZONE data, for Outlook and Thunderbird.

Group and one-on-one sessions carry the city's time zone; a phone session carries the
client's (the time was agreed in it) and its description gives both. Descriptions name
clients by file number only: the file leaves the application.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from ciip_desktop.i18n import _
from ciip_desktop.services.calendar.types import (
    KIND_LABELS,
    SessionView,
    city_label,
    label,
)

PRODID = "-//CIIP Desktop//Session calendar//EN"


def summary(view: SessionView) -> str:
    kind = label(KIND_LABELS, view.kind)
    if view.title:
        return f"{kind}: {view.title}"
    if view.client_file_no:
        return f"{kind} — {view.client_file_no}"
    return f"{kind} — {city_label(view.city)}" if view.city else kind


def description(view: SessionView) -> str:
    lines = []
    counsellors = [n for n in (view.lead_name, *view.support_names) if n]
    if counsellors:
        lines.append(_("Counsellors: {names}").format(names=", ".join(counsellors)))
    if view.is_group:
        lines.append(
            _("Seats: {enrolled} of {capacity} taken, {waiting} waiting").format(
                enrolled=view.enrolled, capacity=view.capacity, waiting=view.waiting
            )
        )
    if view.client_time_zone and view.client_time_zone != view.time_zone:
        theirs = view.local(view.starts_at, view.client_time_zone)
        ours = view.local_start
        lines.append(
            _("Client's time: {theirs} ({their_zone}); office time: {ours} ({our_zone})").format(
                theirs=theirs.strftime("%Y-%m-%d %H:%M"),
                their_zone=view.client_time_zone,
                ours=ours.strftime("%Y-%m-%d %H:%M"),
                our_zone=view.time_zone,
            )
        )
    return "\n".join(lines)


def calendar_file(views: Sequence[SessionView], stamp: datetime | None = None) -> bytes:
    """One VCALENDAR with a VEVENT per session and the VTIMEZONEs they use."""
    from icalendar import Calendar, Event  # loaded when exporting, not at start-up

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    stamp = stamp or datetime.now(UTC)
    for view in views:
        event = Event()
        event.add("uid", f"{view.id}@ciip-desktop")
        event.add("dtstamp", stamp)
        zone = view.client_time_zone if view.kind == "phone" and view.client_time_zone else ""
        event.add("dtstart", view.local(view.starts_at, zone or view.time_zone))
        event.add("dtend", view.local(view.ends_at, zone or view.time_zone))
        event.add("summary", summary(view))
        if view.venue_name or view.city:
            event.add(
                "location", ", ".join(p for p in (view.venue_name, city_label(view.city)) if p)
            )
        text = description(view)
        if text:
            event.add("description", text)
        event.add("status", "CANCELLED" if view.status == "cancelled" else "CONFIRMED")
        event.add("categories", [view.kind])
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
