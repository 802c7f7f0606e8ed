"""The one write path, enforced: no statement changes a synced table outside change capture.

Every INSERT, UPDATE or DELETE on a synced table (one carrying the sync columns of DESIGN §3)
is refused unless the connection is inside a captured flush (the unit of work of
``ServiceContext.write``, which logs every changed field) or inside the sync's own apply of
remote changes. So ``update(Client).values(...)``, a bulk ``execute(update(Client), rows)``,
a Core ``insert(client_table)`` and any write through a plain ``Database.session()`` raise
:class:`UncapturedWriteError` instead of changing rows that would never sync.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table, event
from sqlalchemy.sql.dml import UpdateBase

from ciip_desktop.models.base import Base

# connection.info key: > 0 while a captured flush or a sync apply runs on the connection.
ALLOWED = "ciip.synced_writes_allowed"
_SYNC_COLUMNS = frozenset({"id", "created_at", "updated_at", "hlc", "deleted"})


class UncapturedWriteError(RuntimeError):
    """A statement would change a synced table without recording the change (a bug)."""


def synced_tables() -> frozenset[str]:
    """Names of the synced tables, read from the metadata (new features' tables included)."""
    return _synced_tables(len(Base.metadata.tables))


@functools.cache
def _synced_tables(_count: int) -> frozenset[str]:
    return frozenset(
        name
        for name, table in Base.metadata.tables.items()
        if {c.name for c in table.columns} >= _SYNC_COLUMNS
    )


def is_synced(table: Table | str) -> bool:
    name = table if isinstance(table, str) else table.name
    return name in synced_tables()


@contextmanager
def synced_writes(connection: Connection) -> Iterator[None]:
    """Let ``connection`` write synced tables for the block (sync's apply of remote changes)."""
    allow(connection)
    try:
        yield
    finally:
        disallow(connection)


def allow(connection: Connection) -> None:
    connection.info[ALLOWED] = 1


def disallow(connection: Connection) -> None:
    connection.info[ALLOWED] = 0


def _before_execute(
    conn: Connection, clause: Any, _multi: Any, _params: Any, _options: Any
) -> None:
    if not isinstance(clause, UpdateBase) or conn.info.get(ALLOWED, 0) > 0:
        return
    table = getattr(clause, "table", None)
    name = getattr(table, "name", None)
    if isinstance(name, str) and is_synced(name):
        raise UncapturedWriteError(
            f"{type(clause).__name__} on synced table {name} outside the one write path"
        )


def _on_checkin(_dbapi: Any, record: Any) -> None:
    record.info.pop(ALLOWED, None)


def install(engine: Engine) -> None:
    """Refuse uncaptured writes to synced tables on every connection of ``engine``."""
    if not event.contains(engine, "before_execute", _before_execute):
        event.listen(engine, "before_execute", _before_execute)
        event.listen(engine.pool, "checkin", _on_checkin)
