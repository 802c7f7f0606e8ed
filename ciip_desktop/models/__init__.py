"""SQLAlchemy entities, one module per aggregate; importing this registers them all."""

from ciip_desktop.models.base import Base, Synced, new_id, utcnow
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
from ciip_desktop.models.packages import InfoPackage, ItemKind, LibraryItem
from ciip_desktop.models.replica import ChangeRecord, ReplicaState

__all__ = [
    "ActionStep",
    "ApplicantRole",
    "Base",
    "ChangeRecord",
    "Client",
    "ClientSearchKey",
    "ClientStatus",
    "ClientStatusChange",
    "Counsellor",
    "InfoPackage",
    "ItemKind",
    "LibraryItem",
    "Meeting",
    "MeetingChannel",
    "NeedsAssessment",
    "Office",
    "RegistrationChannel",
    "ReplicaState",
    "Role",
    "SessionPreference",
    "Sex",
    "Synced",
    "Venue",
    "new_id",
    "utcnow",
]
