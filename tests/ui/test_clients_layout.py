"""The Clients screen at 1280x800 in each language: the columns a counsellor works from show
whole with a client's record open beside them, and the divider stays where it was put."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from clients_support import register_people
from PySide6.QtCore import QLocale, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ClientDetail, MeetingInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.ui.clients.client_table import KEY_COLUMNS
from ciip_desktop.ui.fonts import install_fonts
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner

MakeWindow = Callable[[Path], MainWindow]


@pytest.fixture(autouse=True)
def _restore_qt_locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def people(services: Services, counsellor: Actor) -> dict[str, ClientDetail]:
    found = register_people(services, counsellor)
    # The longest status label in French ("Séance individuelle faite") is on the list.
    services.casework.record_meeting(
        counsellor,
        found["Wei"].id,
        MeetingInput(held_on=date.today(), channel="one_on_one", activity="Licensing review"),
    )
    return found


@pytest.fixture
def make_window(
    qtbot: QtBot, ctx: ServiceContext, counsellor: Actor, tmp_path: Path
) -> Iterator[MakeWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_fonts(app)  # as the app does: Chinese is drawn with the bundled font
    runners: list[TaskRunner] = []

    def make(settings_file: Path) -> MainWindow:
        settings = UiSettings(settings_file)
        runner = TaskRunner()
        runners.append(runner)
        window = MainWindow(
            Services.build(ctx),
            counsellor,
            settings=settings,
            language=LanguageSwitcher(settings),
            runner=runner,
            database_path=ctx.db.path,
            log_dir=tmp_path / "logs",
        )
        qtbot.addWidget(window)
        return window

    yield make
    for runner in runners:
        runner.shutdown()


@pytest.mark.parametrize("language", ["en", "zh_CN", "fr_CA"])
def test_at_1280_by_800_the_key_columns_show_whole_beside_the_record(
    qtbot: QtBot,
    make_window: MakeWindow,
    tmp_path: Path,
    people: dict[str, ClientDetail],
    language: str,
) -> None:
    window = make_window(tmp_path / "settings.ini")
    window.language.apply(language)
    window.resize(1280, 800)
    window.show()
    screen = window.clients_screen
    screen.open_client(people["Wei"].id)
    qtbot.waitUntil(lambda: screen.detail.isVisible())
    QApplication.processEvents()

    assert (window.width(), window.height()) == (1280, 800)  # nothing forced it wider
    assert screen.detail.client is not None and screen.detail.width() > 250
    table = screen.table
    viewport = table.viewport().rect()
    row = screen.model.row_of(people["Wei"].id)
    assert table.horizontalScrollBar().value() == 0
    for column in KEY_COLUMNS:
        cell: QRect = table.visualRect(screen.model.index(row, column))
        title = screen.model.headerData(column, Qt.Orientation.Horizontal)
        assert viewport.contains(cell), f"{title!r} is cut off in {language}"
        # The value fits its cell: nothing is elided ("Séance individuelle faite").
        text = str(screen.model.index(row, column).data())
        assert table.fontMetrics().horizontalAdvance(text) < cell.width(), text


def test_the_list_and_record_divider_is_remembered_across_restarts(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, people: dict[str, ClientDetail]
) -> None:
    settings_file = tmp_path / "config" / "settings.ini"
    first = make_window(settings_file)
    first.resize(1280, 800)
    first.show()
    splitter = first.clients_screen.splitter
    sizes = splitter.sizes()
    wider = [sizes[0] + 120, sizes[1] - 120]
    splitter.setSizes(wider)
    splitter.splitterMoved.emit(wider[0], 1)  # as dragging the handle reports it
    first.close()

    second = make_window(settings_file)
    second.resize(1280, 800)
    second.show()
    QApplication.processEvents()
    assert second.clients_screen.splitter.sizes() == wider
    assert second.clients_screen.splitter.sizes() != sizes
