"""The session calendar: group, one-on-one and phone sessions, enrolments, the waiting list,
office closures and counsellors' hours."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, Synced, UTCDateTime, deferred_fk


class SessionKind(StrEnum):
    GROUP = "group"
    ONE_ON_ONE = "one_on_one"
    PHONE = "phone"


class SessionState(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class EnrollmentState(StrEnum):
    ENROLLED = "enrolled"
    WAITING = "waiting"
    REMOVED = "removed"


class Attendance(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    LATE = "late"


# Marks that count as having been at the session.
PRESENT = frozenset({Attendance.ATTENDED.value, Attendance.LATE.value})


class WaitlistAction(StrEnum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    PROPOSED = "proposed"
    PROMOTED = "promoted"
    SKIPPED = "skipped"
    REMOVED = "removed"


class CalendarSession(Synced, Base):
    """One session on the calendar. Times are UTC; ``time_zone`` is the city's (shown)."""

    __tablename__ = "calendar_session"
    __table_args__ = (Index("ix_calendar_session_starts", "deleted", "starts_at"),)

    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    venue_id: Mapped[str | None] = mapped_column(deferred_fk("venue.id"), index=True)
    lead_counsellor_id: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"), index=True)
    # Supporting counsellors' ids, comma-separated (one synced field).
    support_counsellor_ids: Mapped[str] = mapped_column(String(400), default="")
    language: Mapped[str] = mapped_column(String(20), default="zh")
    capacity: Mapped[int] = mapped_column(Integer, default=30)
    status: Mapped[str] = mapped_column(String(20), default=SessionState.PLANNED.value)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    time_zone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    # One-on-one and phone sessions are with one client.
    client_id: Mapped[str | None] = mapped_column(deferred_fk("client.id"), index=True)
    client_time_zone: Mapped[str] = mapped_column(String(64), default="")
    # A one-on-one made for an attendee of this group session.
    group_session_id: Mapped[str | None] = mapped_column(deferred_fk("calendar_session.id"))
    # The meeting recorded when a one-on-one or phone session was held.
    meeting_id: Mapped[str | None] = mapped_column(deferred_fk("meeting.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


class Enrollment(Synced, Base):
    """A client's seat (or place in the queue) in a group session, and their attendance."""

    __tablename__ = "enrollment"
    __table_args__ = (Index("ix_enrollment_session", "session_id", "state"),)

    session_id: Mapped[str] = mapped_column(deferred_fk("calendar_session.id"))
    client_id: Mapped[str] = mapped_column(deferred_fk("client.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=EnrollmentState.ENROLLED.value)
    # Order in the waiting list (smaller first); kept when promoted, for the record.
    queue_position: Mapped[int] = mapped_column(Integer, default=0)
    # The principal applicant's client id: a family is enrolled and promoted together.
    family_id: Mapped[str] = mapped_column(String(36), default="")
    attendance: Mapped[str] = mapped_column(String(20), default="")
    marked_by: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"))
    marked_device: Mapped[str] = mapped_column(String(36), default="")
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WaitlistEvent(Synced, Base):
    """What happened on a session's list: who, when, by whom and why (the list's own story)."""

    __tablename__ = "waitlist_event"

    session_id: Mapped[str] = mapped_column(deferred_fk("calendar_session.id"), index=True)
    client_id: Mapped[str] = mapped_column(deferred_fk("client.id"))
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    counsellor_id: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"))
    # An untranslated message id, translated when shown; ``detail`` fills its {detail}.
    reason: Mapped[str] = mapped_column(String(400), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")


class OfficeClosure(Synced, Base):
    """Days the office is closed (added by a supervisor): no sessions, no slots."""

    __tablename__ = "office_closure"

    office_id: Mapped[str] = mapped_column(deferred_fk("office.id"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")


class CounsellorHours(Synced, Base):
    """When a counsellor takes one-on-ones on a weekday (0 = Monday), minutes after midnight."""

    __tablename__ = "counsellor_hours"

    counsellor_id: Mapped[str] = mapped_column(deferred_fk("counsellor.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    start_minute: Mapped[int] = mapped_column(Integer, default=9 * 60)
    end_minute: Mapped[int] = mapped_column(Integer, default=17 * 60)
