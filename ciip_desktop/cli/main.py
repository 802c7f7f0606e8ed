"""The `ciip` command's parser and its one place that turns every failure into a sentence.

Exit codes: 0 done, 1 a user error (one translated line on stderr, no traceback), 2 wrong
usage, 130 interrupted (Ctrl+C). An unexpected error is one sentence naming the log file;
its traceback goes to the log only, without personal data.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from ciip_desktop import __version__
from ciip_desktop.cli import (
    admin,
    calendar,
    clients,
    encryption,
    packages,
    report,
    security,
    sync,
    sync_bundle,
)
from ciip_desktop.cli.common import CommandEnv, open_services
from ciip_desktop.cli.output import complain
from ciip_desktop.cli.parser import CiipArgumentParser, route_argparse_messages
from ciip_desktop.config import app_paths, database_path
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, set_language
from ciip_desktop.logs import setup_logging
from ciip_desktop.store.failures import explain_sqlite

log = logging.getLogger(__name__)

EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# Options and arguments that name files: they may hold bytes that are not UTF-8.
_PATH_OPTIONS = frozenset({"db", "file", "out"})  # restore FILE, backup --out too


def build_parser() -> argparse.ArgumentParser:
    parser = CiipArgumentParser(prog="ciip", description=_("CIIP Desktop, headless."))
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
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
    packages.register(sub)
    report.register(sub)
    security.register(sub)
    encryption.register(sub)
    sync.register(sub)
    sync_bundle.register_file_commands(sync.SYNC_SUBCOMMANDS)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Run one `ciip` command; returns the exit code (never raises, never a traceback)."""
    _tolerant_streams()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        complain(_("interrupted; nothing more was changed."))
        return EXIT_INTERRUPTED
    except UserError as err:
        complain(err.message)
        return EXIT_USER_ERROR
    except MemoryError:
        complain(_("there was not enough memory to finish; nothing more was changed."))
        return EXIT_USER_ERROR
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader (`| head`) has gone: stop quietly
            _silence_stdout()
            return EXIT_USER_ERROR
        complain(_os_error_sentence(exc))
        return EXIT_USER_ERROR
    except Exception as exc:
        return _unexpected(exc)


def _main(args_list: list[str]) -> int:
    # The language must be set before the parser builds its translated help.
    set_language(_peek_option(args_list, "--lang"))
    route_argparse_messages()
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits 2 on wrong usage, 0 on --help
        return int(exc.code or 0)
    bad = _undecodable_option(args)
    if bad is not None:
        complain(
            _(
                "the value of {option} is not valid UTF-8 text; check the terminal's or the "
                "script's character encoding."
            ).format(option=bad)
        )
        return EXIT_USAGE
    paths = app_paths().ensure()
    with contextlib.suppress(OSError):  # a read-only log folder must not stop the command
        setup_logging(paths.log_dir, console=False)
    env = CommandEnv(args=args, paths=paths, open_services=open_services)
    try:
        result: int = args.func(env)
    except UserError as err:
        log.info("%s refused: %s", _command_name(args), type(err).__name__)
        raise
    except DBAPIError as exc:
        explained = explain_sqlite(exc, database_path(args.db), paths.backup_dir)
        if explained is None:
            raise
        log.info("%s refused: %s", _command_name(args), type(explained).__name__)
        raise explained from exc
    return result


def _undecodable_option(args: argparse.Namespace) -> str | None:
    """The option whose value held bytes that are not UTF-8 (file names may hold them)."""
    for name, value in vars(args).items():
        if name in _PATH_OPTIONS:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and any(0xDC80 <= ord(ch) <= 0xDCFF for ch in item):
                positional = name in {"query", "file_no"}
                return name.upper() if positional else "--" + name.replace("_", "-")
    return None


def _command_name(args: argparse.Namespace) -> str:
    return " ".join(str(p) for p in (args.command, getattr(args, "clients_command", None)) if p)


def _tolerant_streams() -> None:
    """Never fail on printing: an unencodable character is written as an escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _os_error_sentence(exc: OSError) -> str:
    name = exc.filename if exc.filename is not None else ""
    target = str(name) if name else _("a file")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("the disk is full while writing {file}; free some space and try again.").format(
            file=target
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied for {file}; check its permissions.").format(file=target)
    if exc.errno == errno.EROFS:
        return _("{file} is on a read-only disk; choose a writable place.").format(file=target)
    if exc.errno == errno.ENOENT:
        return _("{file} does not exist; check the path.").format(file=target)
    if exc.errno == errno.EISDIR:
        return _("{file} is a folder; give the path of a file.").format(file=target)
    if exc.errno == errno.ENOTDIR:
        return _("a part of the path {file} is not a folder; check the path.").format(file=target)
    code = errno.errorcode.get(exc.errno or 0, "?")
    return _("the system refused an operation on {file} ({code}); nothing more was done.").format(
        file=target, code=code
    )


def _unexpected(exc: Exception) -> int:
    """A bug: one sentence on stderr; the traceback (without data) in the log file only."""
    log_file: Path | None = None
    try:
        log_file = setup_logging(app_paths().log_dir)
        log.error("unexpected error in ciip", exc_info=exc)
    except Exception:  # the log cannot be written either: say so, still no traceback
        log_file = None
    if log_file is None:
        complain(_("an unexpected error stopped the command, and the log could not be written."))
    else:
        complain(
            _(
                "an unexpected error stopped the command. The details are in the log file "
                "{path}; please send it to your support person."
            ).format(path=log_file)
        )
    return EXIT_USER_ERROR


def _peek_option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None
