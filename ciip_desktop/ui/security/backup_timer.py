"""The running app's automatic backups: a timer, the copy on a worker, a failure told once.

The copy itself (:class:`~ciip_desktop.services.security.auto_backup.AutoBackup`) runs on a
worker of its own, so neither the window nor the screens' background work wait for it. A
failure shows its sentence in the status bar once; it is shown again only after a backup
has worked in between. At exit one last copy is taken (if anything changed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from ciip_desktop.errors import UserError
from ciip_desktop.logs import describe_exception
from ciip_desktop.services.security.auto_backup import (
    AutoBackup,
    BackupOutcome,
    BackupPolicy,
    failure_text,
)
from ciip_desktop.ui.worker import TaskRunner

log = logging.getLogger(__name__)


class BackupTimer(QObject):
    def __init__(
        self,
        parent: QObject,
        backups: AutoBackup,
        every_minutes: float,
        tell: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.backups = backups
        self.tell = tell
        self.runner = TaskRunner(self)
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, int(every_minutes * 60_000)))
        self.timer.timeout.connect(self.back_up_now)
        self.running = False
        self.failing = False
        self.last: BackupOutcome | None = None

    def start(self) -> None:
        self.timer.start()

    def back_up_now(self) -> None:
        """Start a copy on the worker (one at a time: a slow disk never piles them up)."""
        if self.running:
            return
        self.running = True
        self.runner.run(
            self.backups.take, on_done=self._done, on_error=self._failed, name="auto-backup"
        )

    def _done(self, outcome: BackupOutcome) -> None:
        self.running = False
        self.failing = False
        self.last = outcome

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, UserError):
            sentence = exc.message
        else:  # never a traceback for a backup: the sentence, and the kind in the log
            log.error("automatic backup failed unexpectedly: %s", describe_exception(exc))
            sentence = failure_text(self.backups.folder)
        if not self.failing:  # once, not at every tick while the disk stays full
            self.failing = True
            self.tell(sentence)

    def stop(self) -> None:
        """At exit: stop the timer, wait for a copy under way, then take the last one."""
        self.timer.stop()
        self.runner.shutdown()
        try:
            self.backups.take()
        except UserError as exc:
            log.warning("the backup at exit failed: %s", type(exc).__name__)


def start_auto_backups(
    parent: QObject, database: Path, backup_dir: Path, tell: Callable[[str], None]
) -> BackupTimer | None:
    """Back ``database`` up every few minutes as configured (None: turned off)."""
    policy = BackupPolicy.from_env()
    if not policy.enabled:
        log.info("automatic backups are turned off")
        return None
    timer = BackupTimer(
        parent, AutoBackup(database, backup_dir, policy.keep), policy.every_minutes, tell
    )
    timer.start()
    return timer
