"""What the Sync screen and the status bar show, in plain values the UI can format.

The sync engine (``services/sync``) knows hubs, cursors and merges; this module turns its
state and reports into what a counsellor reads: the hub, the last sync, how many changes
wait to be sent, how many conflicts are open, and, after each sync or imported file, how
many changes were applied, conflicting or refused, with the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SyncOverview:
    hub_url: str
    last_sync_at: datetime | None
    pending_changes: int
    conflicts_open: int
    time_zone: str | None = None
    can_sync_now: bool = True
    why_not: str = ""  # translated: why "Sync now" is not available


@dataclass(frozen=True)
class SyncOutcome:
    """One sync, or one imported file: a headline sentence, the counts, and the reasons."""

    headline: str
    applied: int = 0
    conflicting: int = 0
    refused: int = 0
    reasons: tuple[str, ...] = field(default_factory=tuple)
