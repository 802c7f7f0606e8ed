"""`ciip hub init|enrol` (the office administrator) and `ciip sync [--hub URL]`, `ciip sync
enrol`, `ciip sync status` (a laptop)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.cli.output import say, visible
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_datetime, format_number
from ciip_desktop.services.permissions import Action, require
from ciip_desktop.services.security import audit
from ciip_desktop.services.sync import SyncReport
from ciip_desktop.services.sync.enrol import (
    enrol_from_file,
    enrol_from_hub,
    init_hub,
    make_enrolment,
)
from ciip_desktop.services.sync.service import safe_url


def register(sub: Any) -> None:
    hub = add_command(sub, "hub", _hub_help, _("Set up the office hub (administrator)."))
    hub_sub = hub.add_subparsers(dest="hub_command", metavar="COMMAND", required=True)
    init = add_command(
        hub_sub, "init", _hub_init, _("Create the hub for this database's office and join it.")
    )
    init.add_argument("--url", required=True, help=_("hub address: a file path or postgresql://…"))
    enrol = add_command(
        hub_sub,
        "enrol",
        _hub_enrol,
        _("Give a new laptop its device code: write its enrolment file."),
    )
    enrol.add_argument("--url", required=True, help=_("hub address: a file path or postgresql://…"))
    enrol.add_argument(
        "--device-code", required=True, help=_("one to three letters, unique in the office")
    )
    enrol.add_argument("--out", required=True, help=_("the enrolment file to write"))

    sync = add_command(sub, "sync", _sync, _("Sync this laptop with the office hub."))
    sync.add_argument("--hub", metavar="URL", help=_("hub address (default: the one in settings)"))
    sync_sub = sync.add_subparsers(dest="sync_command", metavar="COMMAND", required=False)
    join = add_command(
        sync_sub, "enrol", _sync_enrol, _("Join the office: from an enrolment file, or the hub.")
    )
    join.add_argument("file", nargs="?", help=_("enrolment file from the administrator"))
    join.add_argument("--hub", dest="join_hub", metavar="URL", help=_("hub address"))
    join.add_argument("--device-code", help=_("one to three letters, unique in the office"))
    add_command(sync_sub, "status", _sync_status, _("Show the hub, last sync and pending changes."))
    global SYNC_SUBCOMMANDS
    SYNC_SUBCOMMANDS = sync_sub


# Where `ciip sync export|import` (the offline bundle) registers its subcommands.
SYNC_SUBCOMMANDS: argparse._SubParsersAction[argparse.ArgumentParser] | None = None


def _hub_help(env: CommandEnv) -> int:
    return 2


def _hub_init(env: CommandEnv) -> int:
    services, actor = env.services()
    try:
        require(actor.role, Action.HUB_MANAGE)
        info = init_hub(services.ctx, str(env.args.url))
        audit.record(services.ctx, actor, audit.HUB, "office", info.office_code, "hub init")
        say(
            _(
                "The hub of office {office} is ready at {url}; this laptop ({device}) joined it."
            ).format(
                office=info.office_code,
                url=safe_url(str(env.args.url)),
                device=services.ctx.replica.device_code,
            )
        )
    finally:
        services.ctx.db.close()
    return 0


def _hub_enrol(env: CommandEnv) -> int:
    code = str(env.args.device_code).upper()
    if not code.isalpha() or not 1 <= len(code) <= 3 or not code.isascii():
        raise UserError(_("A device code is one to three letters, for example A or GZB."))
    enrolment = make_enrolment(str(env.args.url), code)
    out = Path(env.args.out)
    out.write_text(enrolment.to_json(), encoding="utf-8")
    say(
        _("Wrote the enrolment of laptop {device} to {path}.").format(
            device=enrolment.device_code, path=visible(out)
        )
    )
    return 0


def _sync_enrol(env: CommandEnv) -> int:
    services, actor = env.services()
    try:
        require(actor.role, Action.HUB_MANAGE)
        if env.args.file:
            replica = enrol_from_file(services.ctx, Path(env.args.file))
        elif env.args.join_hub and env.args.device_code:
            replica = enrol_from_hub(
                services.ctx, str(env.args.join_hub), str(env.args.device_code)
            )
        else:
            raise UserError(_("Give an enrolment file, or --hub and --device-code."))
        audit.record(services.ctx, actor, audit.ENROL, "device", replica.device_code)
        say(
            _("This laptop joined office {office} as device {device}.").format(
                office=replica.office_code, device=replica.device_code
            )
        )
    finally:
        services.ctx.db.close()
    return 0


def _sync_status(env: CommandEnv) -> int:
    services, _actor = env.services()
    try:
        status = services.sync.status()
    finally:
        services.ctx.db.close()
    say(_("Hub: {hub}").format(hub=status.hub or _("none")))
    say(
        _("Last sync: {when}").format(
            when=format_datetime(status.last_sync) if status.last_sync else _("never")
        )
    )
    say(
        _("Changes waiting to be sent: {count}").format(count=format_number(status.pending_changes))
    )
    say(_("Conflicts to review: {count}").format(count=format_number(status.conflicts_open)))
    return 0


def _sync(env: CommandEnv) -> int:
    if getattr(env.args, "sync_command", None) is not None:
        return 2  # pragma: no cover - subcommands have their own handler
    services, _actor = env.services()
    try:
        report = services.sync.sync_now(progress=_progress, hub_url=env.args.hub)
    finally:
        services.ctx.db.close()
    print_report(report)
    return 1 if report.refused else 0


def _progress(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty() and total:
        print(f"… {stage} {done * 100 // total}%", file=sys.stderr)


def print_report(report: SyncReport) -> None:
    say(
        _(
            "Sent {pushed}, received {pulled}: {applied} applied, {conflicts} to review, "
            "{refused} refused."
        ).format(
            pushed=format_number(report.pushed),
            pulled=format_number(report.pulled),
            applied=format_number(report.applied),
            conflicts=format_number(report.conflicting),
            refused=format_number(report.refused),
        )
    )
    for reason in report.reasons:
        say(reason)
