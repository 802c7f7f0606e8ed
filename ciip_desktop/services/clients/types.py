"""Plain values that cross the service boundary for client records (no ORM objects leak out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# The client list's values live apart: the window's first paint imports only those.
from ciip_desktop.services.clients.list_types import ClientFilter as ClientFilter
from ciip_desktop.services.clients.list_types import ClientSummary as ClientSummary


@dataclass(frozen=True)
class RegistrationInput:
    """What the registration form or an import row provides, already parsed to Python types.

    ``pinyin`` None means "derive it from ``chinese_name``". ``principal_file_no`` links an
    accompanying family member to the principal applicant's record.
    """

    family_name: str = ""
    given_name: str = ""
    chinese_name: str = ""
    pinyin: str | None = None
    sex: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    wechat_id: str = ""
    city_of_residence: str = ""
    immigration_stream: str = ""
    applicant_role: str = "principal"
    principal_file_no: str | None = None
    registration_channel: str = "mail"
    received_on: date | None = None
    signature_on_file: bool = False
    signature_date: date | None = None
    consent_to_share: bool = False
    notes: str = ""
    counsellor_id: str | None = None


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing client who may be the same person, with why we think so (0-100 score)."""

    client_id: str
    file_no: str
    name: str
    date_of_birth: date | None
    phone: str
    email: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class AssessmentInput:
    destination_province: str = ""
    destination_city: str = ""
    expected_departure: date | None = None
    intended_noc: str = ""
    career_goals: str = ""
    education_level: str = ""
    education_field: str = ""
    years_experience: int | None = None
    english_clb: int | None = None
    english_test: str = ""  # "", "ielts" or "celpip"
    english_scores: str = ""  # "L/R/W/S", e.g. "6.5/6.0/6.0/6.5"
    french_nclc: int | None = None
    french_test: str = ""  # "", "tef" or "tcf"
    french_scores: str = ""
    accompanying_family: str = ""
    concerns: tuple[str, ...] = ()
    session_preference: str = ""
    notes: str = ""
    assessed_on: date | None = None


@dataclass(frozen=True)
class AssessmentView(AssessmentInput):
    id: str = ""
    complete: bool = False
    counsellor_name: str = ""


@dataclass(frozen=True)
class ActionStepInput:
    text: str
    due_on: date | None = None


@dataclass(frozen=True)
class ActionStepView:
    id: str
    client_id: str
    file_no: str
    client_name: str
    text: str
    due_on: date | None
    done: bool
    done_on: date | None
    overdue: bool


@dataclass(frozen=True)
class MeetingInput:
    held_on: date
    channel: str  # group, one_on_one, phone, email
    activity: str
    notes: str = ""


@dataclass(frozen=True)
class MeetingView:
    id: str
    held_on: date
    channel: str
    counsellor_name: str
    activity: str
    notes: str


@dataclass(frozen=True)
class StatusChangeView:
    status: str
    changed_at: datetime
    counsellor_name: str
    reason: str


@dataclass(frozen=True)
class ClientDetail:
    """Everything the client screen shows; action steps open first, then by due date."""

    id: str
    file_no: str
    registration: RegistrationInput
    pinyin: str
    status: str
    counsellor_name: str
    created_at: datetime
    updated_at: datetime
    assessment: AssessmentView | None
    meetings: tuple[MeetingView, ...]
    action_steps: tuple[ActionStepView, ...]
    status_history: tuple[StatusChangeView, ...]
    family_members: tuple[ClientSummary, ...] = ()
    # Translated sentences the client screen shows as flags (e.g. no signature on file).
    warnings: tuple[str, ...] = ()
    principal: ClientSummary | None = None


@dataclass(frozen=True)
class RowProblem:
    row_no: int  # the row number the user sees in the spreadsheet (header is row 1)
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RowNote:
    """What the import understood of a row and the counsellor should confirm (not a problem)."""

    row_no: int
    notes: tuple[str, ...]


@dataclass
class ImportReport:
    path: str
    rows_total: int = 0
    valid_rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    imported: int = 0
    imported_file_nos: list[str] = field(default_factory=list)
    dry_run: bool = False
    # Said once for the whole file, before the rows (e.g. statuses are not imported).
    notices: list[str] = field(default_factory=list)
    # Per row: dates read from another form, names read from the Chinese name, new numbers.
    notes: list[RowNote] = field(default_factory=list)
    # Field name → the file's heading it was read from; headings no field was read from.
    columns: dict[str, str] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)

    @property
    def invalid_rows(self) -> int:
        return len(self.problems)
