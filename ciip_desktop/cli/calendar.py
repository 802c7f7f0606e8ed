"""`ciip calendar …`: list sessions, export them as iCalendar, export a session's roster."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, ngettext
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.ics import calendar_file, summary
from ciip_desktop.services.calendar.roster import (
    roster_entries,
    write_roster_csv,
    write_roster_pdf,
)
from ciip_desktop.services.calendar.types import (
    KIND_LABELS,
    STATUS_LABELS,
    SessionFilter,
    SessionView,
    city_label,
    label,
)
from ciip_desktop.services.clients.parsing import parse_date
from ciip_desktop.services.context import Actor

DEFAULT_DAYS = 30


def register(sub: Any) -> None:
    """Add the `calendar` command group to the `ciip` parser."""
    group: argparse.ArgumentParser = sub.add_parser(
        "calendar", help=_("The session calendar: list, export, rosters.")
    )
    commands = group.add_subparsers(dest="calendar_command", metavar="COMMAND", required=True)

    listing = add_command(commands, "list", _list, _("List sessions, earliest first."))
    _period_options(listing)
    listing.add_argument("--json", action="store_true", help=_("print JSON"))

    export = add_command(commands, "export", _export, _("Export sessions as iCalendar (.ics)."))
    _period_options(export)
    export.add_argument("--session", metavar="ID", help=_("only this session"))
    export.add_argument("--out", required=True, metavar="FILE.ics", help=_("the .ics file"))

    roster = add_command(
        commands, "roster", _roster, _("Export a group session's roster (.csv or .pdf).")
    )
    roster.add_argument("session", metavar="ID", help=_("the session's id (from list --json)"))
    roster.add_argument("--out", required=True, metavar="FILE", help=_("the .csv or .pdf file"))
    roster.add_argument(
        "--sign-in", action="store_true", help=_("a sign-in sheet with a signature column")
    )


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="first", metavar="DATE", help=_("from this day (today)"))
    parser.add_argument("--to", dest="last", metavar="DATE", help=_("to this day (30 days on)"))
    parser.add_argument("--counsellor", metavar="LOGIN", help=_("only this counsellor's sessions"))
    parser.add_argument("--city", help=_("only sessions in this city"))


@contextmanager
def _opened(env: CommandEnv) -> Iterator[tuple[Services, Actor]]:
    services, actor = env.services()
    try:
        yield services, actor
    finally:
        services.ctx.db.close()


def _day(text: str | None, default: date) -> date:
    try:
        return parse_date(text or "") or default
    except ValueError as err:
        raise UserError(str(err)) from None


def _sessions(env: CommandEnv, services: Services) -> list[SessionView]:
    args = env.args
    first = _day(args.first, date.today())
    last = _day(args.last, first + timedelta(days=DEFAULT_DAYS))
    if last < first:
        raise UserError(_("--to is before --from; give a later end date."))
    counsellor_id = ""
    if args.counsellor:
        found = [c for c in services.calendar.places.counsellors() if c[1] == args.counsellor]
        if not found:
            raise UserError(_("There is no active user named {name}.").format(name=args.counsellor))
        counsellor_id = found[0][0]
    flt = SessionFilter(city=args.city or "", counsellor_id=counsellor_id)
    return services.calendar.sessions.days(first, last, flt)


def _as_json(view: SessionView) -> dict[str, object]:
    return {
        "id": view.id,
        "kind": view.kind,
        "status": view.status,
        "starts_at": view.local_start.isoformat(),
        "ends_at": view.local_end.isoformat(),
        "time_zone": view.time_zone,
        "city": view.city,
        "venue": view.venue_name,
        "lead": view.lead_name,
        "support": list(view.support_names),
        "capacity": view.capacity,
        "enrolled": view.enrolled,
        "waiting": view.waiting,
        "client_file_no": view.client_file_no,
        "client_time_zone": view.client_time_zone,
        "client_starts_at": (
            view.local(view.starts_at, view.client_time_zone).isoformat()
            if view.client_time_zone
            else None
        ),
    }


def _list(env: CommandEnv) -> int:
    with _opened(env) as (services, _actor):
        views = _sessions(env, services)
    if env.args.json:
        print(json.dumps([_as_json(v) for v in views], ensure_ascii=False, indent=2))
        return 0
    for v in views:
        seats = f"{v.enrolled}/{v.capacity}" if v.is_group else ""
        print(
            "  ".join(
                part
                for part in (
                    v.local_start.strftime("%Y-%m-%d %H:%M"),
                    v.local_end.strftime("%H:%M"),
                    label(KIND_LABELS, v.kind),
                    city_label(v.city),
                    v.client_file_no,
                    v.lead_name,
                    seats,
                    label(STATUS_LABELS, v.status),
                )
                if part
            )
        )
    print(ngettext("{n} session.", "{n} sessions.", len(views)).format(n=len(views)))
    return 0


def _export(env: CommandEnv) -> int:
    out = Path(env.args.out)
    with _opened(env) as (services, _actor):
        if env.args.session:
            views = [services.calendar.sessions.get(env.args.session)]
        else:
            views = _sessions(env, services)
    try:
        out.write_bytes(calendar_file(views))
    except OSError as err:
        raise UserError(
            _("Could not write {file} ({reason}); choose another folder.").format(
                file=out, reason=err.strerror or err
            )
        ) from None
    print(
        ngettext(
            "Wrote {n} session to {file}.", "Wrote {n} sessions to {file}.", len(views)
        ).format(n=len(views), file=out)
    )
    return 0


def _roster(env: CommandEnv) -> int:
    out = Path(env.args.out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".pdf"):
        raise UserError(_("Give a .csv or .pdf file for the roster."))
    with _opened(env) as (services, actor):
        view = services.calendar.sessions.get(env.args.session)
        if not view.is_group:
            raise UserError(_("Only group sessions have a roster; give a group session's id."))
        form = "sign-in" if env.args.sign_in else suffix[1:]
        entries = roster_entries(services.calendar.enrolment, actor, view.id, form)
    try:
        if suffix == ".csv":
            rows = write_roster_csv(out, entries)
        else:
            rows = write_roster_pdf(out, view, entries, sign_in=bool(env.args.sign_in))
    except OSError as err:
        raise UserError(
            _("Could not write {file} ({reason}); choose another folder.").format(
                file=out, reason=err.strerror or err
            )
        ) from None
    print(
        ngettext(
            "Wrote the roster of {title} ({n} client) to {file}.",
            "Wrote the roster of {title} ({n} clients) to {file}.",
            rows,
        ).format(title=summary(view), n=rows, file=out)
    )
    return 0
