"""The accounts of a plain database, read with the standard library for the first paint's sign-in.

Where counsellors sign in, the window shows its sign-in with the first paint instead of
after the services have loaded (~0.8 s later): the password is checked against the stored
Argon2 hash read here, read-only, while SQLAlchemy and the services load on the worker.
The services then sign in for real (audit entry, failures recorded) with what was typed.

Only a current, plain CIIP database where somebody signs in is read (as ``first_page.py``
checks); anything else — missing, encrypted, older, without accounts — gives ``None`` and
the services come first. Nothing here writes, and nothing here raises.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from ciip_desktop.store.marks import APPLICATION_ID, SCHEMA_HEAD

log = logging.getLogger(__name__)

# As ``AccountService``: failures of one login within this window slow the next attempt.
FAILURE_WINDOW = timedelta(minutes=15)
_SIGNS_IN = "SELECT 1 FROM counsellor WHERE password_hash != '' AND deleted = 0 LIMIT 1"


class StoredAccount(NamedTuple):
    id: str
    display_name: str
    role: str
    password_hash: str


def _stamp(moment: datetime) -> str:
    """How SQLAlchemy stores a UTC timestamp in SQLite (naive, microseconds)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class AccountReader:
    """A read-only connection to the accounts of one current, plain CIIP database."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._con = connection

    @classmethod
    def open(cls, path: Path) -> AccountReader | None:
        if not path.is_file():
            return None
        con: sqlite3.Connection | None = None
        try:
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            con.execute("PRAGMA query_only = ON")
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                con.close()
                return None
            revision = con.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision != [(SCHEMA_HEAD,)] or con.execute(_SIGNS_IN).fetchone() is None:
                con.close()
                return None
        except sqlite3.Error as exc:  # encrypted, damaged, busy: the services explain it
            log.info("the sign-in waits for the services: %s", type(exc).__name__)
            if con is not None:
                con.close()
            return None
        return cls(con)

    def account(self, login: str) -> StoredAccount | None:
        """The active account ``login`` (None when there is none, or on a failed read)."""
        try:
            row = self._con.execute(
                "SELECT id, display_name, role, password_hash FROM counsellor"
                " WHERE username = ? AND active = 1 AND deleted = 0",
                (login,),
            ).fetchone()
        except sqlite3.Error:
            return None
        return StoredAccount(*row) if row is not None else None

    def recent_failures(self, login: str, now: datetime | None = None) -> int:
        """Failed sign-ins of ``login`` in the last 15 minutes since its last sign-in."""
        since = _stamp((now or datetime.now(UTC)) - FAILURE_WINDOW)
        try:
            (last_ok,) = self._con.execute(
                "SELECT max(at) FROM audit_entry WHERE action = 'sign_in' AND actor_login = ?",
                (login,),
            ).fetchone()
            start = max(since, last_ok) if last_ok is not None else since
            (count,) = self._con.execute(
                "SELECT count(*) FROM audit_entry"
                " WHERE action = 'sign_in.failed' AND target_id = ? AND at > ?",
                (login[:64], start),
            ).fetchone()
        except sqlite3.Error:
            return 0
        return int(count)

    def close(self) -> None:
        self._con.close()
