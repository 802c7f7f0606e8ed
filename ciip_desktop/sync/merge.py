"""The merge: apply remote changes per field, deterministically, keeping every lost value.

Rules (DESIGN §4), the same on every replica so all converge:

* Per field the higher ``(hlc, device)`` wins, whatever order changes arrive in.
* A value lost to a concurrent one — the winner did not build on it (its ``base_hlc`` is
  older than the loser's stamp) — is kept in a :class:`SyncConflict` with the value both
  started from, who, when, on which laptop. Equal values and one laptop's own chain are
  not conflicts.
* A delete against a concurrent edit (an edit on another laptop stamped after the delete:
  that laptop had not seen it) keeps the row: a local change undeletes it, and a conflict
  says so.
* Two rows claiming one unique value: the row that claimed it first keeps it; the other is
  renamed (text) or, where the value is a reference, taken out whole into the conflict.
* Remote changes are logged with their hub sequence (never pushed again as local ones);
  what the merge itself writes (conflicts, undeletes, renames) is a local change that syncs.

Applying is all-or-nothing for the batch given: the caller holds one transaction.
"""

from __future__ import annotations

import functools
import json
import operator
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Dialect, bindparam, delete, update

from ciip_desktop.models.sync import ConflictKind, SyncConflict
from ciip_desktop.store import guard
from ciip_desktop.sync import rows
from ciip_desktop.sync.capture import CHANGE_LOG, encode_value, new_change_id
from ciip_desktop.sync.change import CHANGE_COLUMNS, ROW_INSERT, SCHEMA_VERSION, Change
from ciip_desktop.sync.clock import HybridLogicalClock
from ciip_desktop.sync.state import (
    FieldState,
    RowHistory,
    RowKey,
    field_states,
    known_change_ids,
    load_histories,
)

CONFLICT_TABLE = SyncConflict.__tablename__
_LOG_INSERT = "INSERT INTO {} ({}) VALUES ({})".format(
    CHANGE_LOG.name, ", ".join(CHANGE_COLUMNS), ", ".join("?" * len(CHANGE_COLUMNS))
)
_NAMESPACE = uuid.UUID("5b0d8f0e-5c1a-4f43-9a55-0c11d1e5a001")
# Fields every replica derives again after a merge (a client's status), with the rule saying
# when two of their values differing is not a conflict for a person.
_RECOMPUTED: dict[tuple[str, str], Callable[[Any, Any], bool]] = {}


def recomputed_field(table: str, name: str, quiet: Callable[[Any, Any], bool]) -> None:
    """Declare ``table.name`` derived after each merge: ``quiet(a, b)`` values never conflict."""
    _RECOMPUTED[(table, name)] = quiet


class NewerSchemaError(Exception):
    """A change written by a newer release (schema, table or field unknown here)."""


@dataclass
class ApplyResult:
    received: int = 0
    applied: int = 0  # new to this replica
    skipped: int = 0  # already here: applying twice changes nothing
    conflicts: int = 0  # conflict records this merge wrote
    bounded_stamps: int = 0  # remote stamps too far ahead of our clock (bounded, not adopted)
    local_changes: int = 0  # undeletes, renames and conflicts written by the merge
    touched: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Rows new to this replica, with the device that created each.
    inserted: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))


def conflict_id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(parts)))


def check_schema(changes: Sequence[Change]) -> None:
    newest = max((c.schema_version for c in changes), default=SCHEMA_VERSION)
    if newest > SCHEMA_VERSION:
        raise NewerSchemaError(f"schema {newest} > {SCHEMA_VERSION}")
    for t, name in {(c.table_name, c.field) for c in changes}:
        if not rows.is_synced(t):
            raise NewerSchemaError(f"unknown table {t}")
        if name != ROW_INSERT and name not in rows.fields(t):
            raise NewerSchemaError(f"unknown field {t}.{name}")


class Merger:
    """Applies one batch of changes on one connection (inside the caller's transaction)."""

    def __init__(
        self, conn: Connection, device_id: str, user_id: str, clock: HybridLogicalClock
    ) -> None:
        self.conn = conn
        self.device_id = device_id
        self.user_id = user_id
        self.clock = clock
        self.result = ApplyResult()
        self._histories: dict[RowKey, RowHistory] = {}
        self._exists: dict[RowKey, bool] = {}
        self._dirty: dict[RowKey, set[str]] = defaultdict(set)
        self._log: list[tuple[Any, ...]] = []
        self._conflicts: dict[str, Change] = {}
        self.taken: set[RowKey] = set()

    # -- entry point ---------------------------------------------------------------------
    def apply(self, changes: Sequence[Change]) -> ApplyResult:
        check_schema(changes)
        self.result.received = len(changes)
        known = known_change_ids(self.conn, [c.change_id for c in changes])
        fresh: list[Change] = []
        for c in changes:
            if c.change_id in known:
                self.result.skipped += 1
                continue
            known.add(c.change_id)
            fresh.append(c)
        if not fresh:
            return self.result
        self._observe(fresh)
        keys = [(c.table_name, c.row_id) for c in fresh]
        self._load(keys)
        for c in fresh:
            self._merge(c)
        self.result.applied = len(fresh)
        self._after_merge(keys)
        self._write()
        return self.result

    def _observe(self, fresh: list[Change]) -> None:
        """Move the clock past the newest stamp; count the stamps too far ahead to adopt."""
        self.result.bounded_stamps = self.clock.observe_many([c.hlc for c in fresh])

    # -- reading what is here ------------------------------------------------------------
    def _load(self, keys: list[RowKey]) -> None:
        missing = [k for k in dict.fromkeys(keys) if k not in self._histories]
        if not missing:
            return
        loaded = load_histories(self.conn, missing)
        for key in missing:  # rows never seen here get an empty history (not loaded again)
            self._histories[key] = loaded.get(key) or RowHistory([], {})
        by_table: dict[str, list[str]] = defaultdict(list)
        for t, r in missing:
            by_table[t].append(r)
        quote = self.conn.dialect.identifier_preparer.quote
        for t, ids in by_table.items():
            sql = f"SELECT id FROM {quote(t)} WHERE id IN ({{ids}})"
            found = {r[0] for r in rows.select_in(self.conn, sql, ids)}
            for r in ids:
                self._exists[(t, r)] = r in found

    def _history(self, key: RowKey) -> RowHistory:
        if key not in self._histories:
            self._load([key])
        return self._histories.setdefault(key, RowHistory([], {}))

    # -- the rule ------------------------------------------------------------------------
    def _merge(self, c: Change, *, local: bool = False) -> None:
        key = (c.table_name, c.row_id)
        history = self._histories.get(key) or self._history(key)
        states = field_states(c)
        fields = history.fields
        before = [(name, fields.get(name), incoming) for name, incoming in states.items()]
        history.add(c, states)
        dirty = self._dirty.get(key)
        if history.insert is c and dirty is None:
            # The row's first insert record (a conflict record two laptops wrote): every
            # replica keeps its creation time, so the row is written again even when none
            # of this record's fields wins.
            dirty = self._dirty[key] = set()
        self._log.append(
            (
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
                None if local else c.hub_seq,
            )
        )
        self.result.touched[c.table_name].add(c.row_id)
        detect = c.table_name != CONFLICT_TABLE
        for name, current, incoming in before:
            quiet = _RECOMPUTED.get((c.table_name, name))
            found = detect and not (
                current is not None and quiet is not None and quiet(incoming.value, current.value)
            )
            if current is None or incoming.rank > current.rank:
                if dirty is None:
                    dirty = self._dirty[key] = set()
                dirty.add(name)
                if current is not None and found and _concurrent(incoming, current):
                    self._conflict(ConflictKind.EDIT, key, name, incoming, current, history)
            elif found and _concurrent(current, incoming):
                self._conflict(ConflictKind.EDIT, key, name, current, incoming, history)

    def _conflict(
        self,
        kind: str,
        key: RowKey,
        name: str,
        winner: FieldState,
        loser: FieldState,
        history: RowHistory,
        other_row: str = "",
    ) -> None:
        cid = conflict_id(key[0], key[1], name, loser.change_id, kind)
        if cid in self._conflicts or self._row_exists((CONFLICT_TABLE, cid)):
            return
        base_stamp = min(winner.base, loser.base)
        values = {
            "kind": kind,
            "state": "open",
            "table_name": key[0],
            "row_id": key[1],
            "field": name,
            "base_value": encode_value(history.value_at(name, base_stamp)),
            "winner_value": encode_value(winner.value),
            "winner_hlc": winner.hlc,
            "winner_device": winner.device,
            "winner_user": winner.user,
            "loser_value": encode_value(loser.value),
            "loser_hlc": loser.hlc,
            "loser_device": loser.device,
            "loser_user": loser.user,
            "other_row_id": other_row,
            "resolution": "",
            "resolved_by": "",
            "resolved_at": None,
            "deleted": False,
            # Deterministic, so two laptops recording the same conflict write the same row.
            "created_at": rows.stamp_time(max(winner.hlc, loser.hlc)).isoformat(),
        }
        self._conflicts[cid] = self._local_change(CONFLICT_TABLE, cid, ROW_INSERT, values, "")
        self.result.conflicts += 1

    def _row_exists(self, key: RowKey) -> bool:
        if key not in self._exists:
            self._load([key])
        return self._exists.get(key, False) or key in self._dirty

    def _local_change(self, t: str, r: str, name: str, value: Any, base: str) -> Change:
        return Change(
            change_id=new_change_id(),
            table_name=t,
            row_id=r,
            field=name,
            new_value=encode_value(value),
            hlc=self.clock.tick(),
            base_hlc=base,
            device_id=self.device_id,
            user_id=self.user_id,
        )

    # -- checks after the merge ----------------------------------------------------------
    def _after_merge(self, keys: list[RowKey]) -> None:
        for key in dict.fromkeys(keys):
            if key[0] == CONFLICT_TABLE:
                continue
            self._delete_against_edit(key)
        from ciip_desktop.sync.unique import resolve_unique_clashes

        resolve_unique_clashes(self, keys)
        for cid, change in list(self._conflicts.items()):
            if self._row_exists((CONFLICT_TABLE, cid)):
                continue  # another laptop recorded it, and its record came in this batch
            self._merge(change, local=True)
            self.result.local_changes += 1
        self._conflicts.clear()

    def _delete_against_edit(self, key: RowKey) -> None:
        history = self._history(key)
        deleted = history.fields.get("deleted")
        if deleted is None or deleted.value is not True:
            return
        edits = [
            (name, s)
            for name, s in history.fields.items()
            if name != "deleted" and s.device != deleted.device and s.hlc > deleted.hlc
        ]
        if not edits:
            return
        _name, edit = max(edits, key=lambda e: e[1].order)
        self._conflict(ConflictKind.DELETE, key, "deleted", edit, deleted, history)
        undelete = self._local_change(key[0], key[1], "deleted", False, deleted.hlc)
        self.local(undelete)

    def local(self, change: Change) -> None:
        """A change the merge itself makes (it syncs like any local write)."""
        self._merge(change, local=True)
        self.result.local_changes += 1

    # -- writing -------------------------------------------------------------------------
    def _write(self) -> None:
        from ciip_desktop.sync.unique import taken_out

        new_rows = [k for k in self._dirty if not self._exists.get(k, False)]
        gone = taken_out(self, new_rows) if new_rows else set()
        out = self.taken | {k for k in new_rows if k[1] in gone}
        with guard.synced_writes(self.conn):
            self.conn.exec_driver_sql(_LOG_INSERT, self._log)
            inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
            updates: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
            for key, names in self._dirty.items():
                t, r = key
                history = self._history(key)
                if key in out or (history.insert is None and not self._exists.get(key, False)):
                    continue  # taken out by a clash, or edits whose insert has not arrived
                if self._exists.get(key, False):
                    change = self._update_values(t, r, names, history)
                    updates[(t, tuple(sorted(change)))].append(
                        {f"v_{k}": v for k, v in change.items()}
                    )
                else:
                    inserts[t].append(self._full_row(t, r, history))
                    self._exists[key] = True
                    assert history.insert is not None
                    self.result.inserted[t][r] = history.insert.device_id
            for (t, columns), batch in updates.items():
                table = rows.table(t)
                stmt = (
                    update(table)
                    .where(table.c.id == bindparam("v__row_id"))
                    .values({c: bindparam(f"v_{c}") for c in columns if c != "_row_id"})
                )
                self.conn.execute(stmt, batch)
            for t, new in inserts.items():
                _executemany_insert(self.conn, t, new)

    def _full_row(self, t: str, r: str, history: RowHistory) -> dict[str, Any]:
        convert = rows.converters(t)
        fields = rows.fields(t)
        stamp = max(s.hlc for s in history.fields.values())
        row: dict[str, Any] = {
            name: convert[name](s.value) for name, s in history.fields.items() if name in fields
        }
        row.update(
            id=r, hlc=stamp, updated_at=rows.stamp_time(stamp), created_at=self._created(t, history)
        )
        return row

    def _update_values(
        self, t: str, r: str, names: set[str], history: RowHistory
    ) -> dict[str, Any]:
        convert = rows.converters(t)
        fields = rows.fields(t)
        values = {
            name: convert[name](history.fields[name].value) for name in names if name in fields
        }
        stamp = max(s.hlc for s in history.fields.values())
        values.update(hlc=stamp, updated_at=rows.stamp_time(stamp), _row_id=r)
        if history.insert is not None:
            # Two laptops wrote the same row (a conflict both recorded): every replica keeps
            # the creation time of the first insert record.
            values["created_at"] = self._created(t, history)
        return values

    @staticmethod
    def _created(t: str, history: RowHistory) -> Any:
        assert history.insert is not None
        created = json.loads(history.insert.new_value).get("created_at")
        return rows.to_column(t, "created_at", created) or rows.stamp_time(history.insert.hlc)

    def take_out(self, t: str, r: str) -> None:
        """Remove a row that lost a unique reference (its data is kept in a conflict)."""
        table = rows.table(t)
        with guard.synced_writes(self.conn):
            self.conn.execute(delete(table).where(table.c.id == r))
        self._exists[(t, r)] = False


def _concurrent(winner: FieldState, loser: FieldState) -> bool:
    """Whether ``loser`` is lost without its writer's successor having seen it."""
    if winner.value == loser.value or winner.device == loser.device:
        return False
    return winner.base < loser.hlc


def _executemany_insert(conn: Connection, name: str, values: list[dict[str, Any]]) -> None:
    """A plain executemany INSERT (a fraction of the cost of a compiled Core insert per
    row); values are converted by the table's column types first. Rows may differ in the
    columns they give: each group of the same columns is one executemany."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in values:
        groups[tuple(row)].append(row)
    for names, group in groups.items():
        sql, processors = _insert_plan(conn.dialect, name, names)
        get = operator.itemgetter(*names)
        if len(names) == 1:
            data: list[Any] = [(get(row),) for row in group]
        else:
            data = [get(row) for row in group]
        if processors:
            converted = []
            for given in data:
                out = list(given)
                for i, process in processors:
                    out[i] = process(out[i])
                converted.append(tuple(out))
            data = converted
        conn.exec_driver_sql(sql, data)


@functools.cache
def _insert_plan(
    dialect: Dialect, name: str, names: tuple[str, ...]
) -> tuple[str, list[tuple[int, Any]]]:
    """The INSERT of ``names`` into table ``name``, and the columns whose values the
    column's type converts first (dates and times, booleans)."""
    table = rows.table(name)
    quote = dialect.identifier_preparer.quote
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(name), ", ".join(quote(n) for n in names), ", ".join("?" for _ in names)
    )
    processors: list[tuple[int, Any]] = []
    for i, n in enumerate(names):
        process = table.c[n].type._cached_bind_processor(dialect)
        if process is not None:
            processors.append((i, process))
    return sql, processors
