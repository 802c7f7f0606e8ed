"""A scripted day of work, every error path provoked, then the log folder and the crash
reports are searched for every value typed (issue 17: logs free of personal data).

The day runs as the office runs it: the `ciip` commands of a scheduled job and the services
the window calls (in this process, logging at DEBUG into the same log folder), a worker of
the window that crashes, and the automatic backup failing on a full disk and a blocked folder.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ciip_desktop.cli import main
from ciip_desktop.errors import UserError
from ciip_desktop.logs import setup_logging
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.types import PlaceInput, SessionInput
from ciip_desktop.services.clients import registration
from ciip_desktop.services.clients.list_types import ClientFilter
from ciip_desktop.services.clients.types import (
    ActionStepInput,
    AssessmentInput,
    MeetingInput,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.security import auto_backup
from ciip_desktop.services.security.auto_backup import AutoBackup
from ciip_desktop.store import Database, engine
from ciip_desktop.ui.excepthook import CrashReporter
from ciip_desktop.ui.worker import TaskRunner

# What the counsellors type today: distinctive, so any trace of it is found.
PEOPLE = [
    {
        "family_name": "Xylophant",
        "given_name": "Quennabel",
        "chinese_name": "龘麤",
        "pinyin": "Dazhu Quennabel",
        "date_of_birth": "1969-09-19",
        "phone": "+86 139 1357 2468",
        "email": "quennabel.xylophant@example.net",
        "wechat_id": "wx_quennabel77",
        "notes": "Hates crowded venues; prefers Vancouver",
    },
    {
        "family_name": "Ozymandre",
        "given_name": "Thessaly",
        "chinese_name": "爨齉",
        "pinyin": "Cuannang Thessaly",
        "date_of_birth": "1983-11-27",
        "phone": "13724681357",
        "email": "t.ozymandre@example.org",
        "wechat_id": "thessaly_oz",
        "notes": "Daughter in grade 7, asks about Calgary schools",
    },
]
NEW_PHONE = "+86-137-9753-1864"  # an update typed in yet another format
MEETING_NOTES = "Discussed Xylophant family's savings of 80k"
STEP_TEXT = "Quennabel to book IELTS before Ozymandre's trip"


def telltales() -> list[str]:
    """Every value typed, and the forms it could be logged in (stored, digits, repr)."""
    values = [MEETING_NOTES, STEP_TEXT, "13797531864", "9753 1864", "9753-1864"]
    for p in PEOPLE:
        values += [p["family_name"], p["given_name"], p["email"], p["wechat_id"], p["notes"]]
        values += [*p["chinese_name"], p["pinyin"], p["date_of_birth"]]
        born = date.fromisoformat(p["date_of_birth"])
        values.append(f"{born.year}, {born.month}, {born.day}")  # as a date's repr shows it
        digits = "".join(c for c in p["phone"] if c.isdigit())[-11:]
        values += [digits, digits[-8:], p["phone"]]
    return values


def leaks(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            hits = [t for t in telltales() if t in text]
            if hits:
                found[str(path.relative_to(folder))] = hits
    return found


@contextlib.contextmanager
def quiet() -> Iterator[io.StringIO]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        yield err


def ciip(db: Path, *args: str) -> tuple[int, str]:
    with quiet() as err:
        code = main(["--db", str(db), *args])
    return code, err.getvalue()


def expect(code: int, db: Path, *args: str) -> str:
    """Run `ciip ARGS`: the exit code expected, and never a traceback; returns stderr."""
    got, err = ciip(db, *args)
    assert got == code, (args, err)
    assert "Traceback" not in err and "unexpected error" not in err, err
    return err


def registration_input(p: dict[str, str]) -> RegistrationInput:
    return RegistrationInput(
        family_name=p["family_name"],
        given_name=p["given_name"],
        chinese_name=p["chinese_name"],
        pinyin=p["pinyin"],
        date_of_birth=date.fromisoformat(p["date_of_birth"]),
        phone=p["phone"],
        email=p["email"],
        wechat_id=p["wechat_id"],
        notes=p["notes"],
        received_on=date(2026, 3, 2),
        signature_on_file=True,
        signature_date=date(2026, 3, 1),
    )


def test_a_scripted_day_leaves_no_personal_data_in_logs_or_crash_reports(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    logs, crashes = home / "logs", home / "logs" / "crashes"
    db_path = tmp_path / "office.sqlite3"
    monkeypatch.delenv("CIIP_USER", raising=False)  # the office has no accounts yet
    monkeypatch.delenv("CIIP_PASSWORD", raising=False)
    expect(0, db_path, "init")
    setup_logging(logs, level=logging.DEBUG)  # the window's log, at its most talkative
    reporter = CrashReporter(crashes, show=lambda _path: None).install()
    try:
        run_the_day(qtbot, tmp_path, db_path, monkeypatch)
    finally:
        reporter.uninstall()
        setup_logging(logs)
    reports = sorted(crashes.glob("crash-*"))
    assert len(reports) == 2, "the integrity error and the worker's crash were reported"
    assert "IntegrityError" in "".join(r.read_text(encoding="utf-8") for r in reports)
    assert (logs / "ciip-desktop.log").read_text(encoding="utf-8").count("\n") > 20
    assert leaks(home) == {}


def run_the_day(
    qtbot: QtBot, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Morning: a CSV of registrations arrives, two good rows and bad ones.
    csv = tmp_path / "registrations.csv"
    header = "family_name,given_name,chinese_name,date_of_birth,phone,email,received_on"
    rows = [
        f"{p['family_name']},{p['given_name']},{p['chinese_name']},{p['date_of_birth']},"
        f"{p['phone']},{p['email']},2026-03-02"
        for p in PEOPLE
    ]
    bad = [
        "Xylophant,Quennabel,,1969-19-09,+86 139 1357 2468,quennabel@@example,2026-03-02",
        "Ozymandre,,,not a date,12,t.ozymandre@,someday",
    ]
    csv.write_text("\n".join([header, *rows, *bad]) + "\n", encoding="utf-8")
    expect(1, db_path, "clients", "import", str(csv), "--dry-run")
    expect(1, db_path, "clients", "import", str(csv))  # refused: bad rows
    expect(0, db_path, "clients", "import", str(csv), "--skip-invalid")
    expect(1, db_path, "clients", "import", str(csv))  # again: duplicates
    expect(0, db_path, "clients", "find", PEOPLE[0]["family_name"], "--json")
    expect(1, db_path, "clients", "update", "GZA-2026-00001", "--set", "phone=12")
    expect(0, db_path, "clients", "update", "GZA-2026-00001", "--set", f"phone={NEW_PHONE}")
    expect(0, db_path, "clients", "show", "GZA-2026-00001")
    expect(1, db_path, "clients", "show", "GZA-2026-99999")

    db = Database.open(db_path)
    try:
        services = Services.build(ServiceContext.open(db))
        the_window_works(qtbot, services, tmp_path, monkeypatch)
    finally:
        db.close()

    # Afternoon: exports and a package, from the command line.
    expect(0, db_path, "clients", "export", "--out", str(tmp_path / "view.xlsx"))
    expect(1, db_path, "clients", "export", "--out", str(tmp_path / "no" / "x.csv"))
    expect(0, db_path, "package", "build", "GZA-2026-00001", "--out", str(tmp_path / "p.pdf"))
    expect(1, db_path, "package", "build", "GZA-2026-00002", "--issue", "--out", str(tmp_path))
    # A busy database: another job holds the write lock beyond the busy timeout.
    holder = sqlite3.connect(db_path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)
        err = expect(1, db_path, "clients", "update", "GZA-2026-00002", "--set", "notes=x")
        assert "busy" in err
    finally:
        holder.rollback()
        holder.close()
    # Read-only database folder and file, as far as root can be refused: a file in the way.
    expect(1, tmp_path / "registrations.csv" / "x.sqlite3", "clients", "find", "a")
    # Evening: the office hub, and a sync.
    missing = tmp_path / "no-folder" / "deeper" / "hub.sqlite3"
    expect(1, db_path, "hub", "init", "--url", str(missing))
    hub = tmp_path / "hub.sqlite3"
    expect(0, db_path, "hub", "init", "--url", str(hub))
    expect(0, db_path, "sync")
    expect(1, db_path, "sync", "export", "--out", str(tmp_path / "no" / "x.ciipsync"))


def the_window_works(
    qtbot: QtBot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = Actor.system()
    ids = [services.search.search(ClientFilter(text=p["email"]), limit=1)[0] for p in PEOPLE]
    first, second = ids
    # The form: an invalid record refused, a valid one registered, a duplicate warned.
    with pytest.raises(UserError):
        services.clients.register(
            actor, RegistrationInput(family_name=PEOPLE[0]["family_name"], phone="12345")
        )
    third = services.clients.register(
        actor, registration_input({**PEOPLE[1], "email": "other@example.com"})
    )
    signed = {"signature_on_file": True, "signature_date": date(2026, 3, 1)}
    for client_id in (first, second):
        services.clients.update(actor, client_id, signed)
    services.clients.update(actor, first, {"notes": PEOPLE[0]["notes"], "wechat_id": "wx_q"})
    with pytest.raises(UserError):
        services.clients.update(actor, first, {"email": "not an e-mail " + PEOPLE[0]["email"]})
    services.clients.get(actor, first)
    # Needs assessment, meeting and steps.
    departure = date.today() + timedelta(days=120)
    services.assessments.save(
        actor,
        first,
        AssessmentInput(
            destination_province="BC",
            destination_city="Vancouver",
            expected_departure=departure,
            intended_noc="21231",
            career_goals=PEOPLE[0]["notes"],
            english_clb=7,
        ),
        complete=True,
    )
    with pytest.raises(UserError):
        services.assessments.save(
            actor, second, AssessmentInput(destination_province="ZZ"), complete=True
        )
    services.casework.record_meeting(
        actor,
        first,
        MeetingInput(date.today(), "phone", "Needs assessment call", MEETING_NOTES),
        [ActionStepInput(STEP_TEXT, date.today() + timedelta(days=7))],
    )
    with pytest.raises(UserError):
        services.casework.record_meeting(
            actor, first, MeetingInput(date.today(), "", "", MEETING_NOTES), []
        )
    # The calendar: a venue, a group session, enrolment and attendance.
    calendar = services.calendar
    venue = calendar.places.save(
        actor, PlaceInput(name="Bank of China, Tianhe", city="Guangzhou", capacity=2)
    )
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    session = calendar.sessions.create(
        actor,
        SessionInput(
            kind="group",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            city="Guangzhou",
            venue_id=venue.id,
            capacity=2,
        ),
        accept=True,
    )
    for client_id in (first, second, third.id):
        with contextlib.suppress(UserError):
            calendar.enrolment.enrol(actor, session.id, client_id, accept=True)
    calendar.enrolment.mark(actor, session.id, first, "attended")
    # A package built and issued.
    draft = services.packages.propose(first)
    services.issuer.issue(actor, draft)
    # An integrity error: two registrations given one file number (the race of issue 13).
    monkeypatch.setattr(
        registration, "next_file_numbers", lambda *_args, **_kwargs: [third.file_no]
    )
    with pytest.raises(Exception) as clash:
        services.clients.register(actor, registration_input(PEOPLE[0]))
    monkeypatch.undo()
    sys.excepthook(clash.type, clash.value, clash.tb)  # as the window reports it: a crash file
    # A worker crashes with a client's data in its exception (the crash report is written).
    runner = TaskRunner()
    try:

        def crash() -> None:
            raise ValueError(f"cannot parse {PEOPLE[1]['email']} for {PEOPLE[1]['family_name']}")

        runner.run(crash, name="crashing")
        runner.wait_for_done(timeout=10)
        qtbot.wait(10)
    finally:
        runner.shutdown()
    # The automatic backup: a full disk, then a blocked folder.
    backups = AutoBackup(services.ctx.db.path, tmp_path / "backups")
    backups.take()

    def full(_database: Path, _out: Path) -> Path:
        raise OSError(errno.ENOSPC, f"No space for {PEOPLE[0]['family_name']}")

    monkeypatch.setattr(auto_backup, "backup_to", full)
    services.clients.update(actor, second, {"notes": PEOPLE[1]["notes"] + "!"})
    with pytest.raises(UserError):
        backups.take()
    monkeypatch.undo()
    blocked = tmp_path / "blocked"
    blocked.write_text("x", encoding="utf-8")
    with pytest.raises(UserError):
        AutoBackup(services.ctx.db.path, blocked).take()
