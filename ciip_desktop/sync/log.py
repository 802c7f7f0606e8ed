"""The local change log as sync reads and trims it: pending, pushed, for a peer, pruned."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, and_, delete, exists, func, select
from sqlalchemy.orm import aliased

from ciip_desktop.models.replica import ChangeRecord
from ciip_desktop.sync.capture import CHANGE_LOG
from ciip_desktop.sync.change import CHANGE_COLUMNS, ROW_INSERT, Change, change_from_values


def pending_count(conn: Connection) -> int:
    """Changes the hub has not acknowledged (local ones, and any a bundle brought)."""
    stmt = select(func.count()).select_from(CHANGE_LOG).where(CHANGE_LOG.c.hub_seq.is_(None))
    return int(conn.execute(stmt).scalar() or 0)


_COLUMNS = [CHANGE_LOG.c[name] for name in CHANGE_COLUMNS]


def pending(conn: Connection, limit: int) -> list[Change]:
    stmt = (
        select(*_COLUMNS)
        .where(CHANGE_LOG.c.hub_seq.is_(None))
        .order_by(CHANGE_LOG.c.hlc, CHANGE_LOG.c.change_id)
        .limit(limit)
    )
    return [change_from_values(r) for r in conn.execute(stmt)]


def mark_pushed(conn: Connection, seqs: Mapping[str, int]) -> None:
    """Record the hub's sequence of each change sent (one executemany of plain tuples)."""
    if not seqs:
        return
    sql = f"UPDATE {CHANGE_LOG.name} SET hub_seq = ? WHERE change_id = ?"
    conn.exec_driver_sql(sql, [(seq, cid) for cid, seq in seqs.items()])


def changes_for_peer(conn: Connection, known: Mapping[str, str]) -> list[Change]:
    """Every change a peer may lack: per device, those stamped after the peer's high-water
    mark for that device (``known`` maps device id -> the newest stamp the peer holds)."""
    stmt = select(*_COLUMNS).order_by(CHANGE_LOG.c.hlc, CHANGE_LOG.c.change_id)
    out = []
    for row in conn.execute(stmt):
        change = change_from_values(row)
        if change.hlc > known.get(change.device_id, ""):
            out.append(change)
    return out


def high_water_marks(conn: Connection) -> dict[str, str]:
    """Per device, the newest stamp this replica holds (what a peer sends back as ``known``)."""
    stmt = select(CHANGE_LOG.c.device_id, func.max(CHANGE_LOG.c.hlc)).group_by(
        CHANGE_LOG.c.device_id
    )
    return {str(d): str(h) for d, h in conn.execute(stmt)}


def prune(conn: Connection, floor: int) -> int:
    """Delete changes every enrolled laptop has pulled past (sequence <= ``floor``) that a
    newer change of the same field has replaced. Kept: each field's newest change and each
    row's insert record — the merge reads the current stamps from them."""
    if floor <= 0:
        return 0
    newer = aliased(ChangeRecord)
    replaced = exists().where(
        and_(
            newer.table_name == ChangeRecord.table_name,
            newer.row_id == ChangeRecord.row_id,
            newer.field == ChangeRecord.field,
            newer.hlc > ChangeRecord.hlc,
        )
    )
    stmt = delete(ChangeRecord).where(
        ChangeRecord.hub_seq.is_not(None),
        ChangeRecord.hub_seq <= floor,
        ChangeRecord.field != ROW_INSERT,
        replaced,
    )
    result = conn.execute(stmt.execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def as_rows(changes: Sequence[Change]) -> list[dict[str, object]]:
    return [c.to_dict() for c in changes]
