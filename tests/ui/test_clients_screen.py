"""The Clients screen: search as you type, filters, sorting, opening a client, language switch."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from clients_support import TODAY, register_many, register_people, registration
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QTableView,
)
from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import (
    ActionStepInput,
    AssessmentInput,
    ClientDetail,
    MeetingInput,
)
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.ui.clients import client_list as list_module
from ciip_desktop.ui.clients.screen import ClientsScreen
from ciip_desktop.ui.clients.table_model import ClientTableModel


@pytest.fixture
def people(services: Services, counsellor: Actor) -> dict[str, ClientDetail]:
    return register_people(services, counsellor)


@pytest.fixture
def screen(
    qtbot: QtBot, services: Services, counsellor: Actor, people: dict[str, ClientDetail]
) -> Iterator[ClientsScreen]:
    widget = ClientsScreen(services, counsellor)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    yield widget
    widget.shutdown()


def listed_names(screen: ClientsScreen) -> list[str]:
    model = screen.model
    return [
        str(model.index(r, ClientTableModel.CHINESE_NAME).data()) for r in range(model.rowCount())
    ]


def listed(qtbot: QtBot, screen: ClientsScreen, change: Callable[[], object]) -> None:
    """Make a change to the search or filters and wait for the list the worker reads."""
    with qtbot.waitSignal(screen.listRefreshed, timeout=5000):
        change()


def type_search(qtbot: QtBot, screen: ClientsScreen, text: str) -> None:
    screen.filters.search.clear()
    if text.isascii():
        qtbot.keyClicks(screen.filters.search, text)
    else:
        screen.filters.search.insert(text)  # what an input method commits
    with qtbot.waitSignal(screen.listRefreshed, timeout=2000):
        pass  # the debounced search runs ~150 ms after the last key


def test_the_list_opens_with_every_client_and_counts_them(screen: ClientsScreen) -> None:
    assert screen.model.rowCount() == 6
    assert screen.count_label.text() == "6 clients"


def test_typing_pinyin_finds_the_client_by_chinese_name(
    qtbot: QtBot, screen: ClientsScreen
) -> None:
    type_search(qtbot, screen, "zhang wei")
    assert listed_names(screen) == ["张伟"]
    assert screen.count_label.text() == "1 client"


def test_typing_chinese_characters_narrows_the_list(qtbot: QtBot, screen: ClientsScreen) -> None:
    type_search(qtbot, screen, "欧阳")
    assert listed_names(screen) == ["欧阳子轩"]


def test_a_phone_number_or_file_number_finds_its_client(
    qtbot: QtBot, screen: ClientsScreen, people: dict[str, ClientDetail]
) -> None:
    type_search(qtbot, screen, "13912345678")
    assert listed_names(screen) == ["李娜"]
    type_search(qtbot, screen, people["Jing"].file_no)
    assert listed_names(screen)[0] == "陈静"


def test_clearing_the_search_shows_everyone_again(qtbot: QtBot, screen: ClientsScreen) -> None:
    type_search(qtbot, screen, "li na")
    assert screen.model.rowCount() == 1
    screen.filters.search.clear()
    listed(qtbot, screen, screen.filters.flush)
    assert screen.model.rowCount() == 6


def choose(qtbot: QtBot, screen: ClientsScreen, combo: QComboBox, code: object) -> None:
    index = combo.findData(code) if code is not None else 0
    assert index >= 0
    listed(qtbot, screen, lambda: combo.setCurrentIndex(index))


def test_destination_filter_lists_the_clients_going_there(
    qtbot: QtBot, screen: ClientsScreen
) -> None:
    choose(qtbot, screen, screen.filters.province, "ON")
    assert listed_names(screen) == ["王芳", "张伟"]  # newest file first
    assert screen.count_label.text() == "2 clients"


def test_status_and_counsellor_filters(
    qtbot: QtBot,
    screen: ClientsScreen,
    ctx: ServiceContext,
    services: Services,
    counsellor: Actor,
    people: dict[str, ClientDetail],
) -> None:
    services.clients.set_status(counsellor, people["Fang"].id, "withdrawn", "Moved to Australia")
    choose(qtbot, screen, screen.filters.status, "withdrawn")
    assert listed_names(screen) == ["王芳"]
    choose(qtbot, screen, screen.filters.status, None)
    # A colleague's client, so that the counsellor filter has someone to leave out.
    with ctx.write(Actor.system()) as session:
        colleague = Counsellor(
            office_id=ctx.replica.office_id,
            username="zhoujie",
            display_name="Zhou Jie",
            role=Role.COUNSELLOR.value,
        )
        session.add(colleague)
        session.flush()
        colleague_id = colleague.id
    services.clients.register(
        counsellor, registration("Zhou", "Min", "周敏", counsellor_id=colleague_id)
    )
    screen.filters.reload_choices()
    choose(qtbot, screen, screen.filters.counsellor, counsellor.counsellor_id)
    assert "周敏" not in listed_names(screen) and screen.model.rowCount() == 6
    choose(qtbot, screen, screen.filters.counsellor, colleague_id)
    assert listed_names(screen) == ["周敏"]


def test_departure_window_filter(qtbot: QtBot, screen: ClientsScreen) -> None:
    # Departures are 30, 60, 90 and 120 days away for the four assessed with a province.
    screen.filters.departs_from.set_value(TODAY + timedelta(days=45))
    screen.filters.departs_to.set_value(TODAY + timedelta(days=100))
    listed(qtbot, screen, screen.filters.flush)
    assert listed_names(screen) == ["王芳", "李娜"]


def column(screen: ClientsScreen, col: int) -> list[str]:
    return [str(screen.model.index(r, col).data()) for r in range(screen.model.rowCount())]


def click_title(qtbot: QtBot, screen: ClientsScreen, col: int) -> None:
    header = screen.table.horizontalHeader()
    listed(qtbot, screen, lambda: header.sectionClicked.emit(col))


def arrow(screen: ClientsScreen) -> tuple[int, Qt.SortOrder]:
    header = screen.table.horizontalHeader()
    return header.sortIndicatorSection(), header.sortIndicatorOrder()


def test_clicking_a_column_title_sorts_through_the_service(
    qtbot: QtBot, screen: ClientsScreen
) -> None:
    assert arrow(screen) == (ClientTableModel.FILE_NO, Qt.SortOrder.DescendingOrder)
    click_title(qtbot, screen, ClientTableModel.NAME)
    assert column(screen, ClientTableModel.NAME) == [
        "CHEN, Jing",
        "LI, Na",
        "OUYANG, Zixuan",
        "SMITH, Anna",
        "WANG, Fang",
        "ZHANG, Wei",
    ]
    assert arrow(screen) == (ClientTableModel.NAME, Qt.SortOrder.AscendingOrder)
    click_title(qtbot, screen, ClientTableModel.NAME)
    assert column(screen, ClientTableModel.NAME)[0] == "ZHANG, Wei"
    assert arrow(screen) == (ClientTableModel.NAME, Qt.SortOrder.DescendingOrder)


def test_the_arrow_moves_only_with_the_rows(qtbot: QtBot, screen: ClientsScreen) -> None:
    header = screen.table.horizontalHeader()

    def click(col: int) -> None:
        x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click(ClientTableModel.PHONE)  # the service cannot sort by phone: nothing changes
    assert arrow(screen) == (ClientTableModel.FILE_NO, Qt.SortOrder.DescendingOrder)
    with qtbot.waitSignal(screen.listRefreshed, timeout=5000):
        click(ClientTableModel.NAME)
        # Until the rows sorted by name are back, the arrow stays with the rows shown.
        assert arrow(screen) == (ClientTableModel.FILE_NO, Qt.SortOrder.DescendingOrder)
    assert arrow(screen) == (ClientTableModel.NAME, Qt.SortOrder.AscendingOrder)
    assert column(screen, ClientTableModel.NAME)[0] == "CHEN, Jing"


def test_search_results_follow_the_sort_arrow(
    qtbot: QtBot, screen: ClientsScreen, services: Services, counsellor: Actor
) -> None:
    # Three Wangs: relevance would list the exact full name first, not in name order.
    for given in ("Yun", "Bo"):
        services.clients.register(counsellor, registration("Wang", given))
    click_title(qtbot, screen, ClientTableModel.NAME)
    type_search(qtbot, screen, "wang")
    assert column(screen, ClientTableModel.NAME) == ["WANG, Bo", "WANG, Fang", "WANG, Yun"]
    assert arrow(screen) == (ClientTableModel.NAME, Qt.SortOrder.AscendingOrder)
    click_title(qtbot, screen, ClientTableModel.NAME)
    assert column(screen, ClientTableModel.NAME) == ["WANG, Yun", "WANG, Fang", "WANG, Bo"]
    assert arrow(screen) == (ClientTableModel.NAME, Qt.SortOrder.DescendingOrder)
    # A third click in a search goes back to the most relevant first, and the arrow goes.
    type_search(qtbot, screen, "wang fang")
    click_title(qtbot, screen, ClientTableModel.NAME)
    assert column(screen, ClientTableModel.NAME)[0] == "WANG, Fang"
    assert arrow(screen)[0] == -1
    assert screen.filters.search.text() == "wang fang"


def test_the_record_shown_goes_when_the_search_leaves_its_client_out(
    qtbot: QtBot, screen: ClientsScreen, people: dict[str, ClientDetail]
) -> None:
    screen.table.selectRow(screen.model.row_of(people["Na"].id))
    assert screen.detail.client is not None
    type_search(qtbot, screen, "li na")
    assert screen.detail.client is not None and screen.detail.client.id == people["Na"].id
    type_search(qtbot, screen, "chen")
    assert listed_names(screen) == ["陈静"]
    assert screen.detail.client is None
    assert screen.detail.pages.currentWidget() is screen.detail.empty


def test_selecting_a_client_shows_the_record_and_enter_opens_it(
    qtbot: QtBot, screen: ClientsScreen, people: dict[str, ClientDetail]
) -> None:
    row = screen.model.row_of(people["Na"].id)
    screen.table.setFocus()
    screen.table.selectRow(row)
    assert screen.detail.client is not None and screen.detail.client.id == people["Na"].id
    assert "李娜" in screen.detail.title.text()
    with qtbot.waitSignal(screen.clientOpened) as opened:
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened.args == [people["Na"].id]


def test_enter_in_the_search_box_goes_to_the_first_result(
    qtbot: QtBot, screen: ClientsScreen
) -> None:
    screen.filters.search.setFocus()
    qtbot.keyClicks(screen.filters.search, "chen")
    listed(qtbot, screen, lambda: qtbot.keyClick(screen.filters.search, Qt.Key.Key_Return))
    assert screen.detail.client is not None
    assert screen.detail.client.registration.chinese_name == "陈静"


def test_closing_a_file_asks_why_and_shows_it_in_the_history(
    screen: ClientsScreen, people: dict[str, ClientDetail]
) -> None:
    screen.open_client(people["Anna"].id)
    dialog = screen.detail.change_status("closed")
    assert dialog is not None
    dialog.text.setPlainText("Client asked to stop the service")
    dialog.accept()
    detail = screen.detail.client
    assert detail is not None and detail.status == "closed"
    assert screen.detail.reopen_button.isVisibleTo(screen)
    assert not screen.detail.close_button.isVisibleTo(screen)
    reasons = [
        screen.detail.history.item(r, 3).text() for r in range(screen.detail.history.rowCount())
    ]
    assert "Client asked to stop the service" in reasons
    row = screen.model.row_of(people["Anna"].id)
    assert screen.model.index(row, ClientTableModel.STATUS).data() == "Closed"
    screen.detail.apply_status(people["Anna"].id, "reopen", "Came back")
    assert screen.detail.client is not None and screen.detail.client.status == "registered"


def test_export_writes_the_clients_listed(
    qtbot: QtBot, screen: ClientsScreen, tmp_path: Path
) -> None:
    choose(qtbot, screen, screen.filters.province, "ON")
    target = tmp_path / "ontario.csv"
    with qtbot.waitSignal(screen.exportFinished, timeout=10_000) as done:
        screen.export_view(str(target))
    assert done.args == [2]
    text = target.read_text(encoding="utf-8-sig")
    assert "张伟" in text and "王芳" in text and "李娜" not in text


def shown_texts(screen: ClientsScreen) -> dict[str, str]:
    """Every text the screen shows that the program wrote (not a client's own data)."""
    detail = screen.detail
    data: set[int] = {id(detail.title)}
    for form in (detail.registration, detail.assessment):
        for row in range(form.layout().rowCount()):  # type: ignore[union-attr]
            item = form.layout().itemAt(row, QFormLayout.ItemRole.FieldRole)  # type: ignore[union-attr]
            if item is not None and item.widget() is not None:
                data.add(id(item.widget()))
    texts: dict[str, str] = {}
    for label in screen.findChildren(QLabel):
        if label.isVisibleTo(screen) and label.text() and id(label) not in data:
            texts[f"label {label.objectName() or id(label)}"] = label.text()
    for button in screen.findChildren(QAbstractButton):
        if button.text():
            texts[f"button {button.objectName()}"] = button.text()
    for view in screen.findChildren(QTableView):
        model = view.model()
        for col in range(model.columnCount()):
            title = model.headerData(col, Qt.Orientation.Horizontal)
            texts[f"{view.objectName()} column {col}"] = str(title)
    for index in range(detail.tabs.count()):
        texts[f"tab {index}"] = detail.tabs.tabText(index)
    for combo in screen.filters.findChildren(QComboBox):
        texts[f"combo {combo.objectName()}"] = combo.itemText(0)
    texts["search placeholder"] = screen.filters.search.placeholderText()
    status = screen.model.index(0, ClientTableModel.STATUS).data()
    texts["status of the first client"] = str(status)
    return texts


def test_the_language_switch_changes_every_text_at_once_and_keeps_the_search(
    qtbot: QtBot,
    screen: ClientsScreen,
    services: Services,
    counsellor: Actor,
    people: dict[str, ClientDetail],
) -> None:
    services.assessments.save(
        counsellor,
        people["Wei"].id,
        AssessmentInput(destination_province="ON", intended_noc="21300"),
        complete=False,
    )
    services.casework.record_meeting(
        counsellor,
        people["Wei"].id,
        MeetingInput(held_on=TODAY - timedelta(days=30), channel="group", activity="LMI"),
        [ActionStepInput("Send transcripts to WES", TODAY - timedelta(days=2))],
    )
    type_search(qtbot, screen, "zhang")
    screen.open_client(people["Wei"].id)
    assert "1 action step is overdue." in screen.detail.warnings.text()

    def every_tab() -> dict[str, str]:
        texts: dict[str, str] = {}
        for tab in range(screen.detail.tabs.count()):
            screen.detail.tabs.setCurrentIndex(tab)
            texts.update(shown_texts(screen))
        return texts

    before = every_tab()
    i18n.set_language("pseudo")
    screen.retranslate_ui()
    after = every_tab()
    untranslated = {
        where: text for where, text in after.items() if text and not text.startswith("[")
    }
    assert untranslated == {}
    assert len(after) >= len(before) > 40  # the same texts, rebuilt ones included
    # The overdue banner, written by the service, follows too; the NOC title is marked.
    assert screen.detail.warnings.text().startswith("[")
    noc = screen.detail.assessment.values()[i18n.pseudo_translate("Intended occupation (NOC)")]
    assert noc.startswith("21300 [Civil engineers (") and noc.endswith("]")
    assert screen.filters.search.text() == "zhang"
    assert screen.detail.client is not None and screen.detail.client.id == people["Wei"].id
    screen.show_overdue(True)
    assert screen.overdue.title.text() == i18n.pseudo_translate(
        "{count} overdue action step"
    ).format(count=1)
    assert str(screen.overdue.table.horizontalHeaderItem(3).text()).startswith("[")


def test_a_broad_search_shows_the_best_matches_and_counts_all_of_them_in_the_background(
    qtbot: QtBot,
    screen: ClientsScreen,
    services: Services,
    counsellor: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register_many(services, counsellor, 5)  # five more Wangs
    monkeypatch.setattr(list_module, "SEARCH_LIMIT", 2)
    with qtbot.waitSignal(screen.countFinished, timeout=5000) as counted:
        type_search(qtbot, screen, "wang")
        assert screen.model.rowCount() == 2
        assert screen.count_label.text().startswith("the 2 most relevant clients")
    assert counted.args == [6]
    assert screen.count_label.text().startswith("2 most relevant of 6 clients")
    listed(qtbot, screen, lambda: screen.sort_by(ClientTableModel.FILE_NO))
    assert screen.model.rowCount() == 6  # a column title lists every match
    assert screen.count_label.text() == "6 clients"


def test_export_asks_where_to_save_when_started_from_a_menu(
    qtbot: QtBot, screen: ClientsScreen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "everyone.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(target), "Excel"))
    )
    with qtbot.waitSignal(screen.exportFinished, timeout=10_000) as done:
        screen.export_view(False)  # what QAction.triggered(checked) hands over
    assert done.args == [6]
    assert target.stat().st_size > 0


def test_a_long_list_reloads_on_the_worker_and_the_newest_request_wins(
    qtbot: QtBot, services: Services, counsellor: Actor, people: dict[str, ClientDetail]
) -> None:
    widget = ClientsScreen(services, counsellor, background_from=1)
    qtbot.addWidget(widget)
    widget.show()
    try:
        assert widget.model.rowCount() == 6  # the first load answers at once
        # Two filter changes in a row: both run on the worker, only the last one shows.
        widget.filters.status.setCurrentIndex(widget.filters.status.findData("closed"))
        widget.refresh()
        widget.filters.status.setCurrentIndex(0)
        with qtbot.waitSignal(widget.listRefreshed, timeout=5000):
            widget.refresh()
        qtbot.wait(100)  # any stale answer would arrive and be dropped in this time
        assert widget.model.rowCount() == 6
        assert widget.count_label.text() == "6 clients"
    finally:
        widget.shutdown()


def test_a_search_that_fails_says_so_instead_of_showing_no_clients(
    qtbot: QtBot, screen: ClientsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> list[str]:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(screen.services.search, "search", broken)
    type_search(qtbot, screen, "zhang")
    assert screen.problem.isVisible()
    assert "could not be read" in screen.problem.text()
    assert "0 clients" not in screen.count_label.text()
    assert screen.model.rowCount() == 0
    monkeypatch.undo()
    type_search(qtbot, screen, "zhang wei")  # the next search works and the notice goes
    assert not screen.problem.isVisible()
    assert listed_names(screen) == ["张伟"]


def test_typing_and_filtering_read_the_database_off_the_gui_thread(
    qtbot: QtBot, screen: ClientsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    search = screen.services.search
    threads: list[str] = []
    for name in ("search", "list_ids", "summaries", "count"):
        real = getattr(search, name)

        def watched(*args: object, _real: Callable[..., object] = real, **kwargs: object) -> object:
            threads.append(threading.current_thread().name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(search, name, watched)
    type_search(qtbot, screen, "wang")
    choose(qtbot, screen, screen.filters.province, "ON")
    choose(qtbot, screen, screen.filters.status, "registered")
    assert listed_names(screen) == ["王芳"]  # Wang Fang: registered, going to Ontario
    assert threads and threading.main_thread().name not in threads
