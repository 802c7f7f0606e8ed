"""Reading and writing tables (CSV and Excel .xlsx) without losing or changing a character.

Every cell is read as the text a user sees: dates as YYYY-MM-DD, whole numbers without a
decimal point (a phone number typed into Excel stays 13800138000, not 1.38E+10). What
``write_table`` writes, ``read_table`` gives back cell for cell, in both formats:

- Text is kept as it is: line breaks (also inside quoted CSV cells), leading and trailing
  spaces, quotes, markup, any Unicode. Only header cells are stripped of surrounding spaces.
- An empty cell (``None`` or ``""``) reads back as ``""``; a cell of spaces only reads back
  as those spaces. Rows are as wide as the widest row (short rows filled with ``""``);
  empty rows between rows are kept (row numbers stay those of the spreadsheet), empty
  rows after the last filled one are dropped.
- Formula injection (OWASP): in CSV a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  CR is written with a leading ``'`` (and ``'=…`` as ``''=…``, so the scheme reverses);
  the reader takes exactly one ``'`` off such cells. In .xlsx every text is a string
  cell, never a formula (with Excel's quote prefix when it looks like one).
- In .xlsx, control characters travel as OOXML ``_xHHHH_`` escapes (a literal ``_x0041_``
  as ``_x005F_x0041_``), decoded on reading, as Excel does. A text longer than an Excel
  cell holds (32 767 characters) keeps its start in its cell and the rest in a hidden
  sheet; the reader joins them and refuses a text whose parts were edited apart.

Hostile and broken files get one translated sentence (``UserError``) naming the file and
a line, row or column number, never a cell's contents. Limits, checked while reading so
that memory and time stay bounded: 50 000 data rows, 200 columns, a file of 100 MB, an
.xlsx unpacking to 300 MB, a CSV cell of 131 072 characters (the csv module's limit; a
longer text is written to CSV whole, but only an .xlsx export brings it back). Files are
written whole or not at all (see ``files.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.clients.tables.cells import cell_text
from ciip_desktop.services.clients.tables.csv_io import read_csv, write_csv
from ciip_desktop.services.clients.tables.files import atomic_output, open_for_reading, read_failed
from ciip_desktop.services.clients.tables.shape import MAX_COLUMNS, MAX_DATA_ROWS
from ciip_desktop.services.clients.tables.xlsx_read import read_xlsx
from ciip_desktop.services.clients.tables.xlsx_write import write_xlsx

__all__ = [
    "MAX_COLUMNS",
    "MAX_DATA_ROWS",
    "SUFFIXES",
    "cell_text",
    "read_table",
    "table_suffix",
    "write_table",
]

SUFFIXES = (".csv", ".xlsx")


def table_suffix(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            _("{file} is not a .csv or .xlsx file; save the table in one of those formats.").format(
                file=Path(path).name
            )
        )
    return suffix


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """(header row, data rows) of a .csv or .xlsx file, every cell as text."""
    path = Path(path)
    suffix = table_suffix(path)
    with open_for_reading(path) as fh:
        if suffix == ".xlsx":
            return read_xlsx(fh, path.name)
        try:
            return read_csv(fh, path.name)
        except OSError as err:
            raise read_failed(path, err) from None


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str | None = None,
    column_widths: Sequence[float | None] | None = None,
) -> int:
    """Write a .csv (UTF-8 with BOM, so Excel shows Chinese) or .xlsx file; rows written.

    For .xlsx, ``sheet_title`` names the sheet and ``column_widths`` (in characters, None
    for "fit the content") overrides the widths fitted from the first rows.
    """
    path = Path(path)
    suffix = table_suffix(path)
    with atomic_output(path) as fh:
        if suffix == ".xlsx":
            return write_xlsx(
                fh, headers, rows, sheet_title=sheet_title, column_widths=column_widths
            )
        return write_csv(fh, headers, rows)
