"""Sync: apply and push 10 000 / 100 000 changes, a sync with nothing to do, a laptop back after
two weeks — each against a raw bulk write of the same rows measured in the same run.

Budgets (issue 14): apply or push 10 000 changes < 1 s and 100 000 < 10 s; nothing to do
< 100 ms on either hub; 20 000 changes to pull from a hub holding 1 000 000 < 3 s. The
PostgreSQL figures need ``CIIP_TEST_PG_URL`` (or the database ``.ci/run`` creates).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.common import DATA_DIR, report
from ciip_desktop.models import Venue
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.sync import SyncService, apply_remote
from ciip_desktop.services.sync.enrol import enrol_from_hub, init_hub
from ciip_desktop.store import Database
from ciip_desktop.sync.capture import new_change_id
from ciip_desktop.sync.change import CHANGE_COLUMNS, ROW_INSERT, Change
from ciip_desktop.sync.clock import encode
from ciip_desktop.sync.hub import Hub, hub_change

PG_URL = os.environ.get("CIIP_TEST_PG_URL", "postgresql://ciip:ciip@localhost:5432/ciip_hub_test")
REMOTE = "00000000-0000-4000-8000-00000000beef"


def remote_changes(office_id: str, rows: int, start_ms: int = 1_800_000_000_000) -> list[Change]:
    """``rows`` new venues from another laptop, then an edit of each (2 changes a row)."""
    out = []
    ids = [str(uuid.uuid4()) for _ in range(rows // 2)]
    for i, row in enumerate(ids):
        values = {
            "office_id": office_id,
            "name": f"Room {i}",
            "city": "Beijing",
            "address": "",
            "capacity": 30,
            "partner": "",
            "deleted": False,
            "created_at": "2027-01-01T00:00:00+00:00",
        }
        out.append(
            Change(
                new_change_id(),
                "venue",
                row,
                ROW_INSERT,
                json.dumps(values),
                encode(start_ms + i, 0),
                "",
                REMOTE,
            )
        )
    for i, row in enumerate(ids):
        out.append(
            Change(
                new_change_id(),
                "venue",
                row,
                "capacity",
                "40",
                encode(start_ms + rows + i, 0),
                encode(start_ms + i, 0),
                REMOTE,
            )
        )
    return out


def hub_rows(changes: list[Change]) -> list[dict[str, Any]]:
    """The hub's columns of each change (the change-log columns but the laptop's hub_seq)."""
    return [{k: getattr(c, k) for k in CHANGE_COLUMNS if k != "hub_seq"} for c in changes]


def raw_upsert_floor(path: Path, changes: list[Change]) -> float:
    """The same rows written by a plain executemany upsert (no merge, no log)."""
    con = sqlite3.connect(path)
    rows = {}
    for c in changes:
        if c.field == ROW_INSERT:
            v = json.loads(c.new_value)
            rows[c.row_id] = [
                c.row_id,
                v["office_id"],
                v["name"],
                v["city"],
                "",
                30,
                "",
                "2027-01-01",
                "2027-01-01",
                c.hlc,
                0,
            ]
        else:
            rows[c.row_id][5] = 40
    start = time.perf_counter()
    con.executemany(
        "INSERT OR REPLACE INTO venue (id, office_id, name, city, address, capacity, partner,"
        " created_at, updated_at, hlc, deleted) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        list(rows.values()),
    )
    con.executemany(
        "INSERT INTO change_log (change_id, table_name, row_id, field, new_value, hlc, base_hlc,"
        " device_id, user_id, schema_version, hub_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                c.change_id,
                c.table_name,
                c.row_id,
                c.field,
                c.new_value,
                c.hlc,
                c.base_hlc,
                c.device_id,
                "",
                1,
                1,
            )
            for c in changes
        ],
    )
    con.commit()
    con.close()
    return time.perf_counter() - start


def fresh_replica(folder: Path, name: str) -> tuple[Database, ServiceContext]:
    db = Database.open(folder / f"{name}.sqlite3")
    return db, ServiceContext.open(db)


def bench_apply(folder: Path, count: int) -> None:
    db, ctx = fresh_replica(folder, f"apply-{count}")
    changes = remote_changes(ctx.replica.office_id, count)
    floor_db = folder / f"floor-{count}.sqlite3"
    shutil.copy(db.path, floor_db)
    floor = raw_upsert_floor(floor_db, changes)
    start = time.perf_counter()
    result = apply_remote(ctx, changes)
    took = time.perf_counter() - start
    assert result.applied == count, result
    budget = "< 1 s" if count <= 10_000 else "< 10 s"
    report(f"apply {count:,} remote changes", took, "s", floor, budget)
    db.close()


def bench_push(folder: Path, count: int) -> None:
    hub_path = folder / f"push-hub-{count}.sqlite3"
    db, ctx = fresh_replica(folder, f"push-{count}")
    init_hub(ctx, str(hub_path))
    with ctx.write(Actor.system()) as session:
        for i in range(count):
            session.add(Venue(office_id=ctx.replica.office_id, name=f"Room {i}", city="x"))
    service = SyncService(ctx)
    pending = [c for c in service.changes_for_peer({})]
    floor_hub = Hub(str(folder / f"push-floor-{count}.sqlite3"))
    floor_hub.init("o", "GZ")
    rows = hub_rows(pending)
    start = time.perf_counter()
    with floor_hub.engine.begin() as conn:
        conn.execute(hub_change.insert(), rows)
    floor = time.perf_counter() - start
    floor_hub.close()
    start = time.perf_counter()
    report_ = service.sync_now()
    took = time.perf_counter() - start
    assert report_.pushed >= count
    budget = "< 1 s" if count <= 10_000 else "< 10 s"
    report(f"push {count:,} changes (SQLite hub; sync incl. pull)", took, "s", floor, budget)
    db.close()


def bench_hub_push_pg(url: str, count: int) -> None:
    """The hub's side of a push on PostgreSQL (COPY, then one INSERT … SELECT), against a
    plain COPY of the same rows into the log."""
    from ciip_desktop.sync.hub import metadata

    hub = Hub(url)
    try:
        metadata.drop_all(hub.engine)
        hub.init("o", "GZ")
        hub.enrol("B", REMOTE)
        changes = remote_changes("o", count)
        columns = [col.name for col in hub_change.columns if col.name != "seq"]
        with hub.engine.connect() as conn:
            raw: Any = conn.connection.driver_connection  # psycopg's
            start = time.perf_counter()
            sql = f"COPY hub_change ({', '.join(columns)}) FROM STDIN"
            with raw.cursor() as cur, cur.copy(sql) as copy:
                for c in changes:
                    copy.write_row(tuple(getattr(c, n) for n in columns))
            floor = time.perf_counter() - start
            raw.rollback()  # the floor's rows are not kept
        start = time.perf_counter()
        seqs = hub.push(REMOTE, changes)
        took = time.perf_counter() - start
        assert len(seqs) == count
    finally:
        metadata.drop_all(hub.engine)
        hub.close()
    budget = "< 1 s" if count <= 10_000 else "< 10 s"
    report(f"push {count:,} changes (PostgreSQL hub, hub side)", took, "s", floor, budget)


def bench_nothing_to_do(folder: Path, url: str, label: str) -> None:
    db, ctx = fresh_replica(folder, f"idle-{label}")
    init_hub(ctx, url)
    service = SyncService(ctx)
    service.sync_now()
    samples = []
    for _ in range(10):
        start = time.perf_counter()
        service.sync_now()
        samples.append(time.perf_counter() - start)
    hub = Hub(url)
    start = time.perf_counter()
    hub.head()
    floor = time.perf_counter() - start
    hub.close()
    report(
        f"sync with nothing to do ({label} hub), median",
        sorted(samples)[5],
        "ms",
        floor,
        "< 100 ms",
    )
    db.close()


def two_weeks_hub(total: int) -> Path:
    """A SQLite hub holding ``total`` changes (built once into benchmarks/.data/)."""
    DATA_DIR.mkdir(exist_ok=True)
    path = DATA_DIR / f"hub-{total}.sqlite3"
    if path.exists():
        return path
    folder = Path(tempfile.mkdtemp(prefix="ciip-hub-build-"))
    db, ctx = fresh_replica(folder, "office")
    init_hub(ctx, str(folder / "hub.sqlite3"))
    db.close()
    hub = Hub(str(folder / "hub.sqlite3"))
    office = hub.info().office_id
    batch = 100_000
    for start in range(0, total, batch):
        changes = remote_changes(office, min(batch, total - start), 1_800_000_000_000 + start * 3)
        with hub.engine.begin() as conn:
            conn.execute(
                hub_change.insert(),
                hub_rows(changes),
            )
    hub.close()
    shutil.move(folder / "hub.sqlite3", path)
    shutil.move(folder / "office.sqlite3", DATA_DIR / f"hub-{total}-office.sqlite3")
    return path


def bench_back_after_two_weeks(folder: Path, total: int, missing: int) -> None:
    """A laptop that has everything but the last ``missing`` changes of a big hub."""
    hub_path = folder / "hub.sqlite3"
    shutil.copy(two_weeks_hub(total), hub_path)
    db, ctx = fresh_replica(folder, "back")
    enrol_from_hub(ctx, str(hub_path), "Z")
    hub = Hub(str(hub_path))
    head = hub.head()
    hub.close()
    # This laptop pulled the older changes before it left (their rows are not needed for the
    # figure: the cursor is what a returning laptop starts from).
    from sqlalchemy import update

    from ciip_desktop.models import ReplicaState

    with ctx.write(Actor.system()) as session:
        session.execute(update(ReplicaState).values(pull_cursor=head - missing))
    service = SyncService(ctx)
    start = time.perf_counter()
    result = service.sync_now()
    took = time.perf_counter() - start
    assert result.pulled == missing, result
    report(f"back after two weeks: pull {missing:,} of {total:,}", took, "s", None, "< 3 s")
    db.close()


def run() -> None:
    os.environ.setdefault("CIIP_HOME", tempfile.mkdtemp(prefix="ciip-bench-home-"))
    folder = Path(tempfile.mkdtemp(prefix="ciip-bench-sync-"))
    try:
        for count in (10_000, 100_000):
            bench_apply(folder, count)
        for count in (10_000, 100_000):
            bench_push(folder, count)
        bench_nothing_to_do(folder, str(folder / "idle-hub.sqlite3"), "SQLite")
        try:
            hub = Hub(PG_URL)
            from ciip_desktop.sync.hub import metadata

            metadata.drop_all(hub.engine)
            hub.close()
            # The password through libpq's environment: no keyring on a bench machine.
            from sqlalchemy.engine import make_url

            url = make_url(PG_URL)
            if url.password:
                os.environ.setdefault("PGPASSWORD", str(url.password))
            plain = url._replace(password=None).render_as_string(hide_password=False)
            for count in (10_000, 100_000):
                bench_hub_push_pg(plain, count)
            bench_nothing_to_do(folder, plain, "PostgreSQL")
        except Exception as exc:
            print(f"  (PostgreSQL hub not measured: {type(exc).__name__})")
        bench_back_after_two_weeks(folder, int(os.environ.get("CIIP_BENCH_HUB", "1000000")), 20_000)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
