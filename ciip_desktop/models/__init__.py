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
from ciip_desktop.models.replica import ChangeRecord, ReplicaState
from ciip_desktop.models.sync import ConflictKind, ConflictState, KnownDevice, SyncConflict

__all__ = [
    "ActionStep",
    "ApplicantRole",
    "Base",
    "ChangeRecord",
    "Client",
    "ClientSearchKey",
    "ClientStatus",
    "ClientStatusChange",
    "ConflictKind",
    "ConflictState",
    "Counsellor",
    "KnownDevice",
    "Meeting",
    "MeetingChannel",
    "NeedsAssessment",
    "Office",
    "RegistrationChannel",
    "ReplicaState",
    "Role",
    "SessionPreference",
    "Sex",
    "SyncConflict",
    "Synced",
    "Venue",
    "new_id",
    "utcnow",
]
