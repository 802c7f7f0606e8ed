"""Service quality (issue 18): the published service standards and paused clocks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, Integer, String, Text
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


class SurveyResponse(Synced, Base):
    """One paper satisfaction survey keyed in after a session: 1-5 per driver (None: blank)."""

    __tablename__ = "survey_response"

    session_id: Mapped[str | None] = mapped_column(deferred_fk("calendar_session.id"))
    session_kind: Mapped[str] = mapped_column(String(20), default="")
    answered_on: Mapped[date] = mapped_column(Date, index=True)
    timeliness: Mapped[int | None] = mapped_column(Integer)
    knowledge: Mapped[int | None] = mapped_column(Integer)
    courtesy: Mapped[int | None] = mapped_column(Integer)
    fairness: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[int | None] = mapped_column(Integer)
    overall: Mapped[int | None] = mapped_column(Integer)
    comments: Mapped[str] = mapped_column(Text, default="")


class FeedbackItem(Synced, Base):
    """A complaint, enquiry or compliment, who handles it, and when it was answered."""

    __tablename__ = "feedback_item"

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # complaint, enquiry, compliment
    channel: Mapped[str] = mapped_column(String(20), default="")
    received_on: Mapped[date] = mapped_column(Date, index=True)
    client_id: Mapped[str | None] = mapped_column(deferred_fk("client.id"))
    handler_id: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    response: Mapped[str] = mapped_column(Text, default="")


class ImprovementProject(Synced, Base):
    """An idea raised by staff to improve a standard or a satisfaction driver."""

    __tablename__ = "improvement_project"

    title: Mapped[str] = mapped_column(String(200))
    raised_by: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"))
    raised_on: Mapped[date] = mapped_column(Date)
    standard_key: Mapped[str] = mapped_column(String(40), default="")
    driver: Mapped[str] = mapped_column(String(20), default="")
    state: Mapped[str] = mapped_column(String(20), default="raised")
    decided_on: Mapped[date | None] = mapped_column(Date)
    implemented_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
