"""`ciip security encrypt|decrypt|grant`: the database encrypted at rest (issue 17).

How it works is in ``store/cipher.py`` (the file), ``services/security/db_keys.py`` (its
key, wrapped per account) and ``store/cipher_convert.py`` (converting without a broken file).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command, credentials, sign_in
from ciip_desktop.cli.output import say, visible
from ciip_desktop.config import database_path
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import Action, require
from ciip_desktop.services.security import audit, db_keys
from ciip_desktop.services.security.accounts import AccountService, verify_password
from ciip_desktop.store import Database, cipher

# The audit trail's name for the encryption commands.
ENCRYPTION = "admin.encryption"


def register(sub: Any) -> None:
    group = add_command(
        sub, "security", _usage, _("Encrypt the database, decrypt it, or let an account open it.")
    )
    group_sub = group.add_subparsers(dest="security_command", metavar="COMMAND")
    add_command(
        group_sub,
        "encrypt",
        _encrypt,
        _("Encrypt the database and its backups with a new key (administrators)."),
    )
    add_command(
        group_sub, "decrypt", _decrypt, _("Turn the encrypted database back into a plain one.")
    )
    grant = add_command(
        group_sub,
        "grant",
        _grant,
        _("Let an account open the encrypted database with its own password (administrators)."),
    )
    grant.add_argument("login", help=_("the account that may open the database"))


def _usage(env: CommandEnv) -> int:
    raise UserError(_("Name what to do, for example: ciip security encrypt."))


def _admin_signed_in(ctx: ServiceContext, user: str | None, given: tuple[str, str]) -> Actor:
    if AccountService(ctx).needs_setup():
        raise UserError(
            _(
                "An encrypted database is opened by signing in: create the administrator's "
                "account first (ciip init --admin LOGIN)."
            )
        )
    actor = sign_in(ctx, user, given)
    require(actor.role, Action.ENCRYPTION_MANAGE)
    return actor


def _encrypt(env: CommandEnv) -> int:
    from ciip_desktop.store.cipher_convert import encrypt_backups, encrypt_in_place

    path = database_path(env.args.db)
    if cipher.is_encrypted(path):
        raise UserError(_("{path} is encrypted already.").format(path=visible(path)))
    user = getattr(env.args, "user", None)
    given = credentials(user)
    db = Database.open(path, backup_dir=env.paths.backup_dir, create_folder=False)
    try:
        ctx = ServiceContext.open(db)
        actor = _admin_signed_in(ctx, user, given)
        login = AccountService(ctx).login_of(actor.counsellor_id)
        audit.record(ctx, actor, ENCRYPTION, "database", "", "encrypt")
    finally:
        db.close()
    key = cipher.new_key()
    keys = db_keys.DatabaseKeys.new(path, key)
    keys.grant(login, given[1], key)

    def write_keys(beside: Path = path) -> None:
        keys.save(cipher.key_file(beside))

    encrypt_in_place(path, key, write_keys)
    backups = encrypt_backups(path, env.paths.backup_dir, key, write_keys)
    say(
        _(
            "Encrypted {path} (and {n} backups). Only {login} can open it so far: let every "
            "other account in with `ciip security grant LOGIN`."
        ).format(path=visible(path), n=format_number(backups), login=login)
    )
    return 0


@contextlib.contextmanager
def _encrypted_as_admin(env: CommandEnv) -> Iterator[tuple[Path, bytes, ServiceContext, Actor]]:
    """The encrypted database opened with the key the signed-in administrator unlocks:
    (path, key, context, actor); closed again on leaving."""
    path = database_path(env.args.db)
    if not cipher.is_encrypted(path):
        raise UserError(_("{path} is not encrypted.").format(path=visible(path)))
    user = getattr(env.args, "user", None)
    given = credentials(user)
    key = db_keys.unlock(path, *given)
    db = Database.open(path, backup_dir=env.paths.backup_dir, create_folder=False, key=key)
    try:
        ctx = ServiceContext.open(db)
        yield path, key, ctx, _admin_signed_in(ctx, user, given)
    finally:
        db.close()


def _decrypt(env: CommandEnv) -> int:
    from ciip_desktop.store.cipher_convert import decrypt_in_place

    with _encrypted_as_admin(env) as (path, key, ctx, actor):
        audit.record(ctx, actor, ENCRYPTION, "database", "", "decrypt")
    decrypt_in_place(path, key)
    say(
        _("Decrypted {path}: it is a plain database again (its backups stay encrypted).").format(
            path=visible(path)
        )
    )
    return 0


def _their_password(login: str) -> str:
    given = os.environ.get("CIIP_GRANT_PASSWORD")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UserError(
            _(
                "Set CIIP_GRANT_PASSWORD, or run the command in a terminal for {login} to type it."
            ).format(login=login)
        )
    return getpass.getpass(_("{login}, type your password: ").format(login=login))


def _grant(env: CommandEnv) -> int:
    from sqlalchemy import select

    from ciip_desktop.models import Counsellor

    with _encrypted_as_admin(env) as (path, key, ctx, actor):
        login = str(env.args.login).strip().lower()
        with ctx.read() as session:
            person = session.scalar(
                select(Counsellor).where(
                    Counsellor.username == login,
                    Counsellor.active.is_(True),
                    Counsellor.deleted.is_(False),
                )
            )
            found = (person.id, person.password_hash) if person is not None else None
        if found is None or not found[1]:
            raise UserError(_("There is no active user named {name}.").format(name=login))
        # The person types their own password: it must be the one their account has.
        password = _their_password(login)
        if not verify_password(found[1], password):
            raise UserError(
                _("That is not {login}'s password; nothing was changed.").format(login=login)
            )
        db_keys.grant(path, login, password, key)
        audit.record(ctx, actor, ENCRYPTION, "counsellor", found[0], "grant")
    say(_("{login} can now open {path}.").format(login=login, path=visible(Path(path))))
    return 0
