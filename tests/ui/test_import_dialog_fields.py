"""The import dialog speaks the counsellor's language: field labels, headings in three languages,
Enter opens the typed file, and the file pickers of import and export share one folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from clients_support import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.fields import IMPORT_COLUMNS
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.import_dialog import ImportDialog
from ciip_desktop.ui.clients.screen import ClientsScreen

RECEIVED = (TODAY - timedelta(days=3)).isoformat()


@pytest.fixture
def screen(qtbot: QtBot, services: Services, counsellor: Actor) -> Iterator[ClientsScreen]:
    widget = ClientsScreen(services, counsellor)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A partner bank's sheet headed in three languages; row 3 has no date received."""
    path = tmp_path / "banque-partenaire.csv"
    lines = [
        "Nom de famille,Given names,中文名,手机,Courriel,收到日期,Agence",
        f"Chen,Jing,陈静,139 1234 0000,chenjing@example.cn,{RECEIVED},Tianhe",
        "Liu,Yang,刘洋,137 0000 1111,,,Yuexiu",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wait_checked(qtbot: QtBot, dialog: ImportDialog) -> None:
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.check()


def test_headings_in_three_languages_are_matched_and_the_rest_named(
    screen: ClientsScreen, mixed: Path
) -> None:
    dialog = screen.import_clients()
    assert dialog.choose_file(str(mixed))
    assert dialog.current_mapping() == {
        "family_name": "Nom de famille",
        "given_name": "Given names",
        "chinese_name": "中文名",
        "phone": "手机",
        "email": "Courriel",
        "received_on": "收到日期",
    }
    assert dialog.unmatched == ["Agence"]
    assert "Agence" in dialog.unmatched_label.text()
    dialog.set_mapping("city_of_residence", "Agence")
    assert dialog.unmatched == [] and not dialog.unmatched_label.isVisibleTo(dialog)


@pytest.mark.parametrize(
    ("language", "city", "received"),
    [
        ("en", "City of residence:", "Date received"),
        ("zh_CN", "居住城市：", "收到日期"),
        ("fr_CA", "Ville de résidence :", "Date de réception"),
    ],
)
def test_fields_are_named_by_their_labels_in_the_mapping_and_the_problems(
    qtbot: QtBot, screen: ClientsScreen, mixed: Path, language: str, city: str, received: str
) -> None:
    i18n.set_language(language)
    dialog = screen.import_clients()
    dialog.choose_file(str(mixed))
    assert dialog.mapping_labels["city_of_residence"].text() == city
    for column in IMPORT_COLUMNS:  # never a code name like city_of_residence
        text = dialog.mapping_labels[column].text()
        assert "_" not in text and text.rstrip(" :：") != column
    wait_checked(qtbot, dialog)
    assert dialog.problem_rows() == [3]
    reasons = dialog.problems.item(0, 1).text()
    assert received in reasons
    assert "received_on" not in reasons


def test_a_language_switch_retranslates_the_mapping_and_the_problems(
    qtbot: QtBot, screen: ClientsScreen, mixed: Path
) -> None:
    dialog = screen.import_clients()
    dialog.choose_file(str(mixed))
    wait_checked(qtbot, dialog)
    assert "Date received" in dialog.problems.item(0, 1).text()
    i18n.set_language("fr_CA")
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        screen.retranslate_ui()
    assert dialog.mapping_labels["received_on"].text() == "Date de réception :"
    assert "Date de réception" in dialog.problems.item(0, 1).text()
    assert dialog.problems.horizontalHeaderItem(0).text() != "Row"


def test_enter_in_the_file_field_opens_the_file_and_keeps_the_dialog(
    qtbot: QtBot, screen: ClientsScreen, mixed: Path
) -> None:
    dialog = screen.import_clients()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.file_edit.setFocus()
    qtbot.keyClicks(dialog.file_edit, str(mixed))
    qtbot.keyClick(dialog.file_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.path == mixed
    assert dialog.preview.rowCount() == 2
    assert dialog.check_button.isEnabled()


def test_import_and_export_pickers_start_in_the_folder_last_picked(
    screen: ClientsScreen, mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Path] = []
    exports = tmp_path / "exports"
    exports.mkdir()

    def pick_open(_parent: object, _title: str, folder: str, _filter: str) -> tuple[str, str]:
        started.append(Path(folder))
        return str(mixed), ""

    def pick_save(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        started.append(Path(suggested).parent)
        return "", ""  # the counsellor looks, then cancels

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick_open))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick_save))
    dialog = screen.import_clients()
    assert dialog.choose_file()  # first pick: from the home folder
    assert dialog.path == mixed
    screen.export_view()  # the export starts where the import's file was
    assert started == [Path.home(), mixed.parent]

    def pick_save_here(_p: object, _t: str, suggested: str, _f: str) -> tuple[str, str]:
        started.append(Path(suggested).parent)
        return str(exports / "view.csv"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick_save_here))
    with pytest.MonkeyPatch.context() as patch:  # no real export needed: only the folder
        patch.setattr(screen.services.exporter, "export", lambda *_a, **_k: 0)
        screen.export_view()
        screen.runner().wait_for_done(10)
    dialog.close()
    screen.import_clients().choose_file()  # a new import starts where the export saved
    assert started[-1] == exports
