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

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from ciip_desktop.models.sync import ConflictKind, SyncConflict
from ciip_desktop.store import guard
from ciip_desktop.sync import rows
from ciip_desktop.sync.capture import CHANGE_LOG, encode_value, new_change_id
from ciip_desktop.sync.change import ROW_INSERT, SCHEMA_VERSION, Change
from ciip_desktop.sync.clock import HybridLogicalClock
from ciip_desktop.sync.state import FieldState, RowHistory, RowKey, known_change_ids, load_histories

CONFLICT_TABLE = SyncConflict.__tablename__
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
    for c in changes:
        if c.schema_version > SCHEMA_VERSION:
            raise NewerSchemaError(f"schema {c.schema_version} > {SCHEMA_VERSION}")
        if not rows.is_synced(c.table_name):
            raise NewerSchemaError(f"unknown table {c.table_name}")
        if c.field != ROW_INSERT and c.field not in rows.fields(c.table_name):
            raise NewerSchemaError(f"unknown field {c.table_name}.{c.field}")


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
        self._log: list[dict[str, Any]] = []
        self._conflicts: dict[str, Change] = {}
        self.taken: set[RowKey] = set()

    # -- entry point ---------------------------------------------------------------------
    def apply(self, changes: Sequence[Change]) -> ApplyResult:
        check_schema(changes)
        self.result.received = len(changes)
        known = known_change_ids(self.conn, (c.change_id for c in changes))
        fresh: list[Change] = []
        for c in changes:
            if c.change_id in known:
                self.result.skipped += 1
                continue
            known.add(c.change_id)
            fresh.append(c)
        if not fresh:
            return self.result
        for c in fresh:
            if not self.clock.observe(c.hlc):
                self.result.bounded_stamps += 1
        self._load([(c.table_name, c.row_id) for c in fresh])
        for c in fresh:
            self._merge(c)
        self.result.applied = len(fresh)
        self._after_merge([(c.table_name, c.row_id) for c in fresh])
        self._write()
        return self.result

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
        for t, ids in by_table.items():
            table = rows.table(t)
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                found = set(
                    self.conn.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars()
                )
                for r in chunk:
                    self._exists[(t, r)] = r in found

    def _history(self, key: RowKey) -> RowHistory:
        if key not in self._histories:
            self._load([key])
        return self._histories.setdefault(key, RowHistory([], {}))

    # -- the rule ------------------------------------------------------------------------
    def _merge(self, c: Change, *, local: bool = False) -> None:
        key = (c.table_name, c.row_id)
        history = self._history(key)
        states = _states(c)
        before = {name: history.fields.get(name) for name in states}
        history.add(c, states)
        self._log.append(self._log_row(c, local))
        self.result.touched[c.table_name].add(c.row_id)
        detect = c.table_name != CONFLICT_TABLE
        for name, incoming in states.items():
            current = before[name]
            if current is None:
                self._dirty[key].add(name)
                continue
            quiet = _RECOMPUTED.get((c.table_name, name))
            found = detect and not (quiet and quiet(incoming.value, current.value))
            if incoming.order > current.order:
                self._dirty[key].add(name)
                if found and _concurrent(winner=incoming, loser=current):
                    self._conflict(ConflictKind.EDIT, key, name, incoming, current, history)
            elif found and _concurrent(winner=current, loser=incoming):
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
    def _log_row(self, c: Change, local: bool) -> dict[str, Any]:
        row = {name: getattr(c, name) for name in Change.__slots__}  # type: ignore[attr-defined]
        if local:
            row["hub_seq"] = None
        return row

    def _write(self) -> None:
        from ciip_desktop.sync.unique import taken_out

        new_rows = [k for k in self._dirty if not self._exists.get(k, False)]
        gone = taken_out(self, new_rows) if new_rows else set()
        out = self.taken | {k for k in new_rows if k[1] in gone}
        with guard.synced_writes(self.conn):
            _executemany_insert(self.conn, CHANGE_LOG.name, self._log)
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
        assert history.insert is not None
        created = json.loads(history.insert.new_value).get("created_at")
        stamp = max(s.hlc for s in history.fields.values())
        row: dict[str, Any] = {
            name: rows.to_column(t, name, s.value)
            for name, s in history.fields.items()
            if name in rows.fields(t)
        }
        row.update(
            id=r,
            hlc=stamp,
            updated_at=rows.stamp_time(stamp),
            created_at=rows.to_column(t, "created_at", created)
            or rows.stamp_time(history.insert.hlc),
        )
        return row

    def _update_values(
        self, t: str, r: str, names: set[str], history: RowHistory
    ) -> dict[str, Any]:
        values = {
            name: rows.to_column(t, name, history.fields[name].value)
            for name in names
            if name in rows.fields(t)
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


def _states(c: Change) -> dict[str, FieldState]:
    from ciip_desktop.sync.state import field_states

    return field_states(c)


def _concurrent(*, winner: FieldState, loser: FieldState) -> bool:
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
    table = rows.table(name)
    quote = conn.dialect.identifier_preparer.quote
    for names, group in groups.items():
        processors = [(n, table.c[n].type._cached_bind_processor(conn.dialect)) for n in names]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(name), ", ".join(quote(n) for n in names), ", ".join("?" for _ in names)
        )
        data = [tuple(p(row[n]) if p else row[n] for n, p in processors) for row in group]
        conn.exec_driver_sql(sql, data)
