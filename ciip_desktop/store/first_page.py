"""The client list as the window first shows it, read with the standard library's ``sqlite3``.

SQLAlchemy and the services take about half a second to import; the window does not wait
for them. Before its first paint it asks this reader for the default list (every client,
newest file number first), the rows of its first page and the counsellors of the filter,
straight from the same database file, opened read-only. The services take over as soon as
they are loaded (``services/clients/opening_list.py``).

Only a file that is provably a current CIIP database is read (our schema marker and this
release's schema revision), and only where nobody signs in (no account has a password): a
database whose counsellors sign in shows no client before the sign-in. Anything else —
missing, foreign, older, damaged — gives ``None`` and the window waits for the services,
which explain or migrate it. Nothing here
writes, and nothing here raises: a failing read is ``None`` too, and the services, which
read the same file next, tell the user what is wrong.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ciip_desktop.store.marks import APPLICATION_ID, SCHEMA_HEAD

log = logging.getLogger(__name__)

_IN_CHUNK = 500
# The same columns, joins and conditions as ``ClientSearch.summaries`` (a test compares them).
_SUMMARIES = """
SELECT c.id, c.file_no, c.family_name, c.given_name, c.chinese_name, c.pinyin, c.phone,
       c.email, c.status, c.received_on, c.signature_on_file, co.display_name,
       na.destination_province, na.destination_city, na.expected_departure
FROM client AS c
LEFT OUTER JOIN counsellor AS co ON co.id = c.counsellor_id
LEFT OUTER JOIN needs_assessment AS na ON na.client_id = c.id AND na.deleted = 0
WHERE c.id IN ({marks}) AND +c.deleted = 0
"""

_SIGNS_IN = "SELECT 1 FROM counsellor WHERE password_hash != '' AND deleted = 0 LIMIT 1"


class ReaderClosedError(Exception):
    """The reader was closed (the services took over) while a question was on its way."""


class SummaryRow(NamedTuple):
    """One row of the client list, as stored (dates as ISO text, flags as 0/1)."""

    id: str
    file_no: str
    family_name: str
    given_name: str
    chinese_name: str
    pinyin: str
    phone: str
    email: str
    status: str
    received_on: str | None
    signature_on_file: int
    counsellor_name: str | None
    destination_province: str | None
    destination_city: str | None
    expected_departure: str | None


class FirstPageReader:
    """A read-only connection to one current CIIP database; usable from any one thread at a
    time (calls are serialised), closed once the services have taken over."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._con: sqlite3.Connection | None = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> FirstPageReader | None:
        """The reader, or None when ``path`` is not a current CIIP database we can read."""
        if not path.is_file():
            return None
        con: sqlite3.Connection | None = None
        try:
            con = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            con.execute("PRAGMA query_only = ON")
            # Pages read through memory mapping, as the engine does (store/engine.py): the
            # count walks the whole list index.
            con.execute("PRAGMA mmap_size = 268435456")
            marker = con.execute("PRAGMA application_id").fetchone()[0]
            if marker != APPLICATION_ID:
                con.close()
                return None
            revision = con.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision != [(SCHEMA_HEAD,)]:
                con.close()
                return None
            # Where counsellors sign in, no client is shown before someone has signed in.
            if con.execute(_SIGNS_IN).fetchone() is not None:
                con.close()
                return None
        except sqlite3.Error as exc:
            log.info("the first page is left to the services: %s", type(exc).__name__)
            if con is not None:
                con.close()
            return None
        return cls(con)

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def newest_ids(self, limit: int | None = None) -> list[str]:
        """Ids of the clients not deleted, newest file number first (index ``ix_client_list``)."""
        sql = "SELECT id FROM client WHERE deleted = 0 ORDER BY file_no DESC"
        if limit is None:
            return [cid for (cid,) in self._read(sql)]
        return [cid for (cid,) in self._read(sql + " LIMIT ?", (limit,))]

    def count(self) -> int:
        rows = self._read("SELECT count(*) FROM client WHERE deleted = 0")
        return int(rows[0][0])

    def summaries(self, ids: Sequence[str]) -> list[SummaryRow]:
        """The list rows of ``ids``, in the order given (ids no longer found are left out)."""
        found: dict[str, SummaryRow] = {}
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = list(ids[start : start + _IN_CHUNK])
            sql = _SUMMARIES.format(marks=", ".join("?" * len(chunk)))
            for row in self._read(sql, chunk):
                found[row[0]] = SummaryRow(*row)
        return [found[i] for i in ids if i in found]

    def counsellors(self) -> list[tuple[str, str]]:
        """(id, display name) of every active counsellor, by name."""
        sql = (
            "SELECT id, display_name FROM counsellor WHERE active = 1 AND deleted = 0"
            " ORDER BY display_name"
        )
        return [(cid, name) for cid, name in self._read(sql)]

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self._lock:
            if self._con is None:
                raise ReaderClosedError
            return self._con.execute(sql, params).fetchall()
