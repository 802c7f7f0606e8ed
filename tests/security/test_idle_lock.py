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
    answers = ["wrong-pass", "lina-pass-1"]
    answered: list[SignInDialog] = []  # kept alive, so each dialog is answered once

    def answer_the_new_dialog() -> None:
        """Answer each sign-in dialog once, in the order they appear (never by the clock: on a
        busy machine two timed answers can fall on one dialog and leave the next unanswered)."""
        for dialog in window.findChildren(SignInDialog):
            if dialog.isVisible() and not any(dialog is d for d in answered):
                answered.append(dialog)
                seen.append(typed.isVisible())
                # Past the answers planned, give the right one: the test then fails on
                # `seen`, instead of waiting for ever on a dialog nobody answers.
                dialog.password_edit.setText(answers.pop(0) if answers else "lina-pass-1")
                dialog.try_accept()
                if dialog.isVisible():  # wrong: the lock asks again
                    dialog.reject()
                return

    driver = QTimer(window)
    driver.setInterval(20)
    driver.timeout.connect(answer_the_new_dialog)
    driver.start()
    assert lock.lock()
    driver.stop()
    assert seen == [False, False]  # records hidden while locked
    assert typed.isVisible() and typed.text() == "half-typed note"
    assert lock.actor.counsellor_id == lina.counsellor_id
