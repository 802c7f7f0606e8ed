"""A check asked again as the counsellor types: once the typing pauses, off the GUI thread.

The registration form's validation and its duplicate check share this shape: every change
restarts a short timer; when it fires the check is asked on the worker, and only the newest
answer arrives (:class:`LatestRequest`). ``check_now`` starts a check still waiting for the
pause, ``wait`` blocks until the answers are back, ``stop`` ends both for good.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ciip_desktop.ui.clients.latest_request import LatestRequest


class DelayedCheck(QObject):
    """Subclasses say what to ask in :meth:`_ask`, through ``self.request``."""

    def __init__(self, name: str, delay_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = LatestRequest(name, self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.run)

    def schedule(self) -> None:
        """Something changed: check once the typing pauses."""
        self._timer.start()

    def run(self) -> None:
        """Check now (the pause is over, or the user asked again)."""
        self._timer.stop()
        self._ask()

    def check_now(self) -> None:
        """Start a check that waits for the pause, without waiting for its answer."""
        if self._timer.isActive():
            self.run()

    def wait(self) -> None:
        """Block until every check asked so far has answered (tests, screenshots)."""
        self.request.wait()

    def stop(self) -> None:
        """No check outlives the form: the timer stops, a running read is joined."""
        self._timer.stop()
        self.request.stop()

    def _ask(self) -> None:
        raise NotImplementedError
