"""The Calendar screen as a counsellor drives it: views, filters, keyboard, create, move,
cancel, the list of a group session, attendance, warnings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

from ciip_desktop.models import Counsellor
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.types import SessionInput
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.calendar.screen import CalendarScreen
from ciip_desktop.ui.calendar.session_dialog import SessionDialog

CST = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 12, 10)  # a Thursday


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CST)


def group(services: Services, actor: Actor, day: date = DAY, **changes: object) -> str:
    values: dict[str, object] = {
        "kind": "group",
        "starts_at": at(day, 9),
        "ends_at": at(day, 16),
        "city": "Guangzhou",
        "capacity": 30,
        "lead_counsellor_id": actor.counsellor_id,
    }
    values.update(changes)
    return services.calendar.sessions.create(actor, SessionInput(**values), accept=True).id  # type: ignore[arg-type]


def client(services: Services, actor: Actor, name: str) -> tuple[str, str]:
    detail = services.clients.register(
        actor,
        RegistrationInput(
            chinese_name=name,
            received_on=date(2026, 11, 1),
            signature_on_file=True,
            signature_date=date(2026, 10, 30),
        ),
    )
    return detail.id, detail.file_no


@pytest.fixture
def screen(qtbot: QtBot, services: Services, counsellor: Actor) -> Iterator[CalendarScreen]:
    widget = CalendarScreen(services, counsellor, today=DAY)
    widget.resize(1300, 800)
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def loaded(screen: CalendarScreen, qtbot: QtBot) -> None:
    """Wait until the period asked for last is read (on the worker) and shown."""
    qtbot.waitUntil(lambda: not screen.loader.busy, timeout=10_000)


def chip_centre(screen: CalendarScreen, session_id: str) -> QPoint:
    view = screen.view()
    view.repaint()
    rect = next(r for r, sid in view.hits if sid == session_id)  # type: ignore[union-attr]
    return rect.center()


def test_the_month_view_shows_the_months_sessions_filtered_by_city(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    gz = group(services, counsellor)
    bj = group(services, counsellor, date(2026, 12, 15), city="Beijing")
    group(services, counsellor, date(2027, 1, 14))
    screen.refresh()
    loaded(screen, qtbot)
    assert {s.id for s in screen.month.sessions} == {gz, bj}
    assert screen.period.text() == "December 2026"
    screen.city.setCurrentIndex(screen.city.findData("Beijing"))
    loaded(screen, qtbot)
    assert [s.id for s in screen.month.sessions] == [bj]


def test_the_counsellor_filter_keeps_their_sessions(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    mine = group(services, counsellor)
    with services.ctx.write(counsellor) as db:
        other = Counsellor(
            office_id=services.ctx.replica.office_id, username="wf", display_name="Wang Fang"
        )
        db.add(other)
        db.flush()
        other_id = other.id
    group(services, counsellor, date(2026, 12, 11), lead_counsellor_id=other_id)
    screen.counsellor.setCurrentIndex(screen.counsellor.findData(counsellor.counsellor_id))
    loaded(screen, qtbot)
    assert [s.id for s in screen.month.sessions] == [mine]


def test_keyboard_moves_through_days_and_months_and_switches_views(
    screen: CalendarScreen, qtbot: QtBot
) -> None:
    screen.month.setFocus()
    qtbot.keyClick(screen.month, Qt.Key.Key_Right)
    qtbot.keyClick(screen.month, Qt.Key.Key_Down)
    assert screen.month.current == date(2026, 12, 18)
    qtbot.keyClick(screen, Qt.Key.Key_PageDown)
    assert screen.period.text() == "January 2027"
    qtbot.keyClick(screen, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert screen.current_view == "day"
    assert screen.stack.currentWidget() is screen.day


def test_tab_selects_the_days_sessions_and_enter_opens_one(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    first = group(services, counsellor, starts_at=at(DAY, 9), ends_at=at(DAY, 11))
    group(services, counsellor, starts_at=at(DAY, 13), ends_at=at(DAY, 15))
    screen.refresh()
    loaded(screen, qtbot)
    opened: list[str] = []
    monkeypatch.setattr(SessionDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    screen.month.setFocus()
    qtbot.keyClick(screen.month, Qt.Key.Key_Tab)
    assert screen.month.selected_id == first
    assert screen.panel.title.text() == "Group session — Guangzhou"
    qtbot.keyClick(screen.month, Qt.Key.Key_Return)
    assert opened == ["Change session"]


def test_a_session_is_created_from_the_view(
    screen: CalendarScreen, services: Services, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: SessionDialog) -> int:
        dialog.city.setCurrentIndex(dialog.city.findData("Shanghai"))
        dialog.capacity.setValue(25)
        return 1

    monkeypatch.setattr(SessionDialog, "exec", fill)
    point = screen.month._cell(2 * 7 + 3).center()  # Thursday of the third week
    qtbot.mouseDClick(screen.month, Qt.MouseButton.LeftButton, pos=point)
    loaded(screen, qtbot)
    (made,) = screen.month.sessions
    assert (made.city, made.capacity, made.day) == ("Shanghai", 25, date(2026, 12, 17))
    assert made.local_start.hour == 9
    assert screen.month.selected_id == made.id


def test_dragging_a_session_to_another_day_moves_it(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    sid = group(services, counsellor)
    screen.refresh()
    loaded(screen, qtbot)
    start = chip_centre(screen, sid)
    target = screen.month._cell(1 * 7 + 4).center()  # Friday 11 December
    qtbot.mousePress(screen.month, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(screen.month, target)
    qtbot.mouseRelease(screen.month, Qt.MouseButton.LeftButton, pos=target)
    moved = services.calendar.sessions.get(sid)
    assert moved.local_start == at(date(2026, 12, 11), 9)


@pytest.mark.usefixtures("answer_yes")
def test_moving_onto_a_holiday_warns_and_moves_only_when_confirmed(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sid = group(services, counsellor, date(2026, 12, 31))
    screen.go_to(date(2026, 12, 31))
    loaded(screen, qtbot)
    screen.month.select(sid)
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    qtbot.keyClick(
        screen.month, Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )  # fmt: skip
    assert "not a working day (New Year's Day)" in asked[0]
    assert services.calendar.sessions.get(sid).day == date(2026, 12, 31)
    loaded(screen, qtbot)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    qtbot.keyClick(
        screen.month, Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )  # fmt: skip
    assert services.calendar.sessions.get(sid).day == date(2027, 1, 1)


@pytest.mark.usefixtures("answer_yes")
def test_delete_cancels_the_selected_session_which_stays_struck_out(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    sid = group(services, counsellor)
    screen.refresh()
    loaded(screen, qtbot)
    qtbot.mouseClick(screen.month, Qt.MouseButton.LeftButton, pos=chip_centre(screen, sid))
    qtbot.keyClick(screen.month, Qt.Key.Key_Delete)
    assert services.calendar.sessions.get(sid).status == "cancelled"
    loaded(screen, qtbot)
    assert [s.status for s in screen.month.sessions] == ["cancelled"]


@pytest.mark.usefixtures("answer_yes")
def test_the_panel_enrols_waitlists_promotes_and_marks_attendance(
    screen: CalendarScreen, services: Services, counsellor: Actor, tmp_path: Path, qtbot: QtBot
) -> None:
    sid = group(services, counsellor, capacity=1)
    (_a, a_no), (b, b_no) = (
        client(services, counsellor, "张伟"),
        client(services, counsellor, "李娜"),
    )
    screen.refresh()
    loaded(screen, qtbot)
    screen.month.select(sid)
    for file_no in (a_no, b_no):
        screen.ask_text = lambda *_a, f=file_no: f
        screen.panel.buttons["enrol"].click()
    table = screen.panel.table
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == ["Seat", "Waiting #2"]
    table.selectRow(0)
    screen.panel.buttons["remove"].click()  # the freed seat is proposed; the answer is yes
    assert [(e.client_id, e.state) for e in services.calendar.enrolment.entries(sid)] == [
        (b, "enrolled")
    ]
    history = [screen.panel.history.item(r).text() for r in range(screen.panel.history.count())]
    assert "Promoted" in history[-1] and b_no in history[-1] and "Li Na" in history[-1]
    combo = table.cellWidget(0, 3)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("attended"))
    assert services.calendar.enrolment.entries(sid)[0].attendance == "attended"
    assert services.clients.get(counsellor, b).status == "group_attended"

    screen.ask_path = lambda *_a: tmp_path / "roster.pdf"
    screen.panel.buttons["sign_in"].click()
    assert (tmp_path / "roster.pdf").read_bytes().startswith(b"%PDF")
    screen.ask_path = lambda *_a: tmp_path / "session.ics"
    screen.panel.buttons["ics"].click()
    assert "BEGIN:VTIMEZONE" in (tmp_path / "session.ics").read_text(encoding="utf-8")


def test_week_day_and_list_views_show_the_same_sessions(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    sid = group(services, counsellor)
    for key in ("week", "day", "list"):
        screen.show_view(key)
        loaded(screen, qtbot)
        assert [s.id for s in screen.view().sessions] == [sid]
    screen.list.select(sid)
    assert screen.panel.view is not None and screen.panel.view.id == sid
    assert screen.list.model_.index(0, 6).data() == "0/30 (+0)"


def test_a_click_in_the_week_view_creates_at_that_time(
    screen: CalendarScreen, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts: list[datetime] = []

    def capture(dialog: SessionDialog) -> int:
        starts.append(dialog.draft().starts_at)
        return 0

    monkeypatch.setattr(SessionDialog, "exec", capture)
    screen.show_view("week")
    when = screen.week.time_at(QPoint(screen.week._column(2).center().x(), 400))
    assert when is not None
    point = QPoint(screen.week._column(2).center().x(), 400)
    qtbot.mouseDClick(screen.week, Qt.MouseButton.LeftButton, pos=point)
    assert starts == [when]
    assert when.date() == date(2026, 12, 9) and when.minute % 15 == 0


def test_book_one_on_ones_uses_the_slot_length_asked(
    screen: CalendarScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    sid = group(services, counsellor)
    (a, _a_no), (b, _b_no) = (
        client(services, counsellor, "张伟"),
        client(services, counsellor, "李娜"),
    )
    for client_id in (a, b):
        services.calendar.enrolment.enrol(counsellor, sid, client_id)
    screen.refresh()
    loaded(screen, qtbot)
    screen.month.select(sid)
    screen.ask_minutes = lambda *_a: 30
    screen.panel.buttons["plan"].click()
    booked = services.calendar.sessions.days(date(2026, 12, 11), date(2026, 12, 11))
    assert [(s.kind, s.local_start.strftime("%H:%M")) for s in booked] == [
        ("one_on_one", "09:00"),
        ("one_on_one", "09:30"),
    ]
    assert screen.month.current == date(2026, 12, 11)


def test_a_supervisor_closes_the_office_and_the_day_shows_it(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ciip_desktop.models import Role
    from ciip_desktop.ui.calendar.closure_dialog import ClosureDialog

    with services.ctx.write(counsellor) as db:
        boss = Counsellor(
            office_id=services.ctx.replica.office_id, username="chen", display_name="Chen Jing",
            role=Role.SUPERVISOR.value,
        )  # fmt: skip
        db.add(boss)
        db.flush()
        boss_actor = Actor(boss.id, "Chen Jing", Role.SUPERVISOR)
    plain = CalendarScreen(services, counsellor, today=DAY)
    qtbot.addWidget(plain)
    assert not plain.closure_button.isVisibleTo(plain)
    screen = CalendarScreen(services, boss_actor, today=DAY)
    qtbot.addWidget(screen)
    assert screen.closure_button.isVisibleTo(screen)

    def fill(dialog: ClosureDialog) -> int:
        dialog.first.setText("2026-12-21")
        dialog.last.setText("2026-12-22")
        dialog.reason.setText("Office move")
        return 1

    monkeypatch.setattr(ClosureDialog, "exec", fill)
    screen.closure_button.click()
    loaded(screen, qtbot)
    assert screen.month.day_notes[date(2026, 12, 21)] == ("Office move", False)
    assert services.calendar.one_on_ones.slots(boss.id, date(2026, 12, 21)) == []
    cal = services.calendar.sessions.working_calendar()
    assert cal.next_working_day(date(2026, 12, 18)) == date(2026, 12, 23)


def test_a_counsellors_schedule_exports_as_ics(
    screen: CalendarScreen, services: Services, counsellor: Actor, tmp_path: Path, qtbot: QtBot
) -> None:
    group(services, counsellor)
    group(services, counsellor, date(2026, 12, 17), city="Shanghai")
    screen.counsellor.setCurrentIndex(screen.counsellor.findData(counsellor.counsellor_id))
    loaded(screen, qtbot)
    screen.ask_path = lambda *_a: tmp_path / "lina.ics"
    screen.export_button.click()
    text = (tmp_path / "lina.ics").read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 2
    assert "TZID=Asia/Shanghai:20261210T090000" in text


def test_a_phone_session_is_typed_in_the_clients_time_and_kept_in_both(
    screen: CalendarScreen, services: Services, counsellor: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _cid, file_no = client(services, counsellor, "王芳")

    def fill(dialog: SessionDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("phone"))
        dialog.client.setText(file_no)
        dialog.client_zone.setCurrentIndex(dialog.client_zone.findData("America/Toronto"))
        dialog.day.setDate(dialog.day.date().fromString("2026-12-09", "yyyy-MM-dd"))
        dialog.start.setTime(dialog.start.time().fromString("19:30", "HH:mm"))
        dialog.end.setTime(dialog.end.time().fromString("20:15", "HH:mm"))
        dialog._on_save()
        return 1

    monkeypatch.setattr(SessionDialog, "exec", fill)
    screen.new_button.click()
    (phone,) = services.calendar.sessions.days(date(2026, 12, 10), date(2026, 12, 10))
    assert phone.local_start == at(date(2026, 12, 10), 8).replace(minute=30)
    assert phone.local(phone.starts_at, "America/Toronto").strftime("%H:%M") == "19:30"
    assert phone.client_file_no == file_no
