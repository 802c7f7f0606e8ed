"""Two laptops gave the same unique value (a username, a code, one assessment per client).

The merge never fails on a unique constraint. For each value claimed by more than one row
the row that claimed it first — the lower ``(stamp of the field's value, device, row id)``,
the same on every replica — keeps it. The others lose it deterministically:

* a text value is renamed (``value-xxxx``, ``xxxx`` from the row id) by a local change;
* a reference (one assessment per client) cannot be renamed: the losing row is taken out
  of its table whole and kept in the conflict record for a person to merge by hand.

Either way a :class:`SyncConflict` of kind ``unique`` names both rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, select

from ciip_desktop.models.sync import ConflictKind, SyncConflict
from ciip_desktop.sync import rows
from ciip_desktop.sync.state import FieldState, RowKey

if TYPE_CHECKING:
    from ciip_desktop.sync.merge import Merger


def renamed(value: str, row_id: str, limit: int | None) -> str:
    suffix = "-" + row_id.replace("-", "")[:4]
    if limit is not None and len(value) + len(suffix) > limit:
        value = value[: max(0, limit - len(suffix))]
    return value + suffix


def taken_out(merger: Merger, keys: list[tuple[str, str]]) -> set[str]:
    """Rows taken out by an earlier unique clash (never re-created by later changes)."""
    ids = [r for _t, r in keys]
    found: set[str] = set()
    c = SyncConflict.__table__.c
    for start in range(0, len(ids), 900):
        stmt = select(c.row_id).where(
            c.kind == ConflictKind.UNIQUE, c.other_row_id != "", c.field.startswith("*")
        )
        found.update(
            merger.conn.execute(stmt.where(c.row_id.in_(ids[start : start + 900]))).scalars()
        )
    return found


def resolve_unique_clashes(merger: Merger, keys: list[RowKey]) -> None:
    claims: dict[tuple[str, str, Any], set[str]] = defaultdict(set)
    for t, r in dict.fromkeys(keys):
        uniques = rows.unique_fields(t) if rows.is_synced(t) else ()
        if not uniques:
            continue
        history = merger._history((t, r))
        if history.insert is None and not merger._exists.get((t, r), False):
            continue
        for name in uniques:
            state = history.fields.get(name)
            if state is not None and state.value not in (None, ""):
                claims[(t, name, state.value)].add(r)
    stored = _stored_claims(merger, list(claims))
    for (t, name, value), ids in claims.items():
        column = rows.table(t).c[name]
        for other in stored.get((t, name, value), ()):
            current = merger._history((t, other)).fields.get(name)
            if current is None or current.value == value:
                ids.add(other)
        if len(ids) < 2:
            continue
        ranked = sorted(ids, key=lambda r: (*_claim(merger, t, r, name).order, r))
        winner_id = ranked[0]
        winner = _claim(merger, t, winner_id, name)
        for loser_id in ranked[1:]:
            _lose(merger, t, name, loser_id, winner_id, winner, column.type)


def _stored_claims(
    merger: Merger, claims: list[tuple[str, str, Any]]
) -> dict[tuple[str, str, Any], list[str]]:
    """The rows already holding each claimed value: one query per column per chunk of
    values, not one per value."""
    by_column: dict[tuple[str, str], dict[Any, Any]] = defaultdict(dict)
    for t, name, value in claims:
        by_column[(t, name)][rows.to_column(t, name, value)] = value
    found: dict[tuple[str, str, Any], list[str]] = defaultdict(list)
    for (t, name), values in by_column.items():
        table = rows.table(t)
        column = table.c[name]
        wanted = list(values)
        for start in range(0, len(wanted), 900):
            stmt = select(table.c.id, column).where(column.in_(wanted[start : start + 900]))
            for row_id, held in merger.conn.execute(stmt):
                if held in values:
                    found[(t, name, values[held])].append(row_id)
    return found


def _claim(merger: Merger, t: str, r: str, name: str) -> FieldState:
    return merger._history((t, r)).fields[name]


def _lose(
    merger: Merger, t: str, name: str, loser_id: str, winner_id: str, winner: FieldState, kind: Any
) -> None:
    history = merger._history((t, loser_id))
    loser = history.fields[name]
    if isinstance(kind, String) and not rows.is_foreign_key(t, name):
        merger._conflict(
            ConflictKind.UNIQUE, (t, loser_id), name, winner, loser, history, other_row=winner_id
        )
        new_value = renamed(str(loser.value), loser_id, kind.length)
        merger.local(merger._local_change(t, loser_id, name, new_value, loser.hlc))
        return
    whole = FieldState(
        loser.hlc,
        loser.device,
        loser.base,
        {n: s.value for n, s in history.fields.items()},
        loser.change_id,
        loser.user,
    )
    merger._conflict(
        ConflictKind.UNIQUE, (t, loser_id), "*" + name, winner, whole, history, other_row=winner_id
    )
    merger.take_out(t, loser_id)
    merger.taken.add((t, loser_id))
