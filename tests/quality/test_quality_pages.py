"""The survey, feedback, improvements and workload tabs as a user drives them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from quality_support import Records
from sqlalchemy import select

from ciip_desktop.i18n import set_language
from ciip_desktop.models import Counsellor, CounsellorHours, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.quality.workload import workload
from ciip_desktop.ui.quality.screen import QualityScreen

TODAY = date(2025, 11, 14)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def screen(qtbot: QtBot, services: Services, counsellor: Actor) -> QualityScreen:
    services.quality.today = lambda: TODAY
    widget = QualityScreen(services, replace(counsellor, role=Role.SUPERVISOR))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_survey_is_keyed_in_with_the_keyboard_only(qtbot: QtBot, screen: QualityScreen) -> None:
    page = screen.surveys
    screen.tabs.setCurrentWidget(page)
    page.fields["timeliness"].setFocus()
    for _ in range(2):
        qtbot.keyClicks(page.fields["timeliness"], "4")
        for name, key in zip(
            ("knowledge", "courtesy", "fairness", "outcome", "overall"), "55-34", strict=True
        ):
            assert page.fields[name].hasFocus()  # each digit moved the cursor on
            qtbot.keyClicks(page.fields[name], key)
        assert page.comments.hasFocus()
        qtbot.keyClicks(page.comments, "Clear and useful")
        qtbot.keyClick(page.comments, Qt.Key.Key_Return)
        assert "saved" in page.message.text()
        assert page.fields["timeliness"].text() == ""
    summary = screen.surveys.quality.surveys.by_driver()
    assert (summary["timeliness"].n, summary["timeliness"].mean) == (2, 4.0)
    assert summary["fairness"].n == 0  # "-" left it blank
    assert page.results.item(0, 1).text() == "2"


def test_a_complaint_is_logged_and_acknowledged(screen: QualityScreen) -> None:
    page = screen.feedback
    page.kind.setCurrentIndex(0)  # complaint
    page.summary.setText("Phone session started late")
    page.log()
    assert page.message.text() == "Logged as FB-2025-0001."
    page.table.selectRow(0)
    page.mark("acknowledged")
    assert page.table.item(0, 5).text() == "Nov 14, 2025"


def test_an_idea_is_raised_approved_and_counted(screen: QualityScreen) -> None:
    page = screen.improvements
    page.title.setText("Call the day the form arrives")
    page.standard.setCurrentIndex(1)
    page.raise_idea()
    assert page.table.rowCount() == 1
    page.table.selectRow(0)
    page.move_to("approved")
    assert page.table.item(0, 4).text() == "Approved"
    assert "1 ideas raised, 0 implemented" in page.counts.text()


def test_workload_warns_when_demand_exceeds_the_seats_planned(
    ctx: ServiceContext, counsellor: Actor, services: Services, qtbot: QtBot
) -> None:
    records = Records(ctx, counsellor)
    for month in range(1, 12):  # a steady rise: 2, 4, ... 22 registrations a month
        for day in range(1, 2 * month + 1):
            records.client(date(2025, month, min(day, 28)))
    services.quality.today = lambda: TODAY
    screen = QualityScreen(services, counsellor)
    qtbot.addWidget(screen)
    assert "exceed the group-session seats planned" in screen.workload.warning.text()
    assert "2025-12" in screen.workload.warning.text()


def _weekly_hours(ctx: ServiceContext, actor: Actor, hours: dict[int, tuple[int, int]]) -> None:
    """Every active counsellor's one-on-one hours: ``weekday -> (start, end)`` minutes, any
    weekday left out a day off."""
    with ctx.write(actor) as session:
        staff = session.scalars(select(Counsellor.id).where(Counsellor.active.is_(True)))
        for person in list(staff):
            for weekday in range(7):
                start, end = hours.get(weekday, (0, 0))
                session.add(
                    CounsellorHours(
                        counsellor_id=person, weekday=weekday, start_minute=start, end_minute=end
                    )
                )


def _active_staff(ctx: ServiceContext) -> int:
    with ctx.read() as session:
        return len(
            list(
                session.scalars(
                    select(Counsellor.id).where(
                        Counsellor.active.is_(True),
                        Counsellor.role.in_(("counsellor", "supervisor")),
                    )
                )
            )
        )


def test_workload_warns_when_demand_exceeds_the_counsellors_hours(
    ctx: ServiceContext, counsellor: Actor, services: Services, qtbot: QtBot
) -> None:
    records = Records(ctx, counsellor)
    for month in range(1, 12):  # a steady rise: 2, 4, ... 22 registrations a month
        for day in range(1, 2 * month + 1):
            records.client(date(2025, month, min(day, 28)))
    _weekly_hours(ctx, counsellor, {0: (9 * 60, 9 * 60 + 45)})  # one slot, Mondays only
    services.quality.today = lambda: TODAY
    w = workload(services.quality, "2025-11")
    # December 2025 has five Mondays (1, 8, 15, 22, 29), all working days in China.
    assert w.slots_planned["2025-12"] == 5 * _active_staff(ctx)
    assert w.forecast["2025-12"].expected > w.slots_planned["2025-12"]
    screen = QualityScreen(services, counsellor)
    qtbot.addWidget(screen)
    assert "one-on-one slots in the counsellors' hours in 2025-12" in (
        screen.workload.warning.text()
    )


def test_ample_counsellor_hours_raise_no_hours_warning(
    ctx: ServiceContext, counsellor: Actor, services: Services
) -> None:
    records = Records(ctx, counsellor)
    for month in range(1, 12):
        for day in range(1, 2 * month + 1):
            records.client(date(2025, month, min(day, 28)))
    # Weekdays 9:00–17:00: ten 45-minute slots a day each.
    _weekly_hours(ctx, counsellor, {d: (9 * 60, 17 * 60) for d in range(5)})
    services.quality.today = lambda: TODAY
    w = workload(services.quality, "2025-11")
    assert w.slots_planned["2026-01"] % 10 == 0 and w.slots_planned["2026-01"] > 0
    assert w.short_of_hours() == []
    assert w.short_of_seats() == ["2025-12", "2026-01", "2026-02"]  # no session planned
