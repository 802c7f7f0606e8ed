"""Sharing: the .ics read back by an independent parser, the roster as CSV and PDF."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import vobject
from calendar_support import Desk
from pypdf import PdfReader

from ciip_desktop.services.calendar.ics import calendar_file
from ciip_desktop.services.calendar.roster import write_roster_csv, write_roster_pdf

DAY = date(2026, 12, 10)


def test_the_ics_file_reads_back_with_times_in_china_and_in_canada(
    desk: Desk, tmp_path: Path
) -> None:
    group = desk.group(DAY)
    client = desk.client(departure=date(2026, 11, 1))
    agreed = datetime.combine(DAY, time(19, 30), tzinfo=ZoneInfo("America/Vancouver"))
    phone = desk.cal.one_on_ones.book_phone(desk.actor, client, desk.actor.counsellor_id, agreed)
    out = tmp_path / "lina.ics"
    out.write_bytes(calendar_file(desk.cal.sessions.days(DAY, DAY + timedelta(days=1))))

    parsed = vobject.readOne(out.read_text(encoding="utf-8"))  # an independent parser
    zones = {tz.tzid.value for tz in parsed.vtimezone_list}
    assert zones == {"Asia/Shanghai", "America/Vancouver"}
    events = {e.uid.value: e for e in parsed.vevent_list}
    g = events[f"{group.id}@ciip-desktop"].dtstart.value
    assert (g.hour, g.utcoffset()) == (9, timedelta(hours=8))
    p = events[f"{phone.id}@ciip-desktop"]
    assert (p.dtstart.value.hour, p.dtstart.value.minute) == (19, 30)
    assert p.dtstart.value.utcoffset() == timedelta(hours=-8)
    # The same instant as the office sees it: 11:30 the next morning in Guangzhou.
    assert p.dtstart.value.astimezone(ZoneInfo("Asia/Shanghai")).hour == 11
    assert "Client's time: 2026-12-10 19:30 (America/Vancouver)" in p.description.value
    assert desk.file_no(client) in p.summary.value


def test_one_session_exports_alone(desk: Desk) -> None:
    group = desk.group(DAY)
    desk.group(DAY + timedelta(days=7))
    text = calendar_file([desk.cal.sessions.get(group.id)]).decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert "BEGIN:VTIMEZONE" in text


def test_the_roster_csv_and_pdf_carry_both_names(desk: Desk, tmp_path: Path) -> None:
    session = desk.group(DAY)
    client = desk.client("欧阳子轩")
    desk.cal.enrolment.enrol(desk.actor, session.id, client)
    entries = desk.cal.enrolment.entries(session.id)
    view = desk.cal.sessions.get(session.id)

    assert write_roster_csv(tmp_path / "roster.csv", entries) == 1
    with (tmp_path / "roster.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][1:3] == [desk.file_no(client), "欧阳子轩"]
    assert "Ouyang" in rows[1][3] and "Zixuan" in rows[1][3]

    assert write_roster_pdf(tmp_path / "sign-in.pdf", view, entries, sign_in=True) == 1
    text = PdfReader(tmp_path / "sign-in.pdf").pages[0].extract_text()
    assert "Sign-in sheet" in text
    assert "欧阳子轩" in text and "Ouyang" in text and "Signature" in text
