"""Whom the window acts for: the account signed in, never the highest-ranked one found."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
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
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.unlocked is None:
        return None
    key, given = dialog.unlocked
    assert isinstance(key, bytes)
    return key, given


@dataclass
class EarlySignIn:
    """What the sign-in shown with the first paint gave (``given`` None: cancelled)."""

    given: tuple[str, str] | None
    failed: list[str] = field(default_factory=list)


def early_sign_in(path: Path, user: str | None, parent: QWidget | None) -> EarlySignIn | None:
    """The sign-in at the first paint, checked against the plain database's stored hashes
    with the standard library while the services load (``services/security/early_sign_in``).
    None where it does not apply (nobody signs in, an encrypted or older file: the services
    come first)."""
    from ciip_desktop.services.security.early_sign_in import EarlySignIn as Checker
    from ciip_desktop.store.account_reader import AccountReader
    from ciip_desktop.ui.security.sign_in_dialog import SignInDialog

    reader = AccountReader.open(path)
    if reader is None:
        return None
    try:
        checker = Checker(reader)
        login = user or os.environ.get("CIIP_USER") or ""
        dialog = SignInDialog(None, login=login, parent=parent, unlock=checker.check)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        reader.close()
    given = dialog.unlocked[1] if accepted and dialog.unlocked is not None else None
    return EarlySignIn(given, checker.failed)


def signed_in_actor(
    ctx: ServiceContext,
    user: str | None,
    screenshot: bool,
    parent: QWidget | None,
    given: tuple[str, str] | None = None,
    early: EarlySignIn | None = None,
) -> Actor | None:
    """Sign in: $CIIP_USER/$CIIP_PASSWORD when set (scheduled runs, screenshots), else the
    dialog; on a database without accounts the first-run form makes the administrator.
    ``given``: the login and password that already unlocked an encrypted database;
    ``early``: what the first paint's sign-in gave (its failures are recorded here, its
    wait already served). None when the user cancels.
    """
    from ciip_desktop.services.context import Actor
    from ciip_desktop.services.security import audit
    from ciip_desktop.services.security.accounts import AccountService, SignInError
    from ciip_desktop.ui.security.sign_in_dialog import SignInDialog

    accounts = AccountService(ctx)
    if early is not None:
        for failed_login in early.failed:
            audit.record(ctx, Actor.system(), audit.SIGN_IN_FAILED, "login", failed_login)
        given = early.given
        accounts = AccountService(ctx, sleep=lambda _s: None)
    if given is not None and not accounts.needs_setup():
        try:
            return accounts.sign_in(*given)
        except SignInError:
            if screenshot or early is None:
                raise
            accounts = AccountService(ctx)  # changed meanwhile (a sync): ask again
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
