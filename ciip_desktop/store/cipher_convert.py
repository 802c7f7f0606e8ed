"""Convert a database between plain and encrypted, never leaving a broken file behind.

The converted copy is built beside the database (``.NAME.building-PID``, the same name a
new database is built under, so a kill leaves only that to clean up), integrity-checked
and compared table by table with the original, then moved into place with one rename.
While it is built the original is held with an exclusive lock (after switching it out of
WAL, which only succeeds when no other window or job has it open), so no write is lost.

The key file is written *before* the encrypted copy moves in and removed only *after* the
plain copy has: since the file's own header says whether it is plain (``cipher.py``), a
kill at any point leaves the old database or the new one, each openable. The plain
original is kept linked until the encrypted file is in place, then overwritten with zeros
and deleted; plain backups in the backup folder are encrypted in the same way.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ciip_desktop.errors import DatabaseFileError
from ciip_desktop.i18n import _
from ciip_desktop.store import cipher
from ciip_desktop.store.building import (
    _fsync,
    _fsync_folder,
    _remove_journals,
    _remove_with_journals,
    building_name,
)
from ciip_desktop.store.faults import fault_point


def in_use_error(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        _(
            "{path} is open in another window or job; close them all, then try again. "
            "Nothing was changed."
        ).format(path=path)
    )


# Every connection of SQLite's unix VFS to a database in WAL mode holds a read lock on this
# byte of the ``-shm`` file while it is open (os_unix.c: UNIX_SHM_DMS).
_SHM_DEAD_MAN_SWITCH = 128


def _open_elsewhere(path: Path) -> bool:
    """Whether another process has the WAL database at ``path`` open (POSIX only)."""
    shm = path.with_name(path.name + "-shm")
    if os.name != "posix" or not shm.exists():
        return False
    import fcntl
    import struct

    fd = os.open(shm, os.O_RDWR)
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DEAD_MAN_SWITCH, 1, 0)
        found = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, probe))
        return bool(found[0] != fcntl.F_UNLCK)
    except OSError:
        return False
    finally:
        os.close(fd)


@contextlib.contextmanager
def _held(path: Path, key: bytes | None) -> Iterator[Any]:
    """A connection holding ``path`` exclusively (rollback journal, exclusive lock); refused
    while another window or job has it open, whose writes would go to the replaced file."""
    if _open_elsewhere(path):
        raise in_use_error(path)
    con = cipher.connect(path, key)
    try:
        con.isolation_level = None
        con.execute("PRAGMA busy_timeout = 5000")
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            mode = con.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise in_use_error(path)
            con.execute("BEGIN IMMEDIATE")
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
            con.execute(f"PRAGMA user_version = {version}")  # a write: the lock is now ours
            con.execute("COMMIT")
        except cipher.driver().OperationalError as exc:
            raise in_use_error(path) from exc
        yield con
    finally:
        con.close()


def _export_held(con: Any, target: Path, target_key: bytes | None) -> None:
    app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
    user_version = int(con.execute("PRAGMA user_version").fetchone()[0])
    con.execute(cipher.attach_sql("target", target_key), (str(target),))
    try:
        con.execute("SELECT sqlcipher_export('target')")
        con.execute(f"PRAGMA target.application_id = {app_id}")
        con.execute(f"PRAGMA target.user_version = {user_version}")
    finally:
        con.execute("DETACH DATABASE target")


def _build_checked(
    con: Any, path: Path, source_key: bytes | None, target_key: bytes | None
) -> Path:
    tmp = building_name(path)
    cipher.wipe(tmp)
    _remove_with_journals(tmp)
    _export_held(con, tmp, target_key)
    os.chmod(tmp, 0o600)
    expected = cipher.check_counts(con)
    if cipher.check(tmp, target_key) != expected:
        raise DatabaseFileError(
            _("The converted copy of {path} differs from it; nothing was replaced.").format(
                path=path
            )
        )
    _fsync(tmp)
    fault_point("cipher:exported")
    return tmp


def encrypt_in_place(path: Path, key: bytes, write_keys: Callable[[], None]) -> None:
    """Replace the plain database at ``path`` by an encrypted copy under ``key``;
    ``write_keys`` writes the key file (called just before the copy moves in)."""
    old = building_name(path).with_name(building_name(path).name + "-old")
    tmp: Path | None = None
    try:
        with _held(path, None) as con:
            tmp = _build_checked(con, path, None, key)
            write_keys()
            fault_point("cipher:keys-written")
            os.link(path, old)  # the plain original stays reachable until it is wiped
            _remove_journals(path)
            os.replace(tmp, path)
            _fsync_folder(path.parent)
            fault_point("cipher:installed")
        _remove_journals(old)
        cipher.wipe(old)
    finally:
        if tmp is not None:
            cipher.wipe(tmp)
            _remove_with_journals(tmp)
    cipher.remember_key(path, key)


def decrypt_in_place(path: Path, key: bytes) -> None:
    """Replace the encrypted database at ``path`` by a plain copy, then remove its key file."""
    tmp: Path | None = None
    try:
        with _held(path, key) as con:
            tmp = _build_checked(con, path, key, None)
            _remove_journals(path)
            os.replace(tmp, path)
            _fsync_folder(path.parent)
            fault_point("cipher:installed")
        cipher.key_file(path).unlink(missing_ok=True)
    finally:
        if tmp is not None:
            cipher.wipe(tmp)
            _remove_with_journals(tmp)
    cipher.forget_key(path)


def encrypt_backups(
    path: Path, backup_dir: Path, key: bytes, write_keys: Callable[[Path], None]
) -> int:
    """Encrypt every plain backup of ``path`` in ``backup_dir`` with ``key`` (each gets its
    key file through ``write_keys``), wiping the plain copies; returns how many."""
    if not backup_dir.is_dir():
        return 0
    suffix = path.suffix or ".sqlite3"
    name = re.compile(rf"{re.escape(path.stem)}-.+-\d{{8}}T\d{{12}}Z{re.escape(suffix)}")
    done = 0
    for backup in sorted(backup_dir.iterdir()):
        if not name.fullmatch(backup.name) or cipher.header_is_plain(backup) is not True:
            continue
        tmp = backup.with_name(backup.name + ".encrypting")
        _remove_with_journals(tmp)
        try:
            cipher.export(backup, None, tmp, key)
            os.chmod(tmp, 0o600)
            if cipher.check(tmp, key) != cipher.check(backup, None):
                raise DatabaseFileError(
                    _("The converted copy of {path} differs from it; nothing was replaced.").format(
                        path=backup
                    )
                )
            write_keys(backup)
            os.link(backup, tmp.with_name(tmp.name + "-old"))
            os.replace(tmp, backup)
            cipher.wipe(tmp.with_name(tmp.name + "-old"))
        finally:
            _remove_with_journals(tmp)
        done += 1
    return done
