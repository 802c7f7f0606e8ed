"""A client: the person registered with the office, and the history of their status."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, Synced, UTCDateTime, deferred_fk


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"


class RegistrationChannel(StrEnum):
    MAIL = "mail"
    FAX = "fax"
    EMAIL = "email"
    WALK_IN = "walk_in"


class ApplicantRole(StrEnum):
    PRINCIPAL = "principal"
    FAMILY_MEMBER = "family_member"


class ClientStatus(StrEnum):
    """Where a client stands; ordered as the service runs, then the two ways out."""

    REGISTERED = "registered"
    ASSESSED = "assessed"
    PACKAGE_READY = "package_ready"
    GROUP_ATTENDED = "group_attended"
    ONE_ON_ONE_DONE = "one_on_one_done"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Client(Synced, Base):
    __tablename__ = "client"
    __table_args__ = (
        Index("ix_client_status_departure", "status"),
        # Covers the client list's default query (live clients in file-number order) so that
        # 100 000 ids come from the index alone, in order, without touching the rows.
        Index("ix_client_list", "deleted", "file_no", "id"),
        # Covers the service-quality dashboard's registrations of a period (services/quality/
        # aggregate.py): a year of 100 000 clients is read from the index without the rows.
        Index(
            "ix_client_received",
            "deleted",
            "received_on",
            "id",
            "status",
            "counsellor_id",
            "city_of_residence",
        ),
    )

    file_no: Mapped[str] = mapped_column(String(32), unique=True)
    office_id: Mapped[str] = mapped_column(deferred_fk("office.id"), index=True)
    counsellor_id: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"), index=True)

    family_name: Mapped[str] = mapped_column(String(100), default="")
    given_name: Mapped[str] = mapped_column(String(100), default="")
    chinese_name: Mapped[str] = mapped_column(String(50), default="")
    pinyin: Mapped[str] = mapped_column(String(120), default="")
    sex: Mapped[str] = mapped_column(String(1), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(32), default="")  # E.164
    email: Mapped[str] = mapped_column(String(254), default="")
    wechat_id: Mapped[str] = mapped_column(String(64), default="")
    city_of_residence: Mapped[str] = mapped_column(String(100), default="")
    immigration_stream: Mapped[str] = mapped_column(String(100), default="")

    applicant_role: Mapped[str] = mapped_column(String(20), default=ApplicantRole.PRINCIPAL.value)
    principal_id: Mapped[str | None] = mapped_column(deferred_fk("client.id"), index=True)

    registration_channel: Mapped[str] = mapped_column(String(20), default="mail")
    received_on: Mapped[date | None] = mapped_column(Date)
    signature_on_file: Mapped[bool] = mapped_column(Boolean, default=False)
    signature_date: Mapped[date | None] = mapped_column(Date)
    consent_to_share: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    status: Mapped[str] = mapped_column(String(20), default=ClientStatus.REGISTERED.value)

    @property
    def latin_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def display_name(self) -> str:
        latin = f"{self.family_name.upper()}, {self.given_name}".strip(", ")
        if self.chinese_name:
            return f"{latin} ({self.chinese_name})" if latin else self.chinese_name
        return latin


class ClientStatusChange(Synced, Base):
    """One entry in a client's status history: what it became, when, who, and why."""

    __tablename__ = "client_status_change"

    client_id: Mapped[str] = mapped_column(deferred_fk("client.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    counsellor_id: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"))
    reason: Mapped[str] = mapped_column(String(400), default="")


class ClientSearchKey(Base):
    """Local search index (not synced; rebuilt from the client row): one normalised key a row.

    Keys are matched by prefix through the B-tree, which serves one- and two-character
    Chinese queries that a trigram index cannot (PLATFORM.md).
    """

    __tablename__ = "client_search_key"
    __table_args__ = (Index("ix_client_search_key_key", "key", "rank"),)

    client_id: Mapped[str] = mapped_column(
        deferred_fk("client.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(254), primary_key=True)
    rank: Mapped[int] = mapped_column(default=5)  # lower ranks first on an exact match
