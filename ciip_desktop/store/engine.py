"""The SQLite engine: WAL journal, foreign keys on, a busy timeout, one connection per thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # 64 MB of page cache: imports and sync write into indexes of the growing change log.
    cursor.execute("PRAGMA cache_size = -65536")
    # Reads through memory-mapped pages: no system call per page on a cold search.
    cursor.execute("PRAGMA mmap_size = 268435456")
    cursor.close()


def sqlite_engine(path: Path) -> Engine:
    """An engine on the SQLite file at ``path`` with the pragmas every connection needs."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    return engine
