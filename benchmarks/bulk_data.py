"""Large benchmark databases in bulk: a million valid clients in a few minutes.

The demo service writes through the one write path (ORM objects, change capture, the
search-index hook), which is right for an office and far too slow for a million rows. Here
the same rows are built in Python and inserted with ``executemany`` in big transactions
straight into SQLite: each client with its status history entry, the change-log record that
capture would have written for each new row, and its search keys (``keys_for``, the index's
own function). The schema, the office, its staff and venues come from the real services.

Ids are time-ordered UUIDs, so the primary-key indexes grow at their end; the search-key
index is dropped during the load and rebuilt once at the end (one sort instead of millions
of random B-tree inserts).
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ciip_desktop.models import Client, ClientStatus, ClientStatusChange, Synced
from ciip_desktop.services.clients.names import pinyin_parts
from ciip_desktop.services.clients.search_index import keys_for
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.demo import DemoService
from ciip_desktop.store import Database
from ciip_desktop.sync.capture import ROW_INSERT, SCHEMA_VERSION, new_change_id
from ciip_desktop.sync.clock import HybridLogicalClock

BATCH = 20_000
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许邓冯韩曹"
    "曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁"
)
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛"]
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞辉建国新宇晨浩然子轩欣怡"
    "思雨佳琪梓涵一诺嘉文俊峰海燕志雯婷颖晓东立波"
)
MOBILE_PREFIXES = "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 176 186 188"
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com"]
RESIDENCE = ["Guangzhou", "Shenzhen", "Beijing", "Shanghai", "Foshan", "Dongguan", "Xiamen"]
STREAMS = ["Federal Skilled Worker", "Provincial Nominee Program", "Family sponsorship"]
CHANNELS = ["mail", "mail", "fax", "email", "walk_in"]

Progress = Callable[[int, int], None]


def _time_ordered_id(rng: random.Random, millis: int) -> str:
    """A UUID (version 7 layout) whose leading bits are ``millis``: later ids sort later."""
    value = millis << 80 | rng.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _sql_value(value: Any) -> Any:
    """A Python value as SQLAlchemy's SQLite types store it."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


class BulkWriter:
    """Appends synced rows with their change-log records to one open SQLite connection."""

    def __init__(self, con: sqlite3.Connection, device_id: str, user_id: str, last_hlc: str):
        self.con = con
        self.device_id = device_id
        self.user_id = user_id
        self.clock = HybridLogicalClock(last_hlc)
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.changes: list[tuple[Any, ...]] = []
        self.keys: list[tuple[str, str, int]] = []

    def add(self, table: str, row: dict[str, Any]) -> None:
        """A new synced row, stamped and logged as one ROW_INSERT record (as capture does)."""
        stamp = self.clock.tick()
        row["hlc"] = stamp
        fields = {
            name: _json_value(value)
            for name, value in row.items()
            if name not in Synced.SYNC_META_COLUMNS
        }
        self.rows.setdefault(table, []).append(row)
        self.changes.append(
            (
                new_change_id(),
                table,
                row["id"],
                ROW_INSERT,
                json.dumps(fields, ensure_ascii=False, sort_keys=True),
                stamp,
                "",
                self.device_id,
                self.user_id,
                SCHEMA_VERSION,
            )
        )

    def flush(self) -> None:
        for table, rows in self.rows.items():
            columns = list(rows[0])
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            self.con.executemany(sql, ([_sql_value(r[c]) for c in columns] for r in rows))
        self.con.executemany(
            "INSERT INTO change_log (change_id, table_name, row_id, field, new_value, hlc,"
            " base_hlc, device_id, user_id, schema_version) VALUES (?,?,?,?,?,?,?,?,?,?)",
            self.changes,
        )
        self.con.executemany(
            "INSERT INTO client_search_key (client_id, key, rank) VALUES (?,?,?)", self.keys
        )
        self.rows, self.changes, self.keys = {}, [], []


def _client_row(
    rng: random.Random, seq: int, prefix: str, office_id: str, staff: list[str], now: datetime
) -> dict[str, Any]:
    family = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    chinese = family + given
    family_py, given_py = (p.capitalize() for p in pinyin_parts(chinese))
    received = now.date() - timedelta(days=rng.randint(0, 3 * 365))
    signed = rng.random() < 0.92
    created = now - timedelta(seconds=rng.randint(0, 86_400))
    row: dict[str, Any] = {
        "id": _time_ordered_id(rng, int(now.timestamp() * 1000) + seq),
        "created_at": created,
        "updated_at": created,
        "deleted": False,
        "file_no": f"{prefix}{seq:05d}",
        "office_id": office_id,
        "counsellor_id": rng.choice(staff),
        "family_name": family_py,
        "given_name": given_py,
        "chinese_name": chinese,
        "pinyin": f"{family_py} {given_py}",
        "sex": rng.choice("FM"),
        "date_of_birth": date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)),
        "phone": f"+86{rng.choice(MOBILE_PREFIXES.split())}{rng.randint(0, 99_999_999):08d}",
        "email": f"{family_py.lower()}{given_py.lower()}{rng.randint(1, 9999)}"
        f"@{rng.choice(EMAIL_DOMAINS)}",
        "wechat_id": f"wx_{family_py.lower()}{rng.randint(1000, 99999)}",
        "city_of_residence": rng.choice(RESIDENCE),
        "immigration_stream": rng.choice(STREAMS),
        "applicant_role": "principal",
        "principal_id": None,
        "registration_channel": rng.choice(CHANNELS),
        "received_on": received,
        "signature_on_file": signed,
        "signature_date": received if signed else None,
        "consent_to_share": rng.random() < 0.8,
        "notes": "",
        "status": ClientStatus.REGISTERED.value,
    }
    return row


def build(path: Path, clients: int, seed: int = 1, progress: Progress | None = None) -> None:
    """Create ``path`` (must not exist) holding ``clients`` registered clients, valid in full."""
    if path.exists():
        raise FileExistsError(path)
    db = Database.open(path)
    ctx = ServiceContext.open(db)
    DemoService(ctx).fill(Actor.system(), clients=0)  # the office's staff and venues
    db.close()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        _load(con, ctx, clients, seed, progress)
    finally:
        con.close()


def _load(
    con: sqlite3.Connection,
    ctx: ServiceContext,
    clients: int,
    seed: int,
    progress: Progress | None,
) -> None:
    con.execute("PRAGMA journal_mode = OFF")  # a benchmark file built once: no journal needed
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")
    con.execute("PRAGMA foreign_keys = ON")
    staff = [
        row[0]
        for row in con.execute(
            "SELECT id FROM counsellor WHERE role != 'administrator' ORDER BY username"
        )
    ]
    (last_hlc,) = con.execute("SELECT last_hlc FROM replica_state").fetchone()
    index_sql = con.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'ix_client_search_key_key'"
    ).fetchone()[0]
    con.execute("DROP INDEX ix_client_search_key_key")
    writer = BulkWriter(con, ctx.replica.device_id, "", last_hlc)
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    prefix = f"{ctx.replica.office_code}{ctx.replica.device_code}-{now.year}-"
    status_table = ClientStatusChange.__tablename__
    for start in range(0, clients, BATCH):
        con.execute("BEGIN")
        for seq in range(start + 1, min(start + BATCH, clients) + 1):
            row = _client_row(rng, seq, prefix, ctx.replica.office_id, staff, now)
            writer.add(Client.__tablename__, row)
            received: date = row["received_on"]
            # Registered during office hours (Guangzhou, UTC+8) on the day it was received.
            changed_at = datetime(
                received.year, received.month, received.day, rng.randint(1, 9), rng.randint(0, 59),
                tzinfo=UTC,
            )  # fmt: skip
            writer.add(
                status_table,
                {
                    "id": _time_ordered_id(rng, int(now.timestamp() * 1000) + seq),
                    "created_at": row["created_at"],
                    "updated_at": row["created_at"],
                    "deleted": False,
                    "client_id": row["id"],
                    "status": ClientStatus.REGISTERED.value,
                    "changed_at": changed_at,
                    "counsellor_id": row["counsellor_id"],
                    "reason": "",
                },
            )
            writer.keys.extend((row["id"], key, rank) for key, rank in keys_for(**row).items())
        writer.flush()
        con.execute("COMMIT")
        if progress is not None:
            progress(min(start + BATCH, clients), clients)
    con.execute(index_sql)
    con.execute("UPDATE replica_state SET last_hlc = ?", (writer.clock.last,))
    violations = con.execute("PRAGMA foreign_key_check").fetchall()
    if violations:
        raise RuntimeError(f"bulk load left {len(violations)} rows without their parent")


if __name__ == "__main__":
    import sys

    target, count = Path(sys.argv[1]), int(sys.argv[2])
    started = time.perf_counter()
    build(target, count, progress=lambda done, total: print(f"{done}/{total}", flush=True))
    print(f"built {target} in {time.perf_counter() - started:.1f} s")
