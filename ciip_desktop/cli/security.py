"""`ciip users`, `ciip audit`, `ciip backup` and `ciip restore` (issue 17)."""

from __future__ import annotations

import getpass
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.cli.output import say, visible
from ciip_desktop.cli.parser import count_type
from ciip_desktop.config import database_path
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number
from ciip_desktop.models import Role
from ciip_desktop.services.permissions import Action, require
from ciip_desktop.services.security import audit
from ciip_desktop.services.security.accounts import AccountService
from ciip_desktop.services.security.audit_trail import AuditService
from ciip_desktop.services.security.retention import DEFAULT_RETENTION_DAYS, purge_closed_files


def register(sub: Any) -> None:
    users = add_command(sub, "users", _users_usage, _("Manage the office's accounts."))
    users_sub = users.add_subparsers(dest="users_command", metavar="COMMAND")
    add = add_command(users_sub, "add", _users_add, _("Add an account (administrators)."))
    add.add_argument("login", help=_("the new account's login"))
    add.add_argument("--name", default="", help=_("the name shown for the account"))
    add.add_argument(
        "--role",
        choices=[r.value for r in Role],
        default=Role.COUNSELLOR.value,
        help=_("counsellor, supervisor or administrator"),
    )
    audit_cmd = add_command(sub, "audit", _audit_list, _("Show the audit trail (supervisors)."))
    audit_cmd.add_argument("--action", default=None, help=_("only this action, e.g. client.view"))
    audit_cmd.add_argument("--login", default=None, help=_("only what this account did"))
    audit_cmd.add_argument("--target", default=None, help=_("only this record id or file number"))
    audit_cmd.add_argument("--out", default=None, help=_("write the entries to this CSV file"))
    backup = add_command(sub, "backup", _backup, _("Copy the database consistently to a file."))
    backup.add_argument(
        "--out",
        default=None,
        help=_("the backup file to write (default: the rotating copies in the backup folder)"),
    )
    backup.add_argument(
        "--keep",
        type=count_type(10_000, minimum=1),
        default=None,
        help=_("without --out: how many rotating copies to keep (default 12)"),
    )
    restore = add_command(
        sub, "restore", _restore, _("Replace the database with a checked backup (administrators).")
    )
    restore.add_argument("file", help=_("the backup file"))
    purge = add_command(
        sub,
        "purge",
        _purge,
        _("Purge the personal data of files closed longer than the retention period."),
    )
    purge.add_argument(
        "--older-than-days",
        type=count_type(100 * 365, minimum=1),
        default=DEFAULT_RETENTION_DAYS,
        help=_("the office's retention period in days (default 2555, seven years)"),
    )


def new_password() -> str:
    """The new account's password: $CIIP_NEW_PASSWORD (scripts), else typed twice."""
    given = os.environ.get("CIIP_NEW_PASSWORD")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UserError(_("Set CIIP_NEW_PASSWORD, or run the command in a terminal to type it."))
    first = getpass.getpass(_("New password: "))
    if getpass.getpass(_("The same password again: ")) != first:
        raise UserError(_("The two passwords differ; nothing was changed."))
    return first


def _users_usage(env: CommandEnv) -> int:
    raise UserError(_("Name what to do with the accounts, for example: ciip users add LOGIN."))


def _users_add(env: CommandEnv) -> int:
    services, actor = env.services()
    try:
        made = AccountService(services.ctx).add(
            actor, env.args.login, env.args.name, Role(env.args.role), new_password()
        )
        say(_("Added the account {login} ({role}).").format(login=env.args.login, role=made.role))
    finally:
        services.ctx.db.close()
    return 0


def _audit_list(env: CommandEnv) -> int:
    services, actor = env.services()
    try:
        trail = AuditService(services.ctx)
        filters: dict[str, str | None] = {
            "action": env.args.action,
            "login": env.args.login,
            "target_id": env.args.target,
        }
        if env.args.out:
            count = trail.export_csv(actor, Path(env.args.out), **filters)
            say(
                _("Wrote {n} audit entries to {path}.").format(
                    n=format_number(count), path=visible(Path(env.args.out))
                )
            )
            return 0
        for row in trail.search(actor, **filters):  # type: ignore[arg-type]
            at = row.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
            say(
                f"{at}  {row.login:<12} {row.action:<16} {row.target_kind} {row.target_id} "
                f"{row.detail}".rstrip()
            )
    finally:
        services.ctx.db.close()
    return 0


def _purge(env: CommandEnv) -> int:
    services, actor = env.services()
    try:
        count = purge_closed_files(services.ctx, actor, int(env.args.older_than_days))
        say(_("Purged {n} closed files.").format(n=format_number(count)))
    finally:
        services.ctx.db.close()
    return 0


def _backup(env: CommandEnv) -> int:
    from ciip_desktop.store.backup_restore import backup_to

    services, actor = env.services()
    try:
        require(actor.role, Action.CLIENT_EXPORT)
        if env.args.out is None:  # a scheduled job: the same rotating copies as the window's
            out = _rotating_backup(services.ctx.db.path, services.ctx.db.backup_dir, env.args.keep)
        else:
            out = Path(env.args.out)
            if not out.name or out.is_dir():
                raise UserError(
                    _("{path} is a folder; give the name of the backup file to write.").format(
                        path=visible(out)
                    )
                )
            backup_to(services.ctx.db.path, out)
        audit.record(services.ctx, actor, audit.BACKUP, "database", "", out.name[:200])
        say(_("Backed up the database to {path}.").format(path=visible(out)))
    finally:
        services.ctx.db.close()
    return 0


def _rotating_backup(database: Path, backup_dir: Path | None, keep: int | None) -> Path:
    from ciip_desktop.services.security.auto_backup import AutoBackup, BackupPolicy

    kept = keep if keep is not None else BackupPolicy.from_env().keep
    folder = backup_dir or database.parent / "backups"
    outcome = AutoBackup(database, folder, max(1, kept)).take(force=True)
    assert outcome.path is not None
    return outcome.path


def _backup_key(env: CommandEnv, source: Path, live_key: bytes | None) -> bytes:
    """The key of an encrypted backup: the database's own, else unwrapped from the backup's
    key file with the credentials the command signed in with."""
    from ciip_desktop.cli.common import credentials
    from ciip_desktop.services.security import db_keys

    keys = db_keys.DatabaseKeys.load(source)
    if live_key is not None and db_keys.key_id(live_key) == keys.key_id:
        return live_key
    return keys.unlock(*credentials(getattr(env.args, "user", None)))


def _restore(env: CommandEnv) -> int:
    from ciip_desktop.store import cipher
    from ciip_desktop.store.backup_restore import check_backup, restore_from

    source = Path(env.args.file)
    encrypted = cipher.is_encrypted(source)
    if not encrypted:
        check_backup(source)
    services, actor = env.services()
    try:
        require(actor.role, Action.BACKUP_RESTORE)
        live_key = services.ctx.db.key
    finally:
        services.ctx.db.close()
    key = _backup_key(env, source, live_key) if encrypted else None
    path = database_path(env.args.db)
    kept = restore_from(source, path, env.paths.backup_dir, key=key)
    # The restored database records who restored it (its own trail, after the swap).
    services, _actor = env.services()
    try:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M")
        audit.record(services.ctx, actor, audit.RESTORE, "database", "", stamp)
    finally:
        services.ctx.db.close()
    say(
        _("Restored the database from {backup}; the replaced one is kept at {kept}.").format(
            backup=visible(source), kept=visible(kept) if kept else "-"
        )
    )
    return 0
