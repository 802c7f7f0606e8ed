"""The Sync tab: the hub, the last sync, what waits to be sent; "Sync now" and sync by file.

"Sync now" runs on the window's worker thread with a progress bar and a Cancel button; the
window stays usable meanwhile. Every sync ends with its report on the page: how many
changes were applied, how many conflicted and how many were refused, and why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import _, format_datetime, format_number, ngettext
from ciip_desktop.services.sync_view import SyncOutcome, SyncOverview
from ciip_desktop.ui.worker import ProgressFn, TaskCancelled, TaskRunner

SyncNow = Callable[[ProgressFn, threading.Event], SyncOutcome]


class SyncPage(QWidget):
    """What this laptop knows of its sync state, and the commands that change it."""

    syncFinished = Signal()
    exportRequested = Signal()
    importRequested = Signal()
    conflictsRequested = Signal()
    hubRequested = Signal()

    def __init__(
        self,
        overview: Callable[[], SyncOverview],
        sync_now: SyncNow,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sync-page")
        self._overview_fn = overview
        self._sync_now = sync_now
        self._runner = runner
        self._cancel: threading.Event | None = None
        self.overview: SyncOverview | None = None
        self.outcome: SyncOutcome | None = None
        self._failure: str | None = None

        self.state_box = QGroupBox()
        form = QFormLayout(self.state_box)
        self.hub_caption, self.hub_value = QLabel(), QLabel()
        self.last_caption, self.last_value = QLabel(), QLabel()
        self.pending_caption, self.pending_value = QLabel(), QLabel()
        self.conflicts_caption, self.conflicts_value = QLabel(), QLabel()
        self.hub_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hub_value.setWordWrap(True)
        self.hub_button = QPushButton()
        self.hub_button.setObjectName("set-hub")
        self.hub_button.clicked.connect(self.hubRequested.emit)
        hub_row = QHBoxLayout()
        hub_row.addWidget(self.hub_value, 1)
        hub_row.addWidget(self.hub_button)
        form.addRow(self.hub_caption, hub_row)
        for caption, value in (
            (self.last_caption, self.last_value),
            (self.pending_caption, self.pending_value),
            (self.conflicts_caption, self.conflicts_value),
        ):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            form.addRow(caption, value)
        self.review_button = QPushButton()
        self.review_button.clicked.connect(self.conflictsRequested.emit)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_button)
        review_row.addStretch(1)
        form.addRow("", review_row)

        self.sync_button = QPushButton()
        self.sync_button.setObjectName("sync-now")
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.start_sync)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_sync)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setTextVisible(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 4)
        self.why_label = QLabel()
        self.why_label.setObjectName("sync-why-not")
        self.why_label.setWordWrap(True)
        buttons.addWidget(self.why_label, 4)
        buttons.addStretch(1)

        self.report_label = QLabel()
        self.report_label.setObjectName("sync-report")
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.file_box = QGroupBox()
        file_layout = QVBoxLayout(self.file_box)
        self.file_hint = QLabel()
        self.file_hint.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.exportRequested.emit)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.importRequested.emit)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.export_button)
        file_buttons.addWidget(self.import_button)
        file_buttons.addStretch(1)
        file_layout.addWidget(self.file_hint)
        file_layout.addLayout(file_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.state_box)
        layout.addLayout(buttons)
        layout.addWidget(self.report_label)
        layout.addWidget(self.file_box)
        layout.addStretch(1)
        self.retranslate_ui()

    # ---- state ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the sync state again (cheap: counts and one row)."""
        self.overview = self._overview_fn()
        self._show_overview()

    def _show_overview(self) -> None:
        o = self.overview
        if o is None:
            return
        self.hub_value.setText(o.hub_url or _("No office hub set up on this laptop"))
        self.hub_button.setVisible(o.may_set_hub)  # administrators only (the service refuses too)
        if o.last_sync_at is None:
            self.last_value.setText(_("Never"))
        else:
            self.last_value.setText(format_datetime(o.last_sync_at, tz=o.time_zone))
        self.pending_value.setText(
            ngettext(
                "{count} change not yet sent to the office",
                "{count} changes not yet sent to the office",
                o.pending_changes,
            ).format(count=format_number(o.pending_changes))
        )
        self.conflicts_value.setText(
            ngettext(
                "{count} conflict to review", "{count} conflicts to review", o.conflicts_open
            ).format(count=format_number(o.conflicts_open))
            if o.conflicts_open
            else _("None")
        )
        self.review_button.setVisible(o.conflicts_open > 0)
        self.why_label.setText("" if o.can_sync_now else o.why_not)
        self.why_label.setVisible(not o.can_sync_now)
        self.sync_button.setEnabled(o.can_sync_now and self._cancel is None)

    # ---- sync now -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def start_sync(self) -> None:
        if self._cancel is not None:
            return
        cancel = threading.Event()
        self._cancel = cancel
        self.sync_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.report_label.setText(_("Syncing with the office hub…"))
        sync_now = self._sync_now

        def work(progress: ProgressFn) -> SyncOutcome:
            def report(done: int, total: int) -> bool:
                return progress(done, total) and not cancel.is_set()

            return sync_now(report, cancel)

        self._runner.run_with_progress(
            work,
            on_done=self._on_done,
            on_error=self._on_error,
            on_progress=self._on_progress,
            name="sync-now",
        )

    def cancel_sync(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.report_label.setText(_("Stopping the sync…"))

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        if total > 0:
            self.progress.setValue(min(done, total))

    def _on_done(self, outcome: SyncOutcome) -> None:
        self.outcome, self._failure = outcome, None
        self._finish()

    def _on_error(self, exc: BaseException) -> None:
        from ciip_desktop.errors import UserError

        self.outcome = None
        if isinstance(exc, TaskCancelled):
            self._failure = _("The sync was cancelled; nothing was lost. Sync again to finish it.")
        elif isinstance(exc, UserError):
            self._failure = exc.message
        else:  # a bug: the excepthook logs it (without data) and shows its sentence
            import sys

            self._failure = _("The sync stopped because of an unexpected error; nothing was lost.")
            sys.excepthook(type(exc), exc, exc.__traceback__)
        self._finish()

    def _finish(self) -> None:
        self._cancel = None
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        self._show_report()
        self.refresh()
        self.syncFinished.emit()

    def show_message(self, text: str) -> None:
        """Show the outcome of a command run from this page (e.g. a sync file)."""
        self.outcome, self._failure = None, text
        self._show_report()

    def show_outcome(self, outcome: SyncOutcome) -> None:
        self.outcome, self._failure = outcome, None
        self._show_report()

    def _show_report(self) -> None:
        if self._failure is not None:
            self.report_label.setText(self._failure)
            return
        if self.outcome is None:
            self.report_label.setText("")
            return
        self.report_label.setText(outcome_text(self.outcome))

    def retranslate_ui(self) -> None:
        self.state_box.setTitle(_("This laptop"))
        self.hub_caption.setText(_("Office hub:"))
        self.last_caption.setText(_("Last sync:"))
        self.pending_caption.setText(_("Waiting to be sent:"))
        self.conflicts_caption.setText(_("Conflicts:"))
        self.review_button.setText(_("Review conflicts"))
        self.hub_button.setText(_("Change the hub address…"))
        self.sync_button.setText(_("Sync now"))
        self.cancel_button.setText(_("Cancel"))
        self.file_box.setTitle(_("Without a network"))
        self.file_hint.setText(
            _(
                "Carry changes on a USB stick: export a sync file here and import it on the "
                "other laptop (and back). The file is sealed with the office key."
            )
        )
        self.export_button.setText(_("Export sync file…"))
        self.import_button.setText(_("Import sync file…"))
        self._show_overview()
        if not self.running:
            self._show_report()


def outcome_text(outcome: SyncOutcome) -> str:
    """The report of one sync or one import, in a counsellor's words (several lines)."""
    lines = [outcome.headline]
    lines.append(
        ngettext("{count} change applied", "{count} changes applied", outcome.applied).format(
            count=format_number(outcome.applied)
        )
        + " · "
        + ngettext("{count} conflicting", "{count} conflicting", outcome.conflicting).format(
            count=format_number(outcome.conflicting)
        )
        + " · "
        + ngettext("{count} refused", "{count} refused", outcome.refused).format(
            count=format_number(outcome.refused)
        )
    )
    lines.extend(f"• {reason}" for reason in outcome.reasons)
    return "\n".join(lines)
