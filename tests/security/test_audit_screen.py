"""The Audit screen: supervisors search, filter and export the trail; counsellors never see it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from ciip_desktop.i18n import set_language
from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.security import audit
from ciip_desktop.services.security.audit_trail import AuditService
from ciip_desktop.ui.language import LanguageSwitcher
from ciip_desktop.ui.main_window import MainWindow
from ciip_desktop.ui.security.audit_screen import AuditScreen
from ciip_desktop.ui.settings import UiSettings
from ciip_desktop.ui.worker import TaskRunner


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def chief(ctx: ServiceContext) -> Actor:
    with ctx.write(Actor.system()) as session:
        person = Counsellor(
            office_id=ctx.replica.office_id,
            username="chenjing",
            display_name="Chen Jing",
            role=Role.SUPERVISOR.value,
        )
        session.add(person)
        session.flush()
        return Actor(person.id, "Chen Jing", Role.SUPERVISOR)


@pytest.fixture
def trail(ctx: ServiceContext, counsellor: Actor, chief: Actor) -> None:
    audit.record(ctx, counsellor, audit.SIGN_IN, "counsellor", counsellor.counsellor_id)
    audit.record(ctx, counsellor, audit.VIEW, "client", "GZA-2026-00001")
    audit.record(ctx, counsellor, audit.PRINT, "client", "GZA-2026-00001", "v1")
    audit.record(ctx, counsellor, audit.VIEW, "client", "GZA-2026-00002")
    audit.record(ctx, chief, audit.CLOSURE, "office_closure", "", "2026-12-24..2026-12-24")


def _screen(
    qtbot: QtBot, ctx: ServiceContext, actor: Actor, runner: TaskRunner, **kw: object
) -> AuditScreen:
    screen = AuditScreen(ctx, actor, runner, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    screen.show()
    return screen


def _loaded(qtbot: QtBot, screen: AuditScreen, runner: TaskRunner) -> list[tuple[str, str, str]]:
    runner.wait_for_done()
    qtbot.waitUntil(lambda: not screen.loading)
    model = screen.model
    return [
        (
            str(model.index(r, 1).data()),
            str(model.index(r, 2).data(Qt.ItemDataRole.ToolTipRole)),
            str(model.index(r, 3).data()),
        )
        for r in range(model.rowCount())
    ]


@pytest.mark.usefixtures("trail")
def test_a_supervisor_filters_the_trail_with_the_keyboard(
    qtbot: QtBot, ctx: ServiceContext, chief: Actor, runner: TaskRunner
) -> None:
    screen = _screen(qtbot, ctx, chief, runner)
    rows = _loaded(qtbot, screen, runner)
    assert len(rows) == 5 and screen.status.text() == "5 entries match."
    assert rows[0] == ("chenjing", audit.CLOSURE, "")  # newest first
    assert screen.model.index(0, 2).data() == "Office closure added"
    assert screen.model.index(0, 4).data() == ctx.replica.device_code

    screen.file_no.setFocus()
    qtbot.keyClicks(screen.file_no, "gza-2026-00001")
    qtbot.keyClick(screen.file_no, Qt.Key.Key_Return)
    assert {r[1] for r in _loaded(qtbot, screen, runner)} == {audit.VIEW, audit.PRINT}

    screen.action.setCurrentIndex(screen.action.findData(audit.PRINT))
    screen.search()
    assert _loaded(qtbot, screen, runner) == [("lina", audit.PRINT, "GZA-2026-00001")]

    qtbot.keyClick(screen, Qt.Key.Key_Escape)  # clears every filter
    assert len(_loaded(qtbot, screen, runner)) == 5
    assert screen.person.findText("lina") > 0  # the people the trail names

    screen.person.setEditText("chenjing")
    qtbot.keyClick(screen.person_edit, Qt.Key.Key_Return)
    assert [r[0] for r in _loaded(qtbot, screen, runner)] == ["chenjing"]

    screen.clear_filters()
    _loaded(qtbot, screen, runner)
    screen.device.setText("B")  # another laptop: nothing from it here
    screen.search()
    assert _loaded(qtbot, screen, runner) == []
    assert screen.status.text() == "0 entries match."
    screen.device.setText(ctx.replica.device_code)
    screen.search()
    assert len(_loaded(qtbot, screen, runner)) == 5

    tomorrow = date.today() + timedelta(days=1)
    screen.first.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    screen.search()
    assert _loaded(qtbot, screen, runner) == []
    screen.first.setDate(screen.first.minimumDate())
    screen.last.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    screen.search()
    assert len(_loaded(qtbot, screen, runner)) == 5
    assert screen.labels["file_no"].buddy() is screen.file_no  # Alt+F reaches the field


@pytest.mark.usefixtures("trail")
def test_the_export_writes_the_filtered_entries_and_is_itself_audited(
    qtbot: QtBot, ctx: ServiceContext, chief: Actor, runner: TaskRunner, tmp_path: Path
) -> None:
    out = tmp_path / "audit.xlsx"
    screen = _screen(qtbot, ctx, chief, runner, choose_path=lambda _parent: out)
    _loaded(qtbot, screen, runner)
    screen.file_no.setText("GZA-2026-00001")
    qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    runner.wait_for_done()
    qtbot.waitUntil(lambda: "Exported" in screen.status.text())
    assert screen.status.text() == "Exported 2 entries to audit.xlsx."
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["at", "login", "action"]
    assert sorted(v[2] for v in values[1:]) == [audit.PRINT, audit.VIEW]
    assert all(v[4] == "GZA-2026-00001" for v in values[1:])
    assert os.stat(out).st_mode & 0o077 == 0
    (entry,) = AuditService(ctx).search(chief, action=audit.AUDIT_EXPORT)
    assert (entry.login, entry.detail) == ("chenjing", "2 entries")


def test_a_counsellor_neither_sees_nor_reads_the_audit_screen(
    qtbot: QtBot,
    ctx: ServiceContext,
    counsellor: Actor,
    chief: Actor,
    runner: TaskRunner,
    tmp_path: Path,
) -> None:
    def window(actor: Actor) -> MainWindow:
        settings = UiSettings(tmp_path / f"{actor.display_name}.ini")
        made = MainWindow(
            Services.build(ctx),
            actor,
            settings=settings,
            language=LanguageSwitcher(settings),
            runner=runner,
            database_path=ctx.db.path,
            log_dir=tmp_path / "logs",
            remember=False,
        )
        qtbot.addWidget(made)
        return made

    row = lambda w: w.navigation.item(w.navigation.row_of("audit"))  # noqa: E731
    hers = window(counsellor)
    assert row(hers).isHidden() and not hers.menus.screen_actions["audit"].isVisible()
    boss = window(chief)
    assert not row(boss).isHidden() and boss.menus.screen_actions["audit"].isVisible()
    boss.show_screen("audit")
    assert isinstance(boss.screens["audit"], AuditScreen)

    screen = _screen(qtbot, ctx, counsellor, runner)  # reached anyway: it refuses
    assert not screen.search_button.isEnabled() and not screen.export_button.isEnabled()
    assert screen.status.text() == "Only supervisors and administrators may read the audit trail."
    assert screen.model.rowCount() == 0


@pytest.mark.usefixtures("trail")
def test_the_screen_is_translated(
    qtbot: QtBot, ctx: ServiceContext, chief: Actor, runner: TaskRunner
) -> None:
    screen = _screen(qtbot, ctx, chief, runner)
    _loaded(qtbot, screen, runner)
    english = screen.title.text()
    try:
        set_language("zh_CN")
        screen.retranslate_ui()
        assert screen.title.text() != english
        assert screen.model.index(0, 2).data() == "添加了办公室停业日"
        assert screen.status.text() == "5 条记录符合条件。"
    finally:
        set_language("en")
