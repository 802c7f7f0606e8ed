"""`ciip sync export|import` (sync by file) and `ciip sync key new|install|export` (office key).

The subcommands hang under `ciip sync` (the network sync's own command, see ``cli/sync``):
:func:`register_file_commands` adds them to its sub-parsers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.cli.output import say, visible
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.permissions import Action, require
from ciip_desktop.services.security import audit
from ciip_desktop.services.sync_files import SyncFileService, build_sync_files
from ciip_desktop.sync.office_key import read_key_file, write_private


def register_file_commands(sync_sub: Any) -> None:
    """Add export, import and key to the sub-parsers of `ciip sync`."""
    export = add_command(
        sync_sub,
        "export",
        _export,
        _("Write every change this laptop knows into a sealed sync file."),
    )
    export.add_argument("--out", required=True, metavar="FILE", help=_("the sync file to write"))
    imp = add_command(
        sync_sub,
        "import",
        _import,
        _("Apply a sync file from another laptop of the office (all or nothing)."),
    )
    imp.add_argument("file", metavar="FILE", help=_("the sync file to apply"))

    key = sync_sub.add_parser(
        "key", help=_("The office key that seals sync files."), description=_("The office key.")
    )
    key_sub = key.add_subparsers(dest="key_command", metavar="COMMAND", required=True)
    new = add_command(
        key_sub, "new", _key_new, _("Make a new office key (administrator, once per office).")
    )
    new.add_argument(
        "--out", metavar="FILE", help=_("also write the key to this file, for the other laptops")
    )
    install = add_command(
        key_sub, "install", _key_install, _("Install the office key file on this laptop.")
    )
    install.add_argument("file", metavar="FILE", help=_("the key file from the administrator"))
    copy = add_command(
        key_sub, "export", _key_export, _("Write this laptop's office key to a file.")
    )
    copy.add_argument("--out", required=True, metavar="FILE", help=_("the key file to write"))


def _service(env: CommandEnv, admin: bool = False) -> SyncFileService:
    services, actor = env.services()
    if admin:  # office keys: administrators (issue 17), audited
        require(actor.role, Action.HUB_MANAGE)
        audit.record(services.ctx, actor, audit.KEYS, "office", services.ctx.replica.office_code)
    return build_sync_files(services, env.paths.config_dir, actor)


def _export(env: CommandEnv) -> int:
    result = _service(env).export(Path(env.args.out))
    say(
        ngettext(
            "Wrote {count} change to {path}.",
            "Wrote {count} changes to {path}.",
            result.change_count,
        ).format(count=format_number(result.change_count), path=visible(result.path))
    )
    return 0


def _import(env: CommandEnv) -> int:
    outcome = _service(env).import_(Path(env.args.file))
    say(outcome.headline)
    say(
        _("{applied} applied, {conflicting} conflicting, {refused} refused.").format(
            applied=format_number(outcome.applied),
            conflicting=format_number(outcome.conflicting),
            refused=format_number(outcome.refused),
        )
    )
    for reason in outcome.reasons:
        say(f"- {visible(reason)}")
    return 0


def _key_new(env: CommandEnv) -> int:
    service = _service(env, admin=True)
    key = service.new_office_key()
    say(_("Made a new office key and installed it on this laptop."))
    if env.args.out:
        out = Path(env.args.out)
        write_private(out, key.to_json())
        say(
            _(
                "Wrote the key to {path}: install it on every laptop of the office, then "
                "delete this copy."
            ).format(path=visible(out))
        )
    return 0


def _key_install(env: CommandEnv) -> int:
    key = read_key_file(Path(env.args.file))
    path = _service(env, admin=True).install_key(key)
    say(_("Installed the office key ({path}).").format(path=visible(path)))
    return 0


def _key_export(env: CommandEnv) -> int:
    key = _service(env).office_key()
    out = Path(env.args.out)
    write_private(out, key.to_json())
    say(_("Wrote the office key to {path}; keep it safe.").format(path=visible(out)))
    return 0
