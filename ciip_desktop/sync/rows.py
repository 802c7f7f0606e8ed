"""Synced tables read from the metadata: which they are, their fields, and values from JSON.

Nothing here lists tables by name: a feature that adds a synced table (calendar, packages)
is captured, applied and merged as soon as its model is registered.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Row, Table
from sqlalchemy.types import TypeDecorator

from ciip_desktop.models.base import Base, Synced
from ciip_desktop.store.guard import is_synced, synced_tables
from ciip_desktop.sync.clock import stamp_time

__all__ = ["is_synced", "stamp_time", "synced_tables"]

# Columns the merge sets itself (never a field of a change).
META = Synced.SYNC_META_COLUMNS


def table(name: str) -> Table:
    return Base.metadata.tables[name]


@functools.cache
def fields(name: str) -> frozenset[str]:
    """Fields a change of ``name`` may carry (every column but the sync meta columns)."""
    return frozenset(c.name for c in table(name).columns if c.name not in META)


def _converter(column_type: Any) -> Callable[[Any], Any]:
    impl = column_type.impl if isinstance(column_type, TypeDecorator) else column_type
    if isinstance(impl, DateTime):
        return _to_datetime
    if isinstance(impl, Date):
        return _to_date
    if isinstance(impl, Boolean):
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def _to_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _to_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value)[:10])


@functools.cache
def converters(name: str) -> dict[str, Callable[[Any], Any]]:
    return {c.name: _converter(c.type) for c in table(name).columns}


def to_column(name: str, field: str, value: Any) -> Any:
    """A JSON value of ``field`` as the column takes it (dates and times parsed)."""
    return converters(name)[field](value)


@functools.cache
def unique_fields(name: str) -> tuple[str, ...]:
    """Single-column unique constraints of a synced table (file numbers, usernames, ...)."""
    t = table(name)
    found: list[str] = [c.name for c in t.columns if c.unique and c.name not in META]
    for constraint in t.constraints:
        cols = [c.name for c in getattr(constraint, "columns", [])]
        if type(constraint).__name__ == "UniqueConstraint" and len(cols) == 1:
            found.append(cols[0])
    for index in t.indexes:
        cols = [c.name for c in index.columns]
        if index.unique and len(cols) == 1:
            found.append(cols[0])
    return tuple(sorted(set(found) - META))


def is_foreign_key(name: str, field: str) -> bool:
    return bool(table(name).columns[field].foreign_keys)


def select_in(
    conn: Connection, sql: str, ids: Sequence[Any], params: Sequence[Any] = (), size: int = 900
) -> Iterator[Row[Any]]:
    """The rows of ``sql`` for every chunk of ``ids`` (``{ids}`` in ``sql`` stands for the
    chunk's placeholders, after ``params``'s). A plain driver statement on the replica's
    SQLite: a compiled ``in_()`` costs more to build than to run, once per chunk of a batch."""
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        text = sql.format(ids=", ".join("?" * len(chunk)))
        yield from conn.exec_driver_sql(text, (*params, *chunk))
