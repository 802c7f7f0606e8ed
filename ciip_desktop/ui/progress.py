"""A progress dialog that appears only when work lasts (≈0.6 s) and whose Cancel stops it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from ciip_desktop.i18n import _
from ciip_desktop.ui.worker import Task

DEFAULT_DELAY_MS = 600


class DelayedProgress(QObject):
    """Watches a :class:`Task`; shows a cancellable progress dialog if it outlasts the delay."""

    def __init__(
        self,
        task: Task,
        label: str,
        parent: QWidget | None = None,
        *,
        delay_ms: int = DEFAULT_DELAY_MS,
        title: str | None = None,
    ) -> None:
        super().__init__(task)  # lives as long as the task it watches
        self._task = task
        self._label = label
        self._title = title
        self._parent = parent
        self._progress: tuple[int, int] | None = None
        self._closed = False
        self.dialog: QProgressDialog | None = None
        self.was_shown = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        task.progressed.connect(self._on_progress)
        task.finished.connect(self._close)
        if task.is_finished:
            self._closed = True
        else:
            self._timer.start(delay_ms)

    def _show(self) -> None:
        if self._closed or self._task.is_finished:
            return
        dialog = QProgressDialog(self._label, _("Cancel"), 0, 0, self._parent)
        dialog.setWindowTitle(self._title or _("CIIP Desktop"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel)
        self.dialog = dialog
        self.was_shown = True
        if self._progress is not None:
            self._apply(*self._progress)
        dialog.show()

    def _on_progress(self, done: int, total: int) -> None:
        self._progress = (done, total)
        if self.dialog is not None and not self._closed:
            self._apply(done, total)

    def _apply(self, done: int, total: int) -> None:
        assert self.dialog is not None
        self.dialog.setMaximum(max(total, 0))
        if total > 0:
            self.dialog.setValue(min(done, total))

    def _cancel(self) -> None:
        if self._closed:
            return
        self._task.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Stopping…"))

    def _close(self) -> None:
        self._closed = True
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.hide()  # hide, not close: closing a QProgressDialog emits canceled
            self.dialog.deleteLater()
            self.dialog = None
