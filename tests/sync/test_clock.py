"""The clock: stamps totally ordered and unique whatever the rate, bounded drift, two processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from ciip_desktop.models import ChangeRecord, Venue
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store import Database
from ciip_desktop.sync.clock import MAX_DRIFT_MS, HybridLogicalClock, decode


def test_stamps_sort_right_past_any_counter_width() -> None:
    clock = HybridLogicalClock(now_ms=lambda: 1000)  # a frozen wall clock
    stamps = [clock.tick() for _ in range(100_002)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert len({len(s) for s in stamps}) == 1


def test_a_remote_stamp_far_in_the_future_is_bounded_and_reported() -> None:
    now = 5_000_000
    clock = HybridLogicalClock(now_ms=lambda: now)
    year_ahead = f"{now + 365 * 86_400_000:015d}.00000"
    assert clock.observe(year_ahead) is False
    wall, _ = decode(clock.tick())
    assert wall <= now + MAX_DRIFT_MS
    near = f"{now + 1000:015d}.00003"
    assert clock.observe(near) is True
    assert clock.tick() > near


_WRITER = """
import sys
from pathlib import Path
from ciip_desktop.models import Venue
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store import Database
db = Database.open(Path(sys.argv[1]))
ctx = ServiceContext.open(db)
for i in range(40):
    with ctx.write(Actor.system()) as session:
        session.add(Venue(office_id=ctx.replica.office_id, name=f"{sys.argv[2]}{i}", city="x"))
db.close()
"""


def test_two_processes_on_one_database_never_issue_the_same_stamp(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    db = Database.open(path)
    ServiceContext.open(db)
    db.close()
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), tag]) for tag in ("gui", "job")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    db = Database.open(path)
    ctx = ServiceContext.open(db)
    with ctx.read() as session:
        stamps = session.scalars(
            select(ChangeRecord.hlc).where(ChangeRecord.table_name == Venue.__tablename__)
        ).all()
    db.close()
    assert len(stamps) == 80
    assert len(set(stamps)) == 80


def test_a_write_resumes_after_a_stamp_another_process_issued(ctx: ServiceContext) -> None:
    other = ServiceContext.open(ctx.db)  # a second clock on the same database
    with other.write(Actor.system()) as session:
        session.add(Venue(office_id=ctx.replica.office_id, name="job", city="x"))
    late = other.clock.last
    with ctx.write(Actor.system()) as session:
        session.add(Venue(office_id=ctx.replica.office_id, name="gui", city="x"))
    assert ctx.clock.last > late
