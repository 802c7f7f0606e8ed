"""Run the real `ciip` command in a subprocess, as a cron job or an administrator would."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest

from ciip_desktop.services.security.demo_accounts import DEMO_PASSWORD

COLUMNS = ["family_name", "given_name", "chinese_name", "date_of_birth", "phone", "email"]
COLUMNS += ["received_on"]


def ciip_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIIP_")}
    env["CIIP_HOME"] = str(home)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["CIIP_USER"] = "admin"  # the demo database's administrator (a signed-in job)
    env["CIIP_PASSWORD"] = DEMO_PASSWORD
    env.update(extra)
    return env


def ciip_command(*args: str | bytes) -> list[str | bytes]:
    return [sys.executable, "-m", "ciip_desktop.cli", *args]


def run_ciip(
    home: Path,
    *args: str | bytes,
    env: dict[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 120,
    preexec: object = None,
) -> subprocess.CompletedProcess[str]:
    """Run `ciip ARGS` to the end; stdout and stderr as text (undecodable bytes escaped)."""
    return subprocess.run(
        [*prefix, *ciip_command(*args)],
        env=env or ciip_env(home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        timeout=timeout,
        preexec_fn=preexec,  # type: ignore[arg-type]
        check=False,
    )


def start_ciip(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ciip_command(*args),
        env=env or ciip_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
    )


def kill_after(proc: subprocess.Popen[str], seconds: float) -> bool:
    """SIGKILL ``proc`` after ``seconds`` unless it ended first; True if it was killed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            proc.communicate()
            return False
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return True


def assert_clean_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """Exit ``code``, no traceback, and the reason on stderr; returns stderr."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Error:" not in result.stderr  # no Python exception name either
    assert result.stderr.strip(), "a refusal must say why"
    return result.stderr


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def people(count: int, start: int = 0, tag: str = "Test") -> list[dict[str, str]]:
    """``count`` registrations that pass every check (distinct names and phones)."""
    rows = []
    born = date(1960, 1, 1)
    for i in range(start, start + count):
        rows.append(
            {
                "family_name": f"{tag}",
                "given_name": f"Person{i:05d}",
                "chinese_name": "",
                "date_of_birth": (born + timedelta(days=i)).isoformat(),
                "phone": f"+86 138 {i // 10000:04d} {i % 10000:04d}",
                "email": f"person{i}@example.com",
                "received_on": "2026-03-02",
            }
        )
    return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def without_root_override() -> list[str]:
    """A command prefix under which file permissions apply even to root (CI runs as root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]
