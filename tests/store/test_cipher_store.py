"""The store on an encrypted file: Alembic migrates it, its migration backup is encrypted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from ciip_desktop.services.security import db_keys
from ciip_desktop.store import Database, cipher
from ciip_desktop.store.building import mark
from ciip_desktop.store.engine import sqlite_engine
from ciip_desktop.store.migrate import SCHEMA_HEAD, alembic_config


def test_an_older_encrypted_database_is_backed_up_encrypted_then_migrated(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.sqlite3"
    key = cipher.new_key()
    db_keys.DatabaseKeys.new(path, key).save()
    engine = sqlite_engine(path, key)
    try:
        command.upgrade(alembic_config(engine), "0004_packages")
        mark(engine)
    finally:
        engine.dispose()

    db = Database.open(path, backup_dir=tmp_path / "backups", key=key)
    try:
        assert db.report.migrated_from == "0004_packages"
        with db.engine.connect() as con:
            assert con.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
                (SCHEMA_HEAD,)
            ]
    finally:
        db.close()
        cipher.forget_key(path)
    backup = db.report.backup
    assert backup is not None and cipher.is_encrypted(backup)
    assert cipher.check(backup, key)["alembic_version"] == 1
    for encrypted in (path, backup):
        con = sqlite3.connect(encrypted)
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            con.execute("SELECT * FROM sqlite_master").fetchall()
        con.close()


def test_an_encrypted_file_without_its_key_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    key = cipher.new_key()
    db_keys.DatabaseKeys.new(path, key).save()
    Database.open(path, key=key).close()
    cipher.forget_key(path)
    from ciip_desktop.errors import DatabaseFileError

    with pytest.raises(DatabaseFileError, match="is encrypted; sign in to open it"):
        Database.open(path)
