"""Translation and locale-aware formatting: `_`, `N_`, `ngettext`, and Babel formatters.

Messages use ``str.format`` placeholders (``{name}``), never ``%``. Catalogs live in
``translations/<locale>/LC_MESSAGES/messages.po``; the ``.mo`` is compiled from it by the
build or, when missing or stale, on first use. ``pseudo`` is a pseudo-locale that accents
and lengthens every message so untranslated or clipped text stands out on screen.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Final, Literal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from ciip_desktop.config import TRANSLATIONS_DIR

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
PSEUDO = "pseudo"
# Locale code -> the language's own name, as the language menu shows it.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文", "fr_CA": "Français (Canada)"}
# Babel locale used for formatting in each UI language (English UI formats as Canadians do).
_FORMAT_LOCALE = {"en": "en_CA", "zh_CN": "zh_Hans_CN", "fr_CA": "fr_CA", PSEUDO: "en_CA"}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later with ``_()`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _translations.ngettext(singular, plural, n)


def current_language() -> str:
    return _language


def available_languages() -> dict[str, str]:
    return dict(LANGUAGES)


def normalize_language(code: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``fr``, ``en_US`` ... to a supported UI language."""
    if not code:
        return SOURCE_LANGUAGE
    code = code.replace("-", "_").split(".")[0]
    if code == PSEUDO or code in LANGUAGES:
        return code
    base = code.split("_")[0].lower()
    for supported in LANGUAGES:
        if supported.split("_")[0] == base:
            return supported
    return SOURCE_LANGUAGE


def set_language(code: str | None) -> str:
    """Switch every later ``_()`` call to ``code``; tell listeners (open windows re-translate)."""
    global _translations, _language
    lang = normalize_language(code)
    if lang == PSEUDO:
        _translations = _PseudoTranslations()
    elif lang == SOURCE_LANGUAGE:
        _translations = _gettext.NullTranslations()
    else:
        _translations = load_catalog(lang)
    _language = lang
    for listener in list(_listeners):
        listener(lang)
    return lang


def add_language_listener(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def po_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog for ``lang``, compiling the ``.po`` when the ``.mo`` is stale."""
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    if not po.exists():
        return _gettext.NullTranslations()
    data = compile_po(po)
    with contextlib.suppress(OSError):  # a read-only install works from the in-memory catalog
        mo.write_bytes(data)
    return _gettext.GNUTranslations(io.BytesIO(data))


def compile_po(po: Path) -> bytes:
    """Compile one ``.po`` file to ``.mo`` bytes (fuzzy entries are left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


# ---- formatting ---------------------------------------------------------------------------


def babel_locale() -> Locale:
    return Locale.parse(_FORMAT_LOCALE.get(_language, "en_CA"))


# Every screen shows a calendar date and a moment the same way: the locale's medium date
# ("Apr 8, 2026", "2026年4月8日", "8 avr. 2026"), and for a moment that date followed by the
# short time, joined as the locale joins them ("Apr 8, 2026, 2:46 p.m.").
DATE_FORMAT: Final[Literal["medium"]] = "medium"
TIME_FORMAT: Final[Literal["short"]] = "short"


def format_date(value: date | None, fmt: str = DATE_FORMAT) -> str:
    """A calendar date as every screen shows it (``fmt`` only for exports and reports)."""
    if value is None:
        return ""
    return str(babel_dates.format_date(value, format=fmt, locale=babel_locale()))


def format_datetime(value: datetime | None, fmt: str | None = None, tz: str | None = None) -> str:
    """A UTC timestamp in the given IANA time zone (the local zone when None).

    Without ``fmt``: the screens' date (:data:`DATE_FORMAT`) and short time, so that a moment
    reads like the dates beside it.
    """
    if value is None:
        return ""
    tzinfo = babel_dates.get_timezone(tz) if tz else None
    if tzinfo is None:
        value = value.astimezone()
        tzinfo = value.tzinfo
    locale = babel_locale()
    if fmt is not None:
        return str(babel_dates.format_datetime(value, format=fmt, tzinfo=tzinfo, locale=locale))
    local = value.astimezone(tzinfo)
    pattern = str(babel_dates.get_datetime_format(DATE_FORMAT, locale=locale))
    return pattern.replace("{1}", format_date(local.date()), 1).replace(
        "{0}", str(babel_dates.format_time(local, format=TIME_FORMAT, locale=locale)), 1
    )


def format_number(value: int | float | Decimal) -> str:
    return str(babel_numbers.format_decimal(value, locale=babel_locale()))


def format_currency(value: float | Decimal, currency: str = "CAD") -> str:
    return str(babel_numbers.format_currency(value, currency, locale=babel_locale()))


def format_percent(value: float) -> str:
    return str(babel_numbers.format_percent(value, format="#,##0.0%", locale=babel_locale()))


# ---- pseudo-locale ------------------------------------------------------------------------

_ACCENTED = str.maketrans(
    "AaBCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåƁÇçÐđÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŘřŠšŢţÜüŴŵÝýŽž",
)
_PLACEHOLDER = re.compile(r"(\{[^{}]*\}|&(?=\w))")


def pseudo_translate(message: str) -> str:
    """Accent letters (placeholders and mnemonics kept) and pad by ~40% in brackets."""
    parts = _PLACEHOLDER.split(message)
    body = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_ACCENTED) for p in parts)
    pad = "~" * max(1, len(message) * 2 // 5)
    return f"[{body}{pad}]"


class _PseudoTranslations(_gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo_translate(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_translate(msgid1 if n == 1 else msgid2)
