"""`ciip package …` (build one package, a batch for a group session) and `ciip library …`."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, ngettext, set_language
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.services.packages.types import LANGUAGES, PAPERS


def register(sub: Any) -> None:
    """Add the `package` and `library` command groups to the `ciip` parser."""
    group: argparse.ArgumentParser = sub.add_parser(
        "package", help=_("Information packages: build one, or a batch for a group session.")
    )
    commands = group.add_subparsers(dest="package_command", metavar="COMMAND", required=True)
    build = add_command(commands, "build", _build, _("Build a client's information package."))
    build.add_argument("file_no", metavar="FILE_NO", help=_("the client's file number"))
    batch = add_command(
        commands, "batch", _batch, _("Build the packages of a group session's attendees.")
    )
    batch.add_argument("--session", required=True, metavar="ID", help=_("the group session"))
    batch.add_argument("--out-dir", required=True, metavar="DIR", help=_("the folder to write"))
    for parser in (build, batch):
        parser.add_argument(
            "--lang",
            dest="package_lang",
            choices=LANGUAGES,
            default="en",
            help=_("package language"),
        )
        parser.add_argument("--paper", choices=PAPERS, default="a4", help=_("paper size"))
        parser.add_argument(
            "--issue", action="store_true", help=_("issue it: keep a numbered version")
        )
    build.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF to write"))

    library: argparse.ArgumentParser = sub.add_parser(
        "library", help=_("The resource library: export and import as JSON.")
    )
    lib = library.add_subparsers(dest="library_command", metavar="COMMAND", required=True)
    export = add_command(lib, "export", _export, _("Write the library to a JSON file."))
    export.add_argument("file", metavar="FILE.json", help=_("the file to write"))
    imp = add_command(lib, "import", _import, _("Add or update library items from a JSON file."))
    imp.add_argument("file", metavar="FILE.json", help=_("the file to read"))


@contextmanager
def _opened(env: CommandEnv) -> Iterator[tuple[Services, Actor]]:
    services, actor = env.services()
    try:
        yield services, actor
    finally:
        services.ctx.db.close()


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(
            _("Could not write {file}: {reason}").format(file=path.name, reason=exc.strerror)
        ) from exc


def _interface_language(env: CommandEnv) -> None:
    """`ciip` reads the first --lang as the interface language; the package's own --lang
    (which may be "bilingual") must not change the language of the messages."""
    set_language(getattr(env.args, "lang", None))


def _build(env: CommandEnv) -> int:
    from ciip_desktop.documents.package_pdf import render_package

    _interface_language(env)
    args = env.args
    out = Path(args.out)
    with _opened(env) as (services, actor):
        client = services.clients.get_by_file_no(actor, args.file_no)
        services.library.ensure_defaults()
        draft = services.packages.propose(client.id, args.package_lang, args.paper)
        for warning in services.packages.warnings(draft):
            print(_("warning: {text}").format(text=warning.text))
        for missing in draft.missing:
            print(_("to be completed: {text}").format(text=missing))
        if args.issue:
            issued = services.issuer.issue(actor, draft)
            _write(out, services.issuer.snapshot(issued.id))
            print(
                _("Issued version {n} of {file_no}'s package: {file}").format(
                    n=issued.version, file_no=issued.file_no, file=out
                )
            )
        else:
            _write(out, render_package(services.packages.document(draft, actor.display_name)))
            print(_("Wrote {file_no}'s package: {file}").format(file_no=draft.file_no, file=out))
    return 0


def _batch(env: CommandEnv) -> int:
    from ciip_desktop.services.packages.batch import build_batch

    _interface_language(env)
    args = env.args
    out_dir = Path(args.out_dir)
    with _opened(env) as (services, actor):
        services.library.ensure_defaults()
        client_ids = services.packages.session_attendees(args.session)
        result = build_batch(
            services.packages,
            actor,
            client_ids,
            out_dir,
            args.package_lang,
            args.paper,
            issuer=services.issuer if args.issue else None,
        )
    print(
        ngettext(
            "Wrote {n} package into {dir}.", "Wrote {n} packages into {dir}.", len(result.written)
        ).format(n=len(result.written), dir=out_dir)
    )
    return 0


def _export(env: CommandEnv) -> int:
    with _opened(env) as (services, _actor):
        count = services.library.export_json(Path(env.args.file))
    print(
        ngettext("Exported {n} library item.", "Exported {n} library items.", count).format(n=count)
    )
    return 0


def _import(env: CommandEnv) -> int:
    with _opened(env) as (services, actor):
        services.library.ensure_defaults()
        count = services.library.import_json(actor, Path(env.args.file))
    print(
        ngettext(
            "Added or changed {n} library item.", "Added or changed {n} library items.", count
        ).format(n=count)
    )
    return 0
