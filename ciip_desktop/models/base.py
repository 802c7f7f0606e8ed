"""Declarative base and the columns every synced row carries (DESIGN §3)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


def deferred_fk(target: str, ondelete: str | None = None) -> ForeignKey:
    """A foreign key checked at commit, not at each statement.

    Rows of one transaction may then be written in any order — a flush without
    relationships, an import, or a batch of remote changes applied by sync — and the
    database still refuses to commit a row whose parent does not exist.
    """
    return ForeignKey(target, ondelete=ondelete, deferrable=True, initially="DEFERRED")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Synced:
    """Mixin for every row that syncs: UUID key, timestamps, clock stamp, tombstone.

    ``hlc`` is the hybrid-logical-clock stamp of the row's last change; the unit of work
    stamps it, ``updated_at`` and the change log in the same transaction (DESIGN §4).
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    hlc: Mapped[str] = mapped_column(String(40), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    # Columns the change log does not carry as fields of their own.
    SYNC_META_COLUMNS = frozenset({"id", "created_at", "updated_at", "hlc"})
