"""The window lets go of the office hub when the application exits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from ciip_desktop import app
from ciip_desktop.services.sync import SyncService


@pytest.fixture(autouse=True)
def _one_application(qapp: QApplication) -> Iterator[None]:
    locale = QLocale()
    yield
    QLocale.setDefault(locale)


def test_the_hub_connections_are_closed_when_the_window_exits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[SyncService] = []
    original = SyncService.close

    def close(self: SyncService) -> None:
        closed.append(self)
        original(self)

    monkeypatch.setattr(SyncService, "close", close)
    shot = tmp_path / "main.png"
    args = ["--db", str(tmp_path / "office.sqlite3"), "--screenshot", str(shot)]
    assert app.main([*args, "--demo-clients", "3"]) == 0
    assert len(closed) == 1
