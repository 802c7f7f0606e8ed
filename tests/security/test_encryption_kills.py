"""SIGKILL in the middle of `ciip security encrypt` and `decrypt`: the old file or the new one
stays, each opens, every client is still there, and no plain copy is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ciip_desktop.services.security import db_keys
from ciip_desktop.store import cipher

KILLED = -signal.SIGKILL
PASSWORD = "boss-pass-1"
NAME = "Zxcvbnmname"


def _run(
    home: Path, db: Path, *args: str, kill_at: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIIP_")}
    env.update(
        CIIP_HOME=str(home),
        CIIP_USER="boss",
        CIIP_PASSWORD=PASSWORD,
        CIIP_NEW_PASSWORD=PASSWORD,
        PYTHONDONTWRITEBYTECODE="1",
    )
    if kill_at:
        env["CIIP_TEST_KILL_AT"] = kill_at
    command = [sys.executable, "-m", "ciip_desktop.cli", "--db", str(db), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def _clients(db: Path) -> int:
    key = db_keys.unlock(db, "boss", PASSWORD) if cipher.is_encrypted(db) else None
    return cipher.check(db, key)["client"]


def _works_afterwards(home: Path, db: Path) -> None:
    found = _run(home, db, "clients", "find", NAME)
    assert found.returncode == 0, found.stderr
    assert NAME.upper() in found.stdout
    assert _clients(db) == 4
    leftovers = [p.name for p in db.parent.iterdir() if ".building-" in p.name]
    assert leftovers == []


@pytest.fixture
def plain_office(tmp_path: Path) -> tuple[Path, Path]:
    home, db = tmp_path / "home", tmp_path / "data" / "office.sqlite3"
    assert _run(home, db, "init", "--admin", "boss").returncode == 0
    assert _run(home, db, "demo", "--clients", "4").returncode == 0
    done = _run(home, db, "clients", "update", "GZA-2026-00003", "--set", f"family_name={NAME}")
    assert done.returncode == 0, done.stderr
    return home, db


@pytest.mark.parametrize("point", ["cipher:exported", "cipher:keys-written", "cipher:installed"])
def test_encrypt_killed_at_each_step(plain_office: tuple[Path, Path], point: str) -> None:
    home, db = plain_office
    killed = _run(home, db, "security", "encrypt", kill_at=point)
    assert killed.returncode == KILLED
    assert cipher.is_encrypted(db) is (point == "cipher:installed")
    _works_afterwards(home, db)
    if not cipher.is_encrypted(db):  # killed before the switch: it simply runs again
        assert _run(home, db, "security", "encrypt").returncode == 0
        _works_afterwards(home, db)
    assert NAME.encode() not in b"".join(p.read_bytes() for p in db.parent.iterdir() if p.is_file())


@pytest.mark.parametrize("point", ["cipher:exported", "cipher:installed"])
def test_decrypt_killed_at_each_step(plain_office: tuple[Path, Path], point: str) -> None:
    home, db = plain_office
    assert _run(home, db, "security", "encrypt").returncode == 0
    killed = _run(home, db, "security", "decrypt", kill_at=point)
    assert killed.returncode == KILLED
    assert cipher.is_encrypted(db) is (point == "cipher:exported")
    _works_afterwards(home, db)


def test_encrypt_is_refused_while_another_process_has_the_database_open(
    plain_office: tuple[Path, Path],
) -> None:
    home, db = plain_office
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]);"
            " c.execute('SELECT count(*) FROM client').fetchall(); print('open', flush=True);"
            " time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        refused = _run(home, db, "security", "encrypt")
        assert refused.returncode == 1
        assert "open in another window or job" in refused.stderr
        assert not cipher.is_encrypted(db)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert _run(home, db, "security", "encrypt").returncode == 0
    _works_afterwards(home, db)
