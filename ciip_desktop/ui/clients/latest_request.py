"""One kind of read asked again and again while the user types: run off the GUI thread, newest wins.

At most one request runs at a time; requests made meanwhile collapse into the newest, which
starts once the running one is back. An answer that is no longer the newest is dropped, so
a slow early answer never overwrites a later one. The worker thread lives only while there
is work: once the newest answer is back it is joined, and ``stop()`` joins it at once, so a
form that closes (or just sits open) leaves no thread behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from ciip_desktop.ui.worker import Task, TaskRunner

WAIT_STEP = 5.0  # seconds: how long ``wait`` lets the worker run before looking again
STOP_TIMEOUT = 10.0  # seconds a closing form waits for a read still running


@dataclass
class _Request:
    generation: int
    work: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]


class LatestRequest(QObject):
    """Runs ``request(work, on_done, on_error)`` off the GUI thread; only the newest answer
    arrives (on the GUI thread)."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = TaskRunner(self)
        self._name = name
        self._generation = 0
        self._running: Task | None = None
        self._pending: _Request | None = None
        self._stopped = False

    @property
    def busy(self) -> bool:
        """True while a request runs or waits to run."""
        return self._running is not None or self._pending is not None

    def request(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self._stopped:
            return
        self._generation += 1
        self._pending = _Request(self._generation, work, on_done, on_error)
        if self._running is None:
            self._start_pending()

    def cancel(self) -> None:
        """Drop what waits and the answer of what runs (a newer answer came another way)."""
        self._pending = None
        self._generation += 1

    def stop(self) -> None:
        """Cancel, refuse further requests and join the worker (the owner is closing)."""
        self.cancel()
        self._stopped = True
        self._runner.shutdown(timeout=STOP_TIMEOUT)

    def wait(self) -> None:
        """Block until every request made so far has been answered (tests, flush before save)."""
        while self.busy and not self._stopped:
            self._runner.wait_for_done(WAIT_STEP)

    def _start_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None or self._stopped:
            return

        def done(result: object) -> None:
            if pending.generation == self._generation:
                pending.on_done(result)

        def failed(error: BaseException) -> None:
            if pending.generation == self._generation:
                pending.on_error(error)

        task = self._runner.run(pending.work, on_done=done, on_error=failed, name=self._name)
        self._running = task
        task.finished.connect(self._finished)

    def _finished(self) -> None:
        self._running = None
        if self._pending is not None and not self._stopped:
            self._start_pending()
        else:
            self._runner.shutdown(timeout=STOP_TIMEOUT)  # no idle thread is kept
