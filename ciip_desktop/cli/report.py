"""`ciip report …`: the monthly service-quality reports as PDF or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ciip_desktop.cli.common import CommandEnv, add_command
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.permissions import Action, require


def register(sub: Any) -> None:
    """Add the `report` command group to the `ciip` parser."""
    group: argparse.ArgumentParser = sub.add_parser(
        "report", help=_("Service-quality reports for a month, as PDF or CSV.")
    )
    commands = group.add_subparsers(dest="report_command", metavar="COMMAND", required=True)
    reports = {
        "standards": _("Each service standard: target, achievement, cases and a note."),
        "survey": _("Client satisfaction by driver, with 95 % intervals."),
        "improvements": _("Improvement ideas raised and implemented, and their effect."),
        "workload": _("Clients per stage, sessions' fill rate, open cases and the forecast."),
    }
    for name, text in reports.items():
        parser = add_command(commands, name, _report, text)
        parser.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the month"))
        parser.add_argument(
            "--out", required=True, metavar="FILE.pdf|FILE.csv", help=_("the file to write")
        )


def _report(env: CommandEnv) -> int:
    from ciip_desktop.documents.report_table import report_csv, report_pdf
    from ciip_desktop.services.quality.reports import (
        check_month,
        improvements_report,
        standards_report,
        survey_report,
    )
    from ciip_desktop.services.quality.workload import workload_report

    args = env.args
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".csv"):
        raise UserError(_("The report is written as .pdf or .csv; name the file so."))
    try:
        month = check_month(args.month)
    except ValueError:
        raise UserError(
            _("{month} is not a month: write it as YYYY-MM, e.g. 2026-10.").format(month=args.month)
        ) from None
    services, actor = env.services()
    try:
        require(actor.role, Action.REPORTS)
        quality = services.quality
        build = {
            "standards": standards_report,
            "survey": survey_report,
            "improvements": improvements_report,
            "workload": workload_report,
        }[args.report_command]
        table = build(quality, month)
    finally:
        services.ctx.db.close()
    data = report_pdf(table) if suffix == ".pdf" else report_csv(table)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UserError(
            _("Could not write {file}: {reason}").format(file=out.name, reason=exc.strerror)
        ) from exc
    print(
        _("Wrote the {report} report for {month}: {file}").format(
            report=args.report_command, month=month, file=out
        )
    )
    return 0
