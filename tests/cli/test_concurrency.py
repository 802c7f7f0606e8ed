"""Several `ciip` processes on one database at once, as a scheduled job beside the window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from ciip_run import people, query, run_ciip, start_ciip, write_csv

from ciip_desktop.cli import main


def test_three_imports_at_once_all_succeed_with_distinct_file_numbers(tmp_path: Path) -> None:
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    files = [
        write_csv(tmp_path / f"batch-{n}.csv", people(400, start=n * 1000, tag=f"Batch{'ABC'[n]}"))
        for n in range(3)
    ]
    procs = [start_ciip(home, "--db", str(path), "clients", "import", str(f)) for f in files]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, _out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    numbers = [r[0] for r in query(path, "SELECT file_no FROM client")]
    assert len(numbers) == 1200
    assert len(set(numbers)) == 1200
    sequences = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequences == list(range(1, 1201))  # no gap, no number issued twice


def test_imports_beside_a_demo_fill_keep_numbers_unique(tmp_path: Path) -> None:
    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    demo = start_ciip(home, "--db", str(path), "demo", "--clients", "200")
    batch = write_csv(tmp_path / "batch.csv", people(30))
    imported = run_ciip(home, "--db", str(path), "clients", "import", str(batch))
    _out, demo_err = demo.communicate(timeout=120)
    assert demo.returncode == 0, demo_err
    assert imported.returncode == 0, imported.stderr
    numbers = [r[0] for r in query(path, "SELECT file_no FROM client")]
    assert len(numbers) == len(set(numbers)) == 230


# A database busy beyond the timeout: tests/cli/test_personal_data.py (one wait of 5 s).


def test_searching_is_not_blocked_by_a_long_write_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "office.sqlite3"
    batch = write_csv(tmp_path / "batch.csv", people(2))
    assert main(["--db", str(path), "clients", "import", str(batch)]) == 0
    capsys.readouterr()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a demo fill or an import writing for minutes
    try:
        assert main(["--db", str(path), "clients", "find", "test"]) == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(capsys.readouterr().out.strip().splitlines()) == 2


def test_the_window_registering_while_a_job_imports_gets_distinct_numbers(
    tmp_path: Path,
) -> None:
    """The registration form's service and `ciip clients import` allocate from one sequence."""
    from datetime import date, timedelta

    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.clients.types import RegistrationInput
    from ciip_desktop.services.context import Actor, ServiceContext
    from ciip_desktop.store import Database

    home, path = tmp_path / "home", tmp_path / "office.sqlite3"
    assert run_ciip(home, "--db", str(path), "init").returncode == 0
    batch = write_csv(tmp_path / "batch.csv", people(600, tag="Job"))
    job = start_ciip(home, "--db", str(path), "clients", "import", str(batch))
    db = Database.open(path)
    try:
        services = Services.build(ServiceContext.open(db))
        typed: list[str] = []
        while (job.poll() is None or len(typed) < 12) and len(typed) < 400:
            i = len(typed)  # keep typing for as long as the job runs, across its write
            data = RegistrationInput(
                family_name="Form",
                given_name=f"Typed{i}",
                phone=f"+86 139 0000 {i:04d}",
                date_of_birth=date(1950, 1, 1) + timedelta(days=i),
                received_on=date(2026, 3, 2),
            )
            typed.append(services.clients.register(Actor.system(), data).file_no)
    finally:
        db.close()
    _out, err = job.communicate(timeout=120)
    assert job.returncode == 0, err
    numbers = [r[0] for r in query(path, "SELECT file_no FROM client")]
    assert len(numbers) == len(set(numbers)) == 600 + len(typed)
    assert set(typed) <= set(numbers)
