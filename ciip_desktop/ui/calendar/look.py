"""How a session looks in the views: its colour by kind, its one-line label, its tooltip."""

from __future__ import annotations

from datetime import date

from babel.dates import format_skeleton
from PySide6.QtGui import QColor

from ciip_desktop.i18n import N_, _, babel_locale
from ciip_desktop.services.calendar.types import (
    KIND_LABELS,
    STATUS_LABELS,
    SessionView,
    city_label,
    label,
)

# Short names for the chips (the colour tells the kind too; the legend says which).
SHORT_KIND_LABELS = {"group": N_("Group"), "one_on_one": N_("1:1"), "phone": N_("Phone")}
KIND_COLOURS = {"group": "#3b6fb6", "one_on_one": "#2e8b57", "phone": "#c87119"}
CANCELLED_COLOUR = "#9a9a9a"


def day_text(day: date, skeleton: str) -> str:
    """A date in the current language's own order (``yMMMM``: "2026年11月", "November 2026")."""
    return str(format_skeleton(skeleton, day, locale=babel_locale()))


def colour(view: SessionView) -> QColor:
    if view.status == "cancelled":
        return QColor(CANCELLED_COLOUR)
    return QColor(KIND_COLOURS.get(view.kind, "#666666"))


def chip_text(view: SessionView) -> str:
    """What a chip in a month cell says, e.g. ``09:00 Guangzhou 26/40``."""
    start = view.local_start.strftime("%H:%M")
    if view.is_group:
        return f"{start} {city_label(view.city)} {view.enrolled}/{view.capacity}"
    return f"{start} {label(SHORT_KIND_LABELS, view.kind)} {view.client_file_no}"


def tooltip(view: SessionView) -> str:
    lines = [
        f"{label(KIND_LABELS, view.kind)} — {label(STATUS_LABELS, view.status)}",
        f"{view.local_start:%Y-%m-%d %H:%M}–{view.local_end:%H:%M} ({view.time_zone})",
    ]
    if view.client_time_zone and view.client_time_zone != view.time_zone:
        theirs = view.local(view.starts_at, view.client_time_zone)
        lines.append(
            _("Client's time: {time} ({zone})").format(
                time=f"{theirs:%Y-%m-%d %H:%M}", zone=view.client_time_zone
            )
        )
    place = ", ".join(p for p in (view.venue_name, city_label(view.city)) if p)
    if place:
        lines.append(place)
    names = ", ".join(n for n in (view.lead_name, *view.support_names) if n)
    if names:
        lines.append(_("Counsellors: {names}").format(names=names))
    if view.is_group:
        lines.append(
            _("Seats: {enrolled} of {capacity} taken, {waiting} waiting").format(
                enrolled=view.enrolled, capacity=view.capacity, waiting=view.waiting
            )
        )
    if view.client_file_no:
        lines.append(view.client_file_no)
    return "\n".join(lines)


def block_text(view: SessionView) -> str:
    """What a block in the day view says: times and kind, where or with whom, seats."""
    lines = [f"{view.local_start:%H:%M}–{view.local_end:%H:%M} {label(KIND_LABELS, view.kind)}"]
    place = ", ".join(p for p in (view.venue_name, city_label(view.city)) if p)
    lines.append(" ".join(p for p in (view.client_file_no, place) if p))
    if view.client_time_zone and view.client_time_zone != view.time_zone:
        theirs = view.local(view.starts_at, view.client_time_zone)
        lines.append(
            _("Client's time: {time} ({zone})").format(
                time=f"{theirs:%H:%M}", zone=view.client_time_zone
            )
        )
    names = ", ".join(n for n in (view.lead_name, *view.support_names) if n)
    if names:
        lines.append(names)
    if view.is_group:
        lines.append(
            _("Seats: {enrolled} of {capacity} taken, {waiting} waiting").format(
                enrolled=view.enrolled, capacity=view.capacity, waiting=view.waiting
            )
        )
    return "\n".join(line for line in lines if line)
