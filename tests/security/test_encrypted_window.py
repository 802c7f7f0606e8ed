"""The window on an encrypted database: the sign-in comes first, then the clients (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from ciip_desktop import app
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.opening_list import OpeningList
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.security import db_keys
from ciip_desktop.services.security.accounts import AccountService
from ciip_desktop.store import Database, cipher
from ciip_desktop.ui.security import startup
from ciip_desktop.ui.security.sign_in_dialog import SignInDialog
from tests.ui.clients_support import register_people

PASSWORD = "boss-pass-1"


@pytest.fixture
def encrypted_db(tmp_path: Path) -> Path:
    """An encrypted database with the six clients of PEOPLE and the administrator boss."""
    path = tmp_path / "office.sqlite3"
    key = cipher.new_key()
    db_keys.DatabaseKeys.new(path, key).save()
    db = Database.open(path, key=key)
    try:
        ctx = ServiceContext.open(db)
        admin = AccountService(ctx, sleep=lambda s: None).setup("boss", "Boss", PASSWORD)
        register_people(Services.build(ctx), admin)
    finally:
        db.close()
        cipher.forget_key(path)
    return path


def test_the_first_page_reader_cannot_read_it_and_the_window_opens_after_the_sign_in(
    encrypted_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert OpeningList.open(encrypted_db) is None  # nothing of a client before the sign-in
    report = tmp_path / "moments.json"
    monkeypatch.setenv("CIIP_STARTUP_REPORT", str(report))
    monkeypatch.setenv("CIIP_USER", "boss")
    monkeypatch.setenv("CIIP_PASSWORD", PASSWORD)
    shot = tmp_path / "shot.png"
    assert app.main(["--db", str(encrypted_db), "--screenshot", str(shot)]) == 0
    moments = json.loads(report.read_text(encoding="utf-8"))
    assert moments["first_paint"] < moments["ready"]  # the list came after the sign-in
    assert shot.stat().st_size > 0


def test_a_wrong_password_at_start_is_one_sentence(
    encrypted_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CIIP_USER", "boss")
    monkeypatch.setenv("CIIP_PASSWORD", "not-the-password")
    before = encrypted_db.read_bytes()
    args = ["--db", str(encrypted_db), "--screenshot", str(encrypted_db.parent / "x.png")]
    assert app.main(args) == 1
    assert capsys.readouterr().err == "The login or the password is wrong; try again.\n"
    assert encrypted_db.read_bytes() == before


def test_the_dialog_unlocks_the_database_with_the_persons_own_password(
    qtbot: QtBot, encrypted_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CIIP_USER")
    monkeypatch.delenv("CIIP_PASSWORD")
    seen: list[str] = []

    def type_in(dialog: SignInDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.login_edit.setText("boss")
        dialog.password_edit.setText("wrong-password")
        dialog.try_accept()
        seen.append(dialog.error.text())
        dialog.password_edit.setText(PASSWORD)
        dialog.try_accept()
        return int(dialog.result())

    monkeypatch.setattr(SignInDialog, "exec", type_in)
    parent = QWidget()
    qtbot.addWidget(parent)
    unlocked = startup.unlock_database(encrypted_db, None, False, parent)
    assert seen == ["The login or the password is wrong; try again."]
    assert unlocked is not None
    key, given = unlocked
    assert given == ("boss", PASSWORD)
    db = Database.open(encrypted_db, key=key)
    try:
        actor = startup.signed_in_actor(ServiceContext.open(db), None, False, parent, given)
        assert actor is not None and actor.display_name == "Boss"
    finally:
        db.close()
        cipher.forget_key(encrypted_db)

    monkeypatch.setattr(SignInDialog, "exec", lambda d: int(QDialog.DialogCode.Rejected))
    assert startup.unlock_database(encrypted_db, None, False, parent) is None
