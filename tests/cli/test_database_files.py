"""Bad database files and folders: the true reason in one sentence, and nothing written.

Each case runs the real `ciip` command on a real file; a refused file keeps every byte.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from ciip_run import assert_clean_error, run_ciip, sha256, without_root_override


def _foreign_with_empty_alembic_version(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("CREATE TABLE client (id INTEGER PRIMARY KEY, name TEXT, notes TEXT)")
    con.execute("INSERT INTO client (name, notes) VALUES ('Someone else''s customer', 'vip')")
    con.commit()
    con.close()


def _foreign_with_our_revision(path: Path) -> None:
    """A file naming our migration in alembic_version, but none of our tables: not ours."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("INSERT INTO alembic_version VALUES ('0001_baseline')")
    con.execute("CREATE TABLE client (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()


def _foreign_empty_client_table(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("CREATE TABLE client (id TEXT PRIMARY KEY)")
    con.commit()
    con.close()


@pytest.mark.parametrize(
    "make",
    [_foreign_with_empty_alembic_version, _foreign_with_our_revision, _foreign_empty_client_table],
    ids=["empty-alembic-version", "our-revision-their-tables", "empty-foreign-tables"],
)
@pytest.mark.parametrize(
    "command", [["init"], ["clients", "find", "x"], ["demo", "--clients", "3"]]
)
def test_a_foreign_sqlite_file_is_never_written_into(
    tmp_path: Path, make: object, command: list[str]
) -> None:
    path = tmp_path / "other.sqlite3"
    make(path)  # type: ignore[operator]
    before = sha256(path)
    result = run_ciip(tmp_path / "home", "--db", str(path), *command)
    err = assert_clean_error(result)
    assert "is not a CIIP Desktop database" in err
    assert len(err.strip().splitlines()) == 1
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["other.sqlite3"]


def test_a_read_only_database_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    assert run_ciip(tmp_path / "home", "--db", str(path), "init").returncode == 0
    before = sha256(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    result = run_ciip(
        tmp_path / "home", "--db", str(path), "demo", "--clients", "2",
        prefix=without_root_override(),
    )  # fmt: skip
    err = assert_clean_error(result)
    assert "is read-only" in err and str(path) in err
    assert "not a CIIP Desktop database" not in err
    assert sha256(path) == before


def test_a_read_only_folder_says_so_not_that_the_file_is_foreign(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "office.sqlite3"
    assert run_ciip(tmp_path / "home", "--db", str(path), "init").returncode == 0
    before = sha256(path)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_ciip(
            tmp_path / "home", "--db", str(path), "clients", "find", "wang",
            prefix=without_root_override(),
        )  # fmt: skip
    finally:
        folder.chmod(stat.S_IRWXU)
    err = assert_clean_error(result)
    assert f"The folder {folder} is read-only" in err
    assert "not a CIIP Desktop database" not in err
    assert sha256(path) == before


def test_a_malformed_database_says_so_and_points_to_the_backups(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    home = tmp_path / "home"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    assert run_ciip(home, "--db", str(path), "demo", "--clients", "40").returncode == 0
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # every page after the schema: garbage
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    for command in (["clients", "find", "wang"], ["demo", "--clients", "1"]):
        err = assert_clean_error(run_ciip(home, "--db", str(path), *command))
        assert "damaged (database disk image is malformed)" in err
        assert str(home / "data" / "backups") in err


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "office.sqlite3"
    err = assert_clean_error(run_ciip(tmp_path / "home", "--db", str(path), "clients", "find", "x"))
    assert f"The folder {path.parent} does not exist" in err
    assert not path.parent.exists()


def test_a_folder_given_as_the_database_is_named(tmp_path: Path) -> None:
    err = assert_clean_error(run_ciip(tmp_path / "home", "--db", str(tmp_path), "init"))
    assert "is a folder, not a database file" in err


def test_a_file_in_place_of_the_folder_is_the_reason_given(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    err = assert_clean_error(
        run_ciip(tmp_path / "home", "--db", str(blocker / "office.sqlite3"), "init")
    )
    assert f"{blocker} is a file, but the database path needs a folder there" in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    deeper = blocker / "sub" / "office.sqlite3"  # init would create the folders, if it could
    err = assert_clean_error(run_ciip(tmp_path / "home", "--db", str(deeper), "init"))
    assert f"{blocker} is a file, but the database path needs a folder there" in err


def test_an_unreadable_database_says_so(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    assert run_ciip(tmp_path / "home", "--db", str(path), "init").returncode == 0
    path.chmod(0)
    try:
        result = run_ciip(
            tmp_path / "home", "--db", str(path), "clients", "find", "x",
            prefix=without_root_override(),
        )  # fmt: skip
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    err = assert_clean_error(result)
    assert "is not allowed to read" in err


def test_a_full_disk_during_init_leaves_no_database_and_says_so(tmp_path: Path) -> None:
    """The file size limit stands in for a full disk: writes beyond 40 KB fail."""
    import resource
    import signal

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    path = tmp_path / "office.sqlite3"
    result = run_ciip(tmp_path / "home", "--db", str(path), "init", preexec=small_disk)
    err = assert_clean_error(result)
    assert "full" in err or "disk reported an error" in err
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    # With space again, the same command works and nothing of the failed try is in the way.
    assert run_ciip(tmp_path / "home", "--db", str(path), "init").returncode == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert os.path.getsize(path) > 0
