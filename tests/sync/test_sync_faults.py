"""A sync stopped at any step (network lost, app killed) leaves the old or the new state, and
the next sync completes it without applying anything twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sync_support import Laptop, office, snapshot

from ciip_desktop.models import ChangeRecord, Venue
from ciip_desktop.services.sync import SyncService

STEPS = (
    "push:read",
    "push:sent",
    "push:marked",
    "pull:fetched",
    "apply:before-commit",
    "pull:applied",
    "ack:sent",
)


class Killed(BaseException):
    """Stands for the process dying at that point (BaseException: nothing may catch it)."""


def _killer(at: str):  # type: ignore[no-untyped-def]
    def step(name: str) -> None:
        if name == at:
            raise Killed(name)

    return step


def _prepare(tmp_path: Path) -> tuple[Laptop, Laptop, list[str]]:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    ids = [a.add_venue(f"A room {i}") for i in range(3)]
    ids += [b.add_venue(f"B room {i}") for i in range(3)]
    a.sync.sync_now()
    return a, b, ids


@pytest.mark.parametrize("step", STEPS)
def test_a_sync_killed_at_each_step_is_completed_by_the_next(tmp_path: Path, step: str) -> None:
    a, b, ids = _prepare(tmp_path)
    before = snapshot(b)
    killed = SyncService(b.ctx, step=_killer(step))
    with pytest.raises(Killed):
        killed.sync_now()
    killed.close()
    middle = snapshot(b)
    assert middle == before or all(b.get(Venue, i) is not None for i in ids)
    report = b.sync.sync_now()
    assert report.refused == 0
    a.sync.sync_now()
    b.sync.sync_now()
    assert snapshot(a) == snapshot(b)
    assert {b.get(Venue, i).name for i in ids} == {f"{x} room {i}" for x in "AB" for i in range(3)}
    assert b.sync.pending_changes() == 0
    with b.ctx.read() as session:
        per_id = session.execute(
            select(ChangeRecord.change_id, func.count()).group_by(ChangeRecord.change_id)
        ).all()
    assert all(n == 1 for _cid, n in per_id)


_KILL_IN_APPLY = """
import os, sys
from pathlib import Path
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.sync import SyncService
from ciip_desktop.store import Database
db = Database.open(Path(sys.argv[1]))
ctx = ServiceContext.open(db)
def step(name):
    if name == "apply:before-commit":
        os._exit(9)
SyncService(ctx, step=step).sync_now()
"""


def test_a_process_killed_in_the_middle_of_applying_keeps_the_old_state(tmp_path: Path) -> None:
    _a, b, ids = _prepare(tmp_path)
    b.close()
    done = subprocess.run([sys.executable, "-c", _KILL_IN_APPLY, str(tmp_path / "B.sqlite3")])
    assert done.returncode == 9
    from sync_support import open_laptop

    b = open_laptop(tmp_path, "B")
    assert all(b.get(Venue, i) is None for i in ids[:3])  # nothing of A's is half-applied
    b.sync.sync_now()
    assert all(b.get(Venue, i) is not None for i in ids)
    b.close()
