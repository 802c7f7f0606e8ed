"""Texts of the printed package in the package's own language(s), not the interface's.

A package language is one or two text languages: ``en``, ``zh`` or ``fr`` (French falls
back to English item by item). Fixed wording comes from the message catalogs of that
language, so it is translated once, with the rest of the application.
"""

from __future__ import annotations

import functools
from datetime import date

from babel.dates import format_date
from babel.numbers import format_currency

from ciip_desktop.i18n import load_catalog

# package language -> (first text language, second or None)
TEXT_LANGUAGES: dict[str, tuple[str, str | None]] = {
    "en": ("en", None),
    "zh_CN": ("zh", None),
    "bilingual": ("en", "zh"),
    "fr_CA": ("fr", None),
    "fr_zh": ("fr", "zh"),
}
_CATALOG = {"zh": "zh_CN", "fr": "fr_CA"}
_LOCALE = {"en": "en_CA", "zh": "zh_Hans_CN", "fr": "fr_CA"}
PDF_LANG = {"en": "en-CA", "zh": "zh-CN", "fr": "fr-CA"}


@functools.cache
def _catalog(text_language: str):  # type: ignore[no-untyped-def]
    return load_catalog(_CATALOG[text_language]) if text_language in _CATALOG else None


def tr(text_language: str, message: str) -> str:
    """``message`` (an N_-marked msgid) in ``text_language``."""
    catalog = _catalog(text_language)
    return str(catalog.gettext(message)) if catalog is not None else message


def both(package_language: str, message: str, sep: str = " / ") -> str:
    """``message`` in each text language of the package, joined."""
    first, second = TEXT_LANGUAGES[package_language]
    one = tr(first, message)
    if second is None:
        return one
    two = tr(second, message)
    return one if one == two else f"{one}{sep}{two}"


def day(text_language: str, value: date) -> str:
    return format_date(value, "long", locale=_LOCALE[text_language])


def money(text_language: str, value: float) -> str:
    return format_currency(value, "CAD", locale=_LOCALE[text_language])
