"""Whom the window acts for: the account signed in, never the highest-ranked one found."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _

if TYPE_CHECKING:
    from ciip_desktop.services.context import Actor, ServiceContext


def unlock_database(
    path: Path, user: str | None, screenshot: bool, parent: QWidget | None
) -> tuple[bytes, tuple[str, str]] | None:
    """The key of the encrypted database at ``path`` and the login and password that
    unlocked it: $CIIP_USER/$CIIP_PASSWORD when set, else the sign-in dialog (before any
    service loads: nothing of the database can be read before). None when cancelled."""
    from ciip_desktop.services.security import db_keys
    from ciip_desktop.ui.security.sign_in_dialog import SignInDialog

    keys = db_keys.DatabaseKeys.load(path)
    login = user or os.environ.get("CIIP_USER") or ""
    password = os.environ.get("CIIP_PASSWORD")
    if login and password is not None:
        return keys.unlock(login, password), (login, password)
    if screenshot:
        raise UserError(_("Set CIIP_USER and CIIP_PASSWORD to take a screenshot of this database."))
    dialog = SignInDialog(None, login=login, parent=parent, unlock=keys.unlock)
    return dialog.unlocked if dialog.exec() == QDialog.DialogCode.Accepted else None


def signed_in_actor(
    ctx: ServiceContext,
    user: str | None,
    screenshot: bool,
    parent: QWidget | None,
    given: tuple[str, str] | None = None,
) -> Actor | None:
    """Sign in: $CIIP_USER/$CIIP_PASSWORD when set (scheduled runs, screenshots), else the
    dialog; on a database without accounts the first-run form makes the administrator.
    ``given``: the login and password that already unlocked an encrypted database.
    None when the user cancels.
    """
    from ciip_desktop.services.context import Actor
    from ciip_desktop.services.security.accounts import AccountService
    from ciip_desktop.ui.security.sign_in_dialog import SignInDialog

    accounts = AccountService(ctx)
    if given is not None and not accounts.needs_setup():
        return accounts.sign_in(*given)
    login = user or os.environ.get("CIIP_USER") or ""
    password = os.environ.get("CIIP_PASSWORD")
    if accounts.needs_setup():
        if screenshot or password is not None:  # an unattended run of a database not set up
            return ctx.counsellor_actor(user) if user else Actor.system()
        dialog = SignInDialog(accounts, setup=True, login=login, parent=parent)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
    if login and password is not None:
        return accounts.sign_in(login, password)
    if screenshot:
        raise UserError(_("Set CIIP_USER and CIIP_PASSWORD to take a screenshot of this database."))
    dialog = SignInDialog(accounts, login=login, parent=parent)
    return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
