"""SQLAlchemy entities, one module per aggregate; importing this registers them all."""

from ciip_desktop.models.audit import AuditEntry
from ciip_desktop.models.base import Base, Synced, new_id, utcnow
from ciip_desktop.models.calendar import (
    PRESENT,
    Attendance,
    CalendarSession,
    CounsellorHours,
    Enrollment,
    EnrollmentState,
    OfficeClosure,
    SessionKind,
    SessionState,
    WaitlistAction,
    WaitlistEvent,
)
from ciip_desktop.models.casework import (
    ActionStep,
    Meeting,
    MeetingChannel,
    NeedsAssessment,
    SessionPreference,
)
from ciip_desktop.models.client import (
    ApplicantRole,
    Client,
    ClientSearchKey,
    ClientStatus,
    ClientStatusChange,
    RegistrationChannel,
    Sex,
)
from ciip_desktop.models.office import Counsellor, Office, Role, Venue
from ciip_desktop.models.packages import InfoPackage, ItemKind, LibraryItem, PackagePdf
from ciip_desktop.models.quality import (
    ClockPause,
    FeedbackItem,
    ImprovementProject,
    ServiceStandard,
    SurveyResponse,
)
from ciip_desktop.models.replica import ChangeRecord, ReplicaState
from ciip_desktop.models.sync import ConflictKind, ConflictState, KnownDevice, SyncConflict

__all__ = [
    "PRESENT",
    "ActionStep",
    "ApplicantRole",
    "Attendance",
    "AuditEntry",
    "Base",
    "CalendarSession",
    "ChangeRecord",
    "Client",
    "ClientSearchKey",
    "ClientStatus",
    "ClientStatusChange",
    "ClockPause",
    "ConflictKind",
    "ConflictState",
    "Counsellor",
    "CounsellorHours",
    "Enrollment",
    "EnrollmentState",
    "FeedbackItem",
    "ImprovementProject",
    "InfoPackage",
    "ItemKind",
    "KnownDevice",
    "LibraryItem",
    "Meeting",
    "MeetingChannel",
    "NeedsAssessment",
    "Office",
    "OfficeClosure",
    "PackagePdf",
    "RegistrationChannel",
    "ReplicaState",
    "Role",
    "ServiceStandard",
    "SessionKind",
    "SessionPreference",
    "SessionState",
    "Sex",
    "SurveyResponse",
    "SyncConflict",
    "Synced",
    "Venue",
    "WaitlistAction",
    "WaitlistEvent",
    "new_id",
    "utcnow",
]
