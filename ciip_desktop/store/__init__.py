"""Storage: engine and session factory for SQLite, Alembic migrations, backups."""

from ciip_desktop.store.database import Database
from ciip_desktop.store.migrate import DatabaseState, backup_database, inspect_database

__all__ = ["Database", "DatabaseState", "backup_database", "inspect_database"]
