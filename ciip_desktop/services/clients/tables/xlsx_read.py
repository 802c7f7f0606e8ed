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
from xml.etree import ElementTree

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

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
# The hidden sheet that carries the rest of texts too long for one Excel cell.
LONG_TEXT_SHEET = "ciip_long_text"


def unreadable(name: str) -> UserError:
    return UserError(
        _("{file} cannot be read as an Excel workbook; open it in Excel and save it again.").format(
            file=name
        )
    )


def _shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    for override in types.iter(f"{{{_TYPES_NS}}}Override"):
        if override.get("ContentType", "").endswith(".sharedStrings+xml"):
            return override.get("PartName", "").lstrip("/")
    return None


def exact_shared_strings(fh: IO[bytes], name: str) -> list[str]:
    """The workbook's shared strings as written (escapes not decoded yet), sizes checked first.

    openpyxl drops every ``x005F_`` from shared strings, which changes a text such as
    ``_x005F_x0041_`` (Excel's way of writing a literal ``_x0041_``); these are read here.
    """
    with zipfile.ZipFile(fh) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_MB * MB:
            raise too_large(name, MAX_UNPACKED_MB)
        part = _shared_strings_part(archive)
        strings: list[str] = []
        if part:
            with archive.open(part) as source:
                for _event, node in ElementTree.iterparse(source):
                    if node.tag == f"{{{_MAIN_NS}}}si":
                        strings.append(_string_item_text(node))
                        node.clear()
    fh.seek(0)
    return strings


def _string_item_text(item: ElementTree.Element) -> str:
    """The text of an ``<si>``: its ``<t>`` and the ``<t>`` of its runs, not phonetic hints."""
    parts = [item.findtext(f"{{{_MAIN_NS}}}t") or ""]
    parts.extend(run.findtext(f"{{{_MAIN_NS}}}t") or "" for run in item.iter(f"{{{_MAIN_NS}}}r"))
    return "".join(parts)


def value_text(value: object) -> str:
    if isinstance(value, str):
        return ooxml_unescape(value)
    if isinstance(value, datetime):
        # Excel keeps times as fractions of a day: round off the binary noise.
        value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
    elif value is not None and not isinstance(value, int | float | bool):
        value = str(value)  # a time or a duration
        return ooxml_unescape(value)
    return cell_text(value)


def _texts(values: Sequence[Any], row_no: int, name: str) -> list[str]:
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    if end > MAX_COLUMNS:
        raise too_many_columns(name, row_no)
    return [value_text(v) for v in values[:end]]


def _rows(sheet: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) of the rows holding a cell; the rows in between are skipped."""
    sheet.reset_dimensions()
    for row_no, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if values:
            yield row_no, _texts(values, row_no, name)


def read_xlsx(fh: IO[bytes], name: str) -> tuple[list[str], list[list[str]]]:
    """(header row, data rows) of the first sheet, long texts put back together."""
    from openpyxl import load_workbook

    try:
        shared = exact_shared_strings(fh, name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(fh, read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                strings = getattr(sheet, "_shared_strings", None)
                if isinstance(strings, list) and len(strings) == len(shared):
                    strings[:] = shared  # the sheet's cells index this list
                collector = RowCollector(name)
                for row_no, cells in _rows(sheet, name):
                    collector.add(row_no, cells)
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
    for _row_no, values in _rows(sheet, name):
        try:
            row_no, column, check = int(values[0]), int(values[1]), values[2]
            text = table[row_no - 1][column - 1] + "".join(values[3:])
        except (ValueError, IndexError):
            raise unreadable(name) from None
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
