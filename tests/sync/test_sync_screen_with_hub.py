"""The Sync screen on enrolled laptops and a real (SQLite) hub: Sync now, conflicts, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from file_support import register
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot
from sync_support import Laptop, office

from ciip_desktop.models import Client, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.services.sync_desk import SyncDesk
from ciip_desktop.services.sync_files import build_sync_files
from ciip_desktop.ui.sync.screen import SyncScreen
from ciip_desktop.ui.worker import TaskRunner

# The services each screen was built on (their hub connections are closed after the test).
BUILT: list[Services] = []


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[list[Laptop]]:
    found = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    yield found
    while BUILT:
        BUILT.pop().sync.close()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def screen_for(laptop: Laptop, qtbot: QtBot, runner: TaskRunner, home: Path) -> SyncScreen:
    services = Services.build(laptop.ctx)
    BUILT.append(services)
    actor = Actor.system()
    screen = SyncScreen(
        SyncDesk(services, actor),
        build_sync_files(services, home / "config", actor),
        SyncDesk(services, actor),
        runner=runner,
        undo_stack=QUndoStack(),
    )
    qtbot.addWidget(screen)
    screen.show()
    return screen


def sync(screen: SyncScreen, qtbot: QtBot) -> str:
    with qtbot.waitSignal(screen.sync_page.syncFinished, timeout=20_000):
        screen.sync_page.sync_button.click()
    return screen.sync_page.report_label.text()


def test_sync_now_sends_and_receives_and_says_how_many(
    laptops: list[Laptop], qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    a, b = laptops
    register(Services.build(a.ctx), Actor.system())
    screen_a = screen_for(a, qtbot, runner, tmp_path / "a")
    assert screen_a.sync_page.sync_button.isEnabled()
    assert "hub.sqlite3" in screen_a.sync_page.hub_value.text()
    text = sync(screen_a, qtbot)
    assert text.startswith("Synced with the office hub (sent: ")
    assert "0 refused" in text
    assert screen_a.sync_page.pending_value.text() == "0 changes not yet sent to the office"
    assert screen_a.sync_page.last_value.text() not in ("", "Never")
    screen_b = screen_for(b, qtbot, runner, tmp_path / "b")
    text = sync(screen_b, qtbot)
    applied = int(text.splitlines()[1].split(" change")[0])
    assert applied > 0


def test_a_conflict_from_the_hub_is_resolved_on_the_screen_and_undone(
    laptops: list[Laptop], qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    a, b = laptops
    sa, sb = Services.build(a.ctx), Services.build(b.ctx)
    actor = Actor.system()
    client_id = register(sa, actor)
    screen_a = screen_for(a, qtbot, runner, tmp_path / "a")
    screen_b = screen_for(b, qtbot, runner, tmp_path / "b")
    sync(screen_a, qtbot)
    sync(screen_b, qtbot)
    sb.clients.update(actor, client_id, {"email": "wei.zhang@example.cn"})
    sa.clients.update(actor, client_id, {"email": "zw@example.org"})  # later: wins
    sync(screen_b, qtbot)
    text = sync(screen_a, qtbot)
    assert "1 conflicting" in text
    assert screen_a.sync_page.conflicts_value.text() == "1 conflict to review"
    assert screen_a.tabs.tabText(1) == "Conflicts (1)"
    page = screen_a.conflicts_page
    screen_a.show_conflicts()
    assert page.title_label.text().startswith("E-mail of ZHANG, Wei (张伟) · GZ")
    assert "wei.zhang@example.cn" in page.over_value.text() and "laptop B" in page.over_value.text()
    assert (
        "zw@example.org" in page.current_value.text() and "this laptop" in page.current_value.text()
    )
    assert page.base_value.text() == "zhang.wei@example.com"
    detail = sa.clients.get(actor, client_id)
    assert "1 sync conflict on this record: review it on the Sync screen." in detail.warnings
    page.restore.click()
    assert not any("sync conflict" in w for w in sa.clients.get(actor, client_id).warnings)
    assert a.get(Client, client_id).email == "wei.zhang@example.cn"
    assert screen_a.tabs.tabText(1) == "Conflicts"
    screen_a.undo_stack.undo()
    assert a.get(Client, client_id).email == "zw@example.org"
    assert page.list.count() == 1


def test_a_sync_file_made_on_one_screen_is_applied_on_the_other(
    laptops: list[Laptop], qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    a, b = laptops
    client_id = register(Services.build(a.ctx), Actor.system())
    screen_a = screen_for(a, qtbot, runner, tmp_path / "a")
    screen_b = screen_for(b, qtbot, runner, tmp_path / "b")
    key = screen_a.file_sync.files.new_office_key()
    screen_b.file_sync.files.install_key(key)
    path = tmp_path / "usb" / "venue.ciipsync"
    path.parent.mkdir()
    with qtbot.waitSignal(screen_a.file_sync.finished):
        screen_a.file_sync.export_to(path)
    with qtbot.waitSignal(screen_b.file_sync.finished):
        screen_b.file_sync.import_from(path)
    text = screen_b.sync_page.report_label.text()
    assert text.startswith("Applied the sync file: ") and "0 refused" in text
    assert b.get(Client, client_id) is not None
    with qtbot.waitSignal(screen_b.file_sync.finished):
        screen_b.file_sync.import_from(path)
    assert screen_b.sync_page.report_label.text().startswith(
        "This laptop already had every change in the sync file."
    )


def test_the_same_person_on_two_laptops_is_merged_from_the_conflicts_tab(
    laptops: list[Laptop],
    qtbot: QtBot,
    runner: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from ciip_desktop.models import Meeting

    a, b = laptops
    person = {"family_name": "Chen", "given_name": "Jing", "chinese_name": "陈静"}
    first = a.add_client("GZA-2026-00001", date_of_birth=date(1988, 3, 14), **person)
    second = b.add_client("GZB-2026-00001", date_of_birth=date(1988, 3, 14), **person)
    with b.ctx.write(Actor.system()) as session:
        session.add(Meeting(client_id=second, held_on=date(2026, 11, 2), channel="phone"))
    screen_a = screen_for(a, qtbot, runner, tmp_path / "a")
    screen_b = screen_for(b, qtbot, runner, tmp_path / "b")
    sync(screen_a, qtbot)
    sync(screen_b, qtbot)
    sync(screen_a, qtbot)
    page = screen_a.conflicts_page
    screen_a.show_conflicts()
    assert page.title_label.text() == "Possibly the same person twice"
    assert "registered on two laptops" in page.summary_label.text()
    assert page.merge_first.isVisibleTo(page) and not page.keep_current.isVisibleTo(page)
    keep_a = "Keep CHEN, Jing (陈静) · GZA-2026-00001, merge the other"
    keep_b = "Keep CHEN, Jing (陈静) · GZB-2026-00001, merge the other"
    assert {page.merge_first.text(), page.merge_second.text()} == {keep_a, keep_b}
    button = page.merge_first if page.merge_first.text() == keep_a else page.merge_second
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    button.click()
    assert page.list.count() == 0
    assert b.get(Client, second).deleted is False  # until the merge syncs
    with a.ctx.read() as session:
        meeting = session.query(Meeting).one()
        assert meeting.client_id == first
    assert a.get(Client, second).deleted is True


def test_only_an_administrator_is_offered_to_change_the_hub(
    laptops: list[Laptop], qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    a, _b = laptops
    admin_screen = screen_for(a, qtbot, runner, tmp_path / "admin")
    assert admin_screen.sync_page.hub_button.isVisibleTo(admin_screen)
    services = Services.build(a.ctx)
    BUILT.append(services)
    counsellor = Actor(counsellor_id="", display_name="Li Na", role=Role.COUNSELLOR)
    screen = SyncScreen(
        SyncDesk(services, counsellor),
        build_sync_files(services, tmp_path / "lina" / "config", counsellor),
        SyncDesk(services, counsellor),
        runner=runner,
        undo_stack=QUndoStack(),
    )
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.sync_page.hub_button.isVisibleTo(screen)
    assert screen.sync_page.sync_button.isVisibleTo(screen)  # syncing stays everyone's
