"""Creating a database whole, finishing what an earlier release left half-built, backups.

Backups are taken only when there is something to migrate, the same copy is not kept twice
when a migration is tried again, and only the newest ten stay.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from ciip_desktop.errors import DatabaseFileError
from ciip_desktop.store import Database, DatabaseState, inspect_database
from ciip_desktop.store import migrate as migrate_module
from ciip_desktop.store.building import building_name
from ciip_desktop.store.engine import APPLICATION_ID
from ciip_desktop.store.migrate import BACKUPS_KEPT, reference_schema

FAILING_REVISION = '''"""a migration that fails halfway"""
from alembic import op
import sqlalchemy as sa

revision = "0099_fails"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO no_such_table VALUES (1)")


def downgrade() -> None:
    pass
'''


def _application_id(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("PRAGMA application_id").fetchone()[0])
    finally:
        con.close()


def _tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def test_a_new_database_carries_the_schema_marker_and_nothing_is_left_beside_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.sqlite3"
    db = Database.open(path)
    db.close()
    assert db.report.created
    assert _application_id(path) == APPLICATION_ID
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.sqlite3"]


def test_a_database_of_an_earlier_release_without_the_marker_is_recognised_and_marked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.sqlite3"
    Database.open(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id = 0")
    con.commit()
    con.close()
    assert inspect_database(path).state is DatabaseState.CURRENT
    Database.open(path).close()
    assert _application_id(path) == APPLICATION_ID


def test_a_schema_half_built_by_an_earlier_release_is_finished(tmp_path: Path) -> None:
    """An earlier release ran DDL outside a transaction: a kill left some tables and an empty
    alembic_version, after which every command failed with "table … already exists"."""
    path = tmp_path / "office.sqlite3"
    schema = reference_schema()
    con = sqlite3.connect(path)
    for name in ("alembic_version", "change_log", "office", "counsellor"):
        con.execute(schema[name])
    con.commit()
    con.close()
    assert inspect_database(path).state is DatabaseState.HALF_BUILT
    db = Database.open(path)
    db.close()
    assert db.report.created
    assert inspect_database(path).state is DatabaseState.CURRENT
    assert set(schema) <= _tables(path)


def test_a_half_built_lookalike_holding_rows_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    schema = reference_schema()
    con = sqlite3.connect(path)
    con.execute(schema["alembic_version"])
    con.execute(schema["office"])
    con.execute(
        "INSERT INTO office (id, code, name, city, time_zone, address, created_at, updated_at,"
        " hlc, deleted) VALUES ('o', 'X', 'Theirs', '', '', '', '', '', '', 0)"
    )
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseFileError, match="not a CIIP Desktop database"):
        Database.open(path)
    assert path.read_bytes() == before


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    dead = building_name(path, pid=2**22 + 12345)  # no such process
    dead.write_bytes(b"SQLite format 3\x00 half")
    dead.with_name(dead.name + "-wal").write_bytes(b"x")
    Database.open(path).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.sqlite3"]


def test_two_openers_of_a_new_file_end_with_one_database(tmp_path: Path) -> None:
    """The second build finds the first one in place and keeps it, not its own."""
    path = tmp_path / "office.sqlite3"
    first = Database.open(path)
    try:
        with first.engine.begin() as con:
            con.exec_driver_sql("CREATE TABLE marker_of_first (x)")
        second = Database.open(path)
        second.close()
        assert not second.report.created
        assert "marker_of_first" in _tables(path)
    finally:
        first.close()


@pytest.fixture
def next_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Migrations of a next release whose one new migration fails."""
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate_module.MIGRATIONS_DIR, migrations)
    head = migrate_module.head_revision()
    (migrations / "versions" / "0099_fails.py").write_text(FAILING_REVISION.format(head=head))
    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(migrate_module, "SCHEMA_HEAD", "0099_fails")
    return migrations


def test_a_failed_migration_changes_nothing_and_retries_do_not_pile_up_backups(
    tmp_path: Path, next_release: Path
) -> None:
    path = tmp_path / "office.sqlite3"
    backups = tmp_path / "backups"
    _create_at_previous_head(path)
    before = _tables(path)
    for _try in range(3):
        with pytest.raises(Exception):  # noqa: B017 - the broken migration's own error
            Database.open(path, backup_dir=backups)
        assert _tables(path) == before  # the migration ran in one transaction, rolled back
        assert "half_done" not in _tables(path)
    assert len(list(backups.iterdir())) == 1


def _create_at_previous_head(path: Path) -> None:
    """A database of the current release (the one before the failing migration)."""
    from ciip_desktop.store.building import mark
    from ciip_desktop.store.engine import sqlite_engine

    engine = sqlite_engine(path)
    try:
        from alembic import command

        command.upgrade(migrate_module.alembic_config(engine), "0002_client_list_index")
        mark(engine)
    finally:
        engine.dispose()


def test_only_the_newest_backups_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    Database.open(path).close()
    backups = tmp_path / "backups"
    made = []
    for i in range(BACKUPS_KEPT + 3):
        con = sqlite3.connect(path)
        con.execute(f"CREATE TABLE t{i} (x)")  # a different file each time
        con.commit()
        con.close()
        target = migrate_module.backup_database(path, backups, label=f"before-r{i}")
        os.utime(target, ns=(i * 10**9, i * 10**9))
        made.append(target)
    kept = sorted(backups.iterdir())
    assert len(kept) == BACKUPS_KEPT
    assert set(kept) == set(made[-BACKUPS_KEPT:])


def test_an_up_to_date_database_is_never_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    for _ in range(3):
        Database.open(path, backup_dir=tmp_path / "backups").close()
    assert not (tmp_path / "backups").exists()


def test_a_full_disk_while_writing_is_a_sentence_and_keeps_nothing(tmp_path: Path) -> None:
    """SQLite's own "database or disk is full" (the file may not grow), met by a demo fill."""
    from sqlalchemy import event

    from ciip_desktop.services.context import Actor, ServiceContext
    from ciip_desktop.services.demo import DemoService

    path = tmp_path / "office.sqlite3"
    db = Database.open(path)
    try:
        ctx = ServiceContext.open(db)
        with db.engine.connect() as con:
            pages = int(con.exec_driver_sql("PRAGMA page_count").scalar() or 0)

        def no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 8}")

        event.listen(db.engine, "connect", no_room)
        db.engine.dispose()  # the connections opened from now on have no room to grow
        with pytest.raises(DatabaseFileError, match="is full; nothing was changed"):
            DemoService(ctx).fill(Actor.system(), 400)
    finally:
        db.close()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM client").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM counsellor").fetchone() == (0,)
    finally:
        con.close()


@pytest.mark.parametrize("content", ["empty", "sqlite-without-tables"])
def test_an_empty_file_becomes_a_database(tmp_path: Path, content: str) -> None:
    path = tmp_path / "office.sqlite3"
    if content == "empty":
        path.touch()
    else:
        con = sqlite3.connect(path)
        con.execute("PRAGMA user_version = 7")  # writes the header: a valid, empty database
        con.commit()
        con.close()
    db = Database.open(path)
    db.close()
    assert db.report.created
    assert inspect_database(path).state is DatabaseState.CURRENT
