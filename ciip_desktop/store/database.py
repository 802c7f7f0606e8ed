"""Open a CIIP database: refuse foreign or newer files, back up and migrate older ones."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ciip_desktop.store.engine import sqlite_engine
from ciip_desktop.store.migrate import (
    DatabaseState,
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
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.report = OpenReport()

    @classmethod
    def open(cls, path: Path, backup_dir: Path | None = None) -> Database:
        """Open ``path``, creating or migrating it; a backup precedes any migration."""
        path = Path(path)
        inspection = inspect_database(path)
        refuse_unusable(path, inspection)
        report = OpenReport()
        if inspection.state is DatabaseState.OLDER:
            report.backup = backup_database(
                path, backup_dir or path.parent / "backups", label=f"before-{inspection.revision}"
            )
            report.migrated_from = inspection.revision
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sqlite_engine(path)
        if inspection.state is not DatabaseState.CURRENT:
            upgrade(engine)
            report.created = inspection.state is DatabaseState.NEW
        db = cls(path, engine)
        db.report = report
        return db

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
