"""The limits a table read from a file must keep, and the shape its rows are handed on in."""

from __future__ import annotations

from collections.abc import Sequence

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_number

# Generous for an office batch, small enough that a hostile file is refused at once.
MAX_DATA_ROWS = 50_000
MAX_COLUMNS = 200
MAX_FILE_MB = 100  # the file on disk
MAX_UNPACKED_MB = 300  # an .xlsx is a zip: what its parts unpack to
MB = 1024 * 1024


def too_many_rows(name: str) -> UserError:
    return UserError(
        _(
            "{file} has more than {limit} rows; split it into files of at most {limit} rows "
            "and import each."
        ).format(file=name, limit=format_number(MAX_DATA_ROWS))
    )


def too_many_columns(name: str, row: int) -> UserError:
    return UserError(
        _(
            "Row {row} of {file} has more than {limit} columns; remove the extra columns "
            "and import again."
        ).format(row=row, file=name, limit=format_number(MAX_COLUMNS))
    )


def too_large(name: str, limit_mb: int) -> UserError:
    return UserError(
        _(
            "{file} is too large to import (over {limit} MB); split it into smaller files "
            "and import each."
        ).format(file=name, limit=format_number(limit_mb))
    )


def last_filled(cells: Sequence[str]) -> int:
    """How many cells the row has up to its last non-empty one."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return end


class RowCollector:
    """Gathers rows within the limits: empty rows kept between filled ones, not at the end.

    Rows are numbered as the user sees them (the header is row 1). Every row comes out as
    wide as the widest one (or the header), trailing empty cells filled with ``""``.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[list[str]] = []

    def add(self, row_no: int, cells: Sequence[str]) -> None:
        end = last_filled(cells)
        if end > MAX_COLUMNS:
            raise too_many_columns(self.name, row_no)
        if end == 0:
            return
        if row_no > MAX_DATA_ROWS + 1:
            raise too_many_rows(self.name)
        while len(self.rows) < row_no - 1:
            self.rows.append([])
        self.rows.append(list(cells[:end]))

    def table(self) -> tuple[list[str], list[list[str]]]:
        if not self.rows:
            return [], []
        width = max(len(r) for r in self.rows)
        for row in self.rows:
            row.extend([""] * (width - len(row)))
        return [h.strip() for h in self.rows[0]], self.rows[1:]
