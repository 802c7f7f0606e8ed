"""One cell's text, and the reversible escapes a cell needs in CSV and in Excel files."""

from __future__ import annotations

import re
from datetime import date, datetime, time

# OWASP CSV injection: a spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_START = "=+-@\t\r"
_STARTS_FORMULA = re.compile(r"[=+\-@\t\r]")
# Text that starts like a formula behind apostrophes (ours, or typed by the user).
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
# A signed number (an E.164 phone, a negative amount) is only ever a number to Excel.
_SIGNED_NUMBER = re.compile(r"[+-][0-9]+(\.[0-9]+)?")

# Characters an XML 1.0 file cannot carry (or would turn into another character: CR
# becomes LF when the file is read), written as OOXML ``_xHHHH_`` escapes instead.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Literal text that looks like an escape: its underscore is escaped as ``_x005F_``.
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

# Excel's limit on the text of one cell, counted in UTF-16 code units.
EXCEL_CELL_LIMIT = 32_767


def cell_text(value: object) -> str:
    """The text a user sees for a cell value: dates as YYYY-MM-DD, whole numbers without ``.0``.

    Text is kept as it is, with its leading and trailing spaces: what was written is what
    is read back.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def csv_protect(text: str) -> str:
    """Text a spreadsheet will not run as a formula: ``=1+2`` is written ``'=1+2``.

    A text that already starts with apostrophes before such a character gets one more, so
    that ``csv_unprotect`` gives back exactly the text written. A plain signed number such
    as the phone ``+8613800138000`` is left as it is: a spreadsheet cannot run it.
    """
    if _QUOTED.match(text) or (_STARTS_FORMULA.match(text) and not _SIGNED_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def csv_unprotect(text: str) -> str:
    """Undo ``csv_protect``: one apostrophe comes off a cell that starts ``'=``, ``''+`` …"""
    return text[1:] if _QUOTED.match(text) else text


def looks_like_formula(text: str) -> bool:
    return bool(text) and text[0] in _FORMULA_START


def ooxml_escape(text: str) -> str:
    """Text an Excel file can hold: control characters as ``_xHHHH_``, as Excel writes them.

    A literal ``_x0041_`` is written ``_x005F_x0041_`` so that it is not read back as ``A``;
    a text of spaces only starts with an escaped space, so no reader drops it as blank.
    """
    text = _LOOKS_ESCAPED.sub("_x005F_", text)
    text = _NOT_IN_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    if text and not text.strip():
        text = f"_x{ord(text[0]):04X}_{text[1:]}"
    return text


def ooxml_unescape(text: str) -> str:
    """The text of an Excel string cell: every ``_xHHHH_`` escape decoded."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _utf16_units(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def fits_excel_cell(text: str) -> bool:
    if len(text) <= EXCEL_CELL_LIMIT // 7:
        return True  # even if every character were escaped
    escaped = ooxml_escape(text)
    return len(escaped) <= EXCEL_CELL_LIMIT and _utf16_units(escaped) <= EXCEL_CELL_LIMIT


def _most_units(ch: str) -> int:
    if ch == "_" or _NOT_IN_XML.match(ch):
        return 7
    return 2 if ord(ch) > 0xFFFF else 1


def excel_chunks(text: str, limit: int = EXCEL_CELL_LIMIT) -> list[str]:
    """``text`` cut into pieces that each fit one Excel cell once escaped; joined, they are it.

    Each character is counted at the most its escape can take (seven for ``_x0001_``), so
    every piece fits whatever its neighbours are (with room for a piece of spaces only,
    whose first space is escaped).
    """
    budget = limit - 7
    chunks: list[str] = []
    start = 0
    cost = 0
    for index, ch in enumerate(text):
        step = _most_units(ch)
        if cost + step > budget:
            chunks.append(text[start:index])
            start, cost = index, 0
        cost += step
    chunks.append(text[start:])
    return chunks
