"""A scripted day of work leaves exactly the audit entries it should, none with personal data.

The day runs through the services the window uses and through `ciip`, on one database file;
then the audit table is read back with the standard library's sqlite3 and searched for every
personal value typed during the day (issue 17).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ciip_desktop.cli import main
from ciip_desktop.errors import UserError
from ciip_desktop.models import Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.roster import roster_entries
from ciip_desktop.services.calendar.types import SessionInput
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.security import audit
from ciip_desktop.services.security.accounts import AccountService
from ciip_desktop.store import Database

TYPED = {
    "chinese_name": "欧阳娜娜",
    "family_name": "Ouyang",
    "given_name": "Nana",
    "phone": "+8613912345678",
    "email": "nana.ouyang@example.com",
    "notes": "Wants to retrain as a nurse in Halifax",
}
NEW_PHONE = "+8613887654321"
BIRTH = date(1990, 4, 5)
PASSWORDS = {"boss": "boss-pass-2026", "lina": "lina-pass-2026", "chen": "chen-pass-2026"}


def _ciip(monkeypatch: pytest.MonkeyPatch, db: Path, login: str, *args: str) -> int:
    monkeypatch.setenv("CIIP_USER", login)
    monkeypatch.setenv("CIIP_PASSWORD", PASSWORDS[login])
    return main(["--db", str(db), *args])


def test_a_day_of_work_is_audited_completely_and_without_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "office.sqlite3"
    monkeypatch.setenv("CIIP_NEW_PASSWORD", PASSWORDS["boss"])
    assert main(["--db", str(db_path), "init", "--admin", "boss"]) == 0
    for login, role in (("lina", "counsellor"), ("chen", "supervisor")):
        monkeypatch.setenv("CIIP_NEW_PASSWORD", PASSWORDS[login])
        assert _ciip(monkeypatch, db_path, "boss", "users", "add", login, "--role", role) == 0

    # The window's part of the day, through the services it uses.
    db = Database.open(db_path)
    try:
        ctx = ServiceContext.open(db)
        services = Services.build(ctx)
        accounts = AccountService(ctx)
        with pytest.raises(UserError):
            accounts.sign_in("lina", "not-her-password")
        lina = accounts.sign_in("lina", PASSWORDS["lina"])
        chen = accounts.sign_in("chen", PASSWORDS["chen"])
        assert chen.role == Role.SUPERVISOR
        client = services.clients.register(
            lina,
            RegistrationInput(
                **TYPED,
                date_of_birth=BIRTH,
                received_on=date(2026, 11, 2),
                signature_on_file=True,
                signature_date=date(2026, 11, 1),
            ),
        )
        services.clients.update(lina, client.id, {"phone": NEW_PHONE})
        services.clients.get(lina, client.id)  # the record view
        draft = services.packages.propose(client.id)
        issued = services.issuer.issue(lina, draft)
        services.issuer.record_sent(lina, issued.id, "print")
        services.issuer.record_sent(lina, issued.id, "email")
        zone = ZoneInfo("Asia/Shanghai")
        start = datetime(2026, 12, 10, 9, tzinfo=zone)
        session = services.calendar.sessions.create(
            chen,
            SessionInput(
                "group", start, start + timedelta(hours=7), city="Guangzhou",
                lead_counsellor_id=lina.counsellor_id,
            ),
            accept=True,
        )  # fmt: skip
        services.calendar.enrolment.enrol(lina, session.id, client.id)
        roster_entries(services.calendar.enrolment, lina, session.id, "pdf")
        services.calendar.places.add_closure(chen, date(2026, 12, 24), date(2026, 12, 24), "Move")
        services.quality.catalogue.change(
            chen, services.quality.catalogue.standards()[0].key, 5, 0.9
        )
        accounts.sign_out(lina)
        file_no = client.file_no
    finally:
        db.close()

    # The command line's part: each command signs in as its account.
    monkeypatch.setattr(audit, "_last_view", {})  # a new process remembers no earlier view
    assert _ciip(monkeypatch, db_path, "lina", "clients", "show", file_no) == 0
    out = tmp_path / "view.xlsx"
    assert _ciip(monkeypatch, db_path, "lina", "clients", "export", "--out", str(out)) == 0
    assert _ciip(monkeypatch, db_path, "boss", "backup", "--out", str(tmp_path / "b.sqlite3")) == 0
    trail = tmp_path / "audit.csv"
    assert _ciip(monkeypatch, db_path, "chen", "audit", "--out", str(trail)) == 0

    with sqlite3.connect(db_path) as raw:
        rows = raw.execute(
            "SELECT action, actor_login, target_kind, target_id, device_id, detail, at "
            "FROM audit_entry ORDER BY at, hlc"
        ).fetchall()
        device = raw.execute("SELECT device_id FROM replica_state").fetchone()[0]
    kinds = [r[0] for r in rows]
    assert set(kinds) == {
        audit.ACCOUNT,
        audit.SIGN_IN,
        audit.SIGN_IN_FAILED,
        audit.SIGN_OUT,
        audit.VIEW,
        audit.CHANGE,
        audit.PACKAGE,
        audit.PRINT,
        audit.EMAIL,
        audit.ROSTER,
        audit.CLOSURE,
        audit.STANDARD,
        audit.EXPORT,
        audit.BACKUP,
        audit.AUDIT_EXPORT,
    }
    assert kinds.count(audit.VIEW) == 2  # the window's record view and `ciip clients show`
    assert kinds.count(audit.ACCOUNT) == 3 and kinds.count(audit.SIGN_IN_FAILED) == 1
    by_kind = {r[0]: r for r in rows}
    assert by_kind[audit.CHANGE][1:4] == ("lina", "client", file_no)
    assert by_kind[audit.CHANGE][5] == "phone"  # the field's name, not its value
    assert by_kind[audit.PRINT][1:4] == ("lina", "client", file_no)
    assert by_kind[audit.EMAIL][1:4] == ("lina", "client", file_no)
    assert by_kind[audit.ROSTER][1:4] == ("lina", "session", session.id)
    assert all(r[4] == device for r in rows)  # which laptop
    assert all(r[6] for r in rows)  # when

    everything = "\n".join("\t".join(str(v) for v in r) for r in rows)
    typed = [*TYPED.values(), NEW_PHONE, BIRTH.isoformat(), "13912345678", "13887654321"]
    typed += ["Halifax", "nurse", "欧阳", "Nana"]
    for value in typed:
        assert value not in everything, value
    csv_text = trail.read_text(encoding="utf-8-sig")
    assert file_no in csv_text and not any(v in csv_text for v in typed)
