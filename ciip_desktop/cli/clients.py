"""`ciip clients …`: import, find, show, update, export client records, and the import template."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.cli.output import json_text, say, visible
from ciip_desktop.cli.parser import count_type
from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.models import ClientStatus
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.contact import phone_display
from ciip_desktop.services.clients.fields import title
from ciip_desktop.services.clients.importer import ClientImporter
from ciip_desktop.services.clients.names import display_name
from ciip_desktop.services.clients.parsing import parse_date
from ciip_desktop.services.clients.status import status_label
from ciip_desktop.services.clients.types import ClientDetail, ClientFilter
from ciip_desktop.services.context import Actor
from ciip_desktop.services.reference import Reference

# `clients find --limit`: more than a screenful, less than a runaway query.
MAX_FOUND = 10_000


def register(sub: Any) -> None:
    """Add the `clients` command group to the `ciip` parser."""
    group: argparse.ArgumentParser = sub.add_parser(
        "clients", help=_("Client records: import, find, show, update, export.")
    )
    commands = group.add_subparsers(dest="clients_command", metavar="COMMAND", required=True)

    imp = add_command(commands, "import", _import, _("Import registrations from .csv or .xlsx."))
    imp.add_argument("file", metavar="FILE", help=_("the .csv or .xlsx file"))
    imp.add_argument("--dry-run", action="store_true", help=_("check only; import nothing"))
    imp.add_argument(
        "--skip-invalid", action="store_true", help=_("import the valid rows, skip the others")
    )

    find = add_command(commands, "find", _find, _("Find clients as the search box does."))
    find.add_argument("query", metavar="QUERY", help=_("name, pinyin, file no., phone, e-mail"))
    find.add_argument("--json", action="store_true", help=_("print JSON"))
    find.add_argument(
        "--limit",
        type=count_type(MAX_FOUND),
        default=20,
        help=_("at most this many (default 20)"),
    )

    show = add_command(commands, "show", _show, _("Show one client record."))
    show.add_argument("file_no", metavar="FILE_NO", help=_("the client's file number"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))

    update = add_command(commands, "update", _update, _("Change fields of a client record."))
    update.add_argument("file_no", metavar="FILE_NO", help=_("the client's file number"))
    update.add_argument(
        "--set",
        dest="changes",
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help=_("a field and its new value (repeat for more)"),
    )

    export = add_command(commands, "export", _export, _("Export clients to .csv or .xlsx."))
    export.add_argument("--out", required=True, metavar="FILE", help=_("the .csv or .xlsx file"))
    export.add_argument("--status", help=_("only clients with this status"))
    export.add_argument("--counsellor", metavar="USERNAME", help=_("only this counsellor's"))
    export.add_argument("--province", metavar="XX", help=_("only this destination province"))
    export.add_argument("--departs-from", metavar="DATE", help=_("departing on or after"))
    export.add_argument("--departs-to", metavar="DATE", help=_("departing on or before"))
    export.add_argument("--query", metavar="TEXT", help=_("only clients matching this search"))

    template = add_command(
        commands, "template", _template, _("Write an empty import template (.csv or .xlsx).")
    )
    template.add_argument("--out", required=True, metavar="FILE", help=_("the file to write"))


@contextmanager
def _opened(env: CommandEnv) -> Iterator[tuple[Services, Actor]]:
    services, actor = env.services()
    try:
        yield services, actor
    finally:
        services.ctx.db.close()


def _json_default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _print_json(value: object) -> None:
    say(json_text(value, default=_json_default))


def _reasons_error(err: ValidationError) -> UserError:
    lines = [err.message]
    for name, reason in err.fields.items():
        lines.append(
            "  " + _("{field}: {reason}").format(field=title(name), reason=visible(reason))
        )
    return UserError("\n".join(lines))


def _import(env: CommandEnv) -> int:
    with _opened(env) as (services, actor):
        report = services.importer.run(
            actor,
            Path(env.args.file),
            dry_run=bool(env.args.dry_run),
            skip_invalid=bool(env.args.skip_invalid),
        )
    say(
        _("{file}: {rows} rows, {valid} valid, {invalid} with problems.").format(
            file=visible(Path(report.path).name),
            rows=format_number(report.rows_total),
            valid=format_number(report.valid_rows),
            invalid=format_number(report.invalid_rows),
        )
    )
    for notice in report.notices:
        say(notice)
    for row in report.notes:
        for note in row.notes:
            say(_("row {row}, to confirm: {note}").format(row=row.row_no, note=visible(note)))
    for problem in report.problems:
        reasons = "; ".join(visible(r) for r in problem.reasons)
        say(_("row {row}: {reasons}").format(row=problem.row_no, reasons=reasons))
    if report.imported:
        say(
            ngettext(
                "Imported {n} client ({first} … {last}).",
                "Imported {n} clients ({first} … {last}).",
                report.imported,
            ).format(
                n=format_number(report.imported),
                first=report.imported_file_nos[0],
                last=report.imported_file_nos[-1],
            )
        )
    elif report.dry_run:
        say(_("Dry run: nothing was imported."))
    if report.problems and not env.args.skip_invalid:
        raise UserError(
            _(
                "Nothing was imported: correct the rows listed, or use --skip-invalid to "
                "import only the valid rows."
            )
        )
    return 0


def _find(env: CommandEnv) -> int:
    limit = int(env.args.limit)
    with _opened(env) as (services, _actor):
        ids = services.search.search(ClientFilter(text=str(env.args.query)), limit=limit)
        rows = services.search.summaries(ids)
    if env.args.json:
        _print_json([dataclasses.asdict(r) for r in rows])
        return 0
    if not rows:
        say(_("No client matches {query}.").format(query=visible(env.args.query)))
        return 0
    for row in rows:
        latin = f"{row.family_name.upper()}, {row.given_name}".strip(", ")
        cells = (row.file_no, latin, row.chinese_name, phone_display(row.phone))
        say("\t".join(visible(cell) for cell in (*cells, status_label(row.status))))
    return 0


def _show(env: CommandEnv) -> int:
    with _opened(env) as (services, actor):
        detail = services.clients.get_by_file_no(actor, str(env.args.file_no))  # audited
    if env.args.json:
        _print_json(dataclasses.asdict(detail))
    else:
        _print_detail(detail)
    return 0


def _print_detail(d: ClientDetail) -> None:
    r = d.registration
    yes, no = _("yes"), _("no")
    lines = [
        (_("File number"), d.file_no),
        (_("Name"), display_name(r.family_name, r.given_name, r.chinese_name)),
        (_("Pinyin"), d.pinyin),
        (_("Status"), status_label(d.status)),
        (_("Counsellor"), d.counsellor_name),
        (_("Date of birth"), r.date_of_birth.isoformat() if r.date_of_birth else ""),
        (_("Phone"), phone_display(r.phone)),
        (_("E-mail"), r.email),
        (_("WeChat"), r.wechat_id),
        (_("Received"), r.received_on.isoformat() if r.received_on else ""),
        (_("Signature on file"), yes if r.signature_on_file else no),
        (_("Consent to share"), yes if r.consent_to_share else no),
    ]
    a = d.assessment
    if a is not None:
        lines += [
            (
                _("Destination"),
                ", ".join(p for p in (a.destination_city, a.destination_province) if p),
            ),
            (_("Departure"), a.expected_departure.isoformat() if a.expected_departure else ""),
            (_("Intended NOC"), a.intended_noc),
            (_("English (CLB)"), "" if a.english_clb is None else str(a.english_clb)),
            (_("Assessment complete"), yes if a.complete else no),
        ]
    width = max(len(label) for label, _value in lines)
    for label, value in lines:
        say(f"{label.ljust(width)}  {visible(value)}")
    for step in d.action_steps:
        due = step.due_on.isoformat() if step.due_on else ""
        mark = "x" if step.done else ("!" if step.overdue else " ")
        say(f"[{mark}] {due}  {visible(step.text)}")
    for warning in d.warnings:
        say(f"! {visible(warning)}")


def _update(env: CommandEnv) -> int:
    changes: dict[str, object] = {}
    for item in env.args.changes:
        name, sep, value = str(item).partition("=")
        if not sep or not name.strip():
            raise UserError(_("Write each change as FIELD=VALUE, e.g. --set phone=13800138000."))
        changes[name.strip()] = value
    with _opened(env) as (services, actor):
        detail = services.clients.get_by_file_no(actor, str(env.args.file_no))
        try:
            services.clients.update(actor, detail.id, changes)
        except ValidationError as err:
            raise _reasons_error(err) from None
    say(_("Updated {file_no}.").format(file_no=visible(detail.file_no)))
    return 0


def _date_option(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError as err:
        raise UserError(_("{option}: {reason}").format(option=option, reason=err)) from None


def _export(env: CommandEnv) -> int:
    args = env.args
    status = (args.status or "").strip().lower() or None
    statuses = [s.value for s in ClientStatus]
    if status and status not in statuses:
        raise UserError(
            _("{status} is not a status; choose one of: {statuses}.").format(
                status=args.status, statuses=", ".join(statuses)
            )
        )
    province = (args.province or "").strip().upper() or None
    if province and not Reference.load().is_province(province):
        raise UserError(
            _("{code} is not a Canadian province or territory code, e.g. ON or BC.").format(
                code=args.province
            )
        )
    with _opened(env) as (services, actor):
        counsellor_id = None
        if args.counsellor:
            counsellor_id = services.ctx.counsellor_actor(args.counsellor).counsellor_id
        filter = ClientFilter(
            text=args.query or "",
            status=status,
            counsellor_id=counsellor_id,
            destination_province=province,
            departs_from=_date_option(args.departs_from, "--departs-from"),
            departs_to=_date_option(args.departs_to, "--departs-to"),
        )
        count = services.exporter.export(actor, filter, Path(args.out))
    say(
        ngettext("Exported {n} client to {path}.", "Exported {n} clients to {path}.", count).format(
            n=format_number(count), path=visible(args.out)
        )
    )
    return 0


def _template(env: CommandEnv) -> int:
    ClientImporter.write_template(Path(env.args.out))
    say(_("Wrote the import template to {path}.").format(path=visible(env.args.out)))
    return 0
