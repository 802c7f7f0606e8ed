"""Turning typed text (command line, spreadsheet cells, form fields) into field values.

Each parser raises ``ValueError`` with a translated sentence the caller shows next to the
field or row. The sentence never repeats the text it was given: a cell may hold a client's
birth date or name, and reasons end up in reports and logs.

Dates are read in the forms offices type them: 2026-10-02, 2026/10/2, 2026.10.02,
2026年10月2日, 20261002, and day and month before the year when only one order makes sense
(25/10/2026). When both orders make sense (02/10/2026) the date is refused, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ciip_desktop.i18n import _
from ciip_desktop.services.clients.fields import ClientField, bool_value, choice_code, choice_hint

_SEP = r"\s*[-/.]\s*"
_YEAR_FIRST = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})")
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")
_YEAR_LAST = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{2}}|\d{{4}})")
# A date cell written out with its (empty) time of day, as some programs save them.
_MIDNIGHT = re.compile(r"[T\s]+00:00(:00(\.0+)?)?$")


def _day(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(
            _("There is no such day (month 1-12, and a day the month has); check the date.")
        ) from None


def parse_date(text: str) -> date | None:
    """The date ``text`` means; empty text is no date (see the module docstring)."""
    value = _MIDNIGHT.sub("", unicodedata.normalize("NFKC", text).strip())
    if not value:
        return None
    for pattern in (_YEAR_FIRST, _CHINESE, _COMPACT):
        found = pattern.fullmatch(value)
        if found:
            return _day(*found.groups())
    found = _YEAR_LAST.fullmatch(value)
    if found:
        first, second, year = found.groups()
        if len(year) == 2:
            raise ValueError(
                _("The year has only two digits; write the date as YYYY-MM-DD, e.g. 2026-03-31.")
            )
        a, b = int(first), int(second)
        if a > 12 >= b:
            return _day(year, second, first)  # 25/10/2026: day first
        if b > 12 >= a:
            return _day(year, first, second)  # 10/25/2026: month first
        if a == b:
            return _day(year, first, second)
        raise ValueError(
            _(
                "The day and month could be either way round (2 October or 10 February); "
                "write the date as YYYY-MM-DD, e.g. 2026-10-02."
            )
        )
    raise ValueError(_("This is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31."))


def is_iso_date(text: str, value: date) -> bool:
    """Whether ``text`` is ``value`` written as YYYY-MM-DD (nothing to point out in a report)."""
    return _MIDNIGHT.sub("", text.strip()) == value.isoformat()


def parse_bool(text: str) -> bool:
    """Yes or no as people write it, in English, Chinese or French; empty is no."""
    value = bool_value(text)
    if value is None:
        raise ValueError(_("Write yes or no."))
    return value


def parse_int(text: str) -> int | None:
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    if value.endswith(".0"):  # a whole number saved by a spreadsheet as 7.0
        value = value[:-2]
    try:
        return int(value)
    except ValueError:
        raise ValueError(_("This is not a whole number.")) from None


def parse_choice(spec: ClientField, text: str) -> str:
    """The stored code of a choice field ("上门", "Walk in", "walk_in" → "walk_in")."""
    code = choice_code(spec, text)
    if code is None:
        raise ValueError(choice_hint(spec))
    return code
