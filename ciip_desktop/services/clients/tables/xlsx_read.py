"""Reading the first sheet of an .xlsx workbook as text, within bounded time and memory.

The sheet's ``<dimension>`` tag is not trusted (some programs write a stale one): rows are
streamed as they are in the file, and only cells holding a value count towards the row
and column limits, so a lone cell at XFD1048576 is refused without building a grid.
Before anything is parsed, the zip's parts must unpack to less than ``MAX_UNPACKED_MB``.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import IO, Any

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.clients.tables.cells import cell_text, ooxml_unescape
from ciip_desktop.services.clients.tables.shape import (
    MAX_COLUMNS,
    MAX_UNPACKED_MB,
    MB,
    RowCollector,
    too_large,
    too_many_columns,
)

log = logging.getLogger(__name__)

# The hidden sheet that carries the rest of texts too long for one Excel cell.
LONG_TEXT_SHEET = "ciip_long_text"


def unreadable(name: str) -> UserError:
    return UserError(
        _("{file} cannot be read as an Excel workbook; open it in Excel and save it again.").format(
            file=name
        )
    )


def check_unpacked_size(fh: IO[bytes], name: str) -> None:
    with zipfile.ZipFile(fh) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_MB * MB:
            raise too_large(name, MAX_UNPACKED_MB)
    fh.seek(0)


def value_text(value: object) -> str:
    if isinstance(value, str):
        return ooxml_unescape(value)
    if isinstance(value, datetime):
        # Excel keeps times as fractions of a day: round off the binary noise.
        value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
    elif value is not None and not isinstance(value, int | float | bool):
        value = str(value)  # rich text: its plain text
        return ooxml_unescape(value)
    return cell_text(value)


def _texts(values: Sequence[Any], row_no: int, name: str) -> list[str]:
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    if end > MAX_COLUMNS:
        raise too_many_columns(name, row_no)
    return [value_text(v) for v in values[:end]]


def _rows(sheet: Any, name: str) -> Iterator[list[str]]:
    sheet.reset_dimensions()
    for row_no, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield _texts(values, row_no, name)


def read_xlsx(fh: IO[bytes], name: str) -> tuple[list[str], list[list[str]]]:
    """(header row, data rows) of the first sheet, long texts put back together."""
    from openpyxl import load_workbook

    try:
        check_unpacked_size(fh, name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(fh, read_only=True, data_only=True, rich_text=True)
            try:
                collector = RowCollector(name)
                collector.add_all(_rows(workbook.worksheets[0], name))
                headers, rows = collector.table()
                if LONG_TEXT_SHEET in workbook.sheetnames:
                    _join_long_texts(workbook[LONG_TEXT_SHEET], name, [headers, *rows])
            finally:
                workbook.close()
    except UserError:
        raise
    except Exception as err:  # openpyxl, zipfile and XML parsers raise dozens of kinds
        log.warning("unreadable workbook: %s", type(err).__name__)
        raise unreadable(name) from None
    return headers, rows


def text_check(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _join_long_texts(sheet: Any, name: str, table: list[list[str]]) -> None:
    for values in _rows(sheet, name):
        try:
            row_no, column, check = int(values[0]), int(values[1]), values[2]
            text = table[row_no - 1][column - 1] + "".join(values[3:])
        except (ValueError, IndexError):
            raise _long_text_broken(name, 0, 0) from None
        if text_check(text) != check:
            raise _long_text_broken(name, row_no, column)
        table[row_no - 1][column - 1] = text


def _long_text_broken(name: str, row: int, column: int) -> UserError:
    return UserError(
        _(
            "The long text in row {row}, column {column} of {file} was changed outside "
            "CIIP Desktop and cannot be put back together; export it again."
        ).format(row=row, column=column, file=name)
    )
