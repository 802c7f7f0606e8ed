"""The idle lock: after a while without keyboard or mouse, the window hides the records and
asks the signed-in person's password; open forms keep what was typed (issue 17)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

if TYPE_CHECKING:
    from ciip_desktop.services.context import Actor
    from ciip_desktop.services.security.accounts import AccountService

DEFAULT_IDLE_MINUTES = 15.0
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


def idle_minutes() -> float:
    """$CIIP_IDLE_MINUTES (0 turns the lock off), else 15 minutes."""
    try:
        return max(0.0, float(os.environ.get("CIIP_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


class IdleLock(QObject):
    def __init__(
        self, window: QMainWindow, accounts: AccountService, actor: Actor, minutes: float
    ) -> None:
        super().__init__(window)
        self.window = window
        self.accounts = accounts
        self.actor = actor
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(minutes * 60_000))
        self.enabled = minutes > 0
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None and self.enabled:
            app.installEventFilter(self)
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in _ACTIVITY:
            self.timer.start()
        return False

    def lock(self) -> bool:
        """Hide the records and ask for the password; True once it is given again."""
        from ciip_desktop.ui.security.sign_in_dialog import SignInDialog

        self.locked = True
        central = self.window.centralWidget()
        assert central is not None
        central.setVisible(False)
        login = self.accounts.login_of(self.actor.counsellor_id)
        try:
            while True:
                dialog = SignInDialog(self.accounts, locked_login=login, parent=self.window)
                if dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None:
                    self.actor = dialog.actor
                    return True
        finally:
            central.setVisible(True)
            self.locked = False
            if self.enabled:
                self.timer.start()
