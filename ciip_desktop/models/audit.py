"""The audit trail: who did what to which record, when, on which laptop (issue 17).

Entries carry ids and file numbers, never a client's personal data. They sync like every
other row, and no service edits or deletes them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, Synced, UTCDateTime, utcnow


class AuditEntry(Synced, Base):
    __tablename__ = "audit_entry"

    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[str] = mapped_column(String(36), default="", index=True)  # "" for system
    actor_login: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_kind: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")  # an id or a file number
    device_id: Mapped[str] = mapped_column(String(36), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")  # counts, field names only
