"""The true reason a database file cannot be used, in one translated sentence.

SQLite reports a busy database, a damaged file, a full disk or a read-only folder with
codes (``sqlite_errorname``); each becomes a :class:`DatabaseFileError` saying what happened
and what to do. The sentences name the database file and the backup folder, never data.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from ciip_desktop.errors import DatabaseBusyError, DatabaseFileError, UserError
from ciip_desktop.i18n import _


def driver_errors() -> tuple[type[BaseException], ...]:
    """``sqlite3.Error``, and ``sqlcipher3``'s errors when an encrypted file was opened."""
    import sys

    cipher_driver = sys.modules.get("sqlcipher3.dbapi2")
    if cipher_driver is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, cipher_driver.Error)


def sqlite_error(exc: BaseException) -> BaseException | None:
    """The driver's error behind ``exc`` (SQLAlchemy wraps it as ``orig``), if any."""
    kinds = driver_errors()
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, kinds):
            return current
        orig = getattr(current, "orig", None)
        if isinstance(orig, kinds):
            return orig
        current = current.__cause__ or current.__context__
    return None


def error_name(error: BaseException) -> str:
    """``SQLITE_BUSY``, ``SQLITE_CORRUPT``, … (extended names such as ``SQLITE_IOERR_WRITE``)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name:
        return str(name)
    text = str(error).lower()  # errors raised before SQLite gave a code
    for fragment, guessed in (
        ("locked", "SQLITE_BUSY"),
        ("malformed", "SQLITE_CORRUPT"),
        ("not a database", "SQLITE_NOTADB"),
        ("disk is full", "SQLITE_FULL"),
        ("readonly", "SQLITE_READONLY"),
        ("unable to open", "SQLITE_CANTOPEN"),
        ("disk i/o", "SQLITE_IOERR"),
    ):
        if fragment in text:
            return guessed
    return ""


def busy_error() -> DatabaseBusyError:
    return DatabaseBusyError(
        _(
            "The database is busy in another window or job and did not become free in time; "
            "nothing was changed. Try again in a moment."
        )
    )


def damaged_error(path: Path, backup_dir: Path | None) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "The database file {path} is damaged (database disk image is malformed). "
            "Restore the latest copy from the backup folder {backups}, or ask your support "
            "person."
        ).format(path=path, backups=backup_dir or path.parent / "backups")
    )


def disk_full_error(folder: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "The disk holding {folder} is full; nothing was changed. Free some space and try again."
        ).format(folder=folder)
    )


def read_only_file_error(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "The database file {path} is read-only, so CIIP Desktop cannot save to it. "
            "Allow writing to the file (or copy it somewhere writable) and try again."
        ).format(path=path)
    )


def read_only_folder_error(folder: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "The folder {folder} is read-only: the database needs to create its journal files "
            "beside it. Allow writing to the folder, or move the database to a writable folder."
        ).format(folder=folder)
    )


def missing_folder_error(folder: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "The folder {folder} does not exist. Check the database path, or run "
            "`ciip init` to create a database there."
        ).format(folder=folder)
    )


def unreadable_error(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "CIIP Desktop is not allowed to read {path}. Check the file's permissions, "
            "or choose another database file."
        ).format(path=path)
    )


def folder_given_error(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _("{path} is a folder, not a database file. Give the path of the database file.").format(
            path=path
        )
    )


def disk_error(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "The disk reported an error while reading or writing {path}; nothing more was "
            "changed. Check the disk (or the network drive) and try again."
        ).format(path=path)
    )


def explain_sqlite(
    exc: BaseException, path: Path, backup_dir: Path | None = None
) -> UserError | None:
    """The sentence for a SQLite failure on the database at ``path``, or None if unknown."""
    error = sqlite_error(exc)
    if error is None:
        return None
    name = error_name(error)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return busy_error()
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return damaged_error(path, backup_dir)
    if name.startswith("SQLITE_FULL"):
        return disk_full_error(path.parent)
    if name.startswith("SQLITE_READONLY"):
        if path.exists() and not os.access(path, os.W_OK):
            return read_only_file_error(path)
        return read_only_folder_error(path.parent)
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return explain_access(path)
    if name.startswith("SQLITE_IOERR"):
        return disk_error(path)
    return None


def explain_access(path: Path) -> DatabaseFileError:
    """Why the database at ``path`` cannot be opened, read from the file system."""
    folder = path.parent
    if not folder.is_dir():
        existing = next((p for p in folder.parents if p.exists()), None)
        blocker = folder if folder.exists() else existing
        if blocker is not None and not blocker.is_dir():
            return not_a_folder_error(blocker)
        if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
            return read_only_folder_error(existing)
        return missing_folder_error(folder)
    if path.is_dir():
        return folder_given_error(path)
    if path.exists() and not os.access(path, os.R_OK):
        return unreadable_error(path)
    if path.exists() and not os.access(path, os.W_OK):
        return read_only_file_error(path)
    if not os.access(folder, os.W_OK | os.X_OK):
        return read_only_folder_error(folder)
    return disk_error(path)


def not_a_folder_error(blocker: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "{path} is a file, but the database path needs a folder there. Check the database path."
        ).format(path=blocker)
    )


def explain_os_error(exc: OSError, path: Path) -> DatabaseFileError:
    """The sentence for an operating-system failure while creating or opening ``path``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return disk_full_error(path.parent)
    if exc.errno == errno.EROFS:
        return read_only_folder_error(path.parent)
    return explain_access(path)
