"""Automatic rotating backups: consistent copies while clients are registered, 0600/0700,
the newest kept, identical copies not kept twice, failures as one sentence."""

from __future__ import annotations

import errno
import sqlite3
import stat
import threading
from datetime import date
from pathlib import Path

import pytest

from ciip_desktop.cli import main
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.list_types import ClientFilter
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.security import auto_backup
from ciip_desktop.services.security.auto_backup import (
    AutoBackup,
    AutoBackupError,
    BackupPolicy,
)
from ciip_desktop.store import Database
from ciip_desktop.store.backup_restore import check_backup, restore_from


def person(i: int) -> RegistrationInput:
    return RegistrationInput(
        family_name="Backup",
        given_name=f"Person{i:05d}",
        phone=f"+86 138 {i // 10000:04d} {i % 10000:04d}",
        received_on=date(2026, 3, 2),
    )


def file_numbers(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT file_no FROM client ORDER BY file_no")]
    finally:
        con.close()


def one_value(path: Path, sql: str) -> object:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute(sql).fetchone()
        return None if row is None else row[0]
    finally:
        con.close()


def test_copies_are_owner_only_rotated_and_never_kept_twice(
    services: Services, tmp_path: Path
) -> None:
    database = services.ctx.db.path
    backups = AutoBackup(database, tmp_path / "backups", keep=3)
    first = backups.take()
    assert first.written and first.path is not None
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backups.folder.stat().st_mode) == 0o700
    check_backup(first.path)

    # Nothing written since: no new copy; forced, the identical copy is not kept twice.
    assert backups.take() == auto_backup.BackupOutcome(first.path, False)
    assert backups.take(force=True) == auto_backup.BackupOutcome(first.path, False)
    assert backups.copies() == [first.path]

    taken = [first.path]
    for i in range(5):
        services.clients.register(Actor.system(), person(i))
        outcome = backups.take()
        assert outcome.written and outcome.path is not None
        taken.append(outcome.path)
    assert backups.copies() == taken[-3:]  # the newest three
    assert file_numbers(taken[-1]) == file_numbers(database)
    # A restart (a new AutoBackup) finds the newest copy identical and keeps no other.
    again = AutoBackup(database, tmp_path / "backups", keep=3).take()
    assert again == auto_backup.BackupOutcome(taken[-1], False)
    # The migration backups in the folder above are not rotated away.
    assert backups.folder.parent == tmp_path / "backups"


def test_backups_taken_while_clients_are_registered_are_whole_and_restore(
    db: Database, tmp_path: Path
) -> None:
    """Another connection keeps registering clients (one transaction each) while copies are
    taken: each copy passes integrity_check and holds exactly the clients committed up to
    its moment — a prefix of the writer's order, with their change log and search keys —
    and a restore of it opens as a working office."""
    ServiceContext.open(db)  # the office and this laptop exist before the writer starts
    committed: list[str] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        other = Database.open(db.path)
        try:
            services = Services.build(ServiceContext.open(other))
            i = 0
            while not stop.is_set() and i < 2000:
                committed.append(services.clients.register(Actor.system(), person(i)).file_no)
                i += 1
        except BaseException as exc:  # reported by the test below
            failures.append(exc)
        finally:
            other.close()

    backups = AutoBackup(db.path, tmp_path / "backups", keep=100)
    thread = threading.Thread(target=writer, name="registering")
    thread.start()
    windows: list[tuple[int, int, Path]] = []
    try:
        while len(windows) < 6 and thread.is_alive():
            if len(committed) < 5 * (len(windows) + 1):
                stop.wait(0.01)  # let a few registrations commit between copies
                continue
            before = len(committed)
            outcome = backups.take(force=True)
            after = len(committed)
            assert outcome.path is not None
            windows.append((before, after, outcome.path))
    finally:
        stop.set()
        thread.join()
    assert not failures, failures
    assert len(windows) == 6
    for before, after, copy in windows:
        check_backup(copy)  # opens, carries the marker, PRAGMA integrity_check is "ok"
        numbers = file_numbers(copy)
        # The writer notes a number just after its commit: one may be in the copy unnoted.
        assert before <= len(numbers) <= after + 1
        assert numbers == sorted(committed[: len(numbers)])  # a prefix: no gap, no extra
        inserts = one_value(
            copy, "SELECT count(*) FROM change_log WHERE table_name='client' AND field='*'"
        )
        assert inserts == len(numbers)
        keyed = one_value(copy, "SELECT count(DISTINCT client_id) FROM client_search_key")
        assert keyed == len(numbers)
        assert one_value(copy, "PRAGMA foreign_key_check") is None  # no row: nothing dangles

    before, after, copy = windows[-1]
    restored = tmp_path / "restored" / "office.sqlite3"
    restored.parent.mkdir()
    restore_from(copy, restored, tmp_path / "restored-backups")
    again = Database.open(restored)
    try:
        services = Services.build(ServiceContext.open(again))
        count = len(file_numbers(restored))
        assert count == len(file_numbers(copy))
        (hit,) = services.search.search(ClientFilter(text=committed[count - 1]), limit=1)
        assert (
            one_value(restored, f"SELECT file_no FROM client WHERE id='{hit}'")
            == (committed[count - 1])
        )
        added = services.clients.register(Actor.system(), person(99999))
        assert added.file_no not in committed[:count]  # numbering goes on after the restore
    finally:
        again.close()


def test_a_folder_that_cannot_be_written_is_one_sentence(
    services: Services, tmp_path: Path
) -> None:
    blocked = tmp_path / "backups"
    blocked.write_text("not a folder", encoding="utf-8")  # fails for root too
    backups = AutoBackup(services.ctx.db.path, blocked)
    with pytest.raises(AutoBackupError) as caught:
        backups.take()
    assert "may not write to" in caught.value.message
    assert str(blocked / "auto") in caught.value.message
    assert "Traceback" not in caught.value.message


def test_a_full_disk_is_one_sentence_and_nothing_half_written(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_database: Path, out: Path) -> Path:
        out.write_bytes(b"SQLite format 3\x00 half")  # the store removes its partial file;
        out.unlink()  # a full disk leaves nothing behind it either
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(auto_backup, "backup_to", full)
    backups = AutoBackup(services.ctx.db.path, tmp_path / "backups")
    with pytest.raises(AutoBackupError) as caught:
        backups.take()
    assert "is full" in caught.value.message
    assert backups.copies() == []

    def sqlite_full(_database: Path, _out: Path) -> Path:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(auto_backup, "backup_to", sqlite_full)
    with pytest.raises(AutoBackupError) as caught:
        backups.take()
    assert "is full" in caught.value.message


def test_the_policy_comes_from_the_environment_with_sensible_defaults() -> None:
    assert BackupPolicy.from_env({}) == BackupPolicy(10.0, 12)
    assert BackupPolicy.from_env({"CIIP_BACKUP_MINUTES": "2.5", "CIIP_BACKUPS_KEPT": "4"}) == (
        BackupPolicy(2.5, 4)
    )
    assert not BackupPolicy.from_env({"CIIP_BACKUP_MINUTES": "0"}).enabled
    assert BackupPolicy.from_env({"CIIP_BACKUP_MINUTES": "soon"}) == BackupPolicy(10.0, 12)


def test_ciip_backup_without_out_makes_the_rotating_copies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scheduled job (`ciip backup --keep 2`) fills the same rotation as the window."""
    db = tmp_path / "office.sqlite3"
    assert main(["--db", str(db), "init"]) == 0
    assert main(["--db", str(db), "demo", "--clients", "3"]) == 0
    auto = tmp_path / "home" / "data" / "backups" / "auto"
    for _turn in range(3):  # each run also adds its sign-in and backup to the audit trail
        assert main(["--db", str(db), "demo", "--clients", "1"]) == 0
        assert main(["--db", str(db), "backup", "--keep", "2"]) == 0
    copies = sorted(auto.iterdir())
    assert len(copies) == 2
    assert file_numbers(copies[-1]) == file_numbers(db)
    assert str(copies[-1].name) in capsys.readouterr().out
    assert main(["--db", str(db), "backup", "--keep", "0"]) == 2  # a usage error
