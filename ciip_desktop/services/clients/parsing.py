"""Turning typed text (command line, spreadsheet cells) into field values.

Each parser raises ``ValueError`` with a translated sentence the caller shows next to the
field or row.
"""

from __future__ import annotations

from datetime import date

from ciip_desktop.i18n import _

_YES = frozenset({"yes", "y", "true", "1", "oui", "o", "是", "有"})
_NO = frozenset({"no", "n", "false", "0", "non", "否", "无", ""})


def parse_bool(text: str) -> bool:
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(_("Write yes or no."))


def parse_date(text: str) -> date | None:
    """An ISO date (YYYY-MM-DD); empty text is no date."""
    value = text.strip()
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("{value} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31.").format(value=value)
        ) from None


def parse_int(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(_("{value} is not a whole number.").format(value=value)) from None
