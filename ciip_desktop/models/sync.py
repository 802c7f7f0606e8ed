"""Sync's own records: conflicts for a person to see (synced) and the laptops of the office.

A :class:`SyncConflict` is written by the merge when a value somebody typed lost to a
concurrent one (or a delete met a concurrent edit, or two laptops claimed the same unique
value); it keeps both values, the value both started from, who, when and on which laptop.
Its id is derived from the changes involved, so two laptops that detect the same conflict
write the same row and it shows once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, Synced, UTCDateTime


class ConflictKind:
    EDIT = "edit"  # two concurrent edits of one field: the loser is kept here
    DELETE = "delete"  # a delete against a concurrent edit: the row was kept
    UNIQUE = "unique"  # two laptops gave the same unique value: the later one was renamed
    DUPLICATE = "duplicate"  # an invariant found across laptops (same person twice, ...)
    CALENDAR = "calendar"  # two laptops' bookings clash (double booking, over capacity)


class ConflictState:
    OPEN = "open"
    RESOLVED = "resolved"


class SyncConflict(Synced, Base):
    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_row", "table_name", "row_id"),)

    kind: Mapped[str] = mapped_column(String(16), default=ConflictKind.EDIT)
    state: Mapped[str] = mapped_column(String(16), default=ConflictState.OPEN, index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64), default="")
    # JSON values, as the change log carries them.
    base_value: Mapped[str] = mapped_column(Text, default="null")
    winner_value: Mapped[str] = mapped_column(Text, default="null")
    winner_hlc: Mapped[str] = mapped_column(String(40), default="")
    winner_device: Mapped[str] = mapped_column(String(36), default="")
    winner_user: Mapped[str] = mapped_column(String(36), default="")
    loser_value: Mapped[str] = mapped_column(Text, default="null")
    loser_hlc: Mapped[str] = mapped_column(String(40), default="")
    loser_device: Mapped[str] = mapped_column(String(36), default="")
    loser_user: Mapped[str] = mapped_column(String(36), default="")
    # For a duplicate: the other row (e.g. the same person registered on another laptop).
    other_row_id: Mapped[str] = mapped_column(String(36), default="")
    resolution: Mapped[str] = mapped_column(String(16), default="")
    resolved_by: Mapped[str] = mapped_column(String(36), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class KnownDevice(Base):
    """Local, not synced: the laptops of the office as the hub lists them (for "which laptop")."""

    __tablename__ = "sync_device"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_code: Mapped[str] = mapped_column(String(4), default="")
    pulled_seq: Mapped[int] = mapped_column(default=0)
