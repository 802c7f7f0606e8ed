"""`ciip hub init`, `ciip hub enrol`, `ciip sync enrol`, `ciip sync` and `ciip sync status`."""

from __future__ import annotations

from pathlib import Path

import pytest

from ciip_desktop.cli import main


def _ciip(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_an_office_set_up_and_synced_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub = tmp_path / "hub.sqlite3"
    office_db, laptop_db = tmp_path / "office.sqlite3", tmp_path / "laptop.sqlite3"
    assert _ciip(office_db, "init") == 0
    assert _ciip(office_db, "hub", "init", "--url", str(hub)) == 0
    assert "ready" in capsys.readouterr().out
    enrolment = tmp_path / "laptop-b.json"
    assert (
        _ciip(
            office_db,
            "hub",
            "enrol",
            "--url",
            str(hub),
            "--device-code",
            "b",
            "--out",
            str(enrolment),
        )
        == 0
    )
    # The hub refuses a second laptop with the same code.
    assert (
        _ciip(
            office_db,
            "hub",
            "enrol",
            "--url",
            str(hub),
            "--device-code",
            "B",
            "--out",
            str(tmp_path / "again.json"),
        )
        == 1
    )
    assert "already has this device code" in capsys.readouterr().err
    assert _ciip(laptop_db, "init") == 0
    assert _ciip(laptop_db, "sync", "enrol", str(enrolment)) == 0
    assert "as device B" in capsys.readouterr().out
    assert _ciip(office_db, "demo", "--clients", "3") == 0
    assert _ciip(office_db, "sync") == 0
    assert _ciip(laptop_db, "sync") == 0
    out = capsys.readouterr().out
    assert "0 refused" in out
    assert _ciip(laptop_db, "clients", "find", "GZA-", "--json") == 0
    assert out.count("GZA-") == 0 and capsys.readouterr().out.count("GZA-") >= 3
    assert _ciip(laptop_db, "sync", "status") == 0
    status = capsys.readouterr().out
    assert "Changes waiting to be sent: 0" in status and str(hub) in status


def test_a_laptop_never_enrolled_works_alone_and_is_told_why_it_cannot_sync(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite3"
    assert _ciip(db, "init") == 0
    assert _ciip(db, "demo", "--clients", "2") == 0
    assert _ciip(db, "sync", "--hub", str(tmp_path / "hub.sqlite3")) == 1
    err = capsys.readouterr().err
    assert "not enrolled" in err and "Traceback" not in err


def test_a_database_with_records_cannot_join_an_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub = tmp_path / "hub.sqlite3"
    office_db, used = tmp_path / "office.sqlite3", tmp_path / "used.sqlite3"
    assert _ciip(office_db, "init") == 0
    assert _ciip(office_db, "hub", "init", "--url", str(hub)) == 0
    assert _ciip(used, "init") == 0
    assert _ciip(used, "demo", "--clients", "1") == 0
    assert _ciip(used, "sync", "enrol", "--hub", str(hub), "--device-code", "C") == 1
    assert "new, empty database" in capsys.readouterr().err
