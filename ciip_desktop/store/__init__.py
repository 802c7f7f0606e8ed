"""Storage: engine and session factory for SQLite, Alembic migrations, backups.

The names below load on first use (PEP 562), so that ``store.first_page`` — the window's
first list, read with the standard library — does not import SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ciip_desktop.store.database import Database
    from ciip_desktop.store.migrate import DatabaseState, backup_database, inspect_database

__all__ = ["Database", "DatabaseState", "backup_database", "inspect_database"]
_HOMES = {
    "Database": "ciip_desktop.store.database",
    "DatabaseState": "ciip_desktop.store.migrate",
    "backup_database": "ciip_desktop.store.migrate",
    "inspect_database": "ciip_desktop.store.migrate",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
