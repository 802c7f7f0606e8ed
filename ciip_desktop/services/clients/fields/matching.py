"""Reading what people type for a field: column headings and choice values, in any UI language.

A heading or a value is compared by its *key*: Unicode-normalised (full-width letters and
digits become plain ones), case-folded, with spaces, hyphens, underscores and other
punctuation removed, so "Walk-in", "walk in" and "walk_in" are one key. Each field answers to
its machine name, its label in every UI language and its declared synonyms.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ciip_desktop.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, _, load_catalog
from ciip_desktop.services.clients.fields.declaration import (
    BY_NAME,
    IMPORT_COLUMNS,
    ClientField,
)

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

YES = N_("Yes")
NO = N_("No")
_YES_WORDS = ("yes", "y", "true", "1", "oui", "o", "vrai", "是", "有", "对", "已", "✓", "✔")
_NO_WORDS = ("no", "n", "false", "0", "non", "faux", "否", "无", "没有", "未")


def _blank(char: str) -> bool:
    return char in "\t\n\r" or unicodedata.category(char) in ("Zs", "Zl", "Zp")


def trim(text: str) -> str:
    """``text`` without spaces and line breaks at either end.

    Unlike ``str.strip`` this keeps control characters (\\x1c, \\x85 ...) at the ends, so
    that the checks refuse them instead of their vanishing unseen.
    """
    start, end = 0, len(text)
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return text[start:end]


def key(text: str) -> str:
    """The form of ``text`` that matching compares ("Walk-in " → "walkin", "Ｅ－mail" → "email")."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


@functools.cache
def translations(message: str) -> tuple[str, ...]:
    """``message`` in every UI language (the English first), without repeats."""
    texts = [message]
    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE:
            texts.append(load_catalog(lang).gettext(message))
    return tuple(dict.fromkeys(texts))


def _keys(words: Iterable[str]) -> set[str]:
    return {k for k in (key(w) for w in words) if k}


def field_keys(spec: ClientField) -> frozenset[str]:
    """Every heading key that names ``spec``."""
    return frozenset(_keys((spec.name, *translations(spec.label), *spec.synonyms)))


@functools.cache
def _choice_keys(name: str) -> Mapping[str, str]:
    spec = BY_NAME[name]
    found: dict[str, str] = {}
    for choice in spec.choices:
        for k in _keys((choice.code, *translations(choice.label), *choice.synonyms)):
            found.setdefault(k, choice.code)
    return found


@functools.cache
def _bool_keys() -> Mapping[str, bool]:
    found = dict.fromkeys(_keys((*_YES_WORDS, *translations(YES))), True)
    found.update(dict.fromkeys(_keys((*_NO_WORDS, *translations(NO))), False))
    return found


def choice_code(spec: ClientField, text: str) -> str | None:
    """The code ``text`` means for the choice field ``spec`` ("" for empty, None if none).

    For an open choice (the immigration stream) text that is no choice is kept as typed.
    """
    value = trim(text)
    if not value:
        return ""
    code = _choice_keys(spec.name).get(key(value))
    if code is None and spec.open_choice:
        return value
    return code


def choice_hint(spec: ClientField) -> str:
    """A translated reason listing the choices of ``spec``, to show when a value is none."""
    return _("Choose one of: {choices}; or leave it empty.").format(
        choices=", ".join(c.title() for c in spec.choices)
    )


def bool_value(text: str) -> bool | None:
    """True or False for the ways people write yes and no (empty is no), None for nonsense."""
    if not text.strip():
        return False
    return _bool_keys().get(key(text))


def yes_no(value: bool) -> str:
    return _(YES) if value else _(NO)


@dataclass(frozen=True)
class HeaderMatch:
    """Which column of a file holds which field, as the import reads it.

    ``columns`` maps a field name to the index of its column; ``unmatched`` lists the
    headings that name no field (their columns are not imported); ``repeated`` the headings
    of a field already found in an earlier column (the first one is used).
    """

    headers: tuple[str, ...]
    columns: Mapping[str, int]
    unmatched: tuple[str, ...]
    repeated: tuple[str, ...] = ()

    def mapping(self) -> dict[str, str]:
        """Field name → the file's heading for it (what the import's ``mapping`` takes)."""
        return {name: self.headers[i] for name, i in self.columns.items()}


@functools.cache
def _heading_index() -> Mapping[str, str]:
    index: dict[str, str] = {}
    for name in IMPORT_COLUMNS:
        for k in field_keys(BY_NAME[name]):
            index.setdefault(k, name)
    return index


def field_for_heading(heading: str) -> str | None:
    """The field a column heading names ("Prénom", "手机", "given_name" ...), or None."""
    return _heading_index().get(key(heading))


def match_headers(headers: Sequence[str]) -> HeaderMatch:
    columns: dict[str, int] = {}
    unmatched: list[str] = []
    repeated: list[str] = []
    for index, heading in enumerate(headers):
        if not heading.strip():
            continue
        name = field_for_heading(heading)
        if name is None:
            unmatched.append(heading)
        elif name in columns:
            repeated.append(heading)
        else:
            columns[name] = index
    return HeaderMatch(tuple(headers), columns, tuple(unmatched), tuple(repeated))
