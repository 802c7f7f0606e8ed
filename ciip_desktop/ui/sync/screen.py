"""The Sync screen: a "Sync" tab (state, Sync now, sync by file) and a "Conflicts" tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import QInputDialog, QTabWidget, QVBoxLayout, QWidget

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number
from ciip_desktop.services.sync_desk import SyncDesk
from ciip_desktop.services.sync_files import SyncFileService
from ciip_desktop.ui.sync.conflicts_page import ConflictDesk, ConflictsPage
from ciip_desktop.ui.sync.file_sync import FileSync
from ciip_desktop.ui.sync.sync_page import SyncPage
from ciip_desktop.ui.worker import TaskRunner


class SyncScreen(QWidget):
    def __init__(
        self,
        desk: SyncDesk,
        files: SyncFileService,
        conflicts: ConflictDesk,
        *,
        runner: TaskRunner,
        undo_stack: QUndoStack,
        on_changed: Callable[[], None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen-sync")
        self.desk = desk
        self._on_changed = on_changed
        self.undo_stack = undo_stack
        self.tabs = QTabWidget()
        self.sync_page = SyncPage(desk.overview, desk.sync_now, runner)
        self.tabs.addTab(self.sync_page, "")
        self.conflicts_page = ConflictsPage(conflicts, undo_stack)
        self.tabs.addTab(self.conflicts_page, "")
        self.conflicts_page.changed.connect(self._changed)
        self.file_sync = FileSync(files, self.sync_page, runner, self._changed, self)
        self.sync_page.syncFinished.connect(self._changed)
        self.sync_page.conflictsRequested.connect(lambda: self.show_conflicts())
        self.sync_page.hubRequested.connect(self.ask_hub_url)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.tabs)
        self.retranslate_ui()

    def _changed(self) -> None:
        self.refresh()
        self._on_changed()

    def refresh(self) -> None:
        self.sync_page.refresh()
        self.conflicts_page.refresh()
        self._retitle_tabs()

    def show_conflicts(self, conflict_id: str = "") -> None:
        self.tabs.setCurrentIndex(1)
        if conflict_id:
            self.conflicts_page.select(conflict_id)

    def ask_hub_url(self) -> None:
        current = self.sync_page.overview.hub_url if self.sync_page.overview else ""
        url, ok = QInputDialog.getText(
            self,
            _("Office hub"),
            _(
                "The office hub's address, from the office administrator (for example "
                "postgresql://user@hub.office/ciip, or the path of the hub file on a shared "
                "drive):"
            ),
            text=current,
        )
        if ok:
            self.set_hub_url(url)

    def set_hub_url(self, url: str) -> None:
        try:
            self.desk.set_hub_url(url)
        except UserError as err:
            self.sync_page.show_message(err.message)
        self._changed()

    def show_file_sync(self) -> None:
        """Point at the sync-by-file commands (File > Sync by file…)."""
        self.tabs.setCurrentIndex(0)
        self.sync_page.export_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _retitle_tabs(self) -> None:
        self.tabs.setTabText(0, _("Sync"))
        if self.tabs.count() > 1:
            count = self.sync_page.overview.conflicts_open if self.sync_page.overview else 0
            title = _("Conflicts")
            if count:
                title = _("Conflicts ({count})").format(count=format_number(count))
            self.tabs.setTabText(1, title)

    def retranslate_ui(self) -> None:
        self.sync_page.retranslate_ui()
        self.conflicts_page.retranslate_ui()
        self._retitle_tabs()
