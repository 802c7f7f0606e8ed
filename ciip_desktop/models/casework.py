"""The needs assessment and the case follow-up: meetings and their action steps."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, Synced, deferred_fk


class SessionPreference(StrEnum):
    GROUP = "group"
    ONE_ON_ONE = "one_on_one"
    PHONE = "phone"


class MeetingChannel(StrEnum):
    GROUP = "group"
    ONE_ON_ONE = "one_on_one"
    PHONE = "phone"
    EMAIL = "email"


class NeedsAssessment(Synced, Base):
    """The preliminary needs assessment by phone; one per client, may be saved half-done."""

    __tablename__ = "needs_assessment"
    # Covers the dashboard's look-up of each registration's finished call (quality/aggregate).
    __table_args__ = (
        Index("ix_needs_assessment_done", "client_id", "deleted", "complete", "assessed_on"),
    )

    client_id: Mapped[str] = mapped_column(deferred_fk("client.id"), unique=True)
    counsellor_id: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"))
    assessed_on: Mapped[date | None] = mapped_column(Date)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)

    destination_province: Mapped[str] = mapped_column(String(2), default="", index=True)
    destination_city: Mapped[str] = mapped_column(String(100), default="")
    expected_departure: Mapped[date | None] = mapped_column(Date, index=True)

    intended_noc: Mapped[str] = mapped_column(String(5), default="")
    career_goals: Mapped[str] = mapped_column(Text, default="")
    education_level: Mapped[str] = mapped_column(String(40), default="")
    education_field: Mapped[str] = mapped_column(String(200), default="")
    years_experience: Mapped[int | None] = mapped_column(Integer)

    english_clb: Mapped[int | None] = mapped_column(Integer)
    english_test: Mapped[str] = mapped_column(String(20), default="")  # ielts, celpip or ""
    english_scores: Mapped[str] = mapped_column(String(100), default="")  # "L/R/W/S"
    french_nclc: Mapped[int | None] = mapped_column(Integer)
    french_test: Mapped[str] = mapped_column(String(20), default="")  # tef, tcf or ""
    french_scores: Mapped[str] = mapped_column(String(100), default="")

    accompanying_family: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(String(400), default="")  # comma-separated topics
    session_preference: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Meeting(Synced, Base):
    """A meeting with the client and the tangible activity done in it."""

    __tablename__ = "meeting"

    client_id: Mapped[str] = mapped_column(deferred_fk("client.id"), index=True)
    counsellor_id: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"))
    held_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    activity: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ActionStep(Synced, Base):
    """Something the client will do before the next meeting, with a due date."""

    __tablename__ = "action_step"

    client_id: Mapped[str] = mapped_column(deferred_fk("client.id"), index=True)
    meeting_id: Mapped[str | None] = mapped_column(deferred_fk("meeting.id"))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[date | None] = mapped_column(Date)
