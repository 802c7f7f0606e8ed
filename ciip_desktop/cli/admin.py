"""`ciip init` (create or migrate a database) and `ciip demo` (fill it with demo data)."""

from __future__ import annotations

import re
import sys
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.config import database_path
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.demo import DemoService
from ciip_desktop.store import Database

_DEVICE_CODE = re.compile(r"^[A-Z]{1,3}$")


def register(sub: Any) -> None:
    init = add_command(sub, "init", _init, _("Create the database, or migrate it (backup first)."))
    init.add_argument(
        "--device-code",
        default="A",
        help=_("letters that this laptop puts in every file number it issues (default A)"),
    )
    demo = add_command(sub, "demo", _demo, _("Fill the database with realistic demo data."))
    demo.add_argument("--clients", type=int, default=1000, help=_("number of demo clients"))
    demo.add_argument("--seed", type=int, default=1, help=_("seed: the same seed, the same data"))


def _init(env: CommandEnv) -> int:
    code = str(env.args.device_code).upper()
    if not _DEVICE_CODE.match(code):
        raise UserError(_("A device code is one to three letters, for example A or GZB."))
    path = database_path(env.args.db)
    db = Database.open(path, backup_dir=env.paths.backup_dir)
    try:
        ServiceContext.open(db, device_code=code)
        report = db.report
        if report.created:
            print(_("Created a new CIIP database at {path}.").format(path=path))
        elif report.migrated_from is not None:
            print(
                _(
                    "Migrated {path} to this release; the old file was backed up to {backup}."
                ).format(path=path, backup=report.backup)
            )
        else:
            print(_("{path} is up to date.").format(path=path))
    finally:
        db.close()
    return 0


def _demo(env: CommandEnv) -> int:
    count = int(env.args.clients)
    if count < 0:
        raise UserError(_("The number of demo clients cannot be negative."))
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
        print(
            _("Added {clients} demo clients ({assessments} assessed, {meetings} meetings).").format(
                clients=format_number(summary.clients),
                assessments=format_number(summary.assessments),
                meetings=format_number(summary.meetings),
            )
        )
    finally:
        services.ctx.db.close()
    return 0
