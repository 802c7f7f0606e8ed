"""Whom the window acts for: the account signed in, never the highest-ranked one found."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _

if TYPE_CHECKING:
    from ciip_desktop.services.context import Actor, ServiceContext


def signed_in_actor(
    ctx: ServiceContext, user: str | None, screenshot: bool, parent: QWidget | None
) -> Actor | None:
    """Sign in: $CIIP_USER/$CIIP_PASSWORD when set (scheduled runs, screenshots), else the
    dialog; on a database without accounts the first-run form makes the administrator.
    None when the user cancels.
    """
    from ciip_desktop.services.context import Actor
    from ciip_desktop.services.security.accounts import AccountService
    from ciip_desktop.ui.security.sign_in_dialog import SignInDialog

    accounts = AccountService(ctx)
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
