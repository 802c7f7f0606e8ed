"""The window's first paint shows the client list, read without SQLAlchemy; the services,
loaded after it, take over every question without the user noticing the seam."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ciip_desktop import app
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.opening_list import OpeningList
from ciip_desktop.services.clients.types import ClientDetail, ClientFilter
from ciip_desktop.services.context import Actor
from ciip_desktop.store.first_page import ReaderClosedError
from ciip_desktop.ui.clients.screen import ClientsScreen
from ciip_desktop.ui.clients.table_model import ClientTableModel
from tests.ui.clients_support import register_many, register_people

# What the first paint must not wait for: the ORM and migrations, the libraries of import,
# duplicates and pinyin, the services that use them, and the record, forms and dialogs.
NOT_BEFORE_THE_FIRST_PAINT = (
    "sqlalchemy",
    "alembic",
    "openpyxl",
    "pypinyin",
    "rapidfuzz",
    "holidays",
    "reportlab",
    "phonenumbers",  # the list's mobile numbers are written out without it
    "ciip_desktop.models",
    "ciip_desktop.sync",
    "ciip_desktop.store.database",
    "ciip_desktop.store.migrate",
    "ciip_desktop.services.bundle",
    "ciip_desktop.services.context",
    "ciip_desktop.services.clients.search",
    "ciip_desktop.services.clients.registration",
    "ciip_desktop.services.clients.importer",
    "ciip_desktop.services.clients.exporter",
    "ciip_desktop.services.clients.duplicates",
    "ciip_desktop.services.clients.assessment",
    "ciip_desktop.ui.clients.detail",
    "ciip_desktop.ui.clients.overdue",
    "ciip_desktop.ui.clients.import_dialog",
    "ciip_desktop.ui.clients.registration_form",
    "ciip_desktop.ui.clients.assessment_form",
    "ciip_desktop.ui.clients.followup",
)

# The app's own start, up to and including its first paint, in a fresh interpreter.
FIRST_PAINT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ciip_desktop import app
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner

qt = QApplication(sys.argv[:1])
home = Path(sys.argv[2])
settings = UiSettings(home / "settings.ini")
runner = TaskRunner()
window = MainWindow(None, None, settings=settings, language=LanguageSwitcher(settings),
                    runner=runner, database_path=Path(sys.argv[1]), log_dir=home / "logs")
args = app.build_parser().parse_args(["--db", sys.argv[1]])
start = app.Startup(args, app.app_paths(), runner)
start.window = window
start.show_first_page()
window.show()
qt.processEvents()
window.grab()
screen = window.clients_screen
rows = [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())]
print(json.dumps({"modules": sorted(sys.modules), "rows": rows,
                  "count": screen.count_label.text()}))
runner.shutdown()
"""


@pytest.fixture
def people(services: Services, counsellor: Actor) -> dict[str, ClientDetail]:
    return register_people(services, counsellor)


@pytest.fixture
def opening(services: Services) -> Iterator[OpeningList]:
    found = OpeningList.open(services.ctx.db.path)
    assert found is not None
    yield found
    found.give_up(RuntimeError("test over"))


def test_the_first_paint_shows_the_list_without_loading_the_services(
    services: Services, people: dict[str, ClientDetail], tmp_path: Path
) -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(services.ctx.db.path), str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    painted = json.loads(out.strip().splitlines()[-1])
    loaded = [
        m
        for m in painted["modules"]
        if any(m == name or m.startswith(name + ".") for name in NOT_BEFORE_THE_FIRST_PAINT)
    ]
    assert loaded == []
    newest_first = sorted((p.file_no for p in people.values()), reverse=True)
    assert painted["rows"] == newest_first
    assert painted["count"] == "6 clients"


def test_the_first_page_is_the_list_the_services_show(
    services: Services, counsellor: Actor, people: dict[str, ClientDetail], opening: OpeningList
) -> None:
    services.clients.set_status(counsellor, people["Fang"].id, "withdrawn", "Moved away")
    everyone = services.search.list_ids(ClientFilter(), "file_no", descending=True)
    ids, rows, total = opening.first_page(4)
    assert ids == everyone[:4]
    assert total == len(everyone) == 6
    # Names, phone, status, counsellor, destination and dates, exactly as the services read them.
    assert rows == services.search.summaries(everyone[:4])
    assert opening.summaries(everyone) == services.search.summaries(everyone)
    assert opening.all_ids() == everyone
    assert opening.counsellors() == services.clients.counsellors()


def test_the_first_page_read_while_the_window_is_built_is_the_same_page(
    services: Services, people: dict[str, ClientDetail], opening: OpeningList
) -> None:
    everyone = services.search.list_ids(ClientFilter(), "file_no", descending=True)
    opening.read_ahead(3)
    ids, rows, total = opening.first_page(3)
    assert (ids, total) == (everyone[:3], 6)
    assert rows == services.search.summaries(everyone[:3])
    # A read that failed on its thread fails where the window asks for the page (and the
    # window leaves the list to the services).
    closed = OpeningList.open(services.ctx.db.path)
    assert closed is not None
    closed.give_up(RuntimeError("services first"))
    closed.read_ahead(3)
    with pytest.raises(ReaderClosedError):
        closed.first_page(3)


def test_a_file_that_is_not_a_current_ciip_database_is_left_to_the_services(
    tmp_path: Path, services: Services
) -> None:
    assert OpeningList.open(tmp_path / "missing.sqlite3") is None
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE client (id TEXT)")
    con.close()
    assert OpeningList.open(foreign) is None
    older = tmp_path / "older.sqlite3"
    with sqlite3.connect(services.ctx.db.path) as source, sqlite3.connect(older) as copy:
        source.backup(copy)
        copy.execute("UPDATE alembic_version SET version_num = '0001_baseline'")
    source.close()
    copy.close()
    assert OpeningList.open(older) is None
    not_sqlite = tmp_path / "notes.sqlite3"
    not_sqlite.write_text("not a database", encoding="utf-8")
    assert OpeningList.open(not_sqlite) is None


def test_before_the_services_the_list_scrolls_selects_and_takes_a_search(
    qtbot: QtBot, services: Services, counsellor: Actor, opening: OpeningList
) -> None:
    ids = register_many(services, counsellor, 120)
    screen = ClientsScreen.opening(opening)
    qtbot.addWidget(screen)
    screen.resize(1300, 760)
    screen.show()
    try:
        # The first page at once, counted in full; the rest follows from the worker.
        assert screen.model.rowCount() == 80
        assert screen.count_label.text() == "120 clients"
        assert not screen.new_button.isEnabled()
        screen.table.selectRow(2)
        with qtbot.waitSignal(screen.model.rowsInserted, timeout=5000):
            screen.load_rest()
        assert screen.model.ids() == list(reversed(ids))
        assert screen.selected_client_id() == ids[-3]  # the selection stayed on its client
        screen.table.scrollToBottom()
        last = screen.model.index(119, ClientTableModel.NAME).data()
        assert last == "WANG, Client0000"

        # A search typed now waits on the worker for the services, which answer it.
        qtbot.keyClicks(screen.filters.search, "Client0117")
        screen.filters.flush()
        assert screen.client_list.waiting
        with qtbot.waitSignal(screen.listRefreshed, timeout=5000):
            opening.take_over(services.search)  # as the worker does once they are loaded
            screen.attach(services, counsellor)
        assert screen.model.ids() == [ids[117]]
        assert screen.new_button.isEnabled()
        # The record of the client chosen earlier is the one shown, now that it can be read.
        qtbot.waitUntil(lambda: screen.detail.client is not None, timeout=5000)
        assert screen.detail.client is not None
        assert screen.detail.client.id == ids[117] == ids[-3]
    finally:
        screen.shutdown()


def test_the_app_reports_the_usable_window_at_its_first_paint_and_then_the_services(
    services: Services,
    people: dict[str, ClientDetail],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = tmp_path / "moments.json"
    monkeypatch.setenv("CIIP_STARTUP_REPORT", str(report))
    shot = tmp_path / "shot.png"
    assert app.main(["--db", str(services.ctx.db.path), "--screenshot", str(shot)]) == 0
    moments = json.loads(report.read_text(encoding="utf-8"))
    assert moments["first_paint"] == moments["ready"] <= moments["attached"]
    assert shot.stat().st_size > 0


def test_a_new_database_opens_on_the_services_page_by_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No file yet: nothing to show before the services, which create it (demo office)."""
    report = tmp_path / "moments.json"
    monkeypatch.setenv("CIIP_STARTUP_REPORT", str(report))
    db = tmp_path / "new.sqlite3"
    shot = tmp_path / "shot.png"
    args = ["--db", str(db), "--demo-clients", "12", "--screenshot", str(shot)]
    assert app.main(args) == 0
    moments = json.loads(report.read_text(encoding="utf-8"))
    assert moments["first_paint"] < moments["ready"] == moments["attached"]
    # The demo's counsellors sign in, so the next start shows no client before a sign-in ...
    assert OpeningList.open(db) is None
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE counsellor SET password_hash = ''")
    con.close()
    # ... and where nobody signs in, the next start shows the list at once.
    assert OpeningList.open(db) is not None


def test_the_status_shown_first_is_translated(
    qtbot: QtBot, services: Services, counsellor: Actor, opening: OpeningList
) -> None:
    register_many(services, counsellor, 2)
    screen = ClientsScreen.opening(opening)
    qtbot.addWidget(screen)
    try:
        status = screen.model.index(0, ClientTableModel.STATUS)
        assert status.data(Qt.ItemDataRole.DisplayRole) == "Registered"
    finally:
        screen.shutdown()
