"""What the import dialog says of a check or an import: a summary, and the rows to look at.

Rows are numbered as in the spreadsheet the counsellor opens, so each problem can be found
and fixed there.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from ciip_desktop.i18n import _, format_number, ngettext
from ciip_desktop.services.clients.types import ImportReport

ROW, PROBLEMS, NOTES = range(3)  # the columns of the problems table
FILE_NUMBERS_SHOWN = 10


def outcome_text(report: ImportReport) -> str:
    """An import done: how many clients, their file numbers, how many rows were left out."""
    text = ngettext(
        "Imported {count} client.", "Imported {count} clients.", report.imported
    ).format(count=format_number(report.imported))
    if report.imported_file_nos:
        numbers = report.imported_file_nos
        listed = ", ".join(numbers[:FILE_NUMBERS_SHOWN])
        if len(numbers) > FILE_NUMBERS_SHOWN:
            listed += " …"
        text += " " + _("File numbers: {numbers}").format(numbers=listed)
    if report.problems:
        text += " " + ngettext(
            "{count} row was left out.", "{count} rows were left out.", len(report.problems)
        ).format(count=format_number(len(report.problems)))
    return text


def check_text(report: ImportReport) -> str:
    """A check (dry run): how many rows, how many valid, and the notices of the file."""
    rows = ngettext("{count} row", "{count} rows", report.rows_total).format(
        count=format_number(report.rows_total)
    )
    if report.problems:
        text = _("{rows}: {valid} valid, {invalid} with problems (listed below).").format(
            rows=rows,
            valid=format_number(report.valid_rows),
            invalid=format_number(report.invalid_rows),
        )
    else:
        text = _("{rows}: all valid, ready to import.").format(rows=rows)
    if report.notices:
        text = " ".join([text, *report.notices])
    return text


def show_problems(table: QTableWidget, report: ImportReport) -> None:
    """Each row with problems or with something to confirm, in the sheet's row order."""
    problems = {p.row_no: p.reasons for p in report.problems}
    notes = {n.row_no: n.notes for n in report.notes}
    table.setRowCount(0)
    for row_no in sorted(problems.keys() | notes.keys()):
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, ROW, QTableWidgetItem(str(row_no)))
        table.setItem(row, PROBLEMS, QTableWidgetItem("\n".join(problems.get(row_no, ()))))
        table.setItem(row, NOTES, QTableWidgetItem("\n".join(notes.get(row_no, ()))))
    table.resizeRowsToContents()
