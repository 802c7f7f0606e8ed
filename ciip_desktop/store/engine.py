"""The SQLite engine: WAL journal, foreign keys on, a busy timeout, one connection per thread.

Transactions are begun by SQLAlchemy, not by the driver: Python's ``sqlite3`` module would
otherwise run DDL outside any transaction (a killed migration left half a schema) and open
a write transaction only at the first INSERT, after the reads that decided what to write
(two processes then issued the same file number). A write transaction (see
:data:`WRITE_OPTION`) starts with ``BEGIN IMMEDIATE``: it waits for the write lock first,
up to the busy timeout, so what it reads cannot change under it.

Statement parameters are never put into error messages (``hide_parameters``): they carry
clients' names, birth dates and phone numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from ciip_desktop.store.marks import APPLICATION_ID as APPLICATION_ID

BUSY_TIMEOUT_MS = 5000
# Execution option that makes a connection's transactions begin with BEGIN IMMEDIATE.
WRITE_OPTION = "ciip_write"


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _on_begin); the driver must not.
    dbapi_connection.isolation_level = None
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


def _on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine on the SQLite file at ``path`` with the pragmas every connection needs.

    With ``key`` the file is a SQLCipher database (``store/cipher.py``): every connection
    is made by ``sqlcipher3`` and given the key before anything else reads the file.
    """
    if key is None:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
    else:
        from ciip_desktop.store import cipher

        engine = create_engine(
            f"sqlite:///{path}",
            module=cipher.driver(),
            creator=lambda: cipher.connect(path, key, check_same_thread=False),
            hide_parameters=True,
        )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def write_engine(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions begin with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{WRITE_OPTION: True})
