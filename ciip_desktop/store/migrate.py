"""Tell what a database file is, back it up, and migrate it to this release with Alembic."""

from __future__ import annotations

import hashlib
import os
import re
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
from ciip_desktop.store import cipher, failures
from ciip_desktop.store.marks import APPLICATION_ID
from ciip_desktop.store.marks import SCHEMA_HEAD as SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Backups kept per database: the newest ten copies taken before a migration.
BACKUPS_KEPT = 10


class DatabaseState(StrEnum):
    NEW = "new"  # missing or empty: will be created
    CURRENT = "current"
    OLDER = "older"  # an earlier release's database: back up, then migrate
    NEWER = "newer"  # written by a newer release: refuse
    NOT_CIIP = "not_ciip"  # some other file: refuse, leave untouched
    HALF_BUILT = "half_built"  # an earlier release was stopped while creating it: no data


@dataclass(frozen=True)
class Inspection:
    state: DatabaseState
    revision: str | None
    marked: bool = False  # carries our schema marker (PRAGMA application_id)


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


# Tables that mark a file written by an earlier release (before the application_id marker).
_OUR_CORE_TABLES = frozenset({"alembic_version", "replica_state", "change_log", "client"})


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except PermissionError:
        raise failures.unreadable_error(path) from None
    except IsADirectoryError:
        raise failures.folder_given_error(path) from None
    except OSError as exc:
        raise failures.explain_os_error(exc, path) from None


def inspect_database(
    path: Path, backup_dir: Path | None = None, key: bytes | None = None
) -> Inspection:
    """What the file at ``path`` is, read without changing a byte of it.

    A file is ours only when it carries our schema marker, or (written by an earlier
    release) names one of our migrations in ``alembic_version`` beside our own tables.
    With ``key``, a file that is not plain SQLite is read as an encrypted database (a wrong
    key raises the sentence of ``cipher.wrong_key_error``).
    Raises :class:`DatabaseFileError` with the true reason when the file cannot be read.
    """
    if path.is_dir():
        raise failures.folder_given_error(path)
    if not path.exists():
        return Inspection(DatabaseState.NEW, None)
    header = _header(path)
    if not header:
        return Inspection(DatabaseState.NEW, None)
    encrypted = key is not None and not header.startswith(SQLITE_MAGIC)
    if not encrypted and (not header.startswith(SQLITE_MAGIC) or len(header) < 100):
        return Inspection(DatabaseState.NOT_CIIP, None)
    marked = int.from_bytes(header[68:72], "big") == APPLICATION_ID
    driver_errors = cipher.errors() if encrypted else (sqlite3.Error,)
    try:
        if encrypted:
            con = cipher.connect(path, key, read_only=True)
        else:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if encrypted:
                marked = con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            rows = (
                con.execute("SELECT version_num FROM alembic_version").fetchall()
                if "alembic_version" in tables
                else []
            )
            empty = not marked and all(_is_empty(con, t) for t in tables)
        finally:
            con.close()
    except driver_errors as exc:
        if failures.error_name(exc).startswith("SQLITE_NOTADB") and not marked:
            return Inspection(DatabaseState.NOT_CIIP, None)
        explained = failures.explain_sqlite(exc, path, backup_dir)
        if explained is None:
            raise
        raise explained from None
    revisions = {r[0] for r in rows}
    revision = rows[0][0] if len(rows) == 1 else None
    if not tables:
        return Inspection(DatabaseState.NEW, None, marked)
    if not marked and not (
        revision is not None and tables >= _OUR_CORE_TABLES and revision in known_revisions()
    ):
        if (
            not encrypted
            and not revisions
            and empty
            and "alembic_version" in tables
            and _half_built(tables, path)
        ):
            return Inspection(DatabaseState.HALF_BUILT, None)
        return Inspection(DatabaseState.NOT_CIIP, None)
    if revision is None:  # ours, but without a schema version: never guess
        raise failures.damaged_error(path, backup_dir)
    if revision == SCHEMA_HEAD:
        return Inspection(DatabaseState.CURRENT, revision, marked)
    if revision in known_revisions():
        return Inspection(DatabaseState.OLDER, revision, marked)
    return Inspection(DatabaseState.NEWER, revision, marked)


def _is_empty(con: sqlite3.Connection, table: str) -> bool:
    quoted = '"' + table.replace('"', '""') + '"'
    return con.execute(f"SELECT 1 FROM {quoted} LIMIT 1").fetchone() is None


def _half_built(tables: set[str], path: Path) -> bool:
    """Whether ``path`` holds only empty tables exactly as our first migration creates them:
    an earlier release killed while creating the database (its DDL was not transactional)."""
    reference = reference_schema()
    if not tables <= set(reference):
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type='table'"))
    finally:
        con.close()
    return all(found[name] == reference[name] for name in tables)


def reference_schema() -> dict[str, str]:
    """Table name -> CREATE TABLE statement of a database this release creates."""
    import tempfile

    from ciip_desktop.store.engine import sqlite_engine

    with tempfile.TemporaryDirectory(prefix="ciip-schema-") as folder:
        engine = sqlite_engine(Path(folder) / "reference.sqlite3")
        try:
            upgrade(engine)
            with engine.connect() as con:
                rows = con.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type='table'"
                ).all()
        finally:
            engine.dispose()
    return {str(name): str(sql) for name, sql in rows}


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


def backup_database(
    path: Path,
    backup_dir: Path,
    label: str = "backup",
    keep: int = BACKUPS_KEPT,
    *,
    key: bytes | None = None,
) -> Path:
    """Copy the database consistently (SQLite's online backup) into ``backup_dir``.

    A copy identical to the newest one of the same label is not kept twice (a migration
    tried again after a failure), and only the newest ``keep`` backups of the database stay.
    An encrypted database's backup is encrypted with the same key (``key``, else the one
    this process unlocked for ``path``) and gets a copy of its key file beside it.
    """
    backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    prefix = f"{path.stem}-{label}-"
    suffix = path.suffix or ".sqlite3"
    target = backup_dir / f"{prefix}{stamp}{suffix}"
    partial = target.with_name(target.name + ".part")
    try:
        online_backup(path, partial, key)
        os.chmod(partial, 0o600)  # client records: readable by their owner only
        if cipher.key_file(partial).exists():
            os.replace(cipher.key_file(partial), cipher.key_file(target))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        cipher.key_file(partial).unlink(missing_ok=True)
        raise
    same_label = sorted(p for p in backup_dir.glob(f"{prefix}*{suffix}") if p != target)
    if same_label and _same_bytes(same_label[-1], target):
        target.unlink()
        cipher.key_file(target).unlink(missing_ok=True)
        target = same_label[-1]
    rotate_backups(path, backup_dir, keep)
    return target


def rotate_backups(path: Path, backup_dir: Path, keep: int = BACKUPS_KEPT) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``path``; returns those kept."""
    suffix = path.suffix or ".sqlite3"
    name = re.compile(rf"{re.escape(path.stem)}-.+-\d{{8}}T\d{{12}}Z{re.escape(suffix)}")
    ours = sorted(
        (p for p in backup_dir.iterdir() if name.fullmatch(p.name) and p.is_file()),
        key=lambda p: (p.stat().st_mtime_ns, p.name),
    )
    for old in ours[:-keep] if keep > 0 else ours:
        old.unlink(missing_ok=True)
        cipher.key_file(old).unlink(missing_ok=True)
    return ours[-keep:] if keep > 0 else []


def online_backup(source: Path, target: Path, key: bytes | None = None) -> None:
    """SQLite's online backup of ``source`` into the new file ``target``: consistent while
    others write. An encrypted source is copied encrypted with its own key, and its key
    file is copied beside ``target`` (mode 0600)."""
    encrypted = cipher.is_encrypted(source)
    if encrypted:
        key = key or cipher.known_key(source)
        if key is None:
            raise DatabaseFileError(
                _(
                    "{path} is encrypted and this process has not unlocked it; sign in first, "
                    "then back it up."
                ).format(path=source)
            )
        src = cipher.connect(source, key, read_only=True)
        dst = cipher.connect(target, key)
    else:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    if encrypted:
        keys = cipher.key_file(target)
        shutil.copyfile(cipher.key_file(source), keys)
        os.chmod(keys, 0o600)


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def upgrade(engine: Engine) -> None:
    """Bring the schema to this release's head (a new file gets the whole schema)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def copy_file(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
