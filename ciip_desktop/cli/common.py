"""What every `ciip` subcommand is handed: its arguments, folders, and a way to open services."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ciip_desktop.config import Paths, database_path
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store import Database, cipher


def open_services(args: argparse.Namespace, paths: Paths) -> tuple[Services, Actor]:
    """Open (creating or migrating, backup first) the database the options name.

    Only `ciip init` creates a missing folder: elsewhere a mistyped --db is an error.
    An encrypted database is unlocked first with the login and password the command signs
    in with (``services/security/db_keys.py``).
    """
    path = database_path(args.db)
    user = getattr(args, "user", None)
    given: tuple[str, str] | None = None
    key = None
    if cipher.is_encrypted(path):
        from ciip_desktop.services.security import db_keys

        given = credentials(user)
        key = db_keys.unlock(path, *given)
    db = Database.open(path, backup_dir=paths.backup_dir, create_folder=False, key=key)
    try:
        ctx = ServiceContext.open(db)
        services = Services.build(ctx)
        return services, sign_in(ctx, user, given)
    except BaseException:
        db.close()
        raise


def sign_in(ctx: ServiceContext, user: str | None, given: tuple[str, str] | None = None) -> Actor:
    """The account the command acts as: --user or $CIIP_USER, with $CIIP_PASSWORD or a prompt
    (``given``: the login and password already asked for).

    A database on which no account has a password yet (before `ciip init --admin`) keeps
    the earlier behaviour: the named user, else the first administrator.
    """
    from ciip_desktop.services.security.accounts import AccountService

    accounts = AccountService(ctx)
    if accounts.needs_setup():
        return ctx.counsellor_actor(user)
    return accounts.sign_in(*(given or credentials(user)))


def credentials(user: str | None) -> tuple[str, str]:
    """The login (--user, $CIIP_USER or typed) and the password ($CIIP_PASSWORD or typed)."""
    login = user or os.environ.get("CIIP_USER") or ""
    interactive = sys.stdin.isatty()
    if not login and interactive:
        login = input(_("Login: "))
    if not login:
        raise UserError(
            _(
                "Say who you are: set CIIP_USER and CIIP_PASSWORD, or give --user and type the "
                "password."
            )
        )
    password = os.environ.get("CIIP_PASSWORD")
    if password is None and interactive:
        password = getpass.getpass(_("Password: "))
    if password is None:
        raise UserError(_("No password given; set CIIP_PASSWORD or run the command in a terminal."))
    return login, password


@dataclass
class CommandEnv:
    args: argparse.Namespace
    paths: Paths
    open_services: Callable[[argparse.Namespace, Paths], tuple[Services, Actor]]

    def services(self) -> tuple[Services, Actor]:
        return self.open_services(self.args, self.paths)


Handler = Callable[[CommandEnv], int]
SubParsers = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_command(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(func=handler)
    return parser
