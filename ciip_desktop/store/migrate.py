"""Tell what a database file is, back it up, and migrate it to this release with Alembic."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from ciip_desktop.errors import DatabaseFileError
from ciip_desktop.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision of this release, known without loading Alembic (~0.2 s of start-up);
# a test checks it against the migration scripts.
SCHEMA_HEAD = "0003_calendar"
SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseState(StrEnum):
    NEW = "new"  # missing or empty: will be created
    CURRENT = "current"
    OLDER = "older"  # an earlier release's database: back up, then migrate
    NEWER = "newer"  # written by a newer release: refuse
    NOT_CIIP = "not_ciip"  # some other file: refuse, leave untouched


@dataclass(frozen=True)
class Inspection:
    state: DatabaseState
    revision: str | None


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The newest revision among the migration scripts (loads them all)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def inspect_database(path: Path) -> Inspection:
    """What the file at ``path`` is, read without changing a byte of it."""
    if not path.exists() or path.stat().st_size == 0:
        return Inspection(DatabaseState.NEW, None)
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            return Inspection(DatabaseState.NOT_CIIP, None)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return Inspection(DatabaseState.NEW, None)
            if "alembic_version" not in tables:
                return Inspection(DatabaseState.NOT_CIIP, None)
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return Inspection(DatabaseState.NOT_CIIP, None)
    revision = row[0] if row else None
    if revision == SCHEMA_HEAD:
        return Inspection(DatabaseState.CURRENT, revision)
    if revision is None or revision in known_revisions():
        return Inspection(DatabaseState.OLDER, revision)
    return Inspection(DatabaseState.NEWER, revision)


def refuse_unusable(path: Path, inspection: Inspection) -> None:
    """Raise a clear, translated error for a file the app must not open or touch."""
    if inspection.state is DatabaseState.NOT_CIIP:
        raise DatabaseFileError(
            _(
                "{path} is not a CIIP Desktop database. It was left untouched; choose another file."
            ).format(path=path)
        )
    if inspection.state is DatabaseState.NEWER:
        raise DatabaseFileError(
            _(
                "{path} was written by a newer release of CIIP Desktop. "
                "Update the application to open it."
            ).format(path=path)
        )


def backup_database(path: Path, backup_dir: Path, label: str = "backup") -> Path:
    """Copy the database consistently (SQLite's online backup) into ``backup_dir``."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{path.stem}-{label}-{stamp}{path.suffix or '.sqlite3'}"
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def upgrade(engine: Engine) -> None:
    """Bring the schema to this release's head (a new file gets the whole schema)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def copy_file(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
