"""The Packages screen as a counsellor uses it: pick a client, review the items and why each
is in, reorder, add, write a note, see the pages, issue; edit the library and its rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from package_support import engineer, register
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.packages.screen import PackagesScreen
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner


@pytest.fixture
def counsellor(ctx: ServiceContext, counsellor: Actor) -> Actor:
    """Li Na as a supervisor: these tests edit the library, a supervisor's work (issue 17)."""
    with ctx.write(Actor.system()) as session:
        person = session.get(Counsellor, counsellor.counsellor_id)
        assert person is not None
        person.role = Role.SUPERVISOR.value
    return replace(counsellor, role=Role.SUPERVISOR)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def screen(
    qtbot: QtBot, services: Services, counsellor: Actor, runner: TaskRunner
) -> PackagesScreen:
    widget = PackagesScreen(services, counsellor, runner)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    return widget


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def rows(widget: object) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]  # type: ignore[attr-defined]


def test_search_a_client_and_see_the_proposed_items_with_reasons_and_the_pages(
    screen: PackagesScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    engineer(services, counsellor)
    page = screen.builder
    page.search_box.setText("Wang Wei")
    assert len(rows(page.results)) == 1 and "王伟" in rows(page.results)[0]
    page.results.setCurrentRow(0)
    items = rows(page.items)
    assert (
        "Licence in Ontario: Professional Engineers Ontario (PEO)\n    why: ON + NOC 21300" in items
    )
    assert page.client_label.text().startswith("Package for GZA-")
    qtbot.waitUntil(lambda: page.preview.page_count() >= 5, timeout=10_000)
    assert not page.notices.isVisible()


def test_reorder_remove_add_and_note_change_the_package(
    screen: PackagesScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    client_id = engineer(services, counsellor)
    page = screen.builder
    page.open_client(client_id)
    assert page.draft is not None
    first, second = page.draft.items[0].item_id, page.draft.items[1].item_id
    page.items.setCurrentRow(0)
    page.down_button.click()
    assert [d.item_id for d in page.draft.items[:2]] == [second, first]
    count = len(page.draft.items)
    page.remove_button.click()
    assert len(page.draft.items) == count - 1 and first not in {d.item_id for d in page.draft.items}
    page.add_item(first)
    assert page.draft.items[-1].reason == "added by the counsellor"
    assert rows(page.items)[-1].endswith("why: added by the counsellor")
    page.note.setPlainText("Call me <before> you leave & bring 'originals'")
    assert page.draft.note == "Call me <before> you leave & bring 'originals'"
    before = page.previewed
    qtbot.waitUntil(lambda: page.previewed > before, timeout=10_000)


def test_missing_data_is_named_and_issuing_adds_a_version(
    screen: PackagesScreen, services: Services, counsellor: Actor, qtbot: QtBot, yes: list[str]
) -> None:
    client_id = register(services, counsellor)
    page = screen.builder
    page.open_client(client_id)
    assert page.notices.isVisible()
    assert "To be completed: No destination province is recorded." in page.notices.text()
    issued = page.issue()
    assert issued is not None and issued.version == 1
    assert rows(page.versions)[0].startswith("Version 1 — English, not sent yet")
    assert services.clients.get(counsellor, client_id).status == "package_ready"


def test_a_stale_translation_warns_before_issuing(
    screen: PackagesScreen, services: Services, counsellor: Actor, yes: list[str]
) -> None:
    client_id = engineer(services, counsellor)
    library = screen.library
    view = next(v for v in services.library.items() if v.slug == "licence-engineer-on")
    library.show_item(view)
    library.editor.body_en.setPlainText(view.body_en + " New exam rules from 2027.")
    assert library.save() is not None
    assert any("中文 stale" in r for r in rows(library.list))
    page = screen.builder
    page.language.setCurrentIndex(page.language.findData("bilingual"))
    page.open_client(client_id)
    assert "has not been reviewed since the English changed" in page.notices.text()
    page.issue()
    assert yes and "This package has warnings" in yes[0]


def test_the_library_editor_counts_matching_clients_before_saving(
    screen: PackagesScreen, services: Services, counsellor: Actor, qtbot: QtBot
) -> None:
    engineer(services, counsellor)
    screen.tabs.setCurrentIndex(1)
    library = screen.library
    library.new_item()
    editor = library.editor
    editor.provinces.setText("on")
    editor.nocs.setText("21300, 21301")
    qtbot.waitUntil(
        lambda: library.matches.text() == "These rules match 1 current client.", timeout=5000
    )
    editor.provinces.setText("BC")
    qtbot.waitUntil(
        lambda: library.matches.text() == "These rules match 0 current clients.", timeout=5000
    )
    editor.slug.setText("local-engineers-club")
    editor.title_en.setText("Engineers' club <Toronto>")
    editor.body_en.setPlainText("Meets monthly.")
    saved = library.save()
    assert saved is not None and saved.rules.provinces == ("BC",)
    assert any(r.startswith("Engineers' club <Toronto>") for r in rows(library.list))


def test_the_main_window_builds_the_screen_when_first_shown(
    qtbot: QtBot, ctx: ServiceContext, counsellor: Actor, tmp_path: Path, runner: TaskRunner
) -> None:
    settings = UiSettings(tmp_path / "settings.ini")
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
    assert not isinstance(window.screens["packages"], PackagesScreen)
    window.show_screen("packages")
    assert isinstance(window.screens["packages"], PackagesScreen)
    assert window.stack.currentWidget() is window.screens["packages"]
    assert window.current_screen() == "packages"
    window.show_screen("clients")
    window.show_screen("packages")
    assert window.stack.count() == 6  # one page per screen (Audit is the sixth)


def attendees(services: Services, session: str) -> list[str]:
    return services.packages.session_attendees(session)


def _group_session(services: Services, counsellor: Actor, count: int) -> str:
    from datetime import date

    from ciip_desktop.services.clients.types import MeetingInput

    today = date.today()
    for n in range(count):
        client_id = engineer(services, counsellor, family=f"Sun{n}", chinese=f"孙{n}")
        services.casework.record_meeting(
            counsellor, client_id, MeetingInput(held_on=today, channel="group", activity="LMI")
        )
    return today.isoformat()


def test_packages_for_a_group_session_are_built_on_the_worker(
    screen: PackagesScreen,
    services: Services,
    counsellor: Actor,
    runner: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *_a: None))
    session = _group_session(services, counsellor, 2)
    page = screen.builder
    page.start_batch(session, tmp_path / "out")
    assert runner.wait_for_done(60)
    assert page.batch_message == f"Wrote 2 packages into {tmp_path / 'out'}."
    assert len(list((tmp_path / "out").glob("package-GZA-*.pdf"))) == 2
    issued = [services.issuer.versions(c) for c in attendees(services, session)]
    assert [[v.version for v in versions] for versions in issued] == [[1], [1]]  # issued


def test_the_batch_dialog_starts_the_workers_and_issues_every_attendees_package(
    screen: PackagesScreen,
    services: Services,
    counsellor: Actor,
    runner: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from ciip_desktop.documents import render_pool

    started: list[int] = []
    real_start = render_pool.RenderPool.start

    def start(pool: render_pool.RenderPool) -> None:
        started.append(pool.workers)
        real_start(pool)

    monkeypatch.setattr(render_pool.RenderPool, "start", start)
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *_a: None))
    session = _group_session(services, counsellor, 4)
    asked: list[int] = []

    def get_text(*_a: object) -> tuple[str, bool]:
        asked.append(len(started))  # the workers were already starting when it asked
        return session, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    folder = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a: str(folder)))
    page = screen.builder
    page.batch_button.click()
    assert runner.wait_for_done(120)
    assert asked == [1] and started[0] >= 1
    assert page.batch_message == f"Wrote 4 packages into {folder}."
    for client_id in attendees(services, session):
        (issued,) = services.issuer.versions(client_id)
        written = folder / f"package-{issued.file_no}.pdf"
        assert services.issuer.snapshot(issued.id) == written.read_bytes()

    # Cancelled at the first question: nothing is written and the workers stop.
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a: ("", False)))
    assert page.batch.ask() is None


def test_a_cancelled_batch_stops_and_says_so(
    screen: PackagesScreen,
    services: Services,
    counsellor: Actor,
    runner: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *_a: None))
    session = _group_session(services, counsellor, 2)
    page = screen.builder
    started = False

    def stop_after_first(self: object, done: int, total: int) -> bool:
        nonlocal started
        started = True
        return done < 1

    from ciip_desktop.ui.worker import Task

    monkeypatch.setattr(Task, "report_progress", stop_after_first)
    page.start_batch(session, tmp_path / "out")
    assert runner.wait_for_done(60)
    assert started
    assert page.batch_message.startswith("Wrote 1 package into")
    assert page.batch_message.endswith("Stopped before the end, as asked.")


def test_print_issues_a_version_and_reprinting_an_open_version_sends_it_as_it_was(
    screen: PackagesScreen,
    services: Services,
    counsellor: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pypdf
    from PySide6.QtPrintSupport import QPrinter

    from ciip_desktop.ui.packages import versions_panel
    from ciip_desktop.ui.packages.output import print_pdf

    printed: list[int] = []

    def to_file(document: object, _parent: object) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"printed-{len(printed)}.pdf"))
        printed.append(print_pdf(document, printer))  # type: ignore[arg-type]
        return True

    monkeypatch.setattr(versions_panel, "print_with_dialog", to_file)
    client_id = engineer(services, counsellor)
    page = screen.builder
    page.open_client(client_id)
    page.print_button.click()
    versions = services.issuer.versions(client_id)
    assert [(v.version, v.channel) for v in versions] == [(1, "print")]
    pages = len(pypdf.PdfReader(tmp_path / "printed-0.pdf").pages)
    assert printed == [pages] and pages == page.preview.page_count()
    page.versions.setCurrentRow(0)
    page._show_version(page.versions.item(0))
    page.print_button.click()
    assert [v.version for v in services.issuer.versions(client_id)] == [1]  # no new version
    assert len(printed) == 2


def test_the_review_queue_names_whose_review_each_item_awaits(
    screen: PackagesScreen, services: Services, counsellor: Actor
) -> None:
    view = next(v for v in services.library.items() if v.slug == "credentials-eca")
    library = screen.library
    library.show_item(view)
    library.editor.body_en.setPlainText(view.body_en + " Updated.")
    library.save()
    library.filter.setCurrentIndex(1)
    assert rows(library.list) == [
        "Li Na: Educational credential assessment (ECA)  [Credential assessment]  — "
        "中文 stale, French stale"
    ]
