"""The progress dialog stays away for quick work, appears for slow work, and Cancel stops it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from ciip_desktop.ui.progress import DelayedProgress
from ciip_desktop.ui.worker import ProgressFn, TaskCancelled, TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner(on_error=lambda exc: None)
    yield task_runner
    task_runner.shutdown()


def test_quick_work_shows_no_dialog(runner: TaskRunner, qtbot: QtBot) -> None:
    task = runner.run(lambda: 42)
    progress = DelayedProgress(task, "Importing clients…", delay_ms=300)
    with qtbot.waitSignal(task.finished):
        pass
    qtbot.wait(400)
    assert not progress.was_shown
    assert progress.dialog is None


def test_slow_work_shows_the_dialog_after_the_delay_and_cancel_stops_it(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    steps = 0

    def slow(progress: ProgressFn) -> int:
        nonlocal steps
        for done in range(1, 3001):
            steps = done
            if not progress(done, 3000):
                raise TaskCancelled()
            time.sleep(0.005)
        return steps

    started = time.monotonic()
    task = runner.run_with_progress(slow)
    progress = DelayedProgress(task, "Importing clients…", delay_ms=150)
    assert progress.dialog is None
    qtbot.waitUntil(lambda: progress.was_shown, timeout=5000)
    assert time.monotonic() - started >= 0.14
    dialog = progress.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.labelText() == "Importing clients…"
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=5000)
    assert dialog.maximum() == 3000

    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    with qtbot.waitSignal(task.finished, timeout=5000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert task.cancelled
    assert steps < 3000
    assert progress.dialog is None  # hidden and released once the work stopped


def test_the_dialog_closes_itself_when_the_work_finishes(runner: TaskRunner, qtbot: QtBot) -> None:
    release = threading.Event()
    task = runner.run_with_progress(lambda progress: release.wait(5))
    progress = DelayedProgress(task, "Preparing the package…", delay_ms=20)
    qtbot.waitUntil(lambda: progress.was_shown)
    dialog = progress.dialog
    assert dialog is not None
    with qtbot.waitSignal(task.finished):
        release.set()
    assert not dialog.isVisible()
    assert not task.cancelled
