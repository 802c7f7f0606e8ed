"""A fast first paint: the window shows before the database opens, then the list arrives."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner


@pytest.fixture(autouse=True)
def _restore_qt_locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


def test_the_first_paint_imports_neither_the_database_nor_the_client_screens() -> None:
    probe = (
        "import sys, ciip_desktop.app; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', "
        "'openpyxl', 'pypinyin', 'rapidfuzz', 'phonenumbers') "
        "or m.startswith(('ciip_desktop.ui.clients', 'ciip_desktop.services', "
        "'ciip_desktop.store'))); "
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


def test_the_window_shows_first_and_offers_the_clients_once_the_office_is_open(
    qtbot: QtBot, ctx: ServiceContext, counsellor: Actor, tmp_path: Path
) -> None:
    settings = UiSettings(tmp_path / "settings.ini")
    runner = TaskRunner()
    window = MainWindow(
        None,
        None,
        settings=settings,
        language=LanguageSwitcher(settings),
        runner=runner,
        database_path=ctx.db.path,
        log_dir=tmp_path / "logs",
        remember=False,
    )
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.firstPainted, timeout=5000):
            window.show()
        assert window.stack.currentWidget().objectName() == "screen-clients-opening"
        assert "Opening" in window.stack.currentWidget().text()
        assert not window.menus.new_client.isEnabled()
        assert not window.menus.find_client.isEnabled()
        window.menus.find_client.trigger()  # nothing to do yet, and no error
        assert window.status.user_label.text() == ""

        window.show_screen("calendar")
        with qtbot.waitSignal(window.attached, timeout=5000):
            window.attach(Services.build(ctx), counsellor)
        assert window.current_screen() == "calendar"  # attaching does not move the user
        window.show_screen("clients")
        assert window.stack.currentWidget() is window.clients_screen
        assert window.menus.new_client.isEnabled()
        assert "Li Na" in window.status.user_label.text()
        assert window.clients_screen is not None
        assert window.clients_screen.count_label.text() == "0 clients"
    finally:
        runner.shutdown()
