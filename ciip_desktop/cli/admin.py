"""`ciip init` (create or migrate a database) and `ciip demo` (fill it with demo data)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.cli.output import say, visible
from ciip_desktop.cli.parser import count_type
from ciip_desktop.config import database_path
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.demo import DemoService
from ciip_desktop.store import Database, cipher

_DEVICE_CODE = re.compile(r"^[A-Z]{1,3}$")
# All demo clients are written in one transaction (all or nothing): a million fits.
MAX_DEMO_CLIENTS = 1_000_000


def register(sub: Any) -> None:
    init = add_command(sub, "init", _init, _("Create the database, or migrate it (backup first)."))
    init.add_argument(
        "--device-code",
        default="A",
        help=_("letters that this laptop puts in every file number it issues (default A)"),
    )
    init.add_argument(
        "--admin",
        metavar="LOGIN",
        default=None,
        help=_("create the first administrator account (password: $CIIP_NEW_PASSWORD or typed)"),
    )
    init.add_argument(
        "--encrypted",
        action="store_true",
        help=_("create the database encrypted (SQLCipher); needs --admin for a new one"),
    )
    demo = add_command(sub, "demo", _demo, _("Fill the database with realistic demo data."))
    demo.add_argument(
        "--clients",
        type=count_type(MAX_DEMO_CLIENTS, minimum=0),
        default=1000,
        help=_("number of demo clients (default 1000)"),
    )
    demo.add_argument(
        "--seed",
        type=count_type(2**31 - 1, minimum=0),
        default=1,
        help=_("seed: the same seed, the same data"),
    )


def _init(env: CommandEnv) -> int:
    code = str(env.args.device_code).upper()
    if not _DEVICE_CODE.fullmatch(code):
        raise UserError(_("A device code is one to three letters, for example A or GZB."))
    path = database_path(env.args.db)
    key, admin_password = _encryption_key(env, path)
    db = Database.open(path, backup_dir=env.paths.backup_dir, create_folder=True, key=key)
    try:
        ctx = ServiceContext.open(db, device_code=code)
        report = db.report
        shown = visible(path)
        if report.created:
            say(_("Created a new CIIP database at {path}.").format(path=shown))
        elif report.migrated_from is not None:
            say(
                _(
                    "Migrated {path} to this release; the old file was backed up to {backup}."
                ).format(path=shown, backup=visible(report.backup))
            )
        else:
            say(_("{path} is up to date.").format(path=shown))
        if env.args.admin:
            from ciip_desktop.cli.security import new_password
            from ciip_desktop.services.security.accounts import AccountService

            password = admin_password if admin_password is not None else new_password()
            AccountService(ctx).setup(env.args.admin, env.args.admin, password)
            say(_("Created the administrator account {login}.").format(login=env.args.admin))
    finally:
        db.close()
    return 0


def _encryption_key(env: CommandEnv, path: Path) -> tuple[bytes | None, str | None]:
    """The key to open or create ``path`` with (None: plain) and, for a new encrypted
    database, the administrator's new password (its key file is written first, with the
    administrator's wrap, so a kill after the build never leaves a database nobody opens)."""
    from ciip_desktop.services.security import db_keys

    if cipher.is_encrypted(path):
        from ciip_desktop.cli.common import credentials

        return db_keys.unlock(path, *credentials(env.args.user or env.args.admin)), None
    if not env.args.encrypted:
        return None, None
    if cipher.header_is_plain(path):
        raise UserError(
            _("{path} is a plain database; encrypt it with `ciip security encrypt`.").format(
                path=visible(path)
            )
        )
    if not env.args.admin:
        raise UserError(
            _("A new encrypted database needs its first administrator: add --admin LOGIN.")
        )
    from ciip_desktop.cli.security import new_password
    from ciip_desktop.services.security.accounts import check_new_password

    password = new_password()
    check_new_password(password)
    key = cipher.new_key()
    keys = db_keys.DatabaseKeys.new(path, key)
    keys.grant(env.args.admin, password, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    keys.save()
    return key, password


def _demo(env: CommandEnv) -> int:
    count = int(env.args.clients)
    services, _actor = env.services()
    try:
        last_shown = -1

        def progress(done: int, total: int) -> bool:
            nonlocal last_shown
            percent = done * 100 // max(total, 1)
            if percent // 10 != last_shown // 10 and sys.stderr.isatty():
                print(_("… {percent}%").format(percent=percent), file=sys.stderr)
            last_shown = percent
            return True

        summary = DemoService(services.ctx).fill(
            Actor.system(), count, seed=int(env.args.seed), progress=progress
        )
        say(
            _("Added {clients} demo clients ({assessments} assessed, {meetings} meetings).").format(
                clients=format_number(summary.clients),
                assessments=format_number(summary.assessments),
                meetings=format_number(summary.meetings),
            )
        )
    finally:
        services.ctx.db.close()
    return 0
