"""`ciip sync export|import` and `ciip sync key`: one line each, exit codes, no traceback."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from ciip_desktop.cli import main


def ciip(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "laptop.sqlite3"
    assert ciip(path, "init") == 0
    return path


def test_key_then_export_writes_a_sealed_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert ciip(db, "sync", "key", "new", "--out", str(tmp_path / "office.key")) == 0
    assert stat.S_IMODE((tmp_path / "office.key").stat().st_mode) == 0o600
    assert ciip(db, "sync", "export", "--out", str(tmp_path / "venue.ciipsync")) == 0
    out = capsys.readouterr().out
    assert "Wrote " in out and "venue.ciipsync" in out
    assert (tmp_path / "venue.ciipsync").read_bytes().startswith(b"CIIPSYN")


def test_export_without_a_key_says_how_to_get_one(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert ciip(db, "sync", "export", "--out", str(tmp_path / "x.ciipsync")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ciip sync key install" in err
    assert not (tmp_path / "x.ciipsync").exists()


def test_importing_a_file_that_is_no_bundle_is_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ciip(db, "sync", "key", "new") == 0
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    capsys.readouterr()
    assert ciip(db, "sync", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert err == (
        "ciip: This file is not a CIIP sync bundle; choose a .ciipsync file. Nothing was applied.\n"
    )


def test_a_key_file_that_is_not_one_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "office.key"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    capsys.readouterr()
    assert ciip(db, "sync", "key", "install", str(bad)) == 1
    assert "is not a CIIP office key file" in capsys.readouterr().err


def test_another_offices_key_is_not_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "gz.sqlite3", tmp_path / "other.sqlite3"
    assert ciip(first, "init") == 0 and ciip(second, "init") == 0
    assert ciip(first, "sync", "key", "new", "--out", str(tmp_path / "gz.key")) == 0
    capsys.readouterr()
    assert ciip(second, "sync", "key", "install", str(tmp_path / "gz.key")) == 1
    assert "belongs to another office" in capsys.readouterr().err


def test_two_laptops_of_one_office_exchange_a_sync_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub = tmp_path / "hub.sqlite3"
    office, laptop = tmp_path / "office.sqlite3", tmp_path / "laptop.sqlite3"
    assert ciip(office, "init") == 0
    assert ciip(office, "hub", "init", "--url", str(hub)) == 0
    enrolment = tmp_path / "b.json"
    assert ciip(office, "hub", "enrol", "--url", str(hub), "--device-code", "B",
                "--out", str(enrolment)) == 0  # fmt: skip
    assert ciip(laptop, "init") == 0
    assert ciip(laptop, "sync", "enrol", str(enrolment)) == 0
    key = tmp_path / "office.key"
    assert ciip(office, "sync", "key", "new", "--out", str(key)) == 0
    assert ciip(laptop, "sync", "key", "install", str(key)) == 0
    assert ciip(office, "demo", "--clients", "3") == 0
    stick = tmp_path / "usb.ciipsync"
    assert ciip(office, "sync", "export", "--out", str(stick)) == 0
    capsys.readouterr()
    assert ciip(laptop, "sync", "import", str(stick)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Applied the sync file: ") and ", 0 refused." in out
    with sqlite3.connect(laptop) as conn:  # the office's three demo clients are here now
        assert conn.execute("SELECT count(*) FROM client").fetchone() == (3,)
    assert ciip(laptop, "sync", "import", str(stick)) == 0
    assert capsys.readouterr().out.startswith(
        "This laptop already had every change in the sync file."
    )
