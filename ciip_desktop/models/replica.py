"""Local-only state of this replica and the change log that sync pushes (DESIGN §4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, UTCDateTime, deferred_fk


class ReplicaState(Base):
    """One row: who this laptop is, its clock, and how far it has pulled from the hub."""

    __tablename__ = "replica_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    # Letter(s) given to this laptop when it is enrolled; part of every file number it issues.
    device_code: Mapped[str] = mapped_column(String(4))
    office_id: Mapped[str | None] = mapped_column(deferred_fk("office.id"))
    last_hlc: Mapped[str] = mapped_column(String(40), default="")
    pull_cursor: Mapped[int] = mapped_column(Integer, default=0)
    # Whether the office gave this laptop its code (hub or enrolment file); a laptop never
    # enrolled works standalone (demo, trial) and may not sync until it is.
    enrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The hub this laptop syncs with (no credentials: those live in the OS keyring).
    hub_url: Mapped[str] = mapped_column(String(400), default="")
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ChangeRecord(Base):
    """One changed field of one synced row, written in the same transaction as the change."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_row_field", "table_name", "row_id", "field", "hlc"),)

    change_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64))
    new_value: Mapped[str] = mapped_column(Text)  # JSON
    hlc: Mapped[str] = mapped_column(String(40))
    base_hlc: Mapped[str] = mapped_column(String(40), default="")
    device_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[str] = mapped_column(String(36), default="")
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    # Hub sequence number once the hub has acknowledged the change; NULL while unpushed.
    hub_seq: Mapped[int | None] = mapped_column(Integer, index=True)
