"""Create a database atomically: build it beside its place, then move it in whole.

A kill or a full disk while the schema is being built leaves only a ``.building`` file
(removed at the next start), never half a database at the path the user named.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

from sqlalchemy import Engine

from ciip_desktop.store import cipher
from ciip_desktop.store.engine import APPLICATION_ID, sqlite_engine
from ciip_desktop.store.faults import fault_point
from ciip_desktop.store.migrate import upgrade

_BUILDING = ".building-"
# Where processes cannot be probed, a build untouched this long is abandoned.
STALE_AFTER_S = 600


def building_name(path: Path, pid: int | None = None) -> Path:
    return path.with_name(f".{path.name}{_BUILDING}{os.getpid() if pid is None else pid}")


def mark(engine: Engine) -> None:
    """Put our schema marker in the file (PRAGMA application_id)."""
    with engine.begin() as con:
        con.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def build_aside(path: Path, *, replace: bool = False, key: bytes | None = None) -> bool:
    """Build a complete new database beside ``path`` and move it there (encrypted with
    ``key`` when one is given).

    Without ``replace`` the new file is linked in only if ``path`` does not exist yet (or is
    empty); when another process was faster, its database is kept and False is returned.
    ``replace`` swaps out a half-built file of an earlier release (inspected beforehand).
    """
    tmp = building_name(path)
    _remove_with_journals(tmp)
    try:
        engine = sqlite_engine(tmp, key)
        try:
            upgrade(engine)
            mark(engine)
            fault_point("init:schema-built")
        finally:
            engine.dispose()  # the last connection checkpoints the WAL into the file
        os.chmod(tmp, 0o600)  # client records: readable by their owner only (issue 17)
        _fsync(tmp)
        fault_point("init:before-install")
        installed = _install(tmp, path, replace)
        fault_point("init:installed")
        _fsync_folder(path.parent)
    finally:
        _remove_with_journals(tmp)
    return installed


def _install(tmp: Path, path: Path, replace: bool) -> bool:
    if replace or path.exists():  # an empty file, or an SQLite file without any table
        _remove_journals(path)
        os.replace(tmp, path)
        return True
    if not path.exists():
        _remove_journals(path)  # a journal left beside a deleted file must not replay
    try:
        os.link(tmp, path)  # fails if another process created the database meanwhile
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links
        if path.exists():
            return False
        os.replace(tmp, path)
    return True


def remove_stale_builds(path: Path) -> None:
    """Remove what builds killed midway left beside ``path`` (their process is gone)."""
    # ``-old``: a plain original kept linked while a conversion replaced it (cipher_convert).
    pattern = re.compile(re.escape(f".{path.name}{_BUILDING}") + r"(\d+)(-old)?")
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            match = pattern.fullmatch(candidate.name)
            if match and _abandoned(candidate, int(match.group(1))):
                cipher.wipe(candidate)  # it may be a plain copy of client records
                _remove_with_journals(candidate)


def _abandoned(build: Path, pid: int) -> bool:
    """Whether the process that was building ``build`` is gone."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no harmless way to probe a process: go by age
        return time.time() - build.stat().st_mtime > STALE_AFTER_S
    try:
        os.kill(pid, 0)  # signal 0 only checks that the process exists (POSIX)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _remove_journals(path: Path) -> None:
    for extra in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + extra).unlink(missing_ok=True)


def _remove_with_journals(path: Path) -> None:
    path.unlink(missing_ok=True)
    _remove_journals(path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a file open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
