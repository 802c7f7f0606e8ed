"""The words of a due-date explanation in the user's language: holiday names and day spans.

``holidays`` names China's holidays in English by default and ships its own Simplified and
Traditional Chinese names (``language="zh_CN"``/``"zh_TW"``), which we use as they are; it
has no French, so the few names of the State Council's calendar are translated here
(``N_``, in the catalogues). A name we do not know stays in English rather than vanish.
Office closures are shown as the supervisor typed their reason.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list

from ciip_desktop.i18n import N_, _, babel_locale, current_language
from ciip_desktop.services.calendar.working_days import CHINA, WorkingCalendar

# The English names ``holidays`` gives China's public holidays (a weekday given as a day off
# in exchange for a makeup workday is named "Day off (substituted from …)": not a holiday).
HOLIDAY_NAMES = {
    "New Year's Day": N_("New Year's Day"),
    "Chinese New Year's Eve": N_("Chinese New Year's Eve"),
    "Chinese New Year (Spring Festival)": N_("Chinese New Year (Spring Festival)"),
    "Chinese New Year Extended Holiday": N_("Chinese New Year Extended Holiday"),
    "Tomb-Sweeping Day": N_("Tomb-Sweeping Day"),
    "Labor Day": N_("Labor Day"),
    "Dragon Boat Festival": N_("Dragon Boat Festival"),
    "Mid-Autumn Festival": N_("Mid-Autumn Festival"),
    "National Day": N_("National Day"),
}
_SUBSTITUTE = "Day off"
_OBSERVED = (" (observed)", "（补假）", "（補假）")
# Languages whose names come from ``holidays`` itself.
_LIBRARY_LANGUAGES = {"zh_CN": "zh_CN", "zh_TW": "zh_TW"}


@lru_cache(maxsize=4)
def _library_calendar(language: str) -> Any:
    import holidays

    return holidays.country_holidays("CN", language=language)


def _plain(name: str) -> str:
    """A holiday's name without "(observed)": the stretch off is named once."""
    for suffix in _OBSERVED:
        name = name.removesuffix(suffix)
    return name.strip()


def holiday_names(calendar: WorkingCalendar, day: date) -> list[str]:
    """The names of the holidays (or the closure) that make ``day`` a day off, translated."""
    english = calendar.holiday_name(day, CHINA)
    if not english:
        return []
    if day in calendar.closures:
        return [english]
    parts = [p.strip() for p in english.split(";")]
    library = _LIBRARY_LANGUAGES.get(current_language())
    local: list[str] = []
    if library is not None:
        found = _library_calendar(library).get(day)
        local = [p.strip() for p in str(found or "").split(";")]
        if len(local) != len(parts):
            local = []
    names: list[str] = []
    for n, part in enumerate(parts):
        if part.startswith(_SUBSTITUTE):
            continue
        base = _plain(part)
        if local:
            name = _plain(local[n])
        elif base in HOLIDAY_NAMES:
            name = _(HOLIDAY_NAMES[base])
        else:
            name = base
        if name not in names:
            names.append(name)
    return names


def name_list(names: list[str]) -> str:
    """ "A, B and C" as the language writes it."""
    return str(format_list(names, locale=babel_locale()))


def day_span(first: date, last: date) -> str:
    """A stretch of days without the year ("Oct 1–8", "10月1日至8日", "1 – 8 oct.")."""
    if first == last:
        return str(format_skeleton("MMMd", first, locale=babel_locale()))
    return str(format_interval(first, last, "MMMd", locale=babel_locale()))


def weekday_and_day(day: date) -> str:
    """A day with its weekday ("Saturday, Oct 11", "10月11日星期六", "samedi 11 oct.")."""
    locale = babel_locale()
    short = str(locale.datetime_skeletons["MMMEd"].pattern)
    return str(format_date(day, re.sub("E+", "EEEE", short), locale=locale))
