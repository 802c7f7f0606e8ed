"""The `ciip` command: the same services as the desktop app, headless (admin, batch, cron).

Exit codes: 0 done, 1 a user error (one translated line on stderr, no traceback), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from ciip_desktop import __version__
from ciip_desktop.cli import admin, calendar, clients
from ciip_desktop.cli.common import CommandEnv, open_services
from ciip_desktop.config import app_paths
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, set_language
from ciip_desktop.logs import setup_logging

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ciip", description=_("CIIP Desktop, headless."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_("database file (default: $CIIP_DB, else the user data folder)"),
    )
    parser.add_argument("--lang", metavar="LOCALE", help=_("language: en, zh_CN or fr_CA"))
    parser.add_argument(
        "--user", metavar="USERNAME", help=_("act as this user (default: the first administrator)")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    admin.register(sub)
    clients.register(sub)
    calendar.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The language must be set before the parser builds its translated help.
    set_language(_peek_option(args_list, "--lang"))
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits 2 on wrong usage, 0 on --help
        return int(exc.code or 0)
    paths = app_paths().ensure()
    setup_logging(paths.log_dir, console=False)
    env = CommandEnv(args=args, paths=paths, open_services=open_services)
    try:
        result: int = args.func(env)
        return result
    except UserError as err:
        print(f"ciip: {err.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("ciip: interrupted"), file=sys.stderr)
        return 1


def _peek_option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None
