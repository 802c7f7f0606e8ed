"""What this replica knows of each field: the stamp, device and value that hold it now.

Read from the change log (which keeps, after pruning, at least the newest record of every
field and every row's insert record), for the rows a batch of remote changes touches.

Which change holds a field (:attr:`FieldState.rank`): an edit beats every insert record of
the row, and among edits, and among inserts, the higher ``(hlc, device)`` wins. A row has one
insert record, except a row whose id several laptops derive alike — a conflict record (or a
finding) that two laptops wrote before either saw the other's. An insert only says what such
a row starts as, so a person's later edit (a resolution) is never undone by another laptop's
insert of the same record arriving after it. Conflict records from several laptops rank by
the winning value they name first (the latest value that overwrote the loser), then by stamp:
every laptop keeps the same record, whatever order they arrive in.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from ciip_desktop.models.replica import ChangeRecord
from ciip_desktop.models.sync import SyncConflict
from ciip_desktop.sync.change import CHANGE_COLUMNS, ROW_INSERT, Change, change_from_values
from ciip_desktop.sync.rows import select_in

_CHUNK = 400
_LOG = ChangeRecord.__tablename__
RowKey = tuple[str, str]
# (edit: 1, insert: 0), then what orders records of that kind: see the module docstring.
Rank = tuple[int, str, str, str, str]
CONFLICT_TABLE = SyncConflict.__tablename__


@dataclass(slots=True)
class FieldState:
    """The change that set a field's current value."""

    hlc: str
    device: str
    base: str
    value: Any  # decoded JSON
    change_id: str
    user: str
    rank: Rank = (1, "", "", "", "")

    @property
    def order(self) -> tuple[str, str]:
        return (self.hlc, self.device)


def rank_of(change: Change, value: Any) -> Rank:
    """How ``change`` ranks against the other changes of the same field (see above)."""
    if change.field != ROW_INSERT:
        return (1, change.hlc, change.device_id, "", "")
    if change.table_name == CONFLICT_TABLE and isinstance(value, dict):
        named = (str(value.get("winner_hlc") or ""), str(value.get("winner_device") or ""))
        return (0, *named, change.hlc, change.device_id)
    return (0, "", "", change.hlc, change.device_id)


def field_states(change: Change) -> dict[str, FieldState]:
    """The fields ``change`` sets: one, or every field of a new row."""
    value = json.loads(change.new_value)
    rank = rank_of(change, value)
    hlc, device, base, cid, user = (
        change.hlc,
        change.device_id,
        change.base_hlc,
        change.change_id,
        change.user_id,
    )
    if change.field == ROW_INSERT:
        assert isinstance(value, dict)
        return {
            name: FieldState(hlc, device, base, v, cid, user, rank)
            for name, v in value.items()
            if name != "created_at"
        }
    return {change.field: FieldState(hlc, device, base, value, cid, user, rank)}


@dataclass
class RowHistory:
    """Every change of one row this replica holds, and the newest one of each field."""

    changes: list[Change]
    fields: dict[str, FieldState]
    insert: Change | None = None

    def add(self, change: Change, states: dict[str, FieldState] | None = None) -> None:
        self.changes.append(change)
        if change.field == ROW_INSERT and (self.insert is None or change.order < self.insert.order):
            self.insert = change
        for name, state in (field_states(change) if states is None else states).items():
            current = self.fields.get(name)
            if current is None or state.rank > current.rank:
                self.fields[name] = state

    def value_at(self, field: str, stamp: str) -> Any:
        """The value ``field`` had at ``stamp`` (None when unknown: never set, or pruned)."""
        for change in self.changes:
            if change.hlc == stamp and change.field in (field, ROW_INSERT):
                states = field_states(change)
                if field in states:
                    return states[field].value
        return None


def load_histories(conn: Connection, rows: Iterable[RowKey]) -> dict[RowKey, RowHistory]:
    """The history of each of ``rows`` from the change log (rows never seen: empty)."""
    histories: dict[RowKey, RowHistory] = defaultdict(lambda: RowHistory([], {}))
    by_table: dict[str, list[str]] = defaultdict(list)
    for t, r in dict.fromkeys(rows):
        by_table[t].append(r)
    sql = (
        f"SELECT {', '.join(CHANGE_COLUMNS)} FROM {_LOG}"
        " WHERE table_name = ? AND row_id IN ({ids}) ORDER BY hlc, device_id"
    )
    for t, ids in by_table.items():
        for row in select_in(conn, sql, ids, (t,), _CHUNK):
            change = change_from_values(row)
            histories[(t, change.row_id)].add(change)
    return histories


def known_change_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    sql = f"SELECT change_id FROM {_LOG} WHERE change_id IN ({{ids}})"
    return {r[0] for r in select_in(conn, sql, ids)}


__all__ = ["FieldState", "RowHistory", "known_change_ids", "load_histories"]
