"""The Calendar screen reads its periods on a worker: the newest period asked for wins, a read
that fails says so in the view, and no thread is left behind."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.types import SessionInput
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.calendar.screen import CalendarScreen

CST = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 12, 10)


def group(services: Services, actor: Actor, day: date) -> str:
    draft = SessionInput(
        "group",
        datetime.combine(day, time(9), tzinfo=CST),
        datetime.combine(day, time(16), tzinfo=CST),
        city="Guangzhou",
        lead_counsellor_id=actor.counsellor_id,
    )
    return services.calendar.sessions.create(actor, draft, accept=True).id


@pytest.fixture
def screen(qtbot: QtBot, services: Services, counsellor: Actor) -> Iterator[CalendarScreen]:
    widget = CalendarScreen(services, counsellor, today=DAY)
    widget.resize(1300, 800)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loader.busy)
    yield widget


def test_the_months_sessions_are_read_off_the_gui_thread(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sid = group(services, counsellor, DAY)
    readers: list[threading.Thread] = []
    days = services.calendar.sessions.days

    def recorded(*args: Any, **kwargs: Any) -> Any:
        readers.append(threading.current_thread())
        return days(*args, **kwargs)

    monkeypatch.setattr(services.calendar.sessions, "days", recorded)
    screen.refresh()
    assert screen.month.sessions == []  # nothing read on the GUI thread meanwhile
    qtbot.waitUntil(lambda: [s.id for s in screen.month.sessions] == [sid])
    assert readers and all(t is not threading.main_thread() for t in readers)


def test_paging_quickly_shows_the_last_month_asked_for_and_never_an_older_one(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    march = group(services, counsellor, date(2027, 3, 11))
    group(services, counsellor, date(2027, 1, 14))
    release = threading.Event()
    days = services.calendar.sessions.days

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # the first read is held until the counsellor has paged on
        return days(*args, **kwargs)

    monkeypatch.setattr(services.calendar.sessions, "days", slow)
    shown: list[date] = []
    screen.refreshed.connect(lambda: shown.append(screen.month.first_day()))
    screen.month.setFocus()
    for _ in range(3):  # January, February, March 2027
        qtbot.keyClick(screen, Qt.Key.Key_PageDown)
    assert screen.period.text() == "March 2027"  # the period shows at once
    release.set()
    qtbot.waitUntil(lambda: not screen.loader.busy)
    assert [s.id for s in screen.month.sessions] == [march]
    assert shown == [screen.month.first_day()]  # January's answer was dropped, not shown


def test_a_read_that_fails_says_so_in_the_view_never_a_traceback(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sid = group(services, counsellor, DAY)
    days = services.calendar.sessions.days
    hooked: list[object] = []
    monkeypatch.setattr(sys, "excepthook", lambda *a: hooked.append(a))

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("disk I/O error near 张伟")

    monkeypatch.setattr(services.calendar.sessions, "days", broken)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.problem.isVisible())
    assert screen.problem.text().startswith("The calendar could not be read from the database.")
    assert "张伟" not in screen.problem.text() and hooked == []
    assert screen.month.sessions == []  # not another period's sessions, shown as if current
    monkeypatch.setattr(services.calendar.sessions, "days", days)
    screen.refresh()
    qtbot.waitUntil(lambda: [s.id for s in screen.month.sessions] == [sid])
    assert not screen.problem.isVisible()


def test_closing_the_screen_leaves_no_read_running(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    widget = CalendarScreen(services, counsellor, today=DAY)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    widget.close()
    assert not widget.loader.busy
    assert [t.name for t in threading.enumerate() if t.name.startswith("ciip-worker")] == []
