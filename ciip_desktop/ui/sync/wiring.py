"""Build the Sync screen on an open database's services (imported when first shown)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from ciip_desktop.config import app_paths
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.services.sync_desk import SyncDesk
from ciip_desktop.services.sync_files import build_sync_files
from ciip_desktop.ui.sync.screen import SyncScreen
from ciip_desktop.ui.worker import TaskRunner


def build_sync_screen(
    services: Services,
    actor: Actor,
    parent: QWidget | None,
    *,
    runner: TaskRunner,
    undo_stack: QUndoStack,
    on_changed: Callable[[], None],
) -> SyncScreen:
    desk = SyncDesk(services, actor)
    return SyncScreen(
        desk,
        build_sync_files(services, app_paths().config_dir, actor),
        desk,
        runner=runner,
        undo_stack=undo_stack,
        on_changed=on_changed,
        parent=parent,
    )
