"""Conflicts in a counsellor's words: which record and field by its label, values as shown.

The engine's :class:`~ciip_desktop.services.sync.ConflictView` carries table and column
names and JSON values; this turns one into :class:`~.sync_view.ConflictView`: "Zhang Wei
(GZA-2026-00001)", "Phone", dates as the screens show them, choices by their label,
"this laptop" or "laptop B", and a sentence for a deleted record or a duplicate.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import N_, _, format_date
from ciip_desktop.models import Client, ConflictKind
from ciip_desktop.services.clients.fields import BY_NAME
from ciip_desktop.services.clients.names import display_name
from ciip_desktop.services.sync import ConflictView as EngineConflict
from ciip_desktop.services.sync_view import ConflictSide, ConflictView

_CLIENT_TABLES = ("client", "needs_assessment")
# Fields of the casework and office records, by their labels on the screens.
_OTHER_LABELS = {
    ("meeting", "held_on"): N_("Meeting date"),
    ("meeting", "channel"): N_("How the meeting was held"),
    ("meeting", "activity"): N_("Activity in the meeting"),
    ("meeting", "notes"): N_("Meeting notes"),
    ("action_step", "text"): N_("Action step"),
    ("action_step", "due_on"): N_("Action step due date"),
    ("action_step", "done"): N_("Action step done"),
    ("action_step", "done_on"): N_("Action step done on"),
}
_RECORD_LABELS = {
    "client": N_("Client record"),
    "needs_assessment": N_("Needs assessment"),
    "meeting": N_("Meeting"),
    "action_step": N_("Action step"),
    "client_status_change": N_("Status history"),
    "venue": N_("Venue"),
    "counsellor": N_("Counsellor"),
    "office": N_("Office"),
}


def field_label(table: str, name: str) -> str:
    if not name:
        return _(_RECORD_LABELS.get(table, N_("Record")))
    if table in _CLIENT_TABLES and name in BY_NAME:
        return BY_NAME[name].title()
    label = _OTHER_LABELS.get((table, name))
    if label is not None:
        return _(label)
    record = _(_RECORD_LABELS.get(table, N_("Record")))
    return f"{record}: {name}"


def value_text(table: str, name: str, value: Any) -> str:
    """A value as the record shows it (a choice by its label, a date as dates are shown)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str) and table in _CLIENT_TABLES and name in BY_NAME:
        spec = BY_NAME[name]
        if spec.choice(value) is not None:
            return spec.value_label(value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dict):  # a whole row (a record deleted or added): not one value
        return ""
    return str(value)


def client_label(session: Session, client_id: str | None, file_no: str) -> str:
    if not client_id:
        return file_no or _("(no client)")
    row = session.execute(
        select(Client.family_name, Client.given_name, Client.chinese_name).where(
            Client.id == client_id
        )
    ).first()
    if row is None:
        return file_no or _("(no client)")
    name = display_name(row.family_name, row.given_name, row.chinese_name)
    return _("{name} · {file_no}").format(name=name, file_no=file_no) if file_no else name


def describe(
    session: Session, c: EngineConflict, this_device_code: str, time_zone: str | None = None
) -> ConflictView:
    """One engine conflict, in a counsellor's words."""
    if c.kind == ConflictKind.CALENDAR:
        return _calendar(session, c, this_device_code, time_zone)
    label = client_label(session, c.client_id, c.file_no)

    def side(value: Any, who: str, when: datetime, laptop: str) -> ConflictSide:
        return ConflictSide(
            value=value_text(c.table_name, c.field, value),
            who=who or _("the application"),
            when=when,
            laptop=laptop,
            this_laptop=laptop == this_device_code,
        )

    summary = ""
    if c.kind == ConflictKind.DELETE:
        summary = _(
            "This record was deleted on one laptop while it was being changed on another; "
            "it was kept. Keep it as it is, or delete it again from its screen."
        )
    elif c.kind == ConflictKind.UNIQUE:
        summary = _(
            "Two laptops gave the same value where only one record may have it; the later "
            "one was changed so that both records are kept."
        )
    elif c.kind == ConflictKind.DUPLICATE:
        summary = _(
            "The same person may have been registered on two laptops. Compare the two "
            "records on the Clients screen; if they are one person, keep one."
        )
    duplicates: tuple[tuple[str, str], ...] = ()
    if c.kind == ConflictKind.DUPLICATE and c.other_row_id:
        duplicates = tuple(
            (rid, client_label(session, rid, _file_no(session, rid)))
            for rid in (c.row_id, c.other_row_id)
        )
        label = " / ".join(text for _rid, text in duplicates)
    return ConflictView(
        conflict_id=c.id,
        client_id=c.client_id,
        client_label=label,
        field_label=field_label(c.table_name, c.field),
        base=value_text(c.table_name, c.field, c.base_value),
        current=side(c.current_value, c.winner_user, c.winner_at, c.winner_device),
        overwritten=side(c.lost_value, c.loser_user, c.loser_at, c.loser_device),
        summary=summary,
        can_type_value=c.kind == ConflictKind.EDIT and bool(c.field),
        time_zone=time_zone,
        duplicates=duplicates,
    )


def _file_no(session: Session, client_id: str) -> str:
    return session.scalar(select(Client.file_no).where(Client.id == client_id)) or ""


def _calendar(
    session: Session, c: EngineConflict, this_device_code: str, time_zone: str | None
) -> ConflictView:
    """Two laptops' bookings that clash: the sessions, what clashes and what to do."""
    from ciip_desktop.services.calendar.sync_check import finding_words

    words = finding_words(session, c.field, (c.row_id, c.other_row_id))
    found = ConflictSide("", "", c.winner_at, "", False)
    return ConflictView(
        conflict_id=c.id,
        client_id=None,
        client_label=words.sessions,
        field_label=words.what,
        base="",
        current=found,
        overwritten=found,
        summary=words.summary,
        can_type_value=False,
        time_zone=time_zone,
        notice=True,
    )
