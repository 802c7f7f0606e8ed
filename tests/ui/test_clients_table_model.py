"""The client list model: Qt's model checks, laziness at 100 000 rows, and its sort requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from clients_support import register_many, register_people
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ClientFilter, ClientSummary
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.table_model import ClientTableModel


class FakeSearch:
    """Summaries made up from the id, counting what is asked for."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def summaries(self, ids: Sequence[str]) -> list[ClientSummary]:
        self.asked.append(len(ids))
        return [
            ClientSummary(
                id=i,
                file_no=f"GZA-2026-{i}",
                family_name="Zhang",
                given_name=f"Wei {i}",
                chinese_name="张伟",
                pinyin="Zhang Wei",
                phone="+8613800138000",
                email="",
                status="registered",
                counsellor_name="Li Na",
                destination_province="ON",
                destination_city="Toronto",
                expected_departure=date(2026, 9, 1),
                received_on=date(2026, 3, 1),
            )
            for i in ids
        ]


def test_model_of_a_few_hundred_real_clients_passes_qt_model_checks(
    qtmodeltester: ModelTester, services: Services, counsellor: Actor
) -> None:
    register_many(services, counsellor, 300)
    model = ClientTableModel(services.search)
    model.set_rows(services.search.list_ids(ClientFilter()))
    assert model.rowCount() == 300
    qtmodeltester.check(model, force_py=True)


def test_rows_show_the_client_as_the_office_files_them(
    services: Services, counsellor: Actor
) -> None:
    people = register_people(services, counsellor)
    model = ClientTableModel(services.search)
    zhang = people["Wei"]
    model.set_rows([zhang.id])
    shown = [model.index(0, c).data() for c in range(model.columnCount())]
    assert shown[ClientTableModel.FILE_NO] == zhang.file_no
    assert shown[ClientTableModel.NAME] == "ZHANG, Wei"
    assert shown[ClientTableModel.CHINESE_NAME] == "张伟"
    assert shown[ClientTableModel.PHONE] == "+86 138 0013 8000"
    assert shown[ClientTableModel.STATUS] == "Registered"
    assert shown[ClientTableModel.COUNSELLOR] == "Li Na"
    assert shown[ClientTableModel.DESTINATION] == "Toronto, ON"
    summary = model.index(0, 0).data(ClientTableModel.ObjectRole)
    assert isinstance(summary, ClientSummary) and summary.id == zhang.id
    assert model.index(0, 0).data(ClientTableModel.IdRole) == zhang.id
    assert model.index(0, ClientTableModel.DEPARTURE).data(ClientTableModel.SortRole) == (
        summary.expected_departure
    )


def test_a_hundred_thousand_rows_fetch_only_the_window_shown() -> None:
    source = FakeSearch()
    model = ClientTableModel(source)
    model.set_rows([str(n) for n in range(100_000)])
    assert model.rowCount() == 100_000
    assert source.asked == []  # nothing is read until a row is shown
    assert model.index(50_000, 1).data() == "ZHANG, Wei 50000"
    for row in range(50_000, 50_040):
        for column in range(model.columnCount()):
            model.index(row, column).data()
    assert len(source.asked) == 1
    assert source.asked[0] <= ClientTableModel.WINDOW_BEFORE + ClientTableModel.WINDOW_AFTER


def test_the_cache_stays_small_while_scrolling_through_everything() -> None:
    model = ClientTableModel(FakeSearch())
    model.set_rows([str(n) for n in range(20_000)])
    for row in range(0, 20_000, 50):
        model.index(row, 0).data()
    assert len(model._cache) <= ClientTableModel.CACHE_SIZE


def test_a_changed_client_is_fetched_again() -> None:
    source = FakeSearch()
    model = ClientTableModel(source)
    model.set_rows(["a", "b"])
    model.index(0, 0).data()
    model.refresh_client("a")
    model.index(0, 0).data()
    assert len(source.asked) == 2


def test_clicking_a_sortable_title_asks_for_a_service_sort(qtbot: QtBot) -> None:
    model = ClientTableModel(FakeSearch())
    with qtbot.waitSignal(model.sortRequested) as signal:
        model.sort(ClientTableModel.DEPARTURE, Qt.SortOrder.DescendingOrder)
    assert signal.args == ["departure", True]
    with qtbot.assertNotEmitted(model.sortRequested):
        model.sort(ClientTableModel.PHONE)


def test_column_titles_follow_the_language() -> None:
    model = ClientTableModel(FakeSearch())
    assert model.headerData(0, Qt.Orientation.Horizontal) == "File no."
    i18n.set_language("pseudo")
    assert str(model.headerData(0, Qt.Orientation.Horizontal)).startswith("[")


def test_rows_read_with_the_ids_are_shown_without_asking_again() -> None:
    source = FakeSearch()
    first_page = source.summaries(["a", "b"])
    source.asked.clear()
    model = ClientTableModel(source)
    model.set_rows(["a", "b"], first_page)
    assert [model.index(r, 1).data() for r in range(2)] == ["ZHANG, Wei a", "ZHANG, Wei b"]
    assert source.asked == []  # the worker read them with the ids: the GUI reads nothing
