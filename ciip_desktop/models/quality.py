"""Service quality (issue 18): the published service standards and paused clocks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, Synced, deferred_fk


class ServiceStandard(Synced, Base):
    """One published standard; ``key`` names the start and stop events it measures.

    A row exists only once a supervisor changed the shipped default of that key.
    """

    __tablename__ = "service_standard"

    key: Mapped[str] = mapped_column(String(40), unique=True)
    channel: Mapped[str] = mapped_column(String(20), default="")
    target_days: Mapped[int] = mapped_column(Integer, default=5)
    required_share: Mapped[float] = mapped_column(Float, default=0.9)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ClockPause(Synced, Base):
    """A client's clock of one standard stopped for a while (e.g. waiting on the client)."""

    __tablename__ = "clock_pause"

    client_id: Mapped[str] = mapped_column(deferred_fk("client.id"), index=True)
    standard_key: Mapped[str] = mapped_column(String(40))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
