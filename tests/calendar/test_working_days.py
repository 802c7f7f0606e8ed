"""The office's one calendar of working days (holidays package, pinned in pyproject.toml)."""

from __future__ import annotations

from datetime import date

from ciip_desktop.services.calendar.working_days import WorkingCalendar, canada


def test_a_makeup_working_day_on_a_weekend_is_a_working_day() -> None:
    cal = WorkingCalendar()
    # Spring Festival 2026: Saturdays 14 and 28 February are worked (调休).
    assert cal.is_working_day(date(2026, 2, 14))
    assert cal.is_working_day(date(2026, 2, 28))
    assert not cal.is_working_day(date(2026, 2, 17))  # Spring Festival
    assert not cal.is_working_day(date(2026, 2, 20))  # the Friday given for 14 February
    assert cal.holiday_name(date(2026, 2, 14)) is None


def test_a_holiday_week_across_the_new_year_is_handled_in_both_years() -> None:
    cal = WorkingCalendar()
    # New Year 2026: Thursday 1 to Saturday 3 January off, Sunday 4 January worked.
    assert cal.next_working_day(date(2025, 12, 31)) == date(2026, 1, 4)
    # New Year 2012: Saturday 31 December 2011 was worked, paid back in January 2012.
    assert cal.is_working_day(date(2011, 12, 31))
    assert not cal.is_working_day(date(2012, 1, 3))


def test_office_closures_are_not_working_days() -> None:
    cal = WorkingCalendar.with_closures([(date(2026, 12, 1), date(2026, 12, 2), "Office move")])
    assert not cal.is_working_day(date(2026, 12, 1))
    assert cal.holiday_name(date(2026, 12, 2)) == "Office move"
    assert cal.next_working_day(date(2026, 11, 30)) == date(2026, 12, 3)


def test_canadian_holidays_depend_on_the_province() -> None:
    cal = WorkingCalendar()
    bc_day = date(2026, 8, 3)  # British Columbia Day; not a holiday in Quebec
    assert not cal.is_working_day(bc_day, canada("BC"))
    assert cal.is_working_day(bc_day, canada("QC"))
    assert not cal.is_working_day(date(2026, 7, 1), canada("QC"))  # Canada Day


def test_working_days_between_counts_makeup_days() -> None:
    cal = WorkingCalendar()
    # 13 Feb (Fri) → 23 Feb 2026: only Saturday 14 February is a working day in between.
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
