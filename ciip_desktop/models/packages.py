"""The resource library and the information packages issued to clients (issue 16)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ciip_desktop.models.base import Base, Synced, UTCDateTime, deferred_fk


class ItemKind(StrEnum):
    OCCUPATION = "occupation"
    LICENSING = "licensing"
    CREDENTIALS = "credentials"
    LANGUAGE = "language"
    SETTLEMENT = "settlement"
    JOB_SEARCH = "job_search"
    PLACE = "place"


class LibraryItem(Synced, Base):
    """One reviewed item of the resource library, in English, Chinese and (where written)
    French, with the rules that say for whom it applies.

    Rule fields are comma-separated lists; an empty list does not restrict. ``en_revision``
    counts substantive changes of the English; ``zh_revision`` / ``fr_revision`` name the
    English revision the translation was last reviewed against (older means stale).
    """

    __tablename__ = "library_item"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    title_fr: Mapped[str] = mapped_column(String(200), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    body_zh: Mapped[str] = mapped_column(Text, default="")
    body_fr: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[str] = mapped_column(Text, default="")  # one URL a line

    provinces: Mapped[str] = mapped_column(String(100), default="")
    cities: Mapped[str] = mapped_column(String(200), default="")
    nocs: Mapped[str] = mapped_column(String(400), default="")
    teers: Mapped[str] = mapped_column(String(20), default="")
    categories: Mapped[str] = mapped_column(String(20), default="")  # NOC broad categories
    clb_min: Mapped[int | None] = mapped_column(Integer)
    clb_max: Mapped[int | None] = mapped_column(Integer)
    topics: Mapped[str] = mapped_column(String(200), default="")
    family: Mapped[str] = mapped_column(String(40), default="")  # "", children, spouse

    reviewed_on: Mapped[date | None] = mapped_column(Date)
    reviewer: Mapped[str] = mapped_column(String(100), default="")
    review_months: Mapped[int] = mapped_column(Integer, default=12)
    en_revision: Mapped[int] = mapped_column(Integer, default=1)
    zh_revision: Mapped[int] = mapped_column(Integer, default=1)
    fr_revision: Mapped[int] = mapped_column(Integer, default=0)


class InfoPackage(Synced, Base):
    """One issued version of a client's information package, frozen as it went out.

    The PDF's bytes are not in this synced row: ``pdf_sha256`` names them in the replica's
    local :class:`PackagePdf` store, and ``document`` (the printed content as JSON) with
    ``renderer`` (the layout code that drew it) lets any other replica lay the same bytes out
    again and check them against the hash. ``pdf`` holds the base64 PDF only of versions that
    arrive from a release before 0008 (migrations move it out). ``contents`` lists the items
    it carried with the English revision of each (JSON), so corrected items can name the
    clients who had the old text.
    """

    __tablename__ = "info_package"

    client_id: Mapped[str] = mapped_column(deferred_fk("client.id"), index=True)
    counsellor_id: Mapped[str | None] = mapped_column(deferred_fk("counsellor.id"))
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(10))
    paper: Mapped[str] = mapped_column(String(10), default="a4")
    note: Mapped[str] = mapped_column(Text, default="")
    contents: Mapped[str] = mapped_column(Text, default="[]")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(20), default="")  # print, email, saved
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    pdf: Mapped[str] = mapped_column(Text, default="")  # legacy: base64, before 0008
    document: Mapped[str] = mapped_column(Text, default="")
    renderer: Mapped[str] = mapped_column(String(120), default="")


class PackagePdf(Base):
    """The bytes of issued package PDFs on this replica, by their SHA-256: local, never synced
    (the change log and the hub carry only the hash and the content to lay them out again)."""

    __tablename__ = "package_pdf"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
