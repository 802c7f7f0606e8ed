"""Open a CIIP database: refuse foreign or newer files, back up and migrate older ones."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ciip_desktop.errors import DatabaseFileError
from ciip_desktop.i18n import _
from ciip_desktop.store import cipher, failures, guard
from ciip_desktop.store.building import build_aside, mark, remove_stale_builds
from ciip_desktop.store.engine import sqlite_engine, write_engine
from ciip_desktop.store.migrate import (
    SCHEMA_HEAD,
    DatabaseState,
    Inspection,
    backup_database,
    inspect_database,
    refuse_unusable,
    upgrade,
)


@dataclass
class OpenReport:
    """What opening did: whether the file was created or migrated, and where the backup is."""

    created: bool = False
    migrated_from: str | None = None
    backup: Path | None = None


class Database:
    """One database file: its engine and a factory of short-lived sessions."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        guard.install(engine)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(write_engine(engine), expire_on_commit=False)
        self.report = OpenReport()
        self.backup_dir: Path | None = None
        self.key: bytes | None = None  # the SQLCipher key of an encrypted database

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @classmethod
    def open(
        cls,
        path: Path,
        backup_dir: Path | None = None,
        *,
        create_folder: bool = True,
        key: bytes | None = None,
    ) -> Database:
        """Open ``path``, creating or migrating it; a backup precedes any migration.

        A new database is built beside ``path`` and moved into place whole, so a kill or a
        full disk never leaves half a schema. A file that is not provably ours is refused
        and never written to. Every refusal is a :class:`DatabaseFileError` with the reason.
        With ``key`` an encrypted database is opened (a new one is created encrypted); a
        plain file already there is opened as it is (``ciip security encrypt`` converts it).
        """
        path = Path(path)
        backup_dir = backup_dir or path.parent / "backups"
        try:
            return cls._open(path, backup_dir, create_folder, key)
        except DatabaseFileError:
            raise
        except OSError as exc:
            raise failures.explain_os_error(exc, path) from exc
        except Exception as exc:
            if not isinstance(exc, (DBAPIError, *failures.driver_errors())):
                raise
            explained = failures.explain_sqlite(exc, path, backup_dir)
            if explained is None:
                raise
            raise explained from exc

    @classmethod
    def _open(
        cls, path: Path, backup_dir: Path, create_folder: bool, key: bytes | None
    ) -> Database:
        folder = path.parent
        if not folder.is_dir():
            if not create_folder or folder.exists():
                raise failures.explain_access(path)
            folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise failures.read_only_folder_error(folder)
        remove_stale_builds(path)
        if key is None and cipher.is_encrypted(path):
            raise DatabaseFileError(_("{path} is encrypted; sign in to open it.").format(path=path))
        if key is not None and cipher.header_is_plain(path):
            key = None  # a plain database stays plain until it is converted
        report = OpenReport()
        for _attempt in range(3):
            inspection = inspect_database(path, backup_dir, key)
            refuse_unusable(path, inspection)
            if inspection.state not in (DatabaseState.NEW, DatabaseState.HALF_BUILT):
                break
            if build_aside(path, replace=inspection.state is DatabaseState.HALF_BUILT, key=key):
                report.created = True
                inspection = Inspection(DatabaseState.CURRENT, SCHEMA_HEAD, marked=True)
                break
        else:  # pragma: no cover - another process keeps replacing the file
            raise failures.busy_error()
        if not os.access(path, os.W_OK):
            raise failures.read_only_file_error(path)
        if inspection.state is DatabaseState.OLDER:
            report.backup = backup_database(
                path, backup_dir, label=f"before-{inspection.revision}", key=key
            )
            report.migrated_from = inspection.revision
        engine = sqlite_engine(path, key)
        try:
            if inspection.state is DatabaseState.OLDER:
                upgrade(engine)
            if not inspection.marked and not report.created:
                mark(engine)
        except BaseException:
            engine.dispose()
            raise
        db = cls(path, engine)
        db.report = report
        db.backup_dir = backup_dir
        db.key = key
        if key is not None:
            cipher.remember_key(path, key)
        return db

    def session(self) -> Session:
        """A session for reading; a write to a synced table through it is refused
        (:mod:`ciip_desktop.store.guard`): writes go through ``ServiceContext.write``."""
        return self._sessions()

    def write_session(self) -> Session:
        """A session whose transactions begin with ``BEGIN IMMEDIATE``: it holds the write
        lock from its first statement, so what it reads cannot change before it writes."""
        return self._write_sessions()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def explained(self) -> Iterator[None]:
        """Turn a SQLite failure (busy, damaged, disk full, read-only) into the user's sentence."""
        try:
            yield
        except DBAPIError as exc:
            explained = failures.explain_sqlite(exc, self.path, self.backup_dir)
            if explained is None:
                raise
            raise explained from exc

    def close(self) -> None:
        self.engine.dispose()
