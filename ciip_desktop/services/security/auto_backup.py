"""Automatic rotating backups of the open database while the app runs (issue 17).

Every few minutes (``CIIP_BACKUP_MINUTES``, default 10; 0 turns them off) and at exit the
window asks :meth:`AutoBackup.take` for a copy, on a worker thread. A copy is taken with the
store's backup (SQLite's online backup API: consistent while others write, readable by its
owner only) into ``backups/auto/`` (0700), and only when the database changed since the last
copy; a copy identical to the newest one is not kept twice, and only the newest
``CIIP_BACKUPS_KEPT`` (default 12) stay. The migration backups beside it are not touched.

A failure (full disk, a folder that may not be written) is one translated sentence
(:class:`AutoBackupError`) for the status bar; the log gets its kind, never a client's data.
No Qt here: the timer lives in ``ui/security/backup_timer.py``.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.logs import describe_exception
from ciip_desktop.store import cipher, failures
from ciip_desktop.store.backup_restore import backup_to

log = logging.getLogger(__name__)

AUTO_FOLDER = "auto"
DEFAULT_EVERY_MINUTES = 10.0
DEFAULT_KEEP = 12
MINUTES_ENV = "CIIP_BACKUP_MINUTES"
KEEP_ENV = "CIIP_BACKUPS_KEPT"
_STAMP = "%Y%m%dT%H%M%S%fZ"

_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_NOT_WRITABLE = frozenset(
    {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST, errno.EISDIR}
)


class AutoBackupError(UserError):
    """An automatic backup could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupPolicy:
    """How often the running app copies the database, and how many copies it keeps."""

    every_minutes: float = DEFAULT_EVERY_MINUTES  # 0: no automatic backups
    keep: int = DEFAULT_KEEP

    @property
    def enabled(self) -> bool:
        return self.every_minutes > 0 and self.keep > 0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BackupPolicy:
        """``CIIP_BACKUP_MINUTES`` and ``CIIP_BACKUPS_KEPT``; unreadable values: the defaults."""
        env = os.environ if env is None else env
        minutes, keep = DEFAULT_EVERY_MINUTES, DEFAULT_KEEP
        try:
            minutes = max(0.0, float(env.get(MINUTES_ENV, minutes)))
        except ValueError:
            log.warning("%s is not a number of minutes; using %s", MINUTES_ENV, minutes)
        try:
            keep = max(0, int(env.get(KEEP_ENV, keep)))
        except ValueError:
            log.warning("%s is not a whole number; keeping %s copies", KEEP_ENV, keep)
        return cls(minutes, keep)


@dataclass(frozen=True)
class BackupOutcome:
    """What one call did: ``path`` is the newest copy (None: there is none yet)."""

    path: Path | None
    written: bool  # a new file was kept (False: unchanged, or identical to the newest)


class AutoBackup:
    """The rotating copies of one database file. Safe to call from any thread."""

    def __init__(self, database: Path, backup_dir: Path, keep: int = DEFAULT_KEEP) -> None:
        self.database = Path(database)
        self.folder = Path(backup_dir) / AUTO_FOLDER
        self.keep = max(1, keep)
        self._lock = threading.Lock()
        self._copied: tuple[int, ...] | None = None  # the file state of the last copy

    def copies(self) -> list[Path]:
        """The automatic copies of this database, oldest first."""
        if not self.folder.is_dir():
            return []
        prefix, suffix = f"{self.database.stem}-", self.database.suffix or ".sqlite3"
        return sorted(
            p
            for p in self.folder.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(suffix) and p.is_file()
        )

    def take(self, *, force: bool = False) -> BackupOutcome:
        """Copy the database unless nothing changed since the last copy (``force``: always)."""
        with self._lock:
            state = self._file_state()
            if not force and state == self._copied:
                existing = self.copies()
                return BackupOutcome(existing[-1] if existing else None, False)
            try:
                outcome = self._copy()
            except UserError as exc:
                if isinstance(exc, AutoBackupError):
                    raise
                raise AutoBackupError(failure_text(self.folder)) from exc
            except (OSError, sqlite3.Error) as exc:
                log.warning("automatic backup failed: %s", describe_exception(exc))
                raise _explain(exc, self.folder) from exc
            self._copied = state
            return outcome

    def _copy(self) -> BackupOutcome:
        _owner_only_folder(self.folder)
        previous = self.copies()
        stamp = datetime.now(UTC).strftime(_STAMP)
        suffix = self.database.suffix or ".sqlite3"
        target = self.folder / f"{self.database.stem}-{stamp}{suffix}"
        backup_to(self.database, target)
        if previous and _same_bytes(previous[-1], target):
            _remove(target)
            log.info("automatic backup: unchanged since %s", previous[-1].name)
            return BackupOutcome(previous[-1], False)
        for old in self.copies()[: -self.keep]:
            _remove(old)
        log.info("automatic backup written: %s", target.name)
        return BackupOutcome(target, True)

    def _file_state(self) -> tuple[int, ...]:
        """Size and modification time of the database and its write-ahead log: any commit
        (this app's or another job's) changes one of them."""
        state: list[int] = []
        for path in (self.database, Path(f"{self.database}-wal")):
            try:
                info = path.stat()
            except OSError:
                state += [-1, -1]
            else:
                state += [info.st_size, info.st_mtime_ns]
        return tuple(state)


def _remove(copy: Path) -> None:
    """A copy, and the key file an encrypted database's copy has beside it."""
    copy.unlink(missing_ok=True)
    cipher.key_file(copy).unlink(missing_ok=True)


def _owner_only_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return _digest(a) == _digest(b)


def _digest(path: Path) -> bytes:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.digest()


def _explain(exc: BaseException, folder: Path) -> AutoBackupError:
    code = exc.errno if isinstance(exc, OSError) else None
    name = ""
    error = failures.sqlite_error(exc)
    if error is not None:
        name = failures.error_name(error)
    if code in _FULL or name.startswith("SQLITE_FULL"):
        return AutoBackupError(
            _(
                "The automatic backup could not be written: the disk holding {folder} is full. "
                "Free some space; the next backup is tried in a few minutes."
            ).format(folder=folder)
        )
    if code in _NOT_WRITABLE or name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        return AutoBackupError(
            _(
                "The automatic backup could not be written: CIIP Desktop may not write to "
                "{folder}. Allow writing there; the next backup is tried in a few minutes."
            ).format(folder=folder)
        )
    return AutoBackupError(failure_text(folder))


def failure_text(folder: Path) -> str:
    return _(
        "The automatic backup into {folder} failed; your records are unchanged. The next "
        "backup is tried in a few minutes; if this message comes back, ask your support person."
    ).format(folder=folder)
