"""Errors never carry a client's data: not on stderr, not in the log, not in a crash report.

Each error path is provoked with a client whose values are distinctive, then stderr, the
log folder and the crash reports are searched for any of them.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from ciip_run import COLUMNS, query, run_ciip, without_root_override, write_csv
from sqlalchemy.exc import IntegrityError

from ciip_desktop.cli import main
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients import importer as importer_module
from ciip_desktop.services.clients import registration
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store import Database
from ciip_desktop.ui.excepthook import CrashReporter

CLIENT = {
    "family_name": "Quixotel",
    "given_name": "Zebulon",
    "chinese_name": "龘靐",
    "date_of_birth": "1977-07-07",
    "phone": "+86 139 8765 4321",
    "email": "zebulon.quixotel@example.org",
    "received_on": "2026-03-02",
}
assert set(CLIENT) == set(COLUMNS)
# How each value could show up: as typed, stored (E.164) or as Python prints a date.
TELLTALES = ["Quixotel", "QUIXOTEL", "Zebulon", "龘", "靐", "87654321", "8765 4321"]
TELLTALES += ["zebulon.quixotel", "1977-07-07", "1977, 7, 7"]


def _leaks(*texts: str) -> list[str]:
    return [t for t in TELLTALES if any(t in text for text in texts)]


def _written_under(folder: Path) -> str:
    if not folder.exists():
        return ""
    return "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    )


def test_a_file_number_clash_prints_and_logs_no_client_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The race of issue 13 (two processes, one number) forced here: an IntegrityError."""
    path = tmp_path / "office.sqlite3"
    other = {**CLIENT, "family_name": "Alpha", "given_name": "Beta", "chinese_name": ""}
    other.update(phone="13900000000", email="", date_of_birth="")
    first = write_csv(tmp_path / "first.csv", [other])
    assert main(["--db", str(path), "clients", "import", str(first)]) == 0
    monkeypatch.setattr(
        importer_module,
        "next_file_numbers",
        lambda _session, _office, _device, year, count=1: [f"GZA-{year}-00001"] * count,
    )
    capsys.readouterr()
    batch = write_csv(tmp_path / "batch.csv", [CLIENT])
    assert main(["--db", str(path), "clients", "import", str(batch)]) == 1
    err = capsys.readouterr().err
    logged = _written_under(tmp_path / "home" / "logs")
    assert "unexpected error" in err
    assert "IntegrityError" in logged and "UNIQUE constraint failed: client.file_no" in logged
    assert _leaks(err, logged) == []
    assert query(path, "SELECT count(*) FROM client") == [(1,)]


def test_a_crash_report_of_a_database_error_carries_no_client_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's crash report (sent to support) of the same clash, raised by the services."""
    db = Database.open(tmp_path / "office.sqlite3")
    try:
        services = Services.build(ServiceContext.open(db))
        first = RegistrationInput(
            family_name="Alpha",
            given_name="Beta",
            phone="13900000000",
            received_on=date(2026, 3, 2),
        )
        taken = services.clients.register(Actor.system(), first).file_no
        monkeypatch.setattr(registration, "next_file_numbers", lambda *_args, **_kwargs: [taken])
        clash = RegistrationInput(
            family_name=CLIENT["family_name"],
            given_name=CLIENT["given_name"],
            chinese_name=CLIENT["chinese_name"],
            date_of_birth=date(1977, 7, 7),
            phone=CLIENT["phone"],
            email=CLIENT["email"],
            received_on=date(2026, 3, 2),
        )
        with pytest.raises(IntegrityError) as caught:
            services.clients.register(Actor.system(), clash)
    finally:
        db.close()
    reports = tmp_path / "crashes"
    CrashReporter(reports, show=lambda _path: None).report(
        caught.type, caught.value, caught.value.__traceback__
    )
    (report,) = reports.glob("crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert "IntegrityError" in text
    assert _leaks(text) == []


def test_a_database_busy_beyond_the_timeout_is_one_clear_sentence(tmp_path: Path) -> None:
    """Another job holds the write lock longer than the busy timeout: a sentence, no data."""
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    batch = write_csv(tmp_path / "batch.csv", [CLIENT])
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run_ciip(home, "--db", str(path), "clients", "import", str(batch))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "database is locked" not in result.stderr
    assert "busy in another window or job" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert query(path, "SELECT count(*) FROM client") == [(0,)]
    assert _leaks(result.stderr, result.stdout, _written_under(home / "logs")) == []


def test_a_damaged_database_says_so_without_client_data(tmp_path: Path) -> None:
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    batch = write_csv(tmp_path / "batch.csv", [CLIENT])
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    assert run_ciip(home, "--db", str(path), "clients", "import", str(batch)).returncode == 0
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096, len(data), 4096):
        data[offset : offset + 32] = b"\xff" * 32
    path.write_bytes(bytes(data))
    for command in (["clients", "find", "quixotel"], ["clients", "show", "GZA-2026-00001"]):
        result = run_ciip(home, "--db", str(path), *command)
        assert result.returncode == 1
        assert "damaged" in result.stderr
        assert "Traceback" not in result.stderr
        leaks = _leaks(result.stderr, _written_under(home / "logs"))
        assert [t for t in leaks if t.lower() != "quixotel"] == []  # the query typed is fine


def test_a_refused_import_row_is_named_by_its_number_in_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "office.sqlite3"
    bad = write_csv(tmp_path / "bad.csv", [{**CLIENT, "date_of_birth": "1977-13-45"}])
    assert main(["--db", str(path), "clients", "import", str(bad)]) == 1
    capsys.readouterr()
    assert _leaks(_written_under(tmp_path / "home" / "logs")) == []


def test_a_read_only_database_refusing_an_update_carries_no_client_data(tmp_path: Path) -> None:
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    batch = write_csv(tmp_path / "batch.csv", [CLIENT])
    assert run_ciip(home, "--db", str(path), "clients", "import", str(batch)).returncode == 0
    path.chmod(0o444)
    result = run_ciip(
        home, "--db", str(path), "clients", "update", "GZA-2026-00001",
        "--set", "notes=Quixotel called about 龘靐",
        prefix=without_root_override(),
    )  # fmt: skip
    assert result.returncode == 1
    assert "is read-only" in result.stderr
    assert _leaks(result.stderr, _written_under(home / "logs")) == []


def test_a_bug_while_showing_a_record_logs_no_client_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ciip_desktop.cli import clients as clients_cli

    path = tmp_path / "office.sqlite3"
    batch = write_csv(tmp_path / "batch.csv", [CLIENT])
    assert main(["--db", str(path), "clients", "import", str(batch)]) == 0

    def broken(detail: object) -> None:
        raise KeyError(repr(detail))  # a bug whose message is the whole record

    monkeypatch.setattr(clients_cli, "_print_detail", broken)
    capsys.readouterr()
    assert main(["--db", str(path), "clients", "show", "GZA-2026-00001"]) == 1
    captured = capsys.readouterr()
    logged = _written_under(tmp_path / "home" / "logs")
    assert "KeyError" in logged
    assert _leaks(captured.err, captured.out, logged) == []
