"""Storing a push in the hub's log: many changes in few round trips, each change once.

* PostgreSQL: the rows are streamed with ``COPY`` into a temporary table, then moved into
  the log by one ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`` (the server numbers
  them in the order given). A few hundred thousand rows cost one statement each way
  instead of a parsed INSERT per row.
* SQLite (a hub file on a shared drive): multi-row ``INSERT … ON CONFLICT DO NOTHING
  RETURNING`` pages; an SQLite older than 3.35 (no RETURNING) inserts, then looks the
  numbers up.

Either way a change the hub already holds keeps its number, and only those are looked up
afterwards. Pushes take turns (:func:`take_turn`): one push's numbers are committed before
the next push takes any, so a laptop that pulled past a number never misses a change
committed later below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select

from ciip_desktop.sync.change import CHANGE_COLUMNS, Change

# Rows per INSERT page on SQLite (SQLAlchemy splits it further to the parameter limit).
PAGE = 5000
# The PostgreSQL advisory lock pushes take turns on ("CIIP" in ASCII).
PUSH_LOCK_KEY = 0x43494950
_STORED = [n for n in CHANGE_COLUMNS if n != "hub_seq"]


def take_turn(conn: Connection) -> None:
    """Wait for any other push to commit (PostgreSQL; SQLite has one writer at a time)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(PUSH_LOCK_KEY)))


def store(conn: Connection, log: Table, changes: Sequence[Change]) -> dict[str, int]:
    """Add ``changes`` to ``log`` (those already there are kept); the sequence number of
    every change given."""
    if not changes:
        return {}
    if conn.dialect.name == "postgresql":
        seqs = _copy(conn, log, changes)
    elif conn.dialect.insert_executemany_returning:
        seqs = _insert_returning(conn, log, changes)
    else:
        seqs = {}
        _insert(conn, log, changes)
    kept = [c.change_id for c in changes if c.change_id not in seqs]
    for start in range(0, len(kept), 900):
        stmt = select(log.c.change_id, log.c.seq).where(
            log.c.change_id.in_(kept[start : start + 900])
        )
        seqs.update((cid, int(seq)) for cid, seq in conn.execute(stmt))
    return seqs


def _values(c: Change) -> tuple[Any, ...]:
    return (
        c.change_id,
        c.table_name,
        c.row_id,
        c.field,
        c.new_value,
        c.hlc,
        c.base_hlc,
        c.device_id,
        c.user_id,
        c.schema_version,
    )


def _copy(conn: Connection, log: Table, changes: Sequence[Change]) -> dict[str, int]:
    columns = ", ".join(_STORED)
    raw: Any = conn.connection.driver_connection  # psycopg's, inside this transaction
    with raw.cursor() as cur:
        cur.execute(
            f"CREATE TEMPORARY TABLE ciip_push ON COMMIT DROP AS"
            f" SELECT 0::bigint AS ord, {columns} FROM {log.name} WITH NO DATA"
        )
        with cur.copy(f"COPY ciip_push (ord, {columns}) FROM STDIN") as copy:
            for ord_, change in enumerate(changes):
                copy.write_row((ord_, *_values(change)))
        cur.execute(
            f"INSERT INTO {log.name} ({columns}) SELECT {columns} FROM ciip_push ORDER BY ord"
            " ON CONFLICT (change_id) DO NOTHING RETURNING change_id, seq"
        )
        seqs = {str(cid): int(seq) for cid, seq in cur.fetchall()}
        cur.execute("DROP TABLE ciip_push")
    return seqs


def _on_conflict_insert(log: Table) -> Any:
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(log).on_conflict_do_nothing(index_elements=["change_id"])


def _rows(changes: Sequence[Change]) -> list[dict[str, Any]]:
    return [dict(zip(_STORED, _values(c), strict=True)) for c in changes]


def _insert_returning(conn: Connection, log: Table, changes: Sequence[Change]) -> dict[str, int]:
    stmt = (
        _on_conflict_insert(log)
        .returning(log.c.change_id, log.c.seq)
        .execution_options(insertmanyvalues_page_size=PAGE)
    )
    rows = _rows(changes)
    seqs: dict[str, int] = {}
    for start in range(0, len(rows), PAGE):
        result = conn.execute(stmt, rows[start : start + PAGE])
        seqs.update((cid, int(seq)) for cid, seq in result)
    return seqs


def _insert(conn: Connection, log: Table, changes: Sequence[Change]) -> None:
    rows = _rows(changes)
    for start in range(0, len(rows), PAGE):
        conn.execute(_on_conflict_insert(log), rows[start : start + PAGE])
