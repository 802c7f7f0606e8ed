"""Plain values the calendar services take and return (no ORM objects leave a service)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ciip_desktop.i18n import N_, _
from ciip_desktop.models import SessionKind

OFFICE_TIME_ZONE = "Asia/Shanghai"
# The cities the office serves and their time zone (all three keep China Standard Time).
CITIES = {"Guangzhou": OFFICE_TIME_ZONE, "Beijing": OFFICE_TIME_ZONE, "Shanghai": OFFICE_TIME_ZONE}
CITY_LABELS = {"Guangzhou": N_("Guangzhou"), "Beijing": N_("Beijing"), "Shanghai": N_("Shanghai")}
KIND_LABELS = {
    SessionKind.GROUP.value: N_("Group session"),
    SessionKind.ONE_ON_ONE.value: N_("One-on-one"),
    SessionKind.PHONE.value: N_("Phone session"),
}
STATUS_LABELS = {"planned": N_("Planned"), "held": N_("Held"), "cancelled": N_("Cancelled")}
ATTENDANCE_LABELS = {
    "": N_("Not marked"),
    "attended": N_("Attended"),
    "no_show": N_("No-show"),
    "cancelled": N_("Cancelled"),
    "late": N_("Late"),
}
LANGUAGE_LABELS = {"zh": N_("Mandarin"), "yue": N_("Cantonese"), "en": N_("English")}


def city_label(city: str) -> str:
    label = CITY_LABELS.get(city)
    return _(label) if label else city


def label(table: dict[str, str], key: str) -> str:
    found = table.get(key)
    return _(found) if found else key


@dataclass(frozen=True)
class SessionInput:
    """A session to create, or a session's new values. Times are aware datetimes."""

    kind: str
    starts_at: datetime
    ends_at: datetime
    city: str = ""
    venue_id: str | None = None
    lead_counsellor_id: str | None = None
    support_counsellor_ids: tuple[str, ...] = ()
    language: str = "zh"
    capacity: int = 30
    title: str = ""
    time_zone: str = OFFICE_TIME_ZONE
    client_id: str | None = None
    client_time_zone: str = ""
    group_session_id: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class SessionView:
    id: str
    kind: str
    title: str
    city: str
    venue_id: str | None
    venue_name: str
    lead_counsellor_id: str | None
    lead_name: str
    support_counsellor_ids: tuple[str, ...]
    support_names: tuple[str, ...]
    language: str
    capacity: int
    status: str
    starts_at: datetime  # UTC
    ends_at: datetime
    time_zone: str
    client_id: str | None
    client_file_no: str
    client_name: str
    client_time_zone: str
    group_session_id: str | None
    enrolled: int
    waiting: int
    notes: str = ""

    def local(self, when: datetime, zone: str | None = None) -> datetime:
        return when.astimezone(ZoneInfo(zone or self.time_zone))

    @property
    def local_start(self) -> datetime:
        return self.local(self.starts_at)

    @property
    def local_end(self) -> datetime:
        return self.local(self.ends_at)

    @property
    def day(self) -> date:
        return self.local_start.date()

    @property
    def is_group(self) -> bool:
        return self.kind == SessionKind.GROUP.value

    @property
    def counsellor_ids(self) -> tuple[str, ...]:
        lead = (self.lead_counsellor_id,) if self.lead_counsellor_id else ()
        return lead + self.support_counsellor_ids


@dataclass(frozen=True)
class EnrollmentView:
    id: str
    client_id: str
    file_no: str
    name: str
    chinese_name: str
    latin_name: str
    state: str
    queue_position: int
    family_id: str
    attendance: str
    marked_by: str
    marked_device: str
    marked_at: datetime | None
    departure: date | None


@dataclass(frozen=True)
class ListEventView:
    """One entry of a session's list history: who was promoted, skipped or removed, and why."""

    at: datetime
    action: str
    file_no: str
    counsellor: str
    reason: str  # translated


@dataclass(frozen=True)
class CalendarWarning:
    """A problem the counsellor must see before saving (never silent), or after a merge."""

    code: str
    message: str  # translated
    session_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PromotionProposal:
    """The clients the app proposes for freed seats, for a counsellor to confirm."""

    session_id: str
    client_ids: tuple[str, ...]  # a whole family together
    file_nos: tuple[str, ...]
    skipped: tuple[
        tuple[str, str], ...
    ] = ()  # (file no., translated reason): offer a phone session
    skipped_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slot:
    counsellor_id: str
    starts_at: datetime  # UTC
    ends_at: datetime
    time_zone: str = OFFICE_TIME_ZONE


@dataclass(frozen=True)
class Proposal:
    """What the app proposes for one assessed client, with the reason."""

    client_id: str
    file_no: str
    kind: str
    session_id: str | None
    day: date | None
    reason: str  # translated
    city: str = ""


@dataclass(frozen=True)
class PlaceView:
    id: str
    name: str
    city: str
    partner: str
    room: str
    address: str
    capacity: int
    contact: str
    notes: str
    time_zone: str


@dataclass(frozen=True)
class PlaceInput:
    name: str
    city: str
    partner: str = ""
    room: str = ""
    address: str = ""
    capacity: int = 30
    contact: str = ""
    notes: str = ""
    time_zone: str = OFFICE_TIME_ZONE


@dataclass(frozen=True)
class SessionFilter:
    city: str = ""
    counsellor_id: str = ""
    kinds: tuple[str, ...] = field(default=())
    include_cancelled: bool = True
