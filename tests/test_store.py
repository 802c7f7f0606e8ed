"""Opening database files: new, current, foreign, newer, and older ones migrated after a backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ciip_desktop.errors import DatabaseFileError
from ciip_desktop.store import Database, DatabaseState, inspect_database
from ciip_desktop.store import migrate as migrate_module

NEXT_REVISION = '''"""add a venue note"""
from alembic import op
import sqlalchemy as sa

revision = "0002_test_note"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("venue") as batch:
        batch.add_column(sa.Column("test_note", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("venue") as batch:
        batch.drop_column("test_note")
'''


def test_a_new_file_gets_the_whole_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = Database.open(path)
    db.close()
    assert db.report.created
    assert inspect_database(path).state is DatabaseState.CURRENT
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert {"client", "counsellor", "office", "venue", "change_log"} <= tables


def test_sqlite_pragmas_are_on_for_every_connection(db: Database) -> None:
    with db.engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


@pytest.mark.parametrize(
    "content",
    [b"hello, this is a letter to the office", b"\x89PNG\r\n\x1a\n" + bytes(200)],
    ids=["text", "image"],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "letter.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DatabaseFileError, match="not a CIIP Desktop database"):
        Database.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.sqlite3"]


def test_another_applications_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseFileError):
        Database.open(path)
    assert path.read_bytes() == before


def test_a_database_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Database.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseFileError, match="newer release"):
        Database.open(path)


def test_an_older_database_is_backed_up_then_migrated_keeping_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.sqlite3"
    Database.open(path).close()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO office (id, code, name, city, time_zone, address, created_at, updated_at,"
        " hlc, deleted) VALUES ('o1', 'GZ', 'CIIP Guangzhou', 'Guangzhou', 'Asia/Shanghai', '',"
        " '2026-01-01', '2026-01-01', '', 0)"
    )
    con.commit()
    con.close()

    # A next release with one more migration.
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate_module.MIGRATIONS_DIR, migrations)
    head = migrate_module.head_revision()
    (migrations / "versions" / "0002_test_note.py").write_text(NEXT_REVISION.format(head=head))
    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(migrate_module, "SCHEMA_HEAD", "0002_test_note")
    assert inspect_database(path).state is DatabaseState.OLDER

    backups = tmp_path / "backups"
    db = Database.open(path, backup_dir=backups)
    db.close()

    assert db.report.migrated_from == head
    assert db.report.backup is not None and db.report.backup.parent == backups
    old = sqlite3.connect(db.report.backup)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
    assert old.execute("SELECT name FROM office").fetchall() == [("CIIP Guangzhou",)]
    new = sqlite3.connect(path)
    assert new.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002_test_note",)
    venue_columns = [row[1] for row in new.execute("PRAGMA table_info(venue)")]
    assert "test_note" in venue_columns
    assert new.execute("SELECT name FROM office").fetchall() == [("CIIP Guangzhou",)]


def test_the_migrated_schema_matches_the_models(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ciip_desktop.models import Base

    with db.engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), Base.metadata)
    assert diff == []


def test_the_schema_head_constant_names_the_newest_migration() -> None:
    assert migrate_module.head_revision() == migrate_module.SCHEMA_HEAD
