"""Clocks on the office's working-day calendar: weekends, Spring Festival and National Day
weeks with their makeup workdays, a year boundary, closures and pauses."""

from __future__ import annotations

from datetime import date

import pytest

from ciip_desktop.i18n import set_language
from ciip_desktop.services.calendar.working_days import WorkingCalendar
from ciip_desktop.services.quality.clock import Pause, WorkdayIndex


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def index(calendar: WorkingCalendar | None = None) -> WorkdayIndex:
    return WorkdayIndex(calendar or WorkingCalendar(), date(2025, 1, 1), date(2026, 12, 31))


def test_an_ordinary_week_skips_the_weekend() -> None:
    ix = index()
    # Thursday 2025-06-05 + 3 working days: Fri, (weekend), Mon, Tue.
    assert ix.due(date(2025, 6, 5), 3) == date(2025, 6, 10)
    assert ix.between(date(2025, 6, 5), date(2025, 6, 10)) == 3
    assert ix.explain(date(2025, 6, 5), date(2025, 6, 10)) == (
        "3 working days, no holiday in between"
    )


def test_national_day_week_is_skipped_and_its_makeup_saturday_counted() -> None:
    ix = index()
    due = ix.due(date(2025, 9, 29), 5)
    # Mon 29 Sep, Tue 30 Sep, then 1-8 Oct off, Thu 9, Fri 10, Sat 11 (makeup), Mon 13.
    assert due == date(2025, 10, 13)
    explained = ix.explain(date(2025, 9, 29), due)
    assert "skipped Oct 1–8 National Day and Mid-Autumn Festival" in explained
    assert "counted Saturday, Oct 11, a makeup workday" in explained


def test_spring_festival_week_and_its_makeup_days() -> None:
    ix = index()
    # Spring Festival 2026: 15-23 Feb off; Saturday 28 Feb is a makeup workday.
    assert not ix.is_working(date(2026, 2, 16))
    assert ix.is_working(date(2026, 2, 28))
    due = ix.due(date(2026, 2, 12), 4)  # Fri 13, Sat 14 (makeup), then Tue 24, Wed 25
    assert due == date(2026, 2, 25)
    assert "Spring Festival" in ix.explain(date(2026, 2, 12), due)


def test_a_clock_spanning_the_year_boundary() -> None:
    ix = index()
    due = ix.due(date(2025, 12, 29), 5)
    # Tue 30, Wed 31 Dec; 1-3 Jan New Year; Sun 4 Jan makeup; Mon 5; Tue 6.
    assert due == date(2026, 1, 6)
    assert ix.between(date(2025, 12, 29), date(2026, 1, 6)) == 5
    assert "counted Sunday, Jan 4, a makeup workday" in ix.explain(date(2025, 12, 29), due)


def test_a_closure_is_skipped_with_its_reason() -> None:
    calendar = WorkingCalendar.with_closures([(date(2025, 6, 9), date(2025, 6, 10), "Move")])
    ix = index(calendar)
    assert ix.due(date(2025, 6, 5), 3) == date(2025, 6, 12)
    # The weekend before the closure is part of the same stretch off.
    assert "skipped Jun 7–10 Move" in ix.explain(date(2025, 6, 5), date(2025, 6, 12))


def test_a_pause_pushes_the_due_date_and_is_kept_apart_from_elapsed_time() -> None:
    ix = index()
    start = date(2025, 9, 1)  # Monday
    pauses = [Pause(date(2025, 9, 3), date(2025, 9, 4), "waiting on the client")]
    assert ix.due(start, 5) == date(2025, 9, 8)
    assert ix.due(start, 5, pauses) == date(2025, 9, 10)
    assert ix.between(start, date(2025, 9, 10)) == 7
    assert ix.paused_between(pauses, start, date(2025, 9, 10)) == 2


def test_n_working_days_before_a_session() -> None:
    ix = index()
    # Two working days before Thursday 9 Oct 2025 reach back over National Day to 29 Sep.
    assert ix.subtract(date(2025, 10, 9), 2) == date(2025, 9, 29)
    assert ix.subtract(date(2025, 6, 12), 2) == date(2025, 6, 10)


@pytest.mark.parametrize(
    ("language", "national_day", "spring_festival", "dragon_boat"),
    [
        (
            "zh_CN",
            "跳过 10月1日至8日 国庆节和中秋节; 计入调休上班日 10月11日星期六",
            "跳过 2月15日至23日 农历除夕和春节",
            "跳过 5月31日至6月2日 端午节",
        ),
        (  # Babel's French spans are set with thin spaces
            "fr_CA",
            "sauté 1\u2009–\u20098 oct. Fête nationale et Fête de la mi-automne; "
            "compté samedi 11 oct., un jour de travail de compensation",
            "sauté 15\u2009–\u200923 févr. Veille du Nouvel An chinois et Nouvel An chinois "
            "(fête du Printemps)",
            "sauté 31 mai\u2009–\u20092 juin Fête des bateaux-dragons",
        ),
    ],
)
def test_due_dates_are_explained_with_holiday_names_in_the_users_language(
    language: str, national_day: str, spring_festival: str, dragon_boat: str
) -> None:
    ix = index()
    set_language(language)
    assert ix.explain(date(2025, 9, 29), date(2025, 10, 13)) == national_day
    assert spring_festival in ix.explain(date(2026, 2, 12), date(2026, 2, 25))
    # The observed day (2 Jun) is the same holiday: named once, not "(observed)".
    assert ix.explain(date(2025, 5, 29), date(2025, 6, 4)) == dragon_boat


def test_a_closure_keeps_the_reason_as_typed_in_every_language() -> None:
    calendar = WorkingCalendar.with_closures([(date(2025, 6, 9), date(2025, 6, 10), "搬家 Move")])
    set_language("fr_CA")
    assert "sauté 7\u2009–\u200910 juin 搬家 Move" in index(calendar).explain(
        date(2025, 6, 5), date(2025, 6, 12)
    )
