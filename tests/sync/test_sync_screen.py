"""The Sync screen and the status bar, as a counsellor uses them (offscreen)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from file_support import register
from PySide6.QtGui import QUndoCommand
from pytestqt.qtbot import QtBot

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.sync_view import SyncOutcome, SyncOverview
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.sync.sync_page import SyncPage
from ciip_desktop.ui.worker import ProgressFn, TaskRunner


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def window(
    qtbot: QtBot, ctx: ServiceContext, counsellor: Actor, tmp_path: Path, runner: TaskRunner
) -> MainWindow:
    settings = UiSettings(tmp_path / "config" / "settings.ini")
    win = MainWindow(
        Services.build(ctx),
        counsellor,
        settings=settings,
        language=LanguageSwitcher(settings),
        runner=runner,
        database_path=ctx.db.path,
        log_dir=tmp_path / "logs",
        remember=False,
    )
    qtbot.addWidget(win)
    win.show()
    return win


OVERVIEW = SyncOverview(
    hub_url="postgresql://hub.office.example/ciip",
    last_sync_at=None,
    pending_changes=4,
    conflicts_open=0,
    time_zone="Asia/Shanghai",
)


def test_the_status_bar_counts_what_waits_to_be_sent_and_follows_each_edit(
    window: MainWindow, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    before = window.status.sync.pending_changes if window.status.sync else -1
    assert before > 0
    assert window.status.sync_label.text().endswith("never synced")
    register(services, counsellor)  # a write through the window's services, off any screen
    qtbot.waitUntil(
        lambda: window.status.sync is not None and window.status.sync.pending_changes > before
    )
    count = window.status.sync.pending_changes
    assert window.status.sync_label.text().startswith(f"{count} changes to send")


def test_the_status_bar_follows_undo(window: MainWindow, ctx: ServiceContext, qtbot: QtBot) -> None:
    shown: list[int] = []
    window.status.set_sync = lambda overview: shown.append(overview.pending_changes)  # type: ignore[method-assign]
    window.undo_stack.push(QUndoCommand("edit"))
    qtbot.waitUntil(lambda: len(shown) > 0)


def test_the_sync_screen_shows_the_laptops_state(window: MainWindow) -> None:
    window.show_screen("sync")
    screen = window.sync_screen
    assert screen is not None and window.stack.currentWidget() is screen
    page = screen.sync_page
    assert page.last_value.text() == "Never"
    assert page.hub_value.text() == "No office hub set up on this laptop"
    pending = window.status.sync.pending_changes if window.status.sync else 0
    assert page.pending_value.text() == f"{pending} changes not yet sent to the office"
    assert page.conflicts_value.text() == "None"


def test_sync_now_reports_applied_conflicting_and_refused_with_reasons(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    def sync_now(progress: ProgressFn, cancel: threading.Event) -> SyncOutcome:
        progress(5, 10)
        return SyncOutcome(
            "Synced with the office hub.",
            applied=12,
            conflicting=1,
            refused=2,
            reasons=("2 changes come from a newer version of CIIP Desktop; update this laptop.",),
        )

    page = SyncPage(lambda: OVERVIEW, sync_now, runner)
    qtbot.addWidget(page)
    page.refresh()
    with qtbot.waitSignal(page.syncFinished):
        qtbot.mouseClick(page.sync_button, qtbot_left())
    text = page.report_label.text()
    assert "Synced with the office hub." in text
    assert "12 changes applied · 1 conflicting · 2 refused" in text
    assert "newer version of CIIP Desktop" in text
    assert page.sync_button.isEnabled() and not page.cancel_button.isEnabled()


def test_a_sync_can_be_cancelled_and_says_nothing_was_lost(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    started = threading.Event()

    def sync_now(progress: ProgressFn, cancel: threading.Event) -> SyncOutcome:
        started.set()
        while progress(1, 100):
            cancel.wait(0.01)
        from ciip_desktop.ui.worker import TaskCancelled

        raise TaskCancelled("sync")

    page = SyncPage(lambda: OVERVIEW, sync_now, runner)
    qtbot.addWidget(page)
    page.refresh()
    page.start_sync()
    assert page.running and page.cancel_button.isEnabled() and not page.sync_button.isEnabled()
    assert started.wait(5)
    with qtbot.waitSignal(page.syncFinished):
        qtbot.mouseClick(page.cancel_button, qtbot_left())
    assert "cancelled; nothing was lost" in page.report_label.text()
    assert not page.running and page.sync_button.isEnabled()


def test_a_failed_sync_is_one_sentence_not_silence(qtbot: QtBot, runner: TaskRunner) -> None:
    from ciip_desktop.errors import UserError

    def sync_now(progress: ProgressFn, cancel: threading.Event) -> SyncOutcome:
        raise UserError("The office hub cannot be reached; check the network and try again.")

    page = SyncPage(lambda: OVERVIEW, sync_now, runner)
    qtbot.addWidget(page)
    page.refresh()
    with qtbot.waitSignal(page.syncFinished):
        page.start_sync()
    assert page.report_label.text() == (
        "The office hub cannot be reached; check the network and try again."
    )


def test_without_a_hub_sync_now_is_off_and_the_page_says_why(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    overview = SyncOverview("", None, 0, 0, can_sync_now=False, why_not="Set up the hub first.")
    page = SyncPage(lambda: overview, lambda *_a: SyncOutcome(""), runner)
    qtbot.addWidget(page)
    page.refresh()
    assert not page.sync_button.isEnabled()
    assert page.why_label.text() == "Set up the hub first."


def test_file_sync_by_file_exports_and_refuses_a_foreign_file_on_the_page(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.menus.sync_by_file.trigger()
    screen = window.sync_screen
    assert screen is not None and window.current_screen() == "sync"
    screen.file_sync.files.new_office_key()
    with qtbot.waitSignal(screen.file_sync.finished):
        screen.file_sync.export_to(tmp_path / "out.ciipsync")
    assert (tmp_path / "out.ciipsync").is_file()
    assert screen.sync_page.report_label.text().startswith("Wrote ")
    other = tmp_path / "clients.csv"
    other.write_text("family_name\nZhang\n", encoding="utf-8")
    with qtbot.waitSignal(screen.file_sync.finished):
        screen.file_sync.import_from(other)
    assert screen.sync_page.report_label.text() == (
        "This file is not a CIIP sync bundle; choose a .ciipsync file. Nothing was applied."
    )


def qtbot_left() -> object:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_long_sync_does_not_hold_up_the_other_screens_work(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show_screen("sync")
    screen = window.sync_screen
    assert screen is not None
    release = threading.Event()

    def slow_sync(progress: ProgressFn, cancel: threading.Event) -> SyncOutcome:
        while not release.is_set() and progress(0, 0):
            release.wait(0.01)
        return SyncOutcome("Synced.")

    screen.sync_page._sync_now = slow_sync
    screen.sync_page.start_sync()
    got: list[int] = []
    window.runner.run(lambda: 42, on_done=got.append)  # e.g. the client list's query
    qtbot.waitUntil(lambda: got == [42], timeout=5000)
    assert screen.sync_page.running
    release.set()
    qtbot.waitUntil(lambda: not screen.sync_page.running, timeout=5000)
