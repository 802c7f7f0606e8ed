"""Reading and writing simple tables: CSV (UTF-8, with or without BOM) and Excel .xlsx.

Every cell is read as text the way the user sees it: dates as YYYY-MM-DD, whole numbers
without a decimal point (a phone number typed into Excel stays 13800138000, not 1.38E+10).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _

SUFFIXES = (".csv", ".xlsx")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def table_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            _("{file} is not a .csv or .xlsx file; save the table in one of those formats.").format(
                file=path.name
            )
        )
    return suffix


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """(header row, data rows) of a .csv or .xlsx file, every cell as text."""
    path = Path(path)
    suffix = table_suffix(path)
    if not path.is_file():
        raise UserError(_("There is no file {file}; check the name and folder.").format(file=path))
    rows = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    if not rows:
        return [], []
    return [h.strip() for h in rows[0]], rows[1:]


def _read_csv(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            _(
                "{file} is not in UTF-8; in Excel choose Save As → “CSV UTF-8”, "
                "or save it as .xlsx, and import again."
            ).format(file=path.name)
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    return [[cell.strip() for cell in row] for row in reader]


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise UserError(
            _(
                "{file} cannot be read as an Excel workbook; open it in Excel and save it again."
            ).format(file=path.name)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a .csv (UTF-8 with BOM, so Excel shows Chinese) or .xlsx file; rows written."""
    path = Path(path)
    suffix = table_suffix(path)
    try:
        if suffix == ".xlsx":
            return _write_xlsx(path, headers, rows)
        return _write_csv(path, headers, rows)
    except PermissionError:
        raise UserError(
            _("{file} cannot be written; close it in Excel, or choose another folder.").format(
                file=path.name
            )
        ) from None


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([cell_text(v) for v in row])
            count += 1
    return count


def _typed_cell(value: object) -> bool:
    return isinstance(value, date | int) and not isinstance(value, bool)


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(headers))
    count = 0
    for row in rows:
        # Dates stay dates (Excel shows them as such); everything else is text, so phone
        # numbers and file numbers keep their digits.
        sheet.append([v if _typed_cell(v) else cell_text(v) for v in row])
        count += 1
    workbook.save(path)
    return count
