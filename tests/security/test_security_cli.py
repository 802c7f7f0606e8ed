"""`ciip` signs in as a named account; a counsellor's restricted call fails (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ciip_desktop.cli import main


def _ciip(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_init_admin_then_roles_are_enforced_on_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite3"
    monkeypatch.setenv("CIIP_NEW_PASSWORD", "boss-pass-1")
    assert _ciip(db, "init", "--admin", "boss") == 0
    monkeypatch.setenv("CIIP_USER", "boss")
    monkeypatch.setenv("CIIP_PASSWORD", "boss-pass-1")
    monkeypatch.setenv("CIIP_NEW_PASSWORD", "lina-pass-1")
    assert _ciip(db, "users", "add", "lina", "--role", "counsellor") == 0
    capsys.readouterr()

    monkeypatch.setenv("CIIP_PASSWORD", "wrong-one")
    assert _ciip(db, "audit") == 1
    assert "login or the password is wrong" in capsys.readouterr().err

    monkeypatch.setenv("CIIP_USER", "lina")
    monkeypatch.setenv("CIIP_PASSWORD", "lina-pass-1")
    monkeypatch.setenv("CIIP_NEW_PASSWORD", "evil-pass-1")
    assert _ciip(db, "users", "add", "mallory", "--role", "administrator") == 1
    assert _ciip(db, "audit") == 1
    assert _ciip(db, "restore", str(db)) == 1
    assert "may not do this" in capsys.readouterr().err

    monkeypatch.setenv("CIIP_USER", "boss")
    monkeypatch.setenv("CIIP_PASSWORD", "boss-pass-1")
    out = tmp_path / "audit.csv"
    assert _ciip(db, "audit", "--out", str(out)) == 0
    trail = out.read_text(encoding="utf-8")
    assert "sign_in.failed" in trail and "admin.account" in trail
    assert out.stat().st_mode & 0o077 == 0


def test_backup_and_restore_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite3"
    assert _ciip(db, "init") == 0
    assert _ciip(db, "demo", "--clients", "5") == 0
    copy = tmp_path / "copy.sqlite3"
    assert _ciip(db, "backup", "--out", str(copy)) == 0
    assert copy.stat().st_mode & 0o077 == 0
    assert _ciip(db, "demo", "--clients", "5") == 0
    assert _ciip(db, "restore", str(copy)) == 0
    capsys.readouterr()
    assert _ciip(db, "clients", "find", "", "--limit", "100", "--json") == 0
    assert capsys.readouterr().out.count('"file_no"') == 5
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database")
    assert _ciip(db, "restore", str(bad)) == 1
    assert "not a usable CIIP backup" in capsys.readouterr().err
