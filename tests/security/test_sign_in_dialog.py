"""The sign-in dialog and the first-run form, as a counsellor uses them (issue 17)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from ciip_desktop.models import Role
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.security.accounts import AccountService
from ciip_desktop.ui.security.sign_in_dialog import SignInDialog
from ciip_desktop.ui.status_bar import MainStatusBar


def test_first_run_creates_the_administrator(qtbot: QtBot, ctx: ServiceContext) -> None:
    accounts = AccountService(ctx, sleep=lambda s: None)
    dialog = SignInDialog(accounts, setup=True)
    qtbot.addWidget(dialog)
    dialog.login_edit.setText("boss")
    dialog.name_edit.setText("Office Boss")
    dialog.password_edit.setText("boss-pass-1")
    dialog.again_edit.setText("boss-pass-2")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "differ" in dialog.error.text()
    dialog.password_edit.setText("boss-pass-1")
    dialog.again_edit.setText("boss-pass-1")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.role is Role.ADMINISTRATOR


def test_a_wrong_password_is_one_sentence_and_the_status_bar_names_who_signed_in(
    qtbot: QtBot, ctx: ServiceContext, tmp_path: object
) -> None:
    accounts = AccountService(ctx, sleep=lambda s: None)
    admin = accounts.setup("boss", "Office Boss", "boss-pass-1")
    accounts.add(admin, "lina", "Li Na", Role.COUNSELLOR, "lina-pass-1")
    dialog = SignInDialog(accounts, login="lina")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText("nope")
    dialog.try_accept()
    assert dialog.error.text() == "The login or the password is wrong; try again."
    assert dialog.password_edit.text() == ""
    dialog.password_edit.setText("lina-pass-1")
    dialog.try_accept()
    assert dialog.actor is not None
    status = MainStatusBar(ctx.db.path, None)
    qtbot.addWidget(status)
    status.set_actor(dialog.actor)
    assert status.user_label.text() == "Signed in: Li Na"


def test_the_lock_accepts_only_the_locked_persons_password(
    qtbot: QtBot, ctx: ServiceContext
) -> None:
    accounts = AccountService(ctx, sleep=lambda s: None)
    admin = accounts.setup("boss", "Office Boss", "boss-pass-1")
    accounts.add(admin, "lina", "Li Na", Role.COUNSELLOR, "lina-pass-1")
    dialog = SignInDialog(accounts, locked_login="lina")
    qtbot.addWidget(dialog)
    assert dialog.login_edit.isReadOnly()
    dialog.password_edit.setText("boss-pass-1")
    dialog.try_accept()
    assert dialog.actor is None
