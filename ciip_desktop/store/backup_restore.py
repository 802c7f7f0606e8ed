"""`ciip backup` and `ciip restore`: consistent copies, checked before anything is replaced.

A backup is taken with SQLite's online backup API (consistent while others write) and is
readable by its owner only. A restore first checks the file opens, carries the CIIP schema
marker and passes ``PRAGMA integrity_check``; then the current database is itself backed up,
and the checked copy is moved into place whole.

An encrypted database (``store/cipher.py``) is backed up encrypted with its own key (the
one this process unlocked at sign-in), its key file copied beside the backup
(``BACKUP.keys``), so the accounts that open the database open the backup too.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.store import cipher
from ciip_desktop.store.engine import APPLICATION_ID
from ciip_desktop.store.migrate import backup_database, online_backup

OWNER_ONLY = 0o600


def _copy(source: Path, target: Path, key: bytes | None = None) -> None:
    """A consistent copy of ``source`` at ``target`` (encrypted ones with their key file)."""
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    os.close(fd)
    try:
        online_backup(source, partial, key)
        os.chmod(partial, OWNER_ONLY)
        if cipher.key_file(partial).exists():
            os.replace(cipher.key_file(partial), cipher.key_file(target))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        cipher.key_file(partial).unlink(missing_ok=True)
        raise


def backup_to(database: Path, out: Path) -> Path:
    """A consistent copy of ``database`` at ``out`` (mode 0600); an encrypted database's
    copy is encrypted with the same key, its key file copied to ``out.keys``."""
    if not database.exists():
        raise UserError(_("{path} does not exist; check the path.").format(path=database))
    _copy(database, out)
    return out


def check_backup(path: Path, key: bytes | None = None) -> None:
    """Refuse a file that is not a whole, undamaged CIIP database (an encrypted one is
    read with ``key``, else with the key this process unlocked for it)."""
    problem = _("{path} is not a usable CIIP backup; nothing was replaced.").format(path=path)
    if not path.is_file():
        raise UserError(problem)
    encrypted = cipher.is_encrypted(path)
    key = (key or cipher.known_key(path)) if encrypted else None
    if encrypted and key is None:
        raise UserError(
            _("{path} is an encrypted backup; sign in to check it. Nothing was replaced.").format(
                path=path
            )
        )
    try:
        if encrypted:
            con = cipher.connect(path, key, read_only=True)
        else:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            result = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except UserError as exc:  # a key that does not open it
        raise UserError(problem) from exc
    except cipher.errors() as exc:
        raise UserError(problem) from exc
    if app_id != APPLICATION_ID or result != [("ok",)]:
        raise UserError(problem)


def restore_from(
    backup: Path, database: Path, backup_dir: Path, *, key: bytes | None = None
) -> Path | None:
    """Replace ``database`` with the checked ``backup``; returns where the old one was kept.

    ``key`` opens an encrypted backup (else the key this process unlocked for it). An
    encrypted backup brings its key file; a plain one replaces an encrypted database whole
    and its key file goes (the file's header decides, so a kill between is harmless).
    """
    if key is None and cipher.is_encrypted(backup):
        key = cipher.known_key(database)  # a backup of this database: the same key
    check_backup(backup, key)
    kept = None
    if database.exists():
        kept = backup_database(database, backup_dir, label="before-restore")
    staged = database.with_name(database.name + ".restoring")
    _copy(backup, staged, key)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    staged_keys = cipher.key_file(staged)
    if staged_keys.exists():
        os.replace(staged_keys, cipher.key_file(database))
        os.replace(staged, database)
        if key is not None:
            cipher.remember_key(database, key)
    else:
        os.replace(staged, database)
        cipher.key_file(database).unlink(missing_ok=True)
        cipher.forget_key(database)
    return kept
