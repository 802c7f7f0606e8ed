"""Background work: results and errors come back on the GUI thread; progress can cancel it."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import PySide6
import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ciip_desktop.errors import UserError
from ciip_desktop.ui import worker
from ciip_desktop.ui.worker import ProgressFn, TaskCancelled, TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    errors: list[BaseException] = []
    task_runner = TaskRunner(on_error=errors.append)
    task_runner.unexpected = errors  # type: ignore[attr-defined]
    yield task_runner
    task_runner.shutdown()


def test_the_result_comes_back_on_the_gui_thread(runner: TaskRunner, qtbot: QtBot) -> None:
    gui_thread = threading.get_ident()
    seen: list[tuple[int, int]] = []
    task = runner.run(
        threading.get_ident, on_done=lambda ident: seen.append((ident, threading.get_ident()))
    )
    with qtbot.waitSignal(task.succeeded):
        pass
    assert len(seen) == 1
    worker_ident, callback_ident = seen[0]
    assert worker_ident != gui_thread
    assert callback_ident == gui_thread
    assert task.result == worker_ident
    assert task.is_finished
    assert runner.active_tasks == 0


def test_an_exception_reaches_on_error_and_not_on_done(runner: TaskRunner, qtbot: QtBot) -> None:
    def boom() -> None:
        raise ValueError("the spreadsheet has no header row")

    done: list[object] = []
    errors: list[BaseException] = []
    task = runner.run(boom, on_done=done.append, on_error=errors.append)
    with qtbot.waitSignal(task.failed):
        pass
    assert done == []
    assert [str(e) for e in errors] == ["the spreadsheet has no header row"]
    assert task.error is errors[0]
    assert task.result is None


def test_without_on_error_the_runners_default_handler_gets_it(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    def fail() -> None:
        raise UserError("The file is open in another program.")

    task = runner.run(fail)
    with qtbot.waitSignal(task.finished):
        pass
    assert [str(e) for e in runner.unexpected] == ["The file is open in another program."]  # type: ignore[attr-defined]


def test_progress_arrives_in_order_and_returning_false_cancels(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    reported: list[tuple[int, int]] = []

    def count(progress: ProgressFn) -> int:
        for done in range(1, 2001):
            if not progress(done, 2000):
                raise TaskCancelled(f"stopped at {done}")
            time.sleep(0.005)
        return 2000

    errors: list[BaseException] = []

    def on_progress(done: int, total: int) -> None:
        reported.append((done, total))
        if len(reported) == 3:
            task.cancel()

    task = runner.run_with_progress(count, on_error=errors.append, on_progress=on_progress)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert task.cancelled
    assert len(errors) == 1 and isinstance(errors[0], TaskCancelled)
    assert reported[0] == (1, 2000)
    assert all(total == 2000 for _d, total in reported)
    assert [d for d, _t in reported] == sorted(d for d, _t in reported)
    assert len(reported) < 100


def test_a_true_result_comes_back_intact(runner: TaskRunner, qtbot: QtBot) -> None:
    results: list[object] = []
    tasks = [runner.run(lambda: True, on_done=results.append) for _ in range(20)]
    assert runner.wait_for_done(timeout=10)
    assert results == [True] * 20
    assert all(task.result is True for task in tasks)


def test_emitting_a_signal_keeps_pythons_reference_counts(qtbot: QtBot) -> None:
    """PySide6 6.12.0 returns True from SignalInstance.emit() without a new reference, so each
    emit from Python drops one reference to True until Python 3.11 aborts ("bool_dealloc").
    6.11.3 is correct; pyproject.toml must keep 6.12.0 out."""

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(100):
        probe.ping.emit()
    assert sys.getrefcount(True) >= before, f"PySide6 {PySide6.__version__} loses references"


def test_work_runs_one_at_a_time_by_default(runner: TaskRunner, qtbot: QtBot) -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    def step() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with lock:
            running -= 1

    tasks = [runner.run(step) for _ in range(4)]
    assert runner.wait_for_done(timeout=10)
    assert all(task.is_finished for task in tasks)
    assert most == 1


def test_shutdown_cancels_running_work_and_joins_the_thread(qtbot: QtBot) -> None:
    started = threading.Event()

    def long_job(progress: ProgressFn) -> str:
        started.set()
        while progress(0, 0):
            time.sleep(0.01)
        return "stopped"

    runner = TaskRunner(on_error=lambda exc: None)
    task = runner.run_with_progress(long_job)
    assert started.wait(5)
    runner.shutdown(timeout=5)
    assert task.cancelled
    assert task.is_finished
    assert not [t for t in threading.enumerate() if t.name.startswith("ciip-worker")]


def test_default_error_handling_shows_user_errors_and_hooks_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    hooked: list[BaseException] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: hooked.append(e))
    worker.show_error(UserError("That client was deleted on another laptop."))
    worker.show_error(TaskCancelled())
    bug = KeyError("oops")
    worker.show_error(bug)
    assert shown == ["That client was deleted on another laptop."]
    assert hooked == [bug]
