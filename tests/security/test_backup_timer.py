"""The running window backs up on its timer, off the GUI thread, tells a failure once, and
takes a last copy at exit."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from ciip_desktop import app
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor
from ciip_desktop.services.security import auto_backup
from ciip_desktop.services.security.auto_backup import AutoBackup, BackupOutcome
from ciip_desktop.store.backup_restore import backup_to
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.security.backup_timer import BackupTimer


def test_the_timer_copies_on_a_worker_and_tells_a_failure_once(
    qtbot: QtBot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    told: list[str] = []

    def tell(text: str) -> None:
        told.append(text)
        window.statusBar().showMessage(text)

    backups = AutoBackup(services.ctx.db.path, tmp_path / "backups", keep=5)
    threads: list[str] = []
    take = backups.take

    def watched(*, force: bool = False) -> BackupOutcome:
        threads.append(threading.current_thread().name)
        return take(force=force)

    monkeypatch.setattr(backups, "take", watched)
    timer = BackupTimer(window, backups, every_minutes=0.0005, tell=tell)  # every 30 ms
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(backups.copies()) == 1 and timer.last is not None)
        assert threads and all(name != threading.main_thread().name for name in threads)

        # The disk fills up: one sentence in the status bar, not one per tick.
        def full(_database: Path, _out: Path) -> Path:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(auto_backup, "backup_to", full)
        services.clients.register(
            Actor.system(),
            RegistrationInput(family_name="Tick", given_name="Tock", received_on=date(2026, 3, 2)),
        )
        calls = len(threads)
        qtbot.waitUntil(lambda: len(threads) >= calls + 3)
        assert len(told) == 1
        assert "is full" in told[0]
        assert window.statusBar().currentMessage() == told[0]

        # Space again: the next tick copies, and the window says nothing more.
        monkeypatch.setattr(auto_backup, "backup_to", backup_to)
        qtbot.waitUntil(lambda: len(backups.copies()) == 2 and not timer.failing)
        assert len(told) == 1
    finally:
        timer.stop()


def test_the_app_backs_up_while_running_and_at_exit(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIIP_BACKUP_MINUTES", "0.0005")
    monkeypatch.setenv("CIIP_BACKUPS_KEPT", "3")
    home = tmp_path / "home"
    path = tmp_path / "office.sqlite3"
    seen: dict[str, object] = {}

    def close_when_backed_up() -> None:
        window = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None
        )
        auto = home / "data" / "backups" / "auto"
        services = None if window is None else window.services
        if window is not None and services is not None and auto.is_dir() and any(auto.iterdir()):
            seen["while running"] = sorted(p.name for p in auto.iterdir())
            services.clients.register(  # a change: the copy at exit must hold it
                Actor.system(),
                RegistrationInput(
                    family_name="Exit", given_name="Now", received_on=date(2026, 3, 2)
                ),
            )
            window.close()
            return
        QTimer.singleShot(20, close_when_backed_up)

    QTimer.singleShot(20, close_when_backed_up)
    assert app.main(["--db", str(path), "--demo-clients", "0"]) == 0
    auto = home / "data" / "backups" / "auto"
    copies = sorted(auto.iterdir())
    assert seen["while running"]
    assert 1 <= len(copies) <= 3
    assert stat.S_IMODE(auto.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in copies)
    con = sqlite3.connect(copies[-1])
    try:
        names = [r[0] for r in con.execute("SELECT family_name FROM client")]
    finally:
        con.close()
    assert "Exit" in names  # the copy at exit holds the last change
