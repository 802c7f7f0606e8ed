"""CSV files: UTF-8 with or without BOM, comma, semicolon or tab, quoted cells kept whole.

The file is parsed by the csv module on a ``newline=''`` stream, so a quoted cell keeps its
line breaks (``\\n``, ``\\r\\n``, ``\\r``) and U+2028, form feeds or ``\\x85`` never split
a row. A quote left open at the end of the file is refused, naming the line it opened on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number
from ciip_desktop.services.clients.tables.cells import cell_text, csv_protect, csv_unprotect
from ciip_desktop.services.clients.tables.shape import RowCollector

_DELIMITERS = ",;\t"
# A quoted header, closed or not by the end of the line: its text is no delimiter.
_QUOTED_TEXT = re.compile(r'"[^"]*(?:"|$)')
_QUOTE = '"'
_NEWLINES = "\r\n"


class _Lines:
    """The file's lines for the csv module, remembering those of the row being read."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self._stream = stream
        self.current: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._stream)
        self.current.append(line)
        return line

    def take(self) -> list[str]:
        lines, self.current = self.current, []
        return lines


def open_quote_line(lines: Sequence[str], first_line: int, delimiter: str) -> int | None:
    """The line on which a quoted cell opened and was never closed, as the csv module reads."""
    state = "start"
    opened = 0
    for offset, line in enumerate(lines):
        for ch in line:
            if state == "quoted":
                if ch == _QUOTE:
                    state = "quote in quoted"
            elif state == "quote in quoted" and ch == _QUOTE:
                state = "quoted"
            elif ch == delimiter or ch in _NEWLINES:
                state = "start"
            elif state == "start" and ch == _QUOTE:
                state, opened = "quoted", first_line + offset
            else:
                state = "field"
    return opened if state == "quoted" else None


def _unclosed_quote(name: str, line: int) -> UserError:
    return UserError(
        _(
            'Line {line} of {file} opens a quote (") that is never closed; close it or '
            "remove it, and import again."
        ).format(line=line, file=name)
    )


def _not_utf8(name: str) -> UserError:
    return UserError(
        _(
            "{file} is not in UTF-8; in Excel choose Save As → “CSV UTF-8”, "
            "or save it as .xlsx, and import again."
        ).format(file=name)
    )


def _sniff_delimiter(fh: BinaryIO, name: str) -> str:
    head = fh.readline(1 << 20)
    fh.seek(0)
    try:
        first = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The line may have been cut inside a character: decode what is whole.
        first = head.decode("utf-8-sig", errors="ignore")
        if len(head) < 1 << 20:
            raise _not_utf8(name) from None
    first = _QUOTED_TEXT.sub("", first)
    return max(_DELIMITERS, key=first.count) if first else ","


def read_csv(fh: BinaryIO, name: str) -> tuple[list[str], list[list[str]]]:
    """(header row, data rows) of a CSV file opened in binary mode."""
    delimiter = _sniff_delimiter(fh, name)
    stream = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    lines = _Lines(stream)
    reader = csv.reader(lines, delimiter=delimiter)
    collector = RowCollector(name)
    row_start = next_start = 1
    raw: list[str] = []
    try:
        for row_no, cells in enumerate(reader, start=1):
            raw = lines.take()
            row_start, next_start = next_start, reader.line_num + 1
            collector.add(row_no, [csv_unprotect(c) for c in cells])
    except UnicodeDecodeError:
        raise _not_utf8(name) from None
    except csv.Error as err:
        raise _malformed(name, err, lines.take(), next_start, delimiter) from None
    finally:
        stream.detach()
    opened = open_quote_line(raw, row_start, delimiter)
    if opened is not None:
        raise _unclosed_quote(name, opened)
    return collector.table()


def _malformed(
    name: str, err: csv.Error, lines: Sequence[str], row_start: int, delimiter: str
) -> UserError:
    line = open_quote_line(lines, row_start, delimiter) or row_start
    if "field larger than field limit" in str(err):
        return UserError(
            _(
                "Line {line} of {file} starts a cell longer than {limit} characters, often "
                'a quote (") that is never closed; close the quote or shorten the cell, '
                "and import again."
            ).format(line=line, file=name, limit=format_number(csv.field_size_limit()))
        )
    return UserError(
        _(
            "Line {line} of {file} cannot be read as CSV; save the file again from Excel "
            "as “CSV UTF-8” and import again."
        ).format(line=line, file=name)
    )


def _header_cell(text: str) -> str:
    text = csv_protect(text)
    if any(ch in text for ch in _DELIMITERS + _QUOTE + _NEWLINES):
        return _QUOTE + text.replace(_QUOTE, _QUOTE * 2) + _QUOTE
    return text


def write_csv(fh: BinaryIO, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write UTF-8 with a BOM (so Excel shows Chinese); formula-looking cells get a ``'``.

    A header cell holding a ``;`` or tab is quoted too, so that it is never taken for the
    delimiter when the file is read again.
    """
    stream = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    try:
        stream.write(",".join(_header_cell(h) for h in headers) + "\r\n")
        writer = csv.writer(stream)
        count = 0
        for row in rows:
            writer.writerow([csv_protect(cell_text(v)) for v in row])
            count += 1
        stream.flush()
    finally:
        stream.detach()
    return count
