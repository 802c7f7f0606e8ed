"""A group session's roster as rows: for the CSV export, the PDF sign-in sheet and the screen."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.calendar.ics import summary
from ciip_desktop.services.calendar.types import (
    ATTENDANCE_LABELS,
    EnrollmentView,
    SessionView,
    city_label,
    label,
)

if TYPE_CHECKING:
    from ciip_desktop.documents.roster import RosterDocument
    from ciip_desktop.services.calendar.enrolment import EnrolmentService
    from ciip_desktop.services.context import Actor


@dataclass(frozen=True)
class RosterLine:
    number: int
    file_no: str
    chinese_name: str
    latin_name: str
    attendance: str  # translated


def roster_entries(
    enrolment: EnrolmentService, actor: Actor, session_id: str, form: str
) -> list[EnrollmentView]:
    """The list to print or export as ``form`` (csv, pdf, sign-in): for the session's
    counsellors or a supervisor, and audited (the session's id and the count, no names)."""
    from ciip_desktop.services.security import audit, guards

    guards.own_session(enrolment.ctx, actor, session_id)
    entries = enrolment.entries(session_id)
    seated = sum(1 for e in entries if e.state == "enrolled")
    audit.record(enrolment.ctx, actor, audit.ROSTER, "session", session_id, f"{form} {seated}")
    return entries


def roster_lines(entries: Sequence[EnrollmentView]) -> list[RosterLine]:
    """The seated clients, in file-number order (the waiting list is not on the roster)."""
    seated = [e for e in entries if e.state == "enrolled"]
    return [
        RosterLine(
            n,
            e.file_no,
            e.chinese_name,
            e.latin_name,
            label(ATTENDANCE_LABELS, e.attendance) if e.attendance else "",
        )
        for n, e in enumerate(seated, start=1)
    ]


def write_roster_csv(path: Path, entries: Sequence[EnrollmentView]) -> int:
    """Write the roster as UTF-8 CSV (with BOM, so Excel reads Chinese); returns the rows."""
    lines = roster_lines(entries)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([_("No."), _("File no."), _("Chinese name"), _("Name"), _("Attendance")])
        for line in lines:
            writer.writerow(
                [line.number, line.file_no, line.chinese_name, line.latin_name, line.attendance]
            )
    return len(lines)


def roster_document(
    view: SessionView, entries: Sequence[EnrollmentView], sign_in: bool = False
) -> RosterDocument:
    """The roster (with attendance) or the sign-in sheet (a signature column) of a session."""
    from ciip_desktop.documents.roster import RosterDocument  # reportlab: on first use only

    start, end = view.local_start, view.local_end
    details = [
        _("{day}, {start}–{end} ({zone})").format(
            day=format_date(start.date(), "full"),
            start=start.strftime("%H:%M"),
            end=end.strftime("%H:%M"),
            zone=view.time_zone,
        ),
        ", ".join(p for p in (view.venue_name, city_label(view.city)) if p),
        _("Counsellors: {names}").format(
            names=", ".join(n for n in (view.lead_name, *view.support_names) if n) or "—"
        ),
        _("Seats: {enrolled} of {capacity} taken, {waiting} waiting").format(
            enrolled=view.enrolled, capacity=view.capacity, waiting=view.waiting
        ),
    ]
    last = _("Signature") if sign_in else _("Attendance")
    lines = roster_lines(entries)
    rows = [
        (str(n.number), n.file_no, n.chinese_name, n.latin_name, "" if sign_in else n.attendance)
        for n in lines
    ]
    title = _("Sign-in sheet") if sign_in else _("Roster")
    return RosterDocument(
        title=f"{title}: {summary(view)}",
        details=[d for d in details if d],
        headers=[_("No."), _("File no."), _("Chinese name"), _("Name"), last],
        rows=rows,
        footer=_("Page {page}"),
        sign_in=sign_in,
    )


def write_roster_pdf(
    path: Path,
    view: SessionView,
    entries: Sequence[EnrollmentView],
    sign_in: bool = False,
    invariant: bool = False,
) -> int:
    from ciip_desktop.documents.roster import build_roster_pdf  # reportlab loads on first use

    doc = roster_document(view, entries, sign_in)
    build_roster_pdf(doc, path, invariant)
    return len(doc.rows)
