"""Writing an .xlsx workbook for people: a named sheet, bold frozen header, fitted columns.

Dates are Excel dates (with a date format); whole numbers below 10^15 are numbers;
everything else is a string cell, never a formula, whatever it starts with. Text is
written losslessly: control characters as OOXML ``_xHHHH_`` escapes, and a text longer
than one Excel cell holds (32 767 characters) keeps its beginning in the cell and the
rest in the hidden sheet ``ciip_long_text``, from which ``read_table`` puts it together.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

from ciip_desktop.services.clients.tables.cells import (
    cell_text,
    excel_chunks,
    fits_excel_cell,
    looks_like_formula,
    ooxml_escape,
)
from ciip_desktop.services.clients.tables.xlsx_read import LONG_TEXT_SHEET, text_check

_SAMPLE_ROWS = 1000  # rows looked at to fit the column widths
_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0
_BIG = 10**15  # Excel keeps 15 significant digits
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
# Texts openpyxl would store as an error value rather than a string.
_NOT_TEXT = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


def _display_width(text: str) -> int:
    longest = 0
    for line in text[:4000].splitlines() or [""]:
        line = line[: int(_MAX_WIDTH)]  # wider is capped anyway
        wide = sum(1 for ch in line if unicodedata.east_asian_width(ch) in "WF")
        longest = max(longest, len(line) + wide)
    return longest


def _fitted_widths(headers: Sequence[str], sample: Sequence[Sequence[object]]) -> list[float]:
    widths = [float(_display_width(h)) for h in headers]
    for row in sample:
        for index, value in enumerate(row):
            width = float(_display_width(cell_text(value)))
            if index < len(widths):
                widths[index] = max(widths[index], width)
            else:
                widths.append(width)
    return [min(max(w + 2, _MIN_WIDTH), _MAX_WIDTH) for w in widths]


def _sheet_title(title: str | None) -> str:
    cleaned = _BAD_TITLE.sub(" ", title or "").strip().strip("'")[:31]
    return cleaned if cleaned and cleaned != LONG_TEXT_SHEET else "Sheet1"


class _SheetWriter:
    def __init__(self, sheet: Any) -> None:
        from openpyxl.styles import Font

        self.sheet = sheet
        self.bold = Font(bold=True)
        self.long_texts: list[list[object]] = []

    def typed(self, value: object) -> Any:
        """A date, date-time or number cell for ``value``, or None to write it as text."""
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, datetime):
            if value.tzinfo is None and value.microsecond == 0 and value.year >= 1900:
                cell = WriteOnlyCell(self.sheet, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
                return cell
        elif isinstance(value, date) and value.year >= 1900:
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = "yyyy-mm-dd"
            return cell
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) < _BIG:
            return value
        return None

    def cell(self, value: object, row_no: int, column: int, header: bool = False) -> object:
        from openpyxl.cell import WriteOnlyCell

        typed = self.typed(value)
        if typed is not None:
            return typed
        text = cell_text(value)
        if not text:
            return None
        if not fits_excel_cell(text):
            head, *rest = excel_chunks(text)
            self.long_texts.append([row_no, column, text_check(text), *rest])
            text = head
        escaped = ooxml_escape(text)
        if not (header or looks_like_formula(text) or escaped in _NOT_TEXT):
            return escaped  # openpyxl writes any other str as a string cell
        cell = WriteOnlyCell(self.sheet, value=escaped)
        cell.data_type = "s"  # a string, even when it starts with "="
        if looks_like_formula(text):
            cell.quotePrefix = True  # and stays one when edited in Excel
        if header:
            cell.font = self.bold
        return cell

    def append(self, row: Sequence[object], row_no: int, header: bool = False) -> None:
        self.sheet.append([self.cell(v, row_no, col, header) for col, v in enumerate(row, start=1)])


def write_xlsx(
    fh: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str | None = None,
    column_widths: Sequence[float | None] | None = None,
) -> int:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    rows = iter(rows)
    sample = list(itertools.islice(rows, _SAMPLE_ROWS))
    widths = _fitted_widths(headers, sample)
    for index, wanted in enumerate(column_widths or ()):
        if wanted is not None and index < len(widths):
            widths[index] = wanted

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_title))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    writer = _SheetWriter(sheet)
    try:
        writer.append(headers, 1, header=True)
        count = 0
        for count, row in enumerate(itertools.chain(sample, rows), start=1):
            writer.append(row, count + 1)
        if writer.long_texts:
            long_sheet = workbook.create_sheet(LONG_TEXT_SHEET)
            long_sheet.sheet_state = "hidden"
            rest = _SheetWriter(long_sheet)
            for number, entry in enumerate(writer.long_texts, start=1):
                rest.append(entry, number)
        workbook.save(fh)
    finally:
        _remove_spooled_rows(workbook)
    return count


def _remove_spooled_rows(workbook: Any) -> None:
    """openpyxl spools rows to a temporary file; remove it now, not at exit (client data)."""
    for sheet in workbook.worksheets:
        writer: Any = getattr(sheet, "_writer", None)
        out = getattr(writer, "out", None)
        if writer is not None and isinstance(out, str) and os.path.exists(out):
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()
