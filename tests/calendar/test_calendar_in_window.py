"""The Calendar screen in the main window: built the first time it is shown, translated."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.ui.calendar.screen import CalendarScreen
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.placeholder import PlaceholderScreen
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner


def test_the_calendar_is_built_when_first_shown_and_follows_the_language(
    qtbot: QtBot, ctx: ServiceContext, counsellor: Actor, tmp_path: Path
) -> None:
    settings = UiSettings(tmp_path / "settings.ini")
    runner = TaskRunner()
    try:
        window = MainWindow(
            Services.build(ctx),
            counsellor,
            settings=settings,
            language=LanguageSwitcher(settings),
            runner=runner,
            database_path=ctx.db.path,
            log_dir=tmp_path / "logs",
            remember=False,
        )
        qtbot.addWidget(window)
        assert isinstance(window.screens["calendar"], PlaceholderScreen)
        window.show_screen("calendar")
        screen = window.screens["calendar"]
        assert isinstance(screen, CalendarScreen)
        assert window.stack.currentWidget() is screen
        assert window.stack.count() == 6  # one page per screen (Audit is the sixth)
        window.switch_language("zh_CN")
        assert screen.view_buttons["month"].text() == i18n._("Month") != "Month"
        assert screen.today_button.text() == "今天"
        window.switch_language("en")
        assert screen.today_button.text() == "Today"
    finally:
        runner.shutdown()
