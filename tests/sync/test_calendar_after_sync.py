"""Bookings made offline on two laptops that clash are listed for a person after the sync."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot
from sync_support import Laptop, office, snapshot

from ciip_desktop.models import ConflictKind, Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.types import SessionInput
from ciip_desktop.services.context import Actor
from ciip_desktop.services.sync_desk import SyncDesk
from ciip_desktop.services.sync_view import Resolution

CST = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 12, 2)  # a Wednesday, a working day
ACTOR = Actor.system()


def _at(hour: int) -> datetime:
    return datetime.combine(DAY, time(hour), tzinfo=CST)


def _counsellor(laptop: Laptop) -> str:
    with laptop.ctx.write(ACTOR) as session:
        person = Counsellor(
            office_id=laptop.ctx.replica.office_id,
            username="wangfang",
            display_name="Wang Fang",
            role=Role.COUNSELLOR.value,
        )
        session.add(person)
        session.flush()
        return person.id


def _book(laptop: Laptop, counsellor: str, start: int, end: int) -> str:
    calendar = Services.build(laptop.ctx).calendar
    view = calendar.sessions.create(
        ACTOR,
        SessionInput(
            "group", _at(start), _at(end), city="Beijing", lead_counsellor_id=counsellor, capacity=2
        ),
        accept=True,
    )
    return view.id


def _settle(*laptops: Laptop) -> None:
    for _ in range(2):
        for laptop in laptops:
            laptop.sync.sync_now()


def test_a_counsellor_booked_on_two_laptops_at_once_is_in_the_sync_report_and_the_conflicts(
    tmp_path: Path, hub_url: str
) -> None:
    a, b = office(tmp_path, hub_url, ("A", "B"))
    wang = _counsellor(a)
    a.sync.sync_now()
    b.sync.sync_now()
    # Offline, each laptop books Wang Fang for the morning of the same day.
    _book(a, wang, 9, 12)
    _book(b, wang, 10, 11)
    a.sync.sync_now()
    report = b.sync.sync_now()
    assert report.findings == 1
    assert report.reasons == ["Wang Fang is already booked in another session at 2026-12-02 10:00."]
    found = b.open_conflicts()
    assert [(c.kind, c.field) for c in found] == [
        (ConflictKind.CALENDAR, "counsellor_double_booked")
    ]
    # A meets B's booking too: its Sync screen shows the sentence under the report.
    services = Services.build(a.ctx)
    outcome = SyncDesk(services, ACTOR).sync_now(lambda _d, _t: True, threading.Event())
    services.sync.close()
    assert outcome.reasons == tuple(report.reasons)
    # Both laptops recorded the same finding: it is one row, listed once.
    _settle(a, b)
    assert [c.id for c in a.open_conflicts()] == [c.id for c in found]
    assert a.sync.sync_now().reasons == []
    assert snapshot(a) == snapshot(b)


def test_a_double_booking_kept_on_one_laptop_is_not_raised_again_by_the_sync(
    tmp_path: Path, hub_url: str
) -> None:
    a, b = office(tmp_path, hub_url, ("A", "B"))
    wang = _counsellor(a)
    # One laptop's counsellor saw the warning and kept both sessions on purpose.
    _book(a, wang, 9, 12)
    _book(a, wang, 10, 11)
    a.sync.sync_now()
    report = b.sync.sync_now()
    assert report.findings == 0 and report.reasons == []
    assert b.open_conflicts() == []


def test_a_group_session_filled_past_its_seats_on_two_laptops_is_listed(
    tmp_path: Path, hub_url: str
) -> None:
    from ciip_desktop.services.clients.types import RegistrationInput

    a, b = office(tmp_path, hub_url, ("A", "B"))
    wang = _counsellor(a)
    session = _book(a, wang, 9, 16)
    services_a = Services.build(a.ctx)
    clients = [
        services_a.clients.register(
            ACTOR,
            RegistrationInput(
                chinese_name=name,
                received_on=DAY - timedelta(days=40),
                signature_on_file=True,
                signature_date=DAY - timedelta(days=41),
            ),
        ).id
        for name in ("张伟", "李娜", "王芳")
    ]
    a.sync.sync_now()
    b.sync.sync_now()
    # Two seats: A enrols two clients, B (offline) the third.
    for client in clients[:2]:
        services_a.calendar.enrolment.enrol(ACTOR, session, client)
    Services.build(b.ctx).calendar.enrolment.enrol(ACTOR, session, clients[2])
    a.sync.sync_now()
    report = b.sync.sync_now()
    assert "3 clients are enrolled for 2 seats: the session is over capacity." in report.reasons
    assert [c.field for c in b.open_conflicts()] == ["over_capacity"]


def test_the_conflicts_tab_names_the_clash_and_a_counsellor_marks_it_seen(
    tmp_path: Path, qtbot: QtBot
) -> None:
    from PySide6.QtGui import QUndoStack

    from ciip_desktop.ui.sync.conflicts_page import ConflictsPage

    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    wang = _counsellor(a)
    a.sync.sync_now()
    b.sync.sync_now()
    _book(a, wang, 9, 12)
    _book(b, wang, 10, 11)
    a.sync.sync_now()
    b.sync.sync_now()
    desk = SyncDesk(Services.build(b.ctx), ACTOR)
    undo = QUndoStack()
    page = ConflictsPage(desk, undo)
    qtbot.addWidget(page)
    page.refresh()
    assert page.list.count() == 1
    sessions = page.views[0].client_label
    assert sessions.count("Group session · ") == 2 and " / " in sessions
    assert page.title_label.text() == "Counsellor booked twice"
    assert page.list.item(0).text() == f"Counsellor booked twice · {sessions}"
    assert page.summary_label.text().startswith(sessions)
    assert "Wang Fang is already booked in another session" in page.summary_label.text()
    assert "Calendar screen" in page.summary_label.text()
    # Nothing to choose between: one button, no values.
    assert page.keep_current.text() == "Mark as seen"
    assert not page.restore.isVisibleTo(page) and not page.type_new.isVisibleTo(page)
    assert page.decide(Resolution.KEEP_CURRENT)
    assert b.open_conflicts() == [] and page.list.count() == 0
    undo.undo()
    assert len(b.open_conflicts()) == 1 and page.list.count() == 1
    desk.services.sync.close()


def test_the_sync_screen_lists_the_double_booking_under_its_report(
    tmp_path: Path, qtbot: QtBot
) -> None:
    from PySide6.QtGui import QUndoStack

    from ciip_desktop.services.sync_files import build_sync_files
    from ciip_desktop.ui.sync.screen import SyncScreen
    from ciip_desktop.ui.worker import TaskRunner

    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    wang = _counsellor(a)
    a.sync.sync_now()
    b.sync.sync_now()
    _book(a, wang, 9, 12)
    _book(b, wang, 10, 11)
    a.sync.sync_now()
    services = Services.build(b.ctx)
    runner = TaskRunner()
    try:
        screen = SyncScreen(
            SyncDesk(services, ACTOR),
            build_sync_files(services, tmp_path / "config", ACTOR),
            SyncDesk(services, ACTOR),
            runner=runner,
            undo_stack=QUndoStack(),
        )
        qtbot.addWidget(screen)
        screen.show()
        with qtbot.waitSignal(screen.sync_page.syncFinished, timeout=20_000):
            screen.sync_page.sync_button.click()
        text = screen.sync_page.report_label.text()
        assert "• Wang Fang is already booked in another session at 2026-12-02 10:00." in text
        assert screen.tabs.tabText(1) == "Conflicts (1)"
    finally:
        runner.shutdown()
        services.sync.close()
