"""Run work off the GUI thread and hand its result, error and progress back on the GUI thread.

The work runs on plain Python threads (one by default, so database work is serialised),
not on QThreadPool: a Qt-created thread that runs Python code stays registered in
``threading`` as a dummy thread forever, which hides real leaks from the tests' check.
Results travel back through queued signals on a :class:`Task`, a QObject owned by the GUI
thread, so callbacks always run there.
"""

from __future__ import annotations

import concurrent.futures
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _

log = logging.getLogger(__name__)

T = TypeVar("T")
ProgressFn = Callable[[int, int], bool]
"""``progress(done, total)``: report progress; returns False when the user asked to cancel."""
ErrorHandler = Callable[[BaseException], None]
PROGRESS_INTERVAL = 0.05  # seconds between progress reports that reach the GUI


class TaskCancelled(Exception):
    """Work stopped because the user cancelled it (not shown as an error)."""


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """The default error handling: a dialog for user errors, the excepthook for the rest."""
    if isinstance(exc, TaskCancelled):
        return
    if isinstance(exc, UserError):
        log.info("user error from background work: %s", exc.message)
        QMessageBox.warning(parent, _("CIIP Desktop"), exc.message)
        return
    sys.excepthook(type(exc), exc, exc.__traceback__)


class Task(QObject):
    """One piece of background work: cancel it, or listen to its signals (GUI thread)."""

    # Outcome signals carry no value: read ``result`` and ``error``, which are typed.
    progressed = Signal(int, int)
    succeeded = Signal()
    failed = Signal()
    finished = Signal()

    # Emitted on the worker thread; delivered on the GUI thread through queued connections.
    # The outcome itself stays in a Python attribute: only plain ints cross the thread in Qt.
    _outcome_ready = Signal()
    _progress_ready = Signal(int, int)

    def __init__(
        self,
        name: str,
        on_done: Callable[[Any], None] | None,
        on_error: ErrorHandler,
        on_progress: Callable[[int, int], None] | None,
        on_finished: Callable[[Task], None],
    ) -> None:
        super().__init__()
        self.name = name
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._on_finished = on_finished
        self._cancel = threading.Event()
        self._finished = False
        self._result: object = None
        self._error: BaseException | None = None
        self._last_report = -PROGRESS_INTERVAL
        queued = Qt.ConnectionType.QueuedConnection
        self._outcome_ready.connect(self._deliver_outcome, queued)
        self._progress_ready.connect(self._deliver_progress, queued)

    def cancel(self) -> None:
        """Ask the work to stop: its next ``progress()`` call returns False."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def is_finished(self) -> bool:
        """True once the result or error was handed to the GUI thread."""
        return self._finished

    def report_progress(self, done: int, total: int) -> bool:
        """The ``progress`` callback handed to the work (called on the worker thread).

        At most one report per ``PROGRESS_INTERVAL`` reaches the GUI (and always the last),
        so a loop over 100 000 rows does not flood the event queue.
        """
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL or (total > 0 and done >= total):
            self._last_report = now
            self._progress_ready.emit(done, total)
        return not self._cancel.is_set()

    def execute(self, fn: Callable[[ProgressFn], Any]) -> None:
        """Run ``fn`` (on the worker thread) and post its outcome to the GUI thread."""
        try:
            if self._cancel.is_set():
                raise TaskCancelled(self.name)
            self._result = fn(self.report_progress)
        except BaseException as exc:  # handed to on_error on the GUI thread
            self._error = exc
        self._outcome_ready.emit()

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._finished:
            return
        if self._on_progress is not None:
            self._on_progress(done, total)
        self.progressed.emit(done, total)

    @property
    def result(self) -> object:
        """What the work returned (None until it succeeded)."""
        return self._result

    @property
    def error(self) -> BaseException | None:
        """What the work raised, if it failed."""
        return self._error

    @Slot()
    def _deliver_outcome(self) -> None:
        try:
            if self._error is not None:
                self._on_error(self._error)
                self.failed.emit()
            else:
                if self._on_done is not None:
                    self._on_done(self._result)
                self.succeeded.emit()
        finally:
            self._finish()

    def _finish(self) -> None:
        self._finished = True
        self._on_finished(self)
        self.finished.emit()


class TaskRunner(QObject):
    """Runs callables off the GUI thread, one at a time unless told otherwise."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        on_error: ErrorHandler | None = None,
        max_workers: int = 1,
    ) -> None:
        super().__init__(parent)
        self._default_on_error: ErrorHandler = on_error or show_error
        self._max_workers = max_workers
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._futures: set[concurrent.futures.Future[None]] = set()
        self._active: set[Task] = set()
        # A finished task is kept until the next run: dropping the last reference inside its
        # own slot would delete the QObject while Qt is still delivering to it.
        self._retired: list[Task] = []
        self._lock = threading.Lock()

    @property
    def active_tasks(self) -> int:
        """Tasks started whose outcome has not yet reached the GUI thread."""
        return len(self._active)

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorHandler | None = None,
        name: str = "",
    ) -> Task:
        """Run ``fn()`` on the worker; ``on_done(result)`` or ``on_error(exc)`` follow (GUI)."""
        return self.run_with_progress(
            lambda _progress: fn(), on_done=on_done, on_error=on_error, name=name
        )

    def run_with_progress(
        self,
        fn: Callable[[ProgressFn], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorHandler | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        name: str = "",
    ) -> Task:
        """Run ``fn(progress)``; ``progress(done, total)`` returns False once cancelled."""
        task = Task(
            name or getattr(fn, "__name__", "task"),
            on_done,  # type: ignore[arg-type]  # T is erased once it is stored on the task
            on_error or self._default_on_error,
            on_progress,
            self._retire,
        )
        self._retired.clear()
        self._active.add(task)
        with self._lock:
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=self._max_workers, thread_name_prefix="ciip-worker"
                )
            future = self._executor.submit(task.execute, fn)
            self._futures.add(future)
        future.add_done_callback(self._forget)
        return task

    def _retire(self, task: Task) -> None:
        self._active.discard(task)
        self._retired.append(task)

    def _forget(self, future: concurrent.futures.Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    def wait_for_done(self, timeout: float | None = None) -> bool:
        """Block until all work has run, then deliver its callbacks; False on timeout."""
        with self._lock:
            pending = set(self._futures)
        _done, not_done = concurrent.futures.wait(pending, timeout=timeout)
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
        return not not_done

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel()

    def shutdown(self, timeout: float | None = None) -> None:
        """Cancel what is running, drop what has not started and join the worker threads."""
        self.cancel_all()
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
            self.wait_for_done(timeout)
            executor.shutdown(wait=True)
