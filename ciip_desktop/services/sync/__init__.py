"""Sync services: the hub sync, the conflicts, and the two functions a bundle uses.

``SyncService.sync_now(progress, cancel) -> SyncReport``, ``status() -> SyncStatus``,
``pending_changes()``; ``changes_for_peer(known)`` and ``apply_remote(changes)`` (the same
apply as the pull: all-or-nothing, idempotent, refusing a newer schema);
``ConflictService.list_open()`` and ``resolve(conflict_id, choice, new_value)``.
"""

from ciip_desktop.services.sync.apply import apply_remote
from ciip_desktop.services.sync.conflicts import ConflictService
from ciip_desktop.services.sync.service import SyncService
from ciip_desktop.services.sync.types import (
    ApplyReport,
    Cancel,
    ConflictView,
    Progress,
    Resolution,
    SyncReport,
    SyncStatus,
)
from ciip_desktop.sync.change import Change

__all__ = [
    "ApplyReport",
    "Cancel",
    "Change",
    "ConflictService",
    "ConflictView",
    "Progress",
    "Resolution",
    "SyncReport",
    "SyncService",
    "SyncStatus",
    "apply_remote",
]
