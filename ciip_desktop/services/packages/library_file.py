"""What a library JSON file may hold before any of it is imported (issue 17: hostile input).

Every item is checked whole first: text where text belongs and no longer than its column
(read from the model), no control characters (line breaks and tabs only in the texts), CLB
levels and review periods as whole numbers in range, review dates as dates, each key once.
A file that fails names its items in one sentence and nothing is imported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import String

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import ngettext
from ciip_desktop.models import LibraryItem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_BODY = 100_000  # characters of one text (the shipped library's longest is ~600)
MAX_LINK = 2_000
MAX_LINKS = 50
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BODIES = ("body_en", "body_zh", "body_fr")
_NUMBERS = {"clb_min": (0, 12), "clb_max": (0, 12), "review_months": (1, 120)}
_LISTS = ("links", "provinces", "cities", "nocs", "teers", "categories", "topics")
_KEYS = frozenset(c.key for c in LibraryItem.__table__.columns)


def load_document(path: Path) -> Any:
    """The file's JSON (ValueError/OSError for the caller's "not a library file")."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError("too large")
    return json.loads(path.read_text(encoding="utf-8"))


def refuse_unusable_items(items: Any) -> None:
    """Raise a :class:`UserError` naming the items that cannot be taken as they are."""
    if not isinstance(items, list):
        raise ValueError("items")
    bad: list[int] = []
    seen: set[str] = set()
    for number, entry in enumerate(items, 1):
        if not isinstance(entry, Mapping) or not _usable(entry):
            bad.append(number)
            continue
        slug = str(entry.get("slug", "")).strip()
        if slug in seen:
            bad.append(number)
        seen.add(slug)
    if bad:
        raise UserError(
            ngettext(
                "Item {rows} of the file has a value that cannot be taken (too long, of the "
                "wrong kind, a control character or a key given twice); nothing was imported.",
                "Items {rows} of the file have values that cannot be taken (too long, of the "
                "wrong kind, control characters or keys given twice); nothing was imported.",
                len(bad),
            ).format(rows=", ".join(str(n) for n in bad[:10]))
        )


def _usable(entry: Mapping[Any, Any]) -> bool:
    for key, value in entry.items():
        if not isinstance(key, str):
            return False
        if key in _NUMBERS:
            if not _whole_in(value, *_NUMBERS[key]):
                return False
        elif key == "reviewed_on":
            if value not in (None, "") and not _a_date(value):
                return False
        elif key in _LISTS:
            if not _texts(key, value):
                return False
        elif key in _KEYS and not _text(key, value):
            return False
    return True


def _whole_in(value: Any, low: int, high: int) -> bool:
    if value is None:
        return True
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _a_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _limit(key: str) -> int:
    column_type = LibraryItem.__table__.columns[key].type
    length = getattr(column_type, "length", None) if isinstance(column_type, String) else None
    return int(length) if length else MAX_BODY


def _text(key: str, value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, bool) or not isinstance(value, str | int):
        return False
    text = str(value)
    pattern = _CONTROL if key in _BODIES else _CONTROL_IN_LINE
    return len(text) <= _limit(key) and not pattern.search(text)


def _texts(key: str, value: Any) -> bool:
    if value is None or value == "":
        return True
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list) or len(parts) > MAX_LINKS:
        return False
    if not all(isinstance(p, str) and len(p) <= MAX_LINK for p in parts):
        return False
    if any(_CONTROL_IN_LINE.search(p) for p in parts):
        return False
    joined = "\n".join(p.strip() for p in parts)
    return key == "links" or len(joined) <= _limit(key)
