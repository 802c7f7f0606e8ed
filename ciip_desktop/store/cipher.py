"""SQLCipher: the database file encrypted at rest with a random 256-bit key (issue 17).

An encrypted database is a SQLCipher 4 file (AES-256, an HMAC on every page) opened through
``sqlcipher3`` with its raw key (``PRAGMA key = "x'…'"``: no passphrase derivation on each
connection, so opening costs what a plain file costs). Beside it lies its key file
(``NAME.keys``, see ``services/security/db_keys.py``) holding that key wrapped once per
account with a key derived from the account's password; this module never sees a password.

A file is encrypted when it does not start with SQLite's plain header *and* its key file
exists: the header decides, so a key file left beside a plain file by an interrupted
conversion changes nothing. Without the key the file is random bytes to ``sqlite3``
("file is not a database"); a wrong key is refused at the first read, before anything is
written.

Keys given to :func:`remember_key` are kept in this process's memory only (never on disk),
so that backups taken while the app runs (``store/backup_restore.py``) are encrypted with
the same key without every caller passing it along.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from ciip_desktop.errors import DatabaseFileError
from ciip_desktop.i18n import _

KEY_BYTES = 32
KEYS_SUFFIX = ".keys"
PLAIN_MAGIC = b"SQLite format 3\x00"

_known: dict[Path, bytes] = {}
_known_lock = threading.Lock()


def key_file(path: Path) -> Path:
    """Where the wrapped keys of the database at ``path`` are kept (beside it)."""
    return path.with_name(path.name + KEYS_SUFFIX)


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def header_is_plain(path: Path) -> bool | None:
    """True for a plain SQLite header, False for anything else, None for a missing/empty file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(PLAIN_MAGIC))
    except OSError:
        return None
    if not head:
        return None
    return head == PLAIN_MAGIC


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is an encrypted CIIP database (not plain SQLite, key file beside)."""
    return header_is_plain(path) is False and key_file(path).is_file()


def remember_key(path: Path, key: bytes) -> None:
    """Keep ``key`` in memory for the database at ``path`` (this process only)."""
    with _known_lock:
        _known[path.resolve()] = key


def known_key(path: Path) -> bytes | None:
    with _known_lock:
        return _known.get(path.resolve())


def forget_key(path: Path) -> None:
    with _known_lock:
        _known.pop(path.resolve(), None)


def key_pragma(key: bytes) -> str:
    """The statement that gives SQLCipher the raw key (hex digits only: nothing to escape)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def driver() -> Any:
    """The ``sqlcipher3`` DB-API module (imported on first use)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def errors() -> tuple[type[BaseException], ...]:
    """Exception classes of both drivers (sqlcipher3's are not ``sqlite3.Error``)."""
    return (sqlite3.Error, driver().Error)


def wrong_key_error(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "The key does not open the encrypted database {path}; it was left untouched. "
            "Check that its key file {keys} belongs to it, or restore both from a backup."
        ).format(path=path, keys=key_file(path))
    )


def connect(
    path: Path, key: bytes | None, *, read_only: bool = False, check_same_thread: bool = True
) -> Any:
    """A ``sqlcipher3`` connection to ``path`` with ``key`` (None: a plain file).

    The key is checked by a first read; a wrong key raises :func:`wrong_key_error` and the
    file is not written. SQLCipher's own log (which would print to stderr) is silenced.
    """
    dbapi = driver()
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    con = dbapi.connect(target, uri=read_only, check_same_thread=check_same_thread)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            con.execute(key_pragma(key))
            try:
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except dbapi.DatabaseError as exc:
                if "not a database" in str(exc):
                    raise wrong_key_error(path) from None
                raise
    except BaseException:
        con.close()
        raise
    return con


def attach_sql(alias: str, key: bytes | None) -> str:
    """``ATTACH DATABASE ? AS alias KEY …``: encrypted with ``key``, or plain (empty key)."""
    key_text = f"\"x'{key.hex()}'\"" if key is not None else "''"
    return f"ATTACH DATABASE ? AS {alias} KEY {key_text}"


def export(source: Path, source_key: bytes | None, target: Path, target_key: bytes | None) -> None:
    """Copy every table, index and row of ``source`` into the new file ``target`` with
    ``sqlcipher_export`` (plain to encrypted, encrypted to plain, or re-keyed), keeping the
    schema marker and version; one read transaction, so the copy is consistent."""
    con = connect(source, source_key)
    try:
        con.isolation_level = None
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        user_version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(attach_sql("target", target_key), (str(target),))
        try:
            con.execute("BEGIN")
            con.execute("SELECT sqlcipher_export('target')")
            con.execute("COMMIT")
            con.execute(f"PRAGMA target.application_id = {int(app_id)}")
            con.execute(f"PRAGMA target.user_version = {int(user_version)}")
        finally:
            con.execute("DETACH DATABASE target")
    finally:
        con.close()


def check(path: Path, key: bytes | None) -> dict[str, int]:
    """Open ``path`` with ``key``, run ``PRAGMA integrity_check`` and count every table's
    rows; raises :class:`DatabaseFileError` unless the file is whole."""
    con = connect(path, key, read_only=True)
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise DatabaseFileError(
                _("The copy {path} failed its integrity check; nothing was replaced.").format(
                    path=path
                )
            )
        return check_counts(con)
    finally:
        con.close()


def check_counts(con: Any) -> dict[str, int]:
    """Table name -> number of rows, for every table of the connection's main database."""
    names = [
        str(r[0])
        for r in con.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: int(con.execute(f'SELECT count(*) FROM main."{name}"').fetchone()[0])
        for name in names
    }


def wipe(path: Path) -> None:
    """Overwrite ``path`` with zeros, flush it to the disk, then delete it (best effort on
    copy-on-write and flash storage, where old blocks may survive; the file is gone either way).
    A file with another name linked to it (a database just moved in) is only unlinked."""
    with contextlib.suppress(FileNotFoundError):
        stat = path.stat()
        if stat.st_nlink > 1:
            path.unlink()
            return
        size = stat.st_size
        with path.open("r+b") as fh:
            zeros = bytes(1 << 20)
            left = size
            while left > 0:
                step = min(left, len(zeros))
                fh.write(zeros[:step])
                left -= step
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
