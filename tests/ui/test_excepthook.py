"""Unexpected errors: logged, kept in a crash report, and told to the user in their language."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ciip_desktop import __version__, i18n
from ciip_desktop.ui import excepthook
from ciip_desktop.ui.excepthook import CrashReporter, crash_message


def _raise_and_report(reporter: CrashReporter) -> None:
    try:
        client = "Zhang Wei, +86 138 0013 8000"
        raise ValueError(f"the package template lost its footer for {client}")
    except ValueError:
        reporter.excepthook(*sys.exc_info())  # type: ignore[arg-type]


def test_a_crash_is_logged_kept_in_a_report_and_shown(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[Path | None] = []
    reporter = CrashReporter(tmp_path / "crashes", show=shown.append)
    with caplog.at_level(logging.ERROR, logger="ciip_desktop"):
        _raise_and_report(reporter)
    reports = list((tmp_path / "crashes").glob("crash-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert f"CIIP Desktop {__version__} crash report" in text
    assert "Platform: " in text
    assert "Traceback (most recent call last)" in text
    assert "ValueError: (message of 69 characters withheld" in text
    assert "_raise_and_report" in text  # the frames are there
    assert shown == reports
    assert "ValueError" in caplog.text
    # An exception's message may quote a client's data: it never reaches a report or the log.
    assert "Zhang Wei" not in text and "138 0013" not in text
    assert "Zhang Wei" not in caplog.text and "138 0013" not in caplog.text


def test_the_message_says_where_the_report_is_and_that_saved_work_is_safe(
    tmp_path: Path,
) -> None:
    report = tmp_path / "crash-1.txt"
    message = crash_message(report)
    assert str(report) in message
    assert "already saved is safe" in message
    i18n.set_language(i18n.PSEUDO)
    assert crash_message(report).startswith("[")  # goes through the catalog
    assert str(report) in crash_message(report)


def test_install_takes_over_both_hooks_and_uninstall_gives_them_back(tmp_path: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    reporter = excepthook.install(tmp_path / "crashes", show=lambda path: None)
    try:
        assert sys.excepthook == reporter.excepthook
        assert threading.excepthook == reporter.thread_excepthook
    finally:
        reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_a_crash_on_another_thread_is_shown_on_the_gui_thread(tmp_path: Path, qtbot: QtBot) -> None:
    shown_on: list[tuple[Path | None, bool]] = []

    def show(path: Path | None) -> None:
        shown_on.append((path, threading.current_thread() is threading.main_thread()))

    reporter = excepthook.install(tmp_path / "crashes", show=show)
    try:

        def sync_job() -> None:
            raise RuntimeError("the hub closed the connection")

        thread = threading.Thread(target=sync_job, name="sync")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(shown_on))
    finally:
        reporter.uninstall()
    path, on_gui_thread = shown_on[0]
    assert on_gui_thread
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "Thread: sync" in text
    assert "RuntimeError: (message of 29 characters withheld" in text
    assert "sync_job" in text


def test_the_default_dialog_is_a_critical_message_box(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: boxes.append(text))
    excepthook.show_crash_dialog(tmp_path / "crash-2.txt")
    assert len(boxes) == 1
    assert str(tmp_path / "crash-2.txt") in boxes[0]


def test_a_failing_dialog_does_not_raise_from_the_hook(tmp_path: Path) -> None:
    def broken(path: Path | None) -> None:
        raise OSError("no display")

    reporter = CrashReporter(tmp_path / "crashes", show=broken)
    _raise_and_report(reporter)  # must not raise
    assert len(list((tmp_path / "crashes").glob("crash-*.txt"))) == 1
