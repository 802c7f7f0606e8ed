"""Values the sync services return to the screens and the command line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# progress(stage, done, total): stage is one of "push", "pull", "apply", "check".
Progress = Callable[[str, int, int], None]
# cancel(): True when the person asked to stop (checked between batches).
Cancel = Callable[[], bool]


def no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def never_cancel() -> bool:
    return False


@dataclass
class ApplyReport:
    """What applying a batch of changes did (pull and bundle import alike)."""

    received: int = 0
    applied: int = 0  # new to this replica
    skipped: int = 0  # already here (applying twice changes nothing)
    conflicting: int = 0  # conflict records written for a person
    refused: int = 0  # changes not applied, each reason in ``reasons``
    reasons: list[str] = field(default_factory=list)  # translated sentences
    bounded_stamps: int = 0  # remote clocks too far ahead (bounded, recorded)
    findings: int = 0  # invariant checks that listed something for a person

    def add(self, other: ApplyReport) -> None:
        self.received += other.received
        self.applied += other.applied
        self.skipped += other.skipped
        self.conflicting += other.conflicting
        self.refused += other.refused
        self.bounded_stamps += other.bounded_stamps
        self.findings += other.findings
        self.reasons.extend(r for r in other.reasons if r not in self.reasons)


@dataclass
class SyncReport(ApplyReport):
    """One sync with the hub: what was pushed, pulled and applied, and why anything was not."""

    hub: str = ""
    pushed: int = 0
    pulled: int = 0
    pruned: int = 0
    cancelled: bool = False
    finished_at: datetime | None = None


@dataclass(frozen=True)
class SyncStatus:
    hub: str  # the hub URL without any password ("" when none is set)
    enrolled: bool
    office_code: str
    device_code: str
    last_sync: datetime | None
    pending_changes: int
    conflicts_open: int


class Resolution(StrEnum):
    """How a person resolves a conflict.

    ``keep_mine`` keeps the value the record holds now (the merge's winner on this laptop);
    ``keep_theirs`` puts the value that lost back; ``new_value`` sets a value typed by the
    person; ``loser_as_note`` keeps the winner and adds the lost value to the client's notes.
    """

    KEEP_MINE = "keep_mine"
    KEEP_THEIRS = "keep_theirs"
    NEW_VALUE = "new_value"
    LOSER_AS_NOTE = "loser_as_note"


@dataclass(frozen=True)
class ConflictView:
    """One open conflict as a person reads it (values decoded from the change format)."""

    id: str
    kind: str  # edit / delete / unique / duplicate
    table_name: str
    row_id: str
    field: str
    client_id: str | None  # the client the record belongs to, when it does
    file_no: str  # that client's file number ("" when none)
    base_value: object  # the value both started from (None when unknown)
    current_value: object  # what the record holds now (the winner)
    lost_value: object  # the value that lost
    winner_user: str  # display names ("" when the application itself)
    loser_user: str
    winner_device: str  # device codes ("?" when not known here)
    loser_device: str
    winner_at: datetime
    loser_at: datetime
    other_row_id: str = ""
