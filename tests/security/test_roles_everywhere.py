"""Roles in every service, whatever calls them: CLI, services, sync's apply (issue 17)."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ciip_desktop.cli import main
from ciip_desktop.models import AuditEntry, Counsellor, LibraryItem, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.types import PlaceInput, SessionInput
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.packages.types import ItemInput
from ciip_desktop.services.permissions import PermissionDenied, may_apply
from ciip_desktop.services.sync.apply import apply_remote
from ciip_desktop.sync.change import Change
from ciip_desktop.sync.clock import encode

PASSWORD = "ciip-demo-2026"
DENIED = "may not do this"


def _ciip(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def _as(monkeypatch: pytest.MonkeyPatch, login: str) -> None:
    monkeypatch.setenv("CIIP_USER", login)
    monkeypatch.setenv("CIIP_PASSWORD", PASSWORD)


def _json(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_a_counsellors_cli_calls_for_supervisor_and_administrator_work_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite3"
    assert _ciip(db, "init") == 0
    _as(monkeypatch, "admin")
    assert _ciip(db, "demo", "--clients", "12") == 0
    library = tmp_path / "library.json"
    assert _ciip(db, "library", "export", str(library)) == 0
    capsys.readouterr()
    assert (
        _ciip(db, "calendar", "list", "--from", "2025-01-01", "--to", "2027-12-31", "--json") == 0
    )
    sessions = _json(capsys)
    not_hers = next(
        s
        for s in sessions
        if s["kind"] == "group" and s["lead"] != "Li Na" and "Li Na" not in s["support"]  # type: ignore[operator]
    )
    assert _ciip(db, "clients", "find", "", "--limit", "50", "--json") == 0
    others = [c for c in _json(capsys) if c["counsellor_name"] not in ("Li Na", "")]

    _as(monkeypatch, "lina")  # a counsellor
    report = tmp_path / "r.csv"
    refusals = {
        "library.edit": ("library", "import", str(library)),
        "reports.view": (
            "report",
            "standards",
            "--month",
            "2026-10",
            "--out",
            str(report),
        ),
        "hub.manage": ("sync", "key", "new"),
        "audit.view": ("audit",),
        "accounts.manage": ("users", "add", "mallory", "--role", "administrator"),
    }
    monkeypatch.setenv("CIIP_NEW_PASSWORD", "mallory-pass-1")
    for action, args in refusals.items():
        assert _ciip(db, *args) == 1, args
        assert f"{DENIED} ({action})" in capsys.readouterr().err
    hub = tmp_path / "hub.sqlite3"
    assert _ciip(db, "hub", "init", "--url", str(hub)) == 1
    assert not hub.exists()
    assert f"{DENIED} (hub.manage)" in capsys.readouterr().err

    roster = tmp_path / "roster.csv"
    assert _ciip(db, "calendar", "roster", str(not_hers["id"]), "--out", str(roster)) == 1
    assert "Only the session's counsellors or a supervisor" in capsys.readouterr().err
    assert not roster.exists()
    pdf = tmp_path / "package.pdf"
    file_no = str(others[0]["file_no"])
    assert _ciip(db, "package", "build", file_no, "--issue", "--out", str(pdf)) == 1
    assert "assigned to another counsellor" in capsys.readouterr().err
    assert not pdf.exists()

    _as(monkeypatch, "chenjing")  # a supervisor does the same
    assert _ciip(db, "library", "import", str(library)) == 0
    assert _ciip(db, "report", "standards", "--month", "2026-10", "--out", str(report)) == 0
    assert _ciip(db, "calendar", "roster", str(not_hers["id"]), "--out", str(roster)) == 0
    assert _ciip(db, "package", "build", file_no, "--issue", "--out", str(pdf)) == 0
    assert _ciip(db, "sync", "key", "new") == 1  # keys are an administrator's
    assert f"{DENIED} (hub.manage)" in capsys.readouterr().err


def _people(ctx: ServiceContext) -> tuple[Actor, Actor, Actor]:
    made = []
    with ctx.write(Actor.system()) as session:
        for login, role in (
            ("lina", Role.COUNSELLOR),
            ("wf", Role.COUNSELLOR),
            ("chen", Role.SUPERVISOR),
        ):
            person = Counsellor(
                office_id=ctx.replica.office_id, username=login, display_name=login, role=role.value
            )
            session.add(person)
            session.flush()
            made.append(Actor(person.id, login, role))
    return made[0], made[1], made[2]


def test_each_service_refuses_what_the_role_may_not_do(ctx: ServiceContext) -> None:
    lina, wang, chief = _people(ctx)
    services = Services.build(ctx)
    cal = services.calendar
    zone = ZoneInfo("Asia/Shanghai")
    start = datetime(2026, 12, 10, 9, tzinfo=zone)
    theirs = SessionInput(
        "group", start, start + timedelta(hours=7), city="Guangzhou",
        lead_counsellor_id=wang.counsellor_id,
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="session's counsellors"):
        cal.sessions.create(lina, theirs, accept=True)
    session = cal.sessions.create(chief, theirs, accept=True)
    item = ItemInput(slug="x", kind="settlement", title_en="X", body_en="Y")
    for attempt in (
        lambda: cal.sessions.cancel(lina, session.id),
        lambda: cal.one_on_ones.book_for_group(lina, session.id),
        lambda: cal.places.save(lina, PlaceInput(name="Bank room", city="Beijing")),
        lambda: cal.places.set_hours(lina, wang.counsellor_id, 1, [(540, 600)]),
        lambda: services.library.save(lina, item),
        lambda: services.quality.improvements.move(lina, "none", "approved", date(2026, 12, 1)),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    # Her own client may take a seat in another counsellor's session; their work stays theirs.
    mine = services.clients.register(
        lina,
        RegistrationInput(
            chinese_name="张伟",
            received_on=date(2026, 11, 1),
            signature_on_file=True,
            signature_date=date(2026, 10, 30),
        ),
    ).id
    cal.enrolment.enrol(lina, session.id, mine)
    with pytest.raises(PermissionDenied):
        cal.enrolment.mark(lina, session.id, mine, "attended")
    cal.enrolment.mark(wang, session.id, mine, "attended")
    # Her own session: she runs it.
    own = replace(theirs, lead_counsellor_id=lina.counsellor_id, city="Beijing")
    cal.sessions.cancel(lina, cal.sessions.create(lina, own, accept=True).id)


def test_may_apply_covers_the_new_tables() -> None:
    assert not may_apply(Role.COUNSELLOR, "service_standard")
    assert may_apply(Role.SUPERVISOR, "service_standard")
    assert not may_apply(Role.COUNSELLOR, "counsellor_hours")
    assert may_apply(Role.COUNSELLOR, "improvement_project")  # anyone raises an idea
    assert not may_apply(Role.COUNSELLOR, "improvement_project", field="state")
    assert may_apply(Role.SUPERVISOR, "improvement_project", field="state")
    assert may_apply(Role.COUNSELLOR, "enrollment") and may_apply(Role.COUNSELLOR, "info_package")
    assert may_apply(Role.COUNSELLOR, "counsellor", "me", "me", field="password_hash")
    assert not may_apply(Role.COUNSELLOR, "counsellor", "me", "you", field="password_hash")
    assert not may_apply(Role.COUNSELLOR, "counsellor", "me", "me", field="role")
    assert may_apply(Role.COUNSELLOR, "audit_entry")
    for role in Role:
        assert not may_apply(role, "audit_entry", field="detail")
        assert not may_apply(role, "audit_entry", field="deleted")


def _change(table: str, row_id: str, field: str, value: object, user: str, n: int) -> Change:
    return Change(
        change_id=f"remote-{n}",
        table_name=table,
        row_id=row_id,
        field=field,
        new_value=json.dumps(value),
        hlc=encode(int(time.time() * 1000), n),
        base_hlc="",
        device_id="another-laptop",
        user_id=user,
    )


def test_sync_apply_refuses_what_the_author_could_not_have_done(ctx: ServiceContext) -> None:
    lina, _wang, chief = _people(ctx)
    services = Services.build(ctx)
    services.library.ensure_defaults()
    with ctx.read() as session:
        item_id = session.query(LibraryItem.id).first()[0]  # type: ignore[index]
        entry_id = session.query(AuditEntry.id).first()
    assert entry_id is None
    from ciip_desktop.services.security import audit

    audit.record(ctx, lina, audit.SIGN_IN, "counsellor", lina.counsellor_id)
    with ctx.read() as session:
        (entry,) = session.query(AuditEntry).all()
        entry_id_text = entry.id
    changes = [
        _change("library_item", item_id, "title_en", "Forged", lina.counsellor_id, 1),
        _change("counsellor", lina.counsellor_id, "role", "administrator", lina.counsellor_id, 2),
        _change("audit_entry", entry_id_text, "detail", "rewritten", chief.counsellor_id, 3),
        _change("audit_entry", entry_id_text, "deleted", True, chief.counsellor_id, 4),
        _change("library_item", item_id, "body_en", "Corrected", chief.counsellor_id, 5),
    ]
    report = apply_remote(ctx, changes)
    assert (report.applied, report.refused) == (1, 4)
    assert "4 changes were refused" in report.reasons[0]
    with ctx.read() as session:
        item = session.get(LibraryItem, item_id)
        assert item is not None and item.title_en != "Forged"
        assert item.body_en == "Corrected"
        person = session.get(Counsellor, lina.counsellor_id)
        assert person is not None and person.role == Role.COUNSELLOR.value
        kept = session.get(AuditEntry, entry_id_text)
        assert kept is not None and kept.detail == "" and not kept.deleted
    again = apply_remote(ctx, [replace(changes[0], change_id="remote-6"), changes[4]])
    assert (again.applied, again.skipped, again.refused) == (0, 1, 1)
