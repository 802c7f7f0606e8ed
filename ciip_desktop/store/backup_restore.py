"""`ciip backup` and `ciip restore`: consistent copies, checked before anything is replaced.

A backup is taken with SQLite's online backup API (consistent while others write) and is
readable by its owner only. A restore first checks the file opens, carries the CIIP schema
marker and passes ``PRAGMA integrity_check``; then the current database is itself backed up,
and the checked copy is moved into place whole.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.store.engine import APPLICATION_ID
from ciip_desktop.store.migrate import backup_database

OWNER_ONLY = 0o600


def _copy(source: Path, target: Path, *, read_only_source: bool = True) -> None:
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    os.close(fd)
    try:
        uri = f"file:{source}?mode=ro" if read_only_source else f"file:{source}"
        src = sqlite3.connect(uri, uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        os.chmod(partial, OWNER_ONLY)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def backup_to(database: Path, out: Path) -> Path:
    """A consistent copy of ``database`` at ``out`` (mode 0600)."""
    if not database.exists():
        raise UserError(_("{path} does not exist; check the path.").format(path=database))
    _copy(database, out)
    return out


def check_backup(path: Path) -> None:
    """Refuse a file that is not a whole, undamaged CIIP database."""
    problem = _("{path} is not a usable CIIP backup; nothing was replaced.").format(path=path)
    if not path.is_file():
        raise UserError(problem)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            result = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(problem) from exc
    if app_id != APPLICATION_ID or result != [("ok",)]:
        raise UserError(problem)


def restore_from(backup: Path, database: Path, backup_dir: Path) -> Path | None:
    """Replace ``database`` with the checked ``backup``; returns where the old one was kept."""
    check_backup(backup)
    kept = None
    if database.exists():
        kept = backup_database(database, backup_dir, label="before-restore")
    staged = database.with_name(database.name + ".restoring")
    _copy(backup, staged)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    os.replace(staged, database)
    return kept
