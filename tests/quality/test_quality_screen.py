"""The Service quality screen as a counsellor and a supervisor use it (offscreen)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QSpinBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from quality_support import Records

from ciip_desktop.i18n import set_language
from ciip_desktop.models import Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.ui.quality.screen import QualityScreen

TODAY = date(2025, 9, 24)  # Wednesday, before National Day


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def office(ctx: ServiceContext, counsellor: Actor, services: Services) -> Records:
    services.quality.today = lambda: TODAY
    records = Records(ctx, counsellor)
    # Received Thursday 18 Sep: the call is due 5 working days later, on Thursday 25 Sep.
    records.client(date(2025, 9, 18))
    # Received Monday 22 Sep: due Sunday 28 Sep, a makeup workday.
    records.client(date(2025, 9, 22))
    done = records.client(date(2025, 8, 4))
    records.assessed(done, date(2025, 8, 6))
    late = records.client(date(2025, 8, 5))
    records.assessed(late, date(2025, 8, 29))
    return records


def _group(screen: QualityScreen, title: str) -> QTreeWidgetItem:
    tree = screen.my_day.tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.text(0).startswith(title):
            return item
    raise AssertionError(title)


def test_my_day_shows_what_is_due_and_why(
    qtbot: QtBot, services: Services, counsellor: Actor, office: Records
) -> None:
    screen = QualityScreen(services, counsellor)
    qtbot.addWidget(screen)
    tomorrow = _group(screen, "Due tomorrow")
    assert tomorrow.childCount() == 1
    assert tomorrow.child(0).text(1) == "Needs-assessment call after registration"
    soon = _group(screen, "About to miss")
    assert soon.childCount() == 1
    assert "counted Sunday, Sep 28, a makeup workday" in soon.child(0).text(4)


def test_dashboard_figures_and_drill_down(
    qtbot: QtBot, services: Services, counsellor: Actor, office: Records
) -> None:
    screen = QualityScreen(services, counsellor)
    qtbot.addWidget(screen)
    dashboard = screen.dashboard
    headers = [
        dashboard.table.horizontalHeaderItem(c).text() for c in range(dashboard.table.columnCount())
    ]
    column = headers.index("2025-08")
    cell = dashboard.table.item(0, column)
    assert cell.text() == "50.0% (2)"
    dashboard.table.cellClicked.emit(0, column)
    assert dashboard.cases.rowCount() == 2
    results = {dashboard.cases.item(r, 6).text() for r in range(2)}
    assert results == {"Met", "Missed"}
    assert dashboard.chart.series()[0].count() >= 1


def test_a_supervisor_changes_a_target_and_the_figures_follow(
    qtbot: QtBot, services: Services, office: Records
) -> None:
    supervisor = Actor("", "Chief", Role.SUPERVISOR)
    screen = QualityScreen(services, supervisor)
    qtbot.addWidget(screen)
    days = screen.standards.table.cellWidget(0, 3)
    assert isinstance(days, QSpinBox)
    days.setValue(20)
    screen.standards.save_button.click()
    assert "saved" in screen.standards.message.text()
    headers = [
        screen.dashboard.table.horizontalHeaderItem(c).text()
        for c in range(screen.dashboard.table.columnCount())
    ]
    assert screen.dashboard.table.item(0, headers.index("2025-08")).text() == "100.0% (2)"


def test_a_counsellor_cannot_edit_targets(
    qtbot: QtBot, services: Services, counsellor: Actor, office: Records
) -> None:
    screen = QualityScreen(services, counsellor)
    qtbot.addWidget(screen)
    assert not screen.standards.save_button.isEnabled()
    days = screen.standards.table.cellWidget(0, 3)
    assert days is not None and not days.isEnabled()


@pytest.mark.parametrize(
    ("language", "first", "january", "march"),
    [
        ("en", "Oct 2024", "Jan 2025", "Mar"),
        ("zh_CN", "2024年10月", "2025年1月", "3月"),
        ("fr_CA", "oct. 2024", "janv. 2025", "mars"),
    ],
)
def test_the_trend_chart_names_months_shortly_and_slants_them_only_when_narrow(
    qtbot: QtBot,
    services: Services,
    counsellor: Actor,
    office: Records,
    language: str,
    first: str,
    january: str,
    march: str,
) -> None:
    set_language(language)
    screen = QualityScreen(services, counsellor)
    qtbot.addWidget(screen)
    dashboard = screen.dashboard
    months = dashboard.month_axis.categories()
    # Twelve months to Sep 2025: the year where it starts and at each January only.
    assert (len(months), months[0], months[3], months[5]) == (12, first, january, march)
    screen.tabs.setCurrentWidget(dashboard)
    screen.resize(1400, 820)
    screen.show()
    qtbot.waitUntil(lambda: dashboard.chart.plotArea().width() > 600)
    assert dashboard.month_axis.labelsAngle() == 0
    screen.resize(520, 820)
    qtbot.waitUntil(lambda: dashboard.month_axis.labelsAngle() == -45)


def test_a_counsellor_pauses_a_clock_from_my_day(
    qtbot: QtBot, services: Services, counsellor: Actor, office: Records
) -> None:
    screen = QualityScreen(services, counsellor)
    qtbot.addWidget(screen)
    page = screen.my_day
    assert not page.pause_button.isEnabled()  # nothing chosen yet
    tomorrow = _group(screen, "Due tomorrow")
    page.tree.setCurrentItem(tomorrow.child(0))
    client_id = tomorrow.child(0).data(0, Qt.ItemDataRole.UserRole).case.client_id
    assert page.pause_button.isEnabled()
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    dialog = page.pause_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.first.setDate(QDate(2025, 9, 24))
    dialog.last.setDate(QDate(2025, 9, 26))
    dialog.reason.setText("Waiting for the client's documents")
    dialog.accept()
    # Three working days paused: the call is no longer due tomorrow.
    assert "paused" in page.message.text()
    assert _group(screen, "Due tomorrow").childCount() == 0
    (kept,) = services.quality.pauses.pauses(client_id)
    assert kept.reason == "Waiting for the client's documents"
