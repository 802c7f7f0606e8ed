"""The idle lock hides the records, keeps typed work, and needs the password (issue 17)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QMainWindow
from pytestqt.qtbot import QtBot

from ciip_desktop.models import Role
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.security.accounts import AccountService
from ciip_desktop.ui.security.idle_lock import IdleLock
from ciip_desktop.ui.security.sign_in_dialog import SignInDialog


def test_lock_then_unlock_keeps_unsaved_work(qtbot: QtBot, ctx: ServiceContext) -> None:
    accounts = AccountService(ctx, sleep=lambda s: None)
    admin = accounts.setup("boss", "Office Boss", "boss-pass-1")
    lina = accounts.add(admin, "lina", "Li Na", Role.COUNSELLOR, "lina-pass-1")
    window = QMainWindow()
    qtbot.addWidget(window)
    typed = QLineEdit("half-typed note")
    window.setCentralWidget(typed)
    window.show()
    lock = IdleLock(window, accounts, lina, minutes=0)  # locked by hand below
    seen: list[bool] = []

    def answer(password: str) -> None:
        dialogs = [d for d in window.findChildren(SignInDialog) if d.isVisible()]
        dialog = dialogs[-1]
        seen.append(typed.isVisible())
        dialog.password_edit.setText(password)
        dialog.try_accept()
        if dialog.isVisible():  # wrong: try again with the right one
            dialog.reject()

    QTimer.singleShot(50, lambda: answer("wrong-pass"))
    QTimer.singleShot(300, lambda: answer("lina-pass-1"))
    assert lock.lock()
    assert seen == [False, False]  # records hidden while locked
    assert typed.isVisible() and typed.text() == "half-typed note"
    assert lock.actor.counsellor_id == lina.counsellor_id
