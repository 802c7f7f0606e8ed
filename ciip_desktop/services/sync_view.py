"""What the Sync screen and the status bar show, in plain values the UI can format.

The sync engine (``services/sync``) knows hubs, cursors and merges; this module turns its
state and reports into what a counsellor reads: the hub, the last sync, how many changes
wait to be sent, how many conflicts are open, and, after each sync or imported file, how
many changes were applied, conflicting or refused, with the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class SyncOverview:
    hub_url: str
    last_sync_at: datetime | None
    pending_changes: int
    conflicts_open: int
    time_zone: str | None = None
    can_sync_now: bool = True
    why_not: str = ""  # translated: why "Sync now" is not available
    may_set_hub: bool = True  # the signed-in role may change the hub (administrators)


@dataclass(frozen=True)
class SyncOutcome:
    """One sync, or one imported file: a headline sentence, the counts, and the reasons."""

    headline: str
    applied: int = 0
    conflicting: int = 0
    refused: int = 0
    reasons: tuple[str, ...] = field(default_factory=tuple)


class Resolution(StrEnum):
    """What a counsellor decides about a conflict."""

    KEEP_CURRENT = "keep-current"  # the value on record now stays
    RESTORE_OVERWRITTEN = "restore-overwritten"  # the overwritten value comes back
    NEW_VALUE = "new-value"  # a value typed now replaces both
    OVERWRITTEN_AS_NOTE = "overwritten-as-note"  # on record stays; the other kept in the notes
    MERGE_INTO = "merge-into"  # the same person twice: keep the record named, merge the other


@dataclass(frozen=True)
class ConflictSide:
    """One of the two values: what it was, who typed it, when, on which laptop."""

    value: str  # as the record shows it ("" shown as "(empty)")
    who: str
    when: datetime | None
    laptop: str  # the laptop's code, e.g. "B"
    this_laptop: bool


@dataclass(frozen=True)
class ConflictView:
    """One open conflict, in a counsellor's words (labels already translated)."""

    conflict_id: str
    client_id: str | None
    client_label: str  # "Zhang Wei (GZA-2026-00001)"
    field_label: str  # "Phone"
    base: str  # the value both started from
    current: ConflictSide  # on record now (the value that won)
    overwritten: ConflictSide
    summary: str = ""  # for a deleted record or a duplicate: what happened, in a sentence
    can_type_value: bool = True
    time_zone: str | None = None  # the office's: times are shown as the office reads them
    # The same person registered on two laptops: the two records, (client id, label).
    duplicates: tuple[tuple[str, str], ...] = ()
    # Something to see and act on elsewhere (bookings that clash): no values to choose.
    notice: bool = False
