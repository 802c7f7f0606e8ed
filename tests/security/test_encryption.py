"""Encryption at rest (issue 17): what a thief with the file sees, and what a counsellor sees."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from ciip_desktop.cli import main
from ciip_desktop.services.security import db_keys
from ciip_desktop.store import cipher

NAME = "Qwertyuiopname"  # typed in through `clients update`; must never show in the file
ADMIN_PW = "boss-pass-1"


def _ciip(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def _as(monkeypatch: pytest.MonkeyPatch, login: str, password: str) -> None:
    monkeypatch.setenv("CIIP_USER", login)
    monkeypatch.setenv("CIIP_PASSWORD", password)


def _every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _plain_sqlite_refuses(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            con.execute("SELECT count(*) FROM client").fetchall()
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new encrypted database with five demo clients, one renamed to NAME."""
    db = tmp_path / "data" / "office.sqlite3"
    monkeypatch.setenv("CIIP_NEW_PASSWORD", ADMIN_PW)
    assert _ciip(db, "init", "--encrypted", "--admin", "boss") == 0
    _as(monkeypatch, "boss", ADMIN_PW)
    assert _ciip(db, "demo", "--clients", "5") == 0
    assert _ciip(db, "clients", "update", "GZA-2026-00001", "--set", f"family_name={NAME}") == 0
    return db


def test_an_encrypted_database_reveals_nothing_without_its_key(
    encrypted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _plain_sqlite_refuses(encrypted)
    assert not encrypted.read_bytes().startswith(cipher.PLAIN_MAGIC)
    assert NAME.encode() not in _every_byte(encrypted.parent)
    keys = json.loads(cipher.key_file(encrypted).read_text(encoding="utf-8"))
    assert list(keys["wraps"]) == ["boss"]
    assert cipher.key_file(encrypted).stat().st_mode & 0o077 == 0
    capsys.readouterr()
    assert _ciip(encrypted, "clients", "find", NAME) == 0
    assert NAME.upper() in capsys.readouterr().out


def test_a_wrong_password_is_one_sentence_and_changes_no_byte(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (_sha(encrypted), _sha(cipher.key_file(encrypted)))
    capsys.readouterr()
    for login, password in (("boss", "not-the-password"), ("nobody", ADMIN_PW)):
        _as(monkeypatch, login, password)
        assert _ciip(encrypted, "clients", "find", "x") == 1
        err = capsys.readouterr().err
        assert err == "ciip: The login or the password is wrong; try again.\n"
    assert (_sha(encrypted), _sha(cipher.key_file(encrypted))) == before
    # A key that is not this database's is refused at the first read, file untouched.
    from ciip_desktop.errors import DatabaseFileError
    from ciip_desktop.store import Database

    with pytest.raises(DatabaseFileError, match="does not open the encrypted database"):
        Database.open(encrypted, key=cipher.new_key())
    assert _sha(encrypted) == before[0]


def test_backups_of_an_encrypted_database_are_encrypted_and_restore(
    encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert _ciip(encrypted, "backup", "--out", str(copy)) == 0
    _plain_sqlite_refuses(copy)
    assert NAME.encode() not in copy.read_bytes()
    assert cipher.key_file(copy).is_file()
    assert (
        _ciip(encrypted, "clients", "update", "GZA-2026-00001", "--set", "family_name=Later") == 0
    )
    assert _ciip(encrypted, "restore", str(copy)) == 0
    capsys.readouterr()
    assert _ciip(encrypted, "clients", "find", NAME) == 0
    assert NAME.upper() in capsys.readouterr().out
    # The replaced database was kept, encrypted, in the backup folder.
    home_backups = Path(str(tmp_path / "home"))
    kept = [p for p in home_backups.rglob("*before-restore*") if not p.name.endswith(".keys")]
    assert kept and all(cipher.is_encrypted(p) for p in kept)
    assert NAME.encode() not in _every_byte(tmp_path)


def test_encrypt_then_decrypt_an_existing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "data" / "office.sqlite3"
    monkeypatch.setenv("CIIP_NEW_PASSWORD", ADMIN_PW)
    assert _ciip(db, "init", "--admin", "boss") == 0
    _as(monkeypatch, "boss", ADMIN_PW)
    monkeypatch.setenv("CIIP_NEW_PASSWORD", "lina-pass-1")
    assert _ciip(db, "users", "add", "lina", "--role", "counsellor") == 0
    assert _ciip(db, "demo", "--clients", "5") == 0
    assert _ciip(db, "clients", "update", "GZA-2026-00002", "--set", f"given_name={NAME}") == 0
    # A plain backup from before (as a migration leaves one) must not stay readable.
    from ciip_desktop.config import app_paths
    from ciip_desktop.store.migrate import backup_database

    backup_dir = app_paths().backup_dir
    old_backup = backup_database(db, backup_dir, label="before-0004_packages")
    assert NAME.encode() in old_backup.read_bytes()

    assert _ciip(db, "security", "encrypt") == 0
    assert "Only boss can open it" in capsys.readouterr().out
    _plain_sqlite_refuses(db)
    _plain_sqlite_refuses(old_backup)
    assert NAME.encode() not in _every_byte(tmp_path)
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name, db.name + ".keys"]

    # Lina's account exists but has no wrap yet; the administrator grants it with her
    # own password, typed by her.
    _as(monkeypatch, "lina", "lina-pass-1")
    assert _ciip(db, "clients", "find", NAME) == 1
    _as(monkeypatch, "boss", ADMIN_PW)
    monkeypatch.setenv("CIIP_GRANT_PASSWORD", "not-hers-at-all")
    assert _ciip(db, "security", "grant", "lina") == 1
    monkeypatch.setenv("CIIP_GRANT_PASSWORD", "lina-pass-1")
    assert _ciip(db, "security", "grant", "lina") == 0
    _as(monkeypatch, "lina", "lina-pass-1")
    capsys.readouterr()
    assert _ciip(db, "clients", "find", NAME) == 0
    assert "GZA-2026-00002" in capsys.readouterr().out
    # A counsellor may not decrypt; an administrator may.
    assert _ciip(db, "security", "decrypt") == 1
    assert "may not do this" in capsys.readouterr().err
    assert cipher.is_encrypted(db)
    _as(monkeypatch, "boss", ADMIN_PW)
    assert _ciip(db, "security", "decrypt") == 0
    assert not cipher.key_file(db).exists()
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute("SELECT given_name FROM client")]
    finally:
        con.close()
    assert NAME in names and len(names) == 5


def test_an_account_added_on_an_encrypted_database_opens_it(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CIIP_NEW_PASSWORD", "wang-pass-1")
    assert _ciip(encrypted, "users", "add", "wang", "--role", "supervisor") == 0
    assert db_keys.DatabaseKeys.load(encrypted).logins() == ["boss", "wang"]
    _as(monkeypatch, "wang", "wang-pass-1")
    capsys.readouterr()
    assert _ciip(encrypted, "clients", "find", NAME) == 0
    assert NAME.upper() in capsys.readouterr().out


def test_init_encrypted_refuses_without_an_administrator_or_over_a_plain_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite3"
    assert _ciip(db, "init", "--encrypted") == 1
    assert "--admin LOGIN" in capsys.readouterr().err
    assert not db.exists()
    assert _ciip(db, "init") == 0
    assert _ciip(db, "init", "--encrypted", "--admin", "boss") == 1
    assert "ciip security encrypt" in capsys.readouterr().err
