"""The office, its partner venues, and the counsellors who sign in (user accounts)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, Synced, deferred_fk


class Office(Synced, Base):
    __tablename__ = "office"

    code: Mapped[str] = mapped_column(String(8), unique=True)  # file-number prefix, e.g. GZ
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    time_zone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    address: Mapped[str] = mapped_column(String(400), default="")


class Venue(Synced, Base):
    """A room for group sessions: the office's own, or one lent by a partner (e.g. a bank)."""

    __tablename__ = "venue"

    office_id: Mapped[str] = mapped_column(deferred_fk("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(400), default="")
    capacity: Mapped[int] = mapped_column(Integer, default=30)
    partner: Mapped[str] = mapped_column(String(200), default="")  # empty for the office's own
    room: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")


class Role(StrEnum):
    COUNSELLOR = "counsellor"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class Counsellor(Synced, Base):
    """A person who signs in: counsellor, supervisor or administrator."""

    __tablename__ = "counsellor"

    office_id: Mapped[str] = mapped_column(deferred_fk("office.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=Role.COUNSELLOR.value)
    email: Mapped[str] = mapped_column(String(254), default="")
    password_hash: Mapped[str] = mapped_column(String(200), default="")  # Argon2, set at sign-up
    active: Mapped[bool] = mapped_column(Boolean, default=True)
