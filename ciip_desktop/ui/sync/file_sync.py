"""Sync by file in the window: export a sealed sync file, or import one, on the worker.

The outcome (how many changes were written or applied, or why a file was refused) shows on
the Sync page, not in a modal box, so the counsellor can read it while doing other work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.sync_files import ExportResult, SyncFileService
from ciip_desktop.services.sync_view import SyncOutcome
from ciip_desktop.ui.sync.sync_page import SyncPage
from ciip_desktop.ui.worker import ProgressFn, TaskRunner


class FileSync(QObject):
    """The "Export sync file…" and "Import sync file…" commands of one window."""

    finished = Signal()

    def __init__(
        self,
        files: SyncFileService,
        page: SyncPage,
        runner: TaskRunner,
        on_applied: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.files = files
        self.page = page
        self.runner = runner
        self._on_applied = on_applied
        page.exportRequested.connect(self.choose_export)
        page.importRequested.connect(self.choose_import)

    def _filter(self) -> str:
        return _("CIIP sync files (*.ciipsync);;All files (*)")

    def choose_export(self) -> None:
        name, _selected = QFileDialog.getSaveFileName(
            self.page, _("Export sync file"), "office.ciipsync", self._filter()
        )
        if name:
            self.export_to(Path(name))

    def choose_import(self) -> None:
        name, _selected = QFileDialog.getOpenFileName(
            self.page, _("Import sync file"), "", self._filter()
        )
        if name:
            self.import_from(Path(name))

    def export_to(self, path: Path) -> None:
        self.page.show_message(_("Writing the sync file…"))
        files = self.files

        def work(progress: ProgressFn) -> ExportResult:
            return files.export(path, progress)

        self.runner.run_with_progress(
            work, on_done=self._exported, on_error=self._failed, name="sync-export"
        )

    def import_from(self, path: Path) -> None:
        self.page.show_message(_("Applying the sync file…"))
        files = self.files

        def work(progress: ProgressFn) -> SyncOutcome:
            return files.import_(path, progress)

        self.runner.run_with_progress(
            work, on_done=self._imported, on_error=self._failed, name="sync-import"
        )

    def _exported(self, result: ExportResult) -> None:
        self.page.show_message(
            ngettext(
                "Wrote {count} change to {path}.",
                "Wrote {count} changes to {path}.",
                result.change_count,
            ).format(count=format_number(result.change_count), path=result.path)
        )
        self.finished.emit()

    def _imported(self, outcome: SyncOutcome) -> None:
        self.page.show_outcome(outcome)
        self.page.refresh()
        self._on_applied()
        self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.page.show_message(exc.message)
        elif isinstance(exc, OSError):
            self.page.show_message(
                _("The file could not be read or written ({reason}); nothing was applied.").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
        else:
            import sys

            self.page.show_message(_("An unexpected error stopped the work; nothing was applied."))
            sys.excepthook(type(exc), exc, exc.__traceback__)
        self.finished.emit()
