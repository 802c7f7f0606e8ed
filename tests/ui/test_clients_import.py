"""Importing registrations: preview, column mapping, the check lists bad rows, import the valid."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from clients_support import TODAY
from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ClientFilter
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.import_dialog import ImportDialog
from ciip_desktop.ui.clients.screen import ClientsScreen
from ciip_desktop.ui.clients.table_model import ClientTableModel

RECEIVED = (TODAY - timedelta(days=3)).isoformat()


@pytest.fixture
def screen(qtbot: QtBot, services: Services, counsellor: Actor) -> Iterator[ClientsScreen]:
    widget = ClientsScreen(services, counsellor)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """Four registrations keyed in by a partner bank; rows 3 and 4 have problems."""
    path = tmp_path / "partner-bank.csv"
    lines = [
        "Family name,Given name,Chinese name,Phone,E-mail,Received on,Signature on file,Remarks",
        f"Chen,Jing,陈静,139 1234 0000,chenjing@example.cn,{RECEIVED},yes,nurse",
        f"Wang,Fang,王芳,12345,,{RECEIVED},yes,",
        "Liu,Yang,刘洋,137 0000 1111,,,yes,",
        f"Zhao,Lei,赵磊,135 2222 0000,,{RECEIVED},no,engineer",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wait_checked(qtbot: QtBot, dialog: ImportDialog, action: str) -> None:
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        getattr(dialog, action)()


def test_preview_check_and_import_only_the_valid_rows(
    qtbot: QtBot, screen: ClientsScreen, services: Services, batch: Path
) -> None:
    dialog = screen.import_clients()
    assert dialog.choose_file(str(batch))
    assert dialog.preview.rowCount() == 4
    assert dialog.preview.item(0, 2).text() == "陈静"
    assert dialog.preview.verticalHeaderItem(0).text() == "2"  # numbered as in the sheet
    assert dialog.current_mapping()["family_name"] == "Family name"
    assert dialog.current_mapping()["received_on"] == "Received on"
    assert dialog.current_mapping()["notes"] == "Remarks"  # a synonym of Notes
    assert not dialog.import_button.isEnabled()  # check first

    wait_checked(qtbot, dialog, "check")
    assert dialog.problem_rows() == [3, 4]
    reasons = dialog.problems.item(0, 1).text()
    assert "phone" in reasons
    assert "4 rows: 2 valid, 2 with problems" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()  # not while rows are invalid ...
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()  # ... unless only the valid ones are wanted

    with qtbot.waitSignal(screen.listRefreshed, timeout=10_000):
        wait_checked(qtbot, dialog, "run_import")
    assert dialog.outcome is not None and dialog.outcome.imported == 2
    assert "Imported 2 clients." in dialog.summary.text()
    for file_no in dialog.outcome.imported_file_nos:
        assert file_no in dialog.summary.text()
    assert not dialog.import_button.isEnabled()  # imported once
    names = {
        screen.model.index(r, ClientTableModel.CHINESE_NAME).data()
        for r in range(screen.model.rowCount())
    }
    assert names == {"陈静", "赵磊"}
    assert services.search.count(ClientFilter()) == 2


def test_changing_the_mapping_asks_for_a_new_check(
    qtbot: QtBot, screen: ClientsScreen, batch: Path
) -> None:
    dialog = screen.import_clients()
    dialog.choose_file(str(batch))
    wait_checked(qtbot, dialog, "check")
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.set_mapping("phone", "")
    assert not dialog.import_button.isEnabled()
    wait_checked(qtbot, dialog, "check")
    assert dialog.problem_rows() == [4]  # without phones only the missing date is wrong


def test_a_file_that_is_not_a_table_says_so(screen: ClientsScreen, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    dialog = screen.import_clients()
    assert not dialog.choose_file(str(path))
    assert ".csv or .xlsx" in dialog.summary.text()
    assert not dialog.check_button.isEnabled()


def test_a_language_switch_keeps_the_file_and_mapping(screen: ClientsScreen, batch: Path) -> None:
    dialog = screen.import_clients()
    dialog.choose_file(str(batch))
    dialog.set_mapping("notes", "Remarks")
    i18n.set_language("pseudo")
    screen.retranslate_ui()
    assert dialog.check_button.text().startswith("[")
    assert dialog.mapping["sex"].itemText(0).startswith("[")
    assert dialog.mapping_labels["city_of_residence"].text().startswith("[")
    assert dialog.current_mapping()["notes"] == "Remarks"
    assert dialog.preview.rowCount() == 4
