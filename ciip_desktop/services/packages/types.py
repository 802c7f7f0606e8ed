"""What the package services hand to the screens and the command line (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

LANGUAGES = ("en", "zh_CN", "bilingual", "fr_CA", "fr_zh")
PAPERS = ("a4", "letter")
# Fields of a library item that hold its rules (comma-separated lists, or numbers).
LIST_RULES = ("provinces", "cities", "nocs", "teers", "categories", "topics")


@dataclass(frozen=True)
class ItemRules:
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    nocs: tuple[str, ...] = ()
    teers: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    clb_min: int | None = None
    clb_max: int | None = None
    topics: tuple[str, ...] = ()
    family: str = ""  # "", "children" or "spouse"

    @property
    def is_general(self) -> bool:
        return self == ItemRules()


@dataclass(frozen=True)
class ItemInput:
    """A library item as the editor or an import gives it."""

    slug: str
    kind: str
    title_en: str
    body_en: str
    title_zh: str = ""
    body_zh: str = ""
    title_fr: str = ""
    body_fr: str = ""
    links: tuple[str, ...] = ()
    rules: ItemRules = ItemRules()
    reviewer: str = ""
    review_months: int = 12


@dataclass(frozen=True)
class ItemView:
    id: str
    slug: str
    kind: str
    position: int
    title_en: str
    title_zh: str
    title_fr: str
    body_en: str
    body_zh: str
    body_fr: str
    links: tuple[str, ...]
    rules: ItemRules
    reviewed_on: date | None
    reviewer: str
    review_months: int
    en_revision: int
    zh_revision: int
    fr_revision: int

    @property
    def zh_stale(self) -> bool:
        return bool(self.title_zh or self.body_zh) and self.zh_revision < self.en_revision

    @property
    def fr_stale(self) -> bool:
        return bool(self.title_fr or self.body_fr) and self.fr_revision < self.en_revision

    @property
    def has_french(self) -> bool:
        return bool(self.body_fr.strip())

    def review_due(self) -> date | None:
        if self.reviewed_on is None:
            return None
        month = self.reviewed_on.month - 1 + self.review_months
        year = self.reviewed_on.year + month // 12
        day = min(self.reviewed_on.day, 28)
        return date(year, month % 12 + 1, day)

    def overdue(self, today: date) -> bool:
        due = self.review_due()
        return due is None or due < today


@dataclass(frozen=True)
class ClientProfile:
    """What the rules look at, taken from the client record and the needs assessment."""

    client_id: str
    file_no: str
    province: str = ""
    city: str = ""
    noc: str = ""
    clb: int | None = None
    nclc: int | None = None
    topics: frozenset[str] = frozenset()
    children: bool = False
    spouse: bool = False

    @property
    def teer(self) -> str:
        return self.noc[1] if len(self.noc) == 5 else ""

    @property
    def category(self) -> str:
        return self.noc[0] if len(self.noc) == 5 else ""


@dataclass(frozen=True)
class Appointment:
    """The client's next individual session, from the calendar (or the meetings recorded)."""

    on: date
    channel: str  # one_on_one or phone
    label: str = ""


@dataclass
class DraftItem:
    """One library item in a package being built, with why it is there."""

    item_id: str
    reason: str  # e.g. "ON + NOC 21300 + CLB 7"; "added by the counsellor"
    added: bool = False


@dataclass
class PackageDraft:
    """A package being built: the counsellor edits the items, note, language and paper."""

    client_id: str
    file_no: str
    language: str = "en"
    paper: str = "a4"
    note: str = ""
    items: list[DraftItem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what the record lacks (translated)


@dataclass(frozen=True)
class Warning_:
    """A warning the builder shows before printing (stale translation, overdue review...)."""

    item_id: str
    text: str


@dataclass(frozen=True)
class IssuedView:
    id: str
    client_id: str
    file_no: str
    version: int
    language: str
    paper: str
    issued_at: datetime
    channel: str
    sent_at: datetime | None
    pdf_sha256: str
