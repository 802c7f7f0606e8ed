"""The sign-in comes with the first paint, checked before the services load (issue 17)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from ciip_desktop import app
from ciip_desktop.errors import UserError
from ciip_desktop.models import AuditEntry, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.security.accounts import AccountService
from ciip_desktop.services.security.early_sign_in import EarlySignIn
from ciip_desktop.store import Database, cipher
from ciip_desktop.store.account_reader import AccountReader
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.security.sign_in_dialog import SignInDialog
from tests.ui.clients_support import register_people

PASSWORD = "lina-pass-1"


@pytest.fixture
def office(ctx: ServiceContext) -> Path:
    """A plain database where boss and lina sign in, with the six clients of PEOPLE."""
    accounts = AccountService(ctx, sleep=lambda s: None)
    admin = accounts.setup("boss", "Boss", "boss-pass-1")
    accounts.add(admin, "lina", "Li Na", Role.COUNSELLOR, PASSWORD)
    register_people(Services.build(ctx), admin)
    return ctx.db.path


def test_the_password_is_checked_against_the_stored_hash_and_failures_slow_down(
    office: Path, ctx: ServiceContext
) -> None:
    accounts = AccountService(ctx, sleep=lambda s: None)
    for _ in range(2):  # earlier failures, in the audit trail
        with pytest.raises(UserError):
            accounts.sign_in("lina", "wrong-password")
    reader = AccountReader.open(office)
    assert reader is not None
    waits: list[float] = []
    try:
        early = EarlySignIn(reader, sleep=waits.append)
        with pytest.raises(UserError, match="login or the password is wrong"):
            early.check("lina", "still-wrong")
        with pytest.raises(UserError, match="login or the password is wrong"):
            early.check("nobody", PASSWORD)
        assert early.check(" Lina ", PASSWORD) == accounts.sign_in("lina", PASSWORD).counsellor_id
    finally:
        reader.close()
    assert waits == [1.0]  # the third failure in a row makes the next attempt wait
    assert early.failed == ["lina", "nobody"]


def test_no_early_sign_in_where_nobody_signs_in_or_the_file_is_encrypted(
    db: Database, tmp_path: Path
) -> None:
    ServiceContext.open(db)
    assert AccountReader.open(db.path) is None  # no account has a password
    encrypted = tmp_path / "secret.sqlite3"
    key = cipher.new_key()
    cipher.key_file(encrypted).write_text("{}", encoding="utf-8")
    Database.open(encrypted, key=key).close()
    cipher.forget_key(encrypted)
    assert AccountReader.open(encrypted) is None


def test_the_window_asks_at_once_and_shows_no_client_before_the_password(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CIIP_USER")
    monkeypatch.delenv("CIIP_PASSWORD")
    seen: dict[str, object] = {}
    asked = threading.Event()
    load = app._load_office

    def load_after_the_question(*args: Any) -> Any:
        # The services wait (up to 20 s) for the sign-in: it must not wait for them.
        seen["asked before the services loaded"] = asked.wait(20)
        return load(*args)

    def type_in(dialog: SignInDialog) -> int:
        asked.set()
        window = dialog.parentWidget()
        assert isinstance(window, MainWindow)
        seen["services when asked"] = window.services
        seen["clients when asked"] = window.clients_screen  # no list, no record yet
        dialog.login_edit.setText("lina")
        dialog.password_edit.setText("wrong-password")
        dialog.try_accept()
        seen["error"] = dialog.error.text()
        dialog.password_edit.setText(PASSWORD)
        dialog.try_accept()
        return int(dialog.result())

    shown = app.Startup.ready

    def ready_then_quit(self: app.Startup) -> None:
        shown(self)
        assert self.window is not None
        seen["signed in"] = self.window.actor.display_name if self.window.actor else None
        assert self.window.clients_screen is not None
        seen["rows"] = self.window.clients_screen.model.rowCount()
        self.finished(0)

    monkeypatch.setattr(SignInDialog, "exec", type_in)
    monkeypatch.setattr(app.Startup, "ready", ready_then_quit)
    monkeypatch.setattr(app, "_load_office", load_after_the_question)
    assert app.main(["--db", str(office)]) == 0
    assert seen["asked before the services loaded"] is True
    assert seen["services when asked"] is None and seen["clients when asked"] is None
    assert seen["error"] == "The login or the password is wrong; try again."
    assert seen["signed in"] == "Li Na"
    assert seen["rows"] == 6
    db = Database.open(office)
    try:
        with db.read() as session:
            trail = [
                (e.action, e.target_id or e.actor_login)
                for e in session.query(AuditEntry).order_by(AuditEntry.at)
                if e.action.startswith("sign_in")
            ]
    finally:
        db.close()
    assert trail[-2:] == [("sign_in.failed", "lina"), ("sign_in", trail[-1][1])]


def test_cancelling_the_sign_in_at_the_first_paint_closes_the_app(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CIIP_PASSWORD")
    monkeypatch.setattr(SignInDialog, "exec", lambda d: int(QDialog.DialogCode.Rejected))
    assert app.main(["--db", str(office)]) == 0
