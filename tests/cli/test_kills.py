"""SIGKILL in the middle of `init`, `demo` and `clients import`: all or nothing, and afterwards
the database opens and `ciip clients find` works.

Kills land at named points (``CIIP_TEST_KILL_AT``, the process kills itself there) and at
a spread of moments chosen by the test.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from ciip_run import (
    ciip_env,
    kill_after,
    people,
    query,
    run_ciip,
    start_ciip,
    write_csv,
)

KILLED = -signal.SIGKILL


def _works_afterwards(home: Path, path: Path) -> None:
    """The database opens, a search runs, and no half-built leftovers stay beside it."""
    found = run_ciip(home, "--db", str(path), "clients", "find", "person")
    assert found.returncode == 0, found.stderr
    assert "Traceback" not in found.stderr
    tables = {r[0] for r in query(path, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"client", "change_log", "alembic_version", "replica_state"} <= tables
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    assert not [p for p in path.parent.iterdir() if ".building-" in p.name]


@pytest.mark.parametrize("point", ["init:schema-built", "init:before-install", "init:installed"])
def test_init_killed_at_each_step_leaves_no_half_schema(tmp_path: Path, point: str) -> None:
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    env = ciip_env(home, CIIP_TEST_KILL_AT=point)
    killed = run_ciip(home, "--db", str(path), "init", env=env)
    assert killed.returncode == KILLED
    again = run_ciip(home, "--db", str(path), "init")
    assert again.returncode == 0, again.stderr
    assert "already exists" not in again.stderr
    _works_afterwards(home, path)
    assert not (home / "data" / "backups").exists()  # nothing to migrate, so no backup


def test_init_killed_at_random_moments_always_recovers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for i, delay in enumerate((0.3, 0.6, 0.9, 1.2)):
        path = tmp_path / f"office-{i}.sqlite3"
        kill_after(start_ciip(home, "--db", str(path), "init"), delay)
        _works_afterwards(home, path)  # `find` opens it, finishing what init had not done
    assert not (home / "data" / "backups").exists()


def test_demo_killed_after_a_batch_was_written_leaves_no_demo_client(tmp_path: Path) -> None:
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    env = ciip_env(home, CIIP_TEST_KILL_AT="demo:batch-written")
    killed = run_ciip(home, "--db", str(path), "demo", "--clients", "2100", env=env)
    assert killed.returncode == KILLED
    assert query(path, "SELECT count(*) FROM client") == [(0,)]
    assert query(path, "SELECT count(*) FROM counsellor") == [(0,)]
    _works_afterwards(home, path)
    done = run_ciip(home, "--db", str(path), "demo", "--clients", "50")
    assert done.returncode == 0, done.stderr
    assert query(path, "SELECT count(*) FROM client") == [(50,)]


def test_demo_killed_at_random_moments_is_all_or_nothing(tmp_path: Path) -> None:
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    seen = set()
    for delay in (0.8, 2.5):
        kill_after(start_ciip(home, "--db", str(path), "demo", "--clients", "2500"), delay)
        (count,) = query(path, "SELECT count(*) FROM client")[0]
        assert count % 2500 == 0, (delay, count)
        seen.add(count)
        _works_afterwards(home, path)
    assert 0 in seen  # at least one kill landed before the commit


def test_import_killed_at_random_moments_is_all_or_nothing(tmp_path: Path) -> None:
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    batch = write_csv(tmp_path / "batch.csv", people(1500))
    counts = []
    for delay in (0.5, 1.5):
        before = query(path, "SELECT count(*) FROM client")[0][0]
        kill_after(start_ciip(home, "--db", str(path), "clients", "import", str(batch)), delay)
        after = query(path, "SELECT count(*) FROM client")[0][0]
        assert after - before in (0, 1500), (delay, before, after)
        counts.append(after)
        _works_afterwards(home, path)
        if after:
            break
    assert counts[0] == 0  # the first kill came before the commit
    if counts[-1] == 0:
        finished = run_ciip(home, "--db", str(path), "clients", "import", str(batch))
        assert finished.returncode == 0, finished.stderr
    assert query(path, "SELECT count(*) FROM client") == [(1500,)]
