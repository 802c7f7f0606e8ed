"""Commands a role may not use are not offered on the screens (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from ciip_desktop.models import Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.calendar.screen import CalendarScreen
from ciip_desktop.ui.packages.library_page import LibraryPage
from ciip_desktop.ui.quality.improvements_page import ImprovementsPage
from ciip_desktop.ui.worker import TaskRunner


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.SUPERVISOR])
def test_supervisor_commands_are_hidden_from_counsellors(
    qtbot: QtBot, services: Services, counsellor: Actor, runner: TaskRunner, role: Role
) -> None:
    actor = replace(counsellor, role=role)
    shown = role == Role.SUPERVISOR
    calendar = CalendarScreen(services, actor)
    library = LibraryPage(services, actor, runner)
    ideas = ImprovementsPage(services.quality, actor)
    for widget in (calendar, library, ideas):
        qtbot.addWidget(widget)
    for button in (
        calendar.places_button,
        calendar.hours_button,
        library.new_button,
        library.save_button,
        library.delete_button,
        library.import_button,
        *ideas.moves.values(),
    ):
        assert button.isHidden() is not shown
    assert not library.export_button.isHidden()  # reading the library is everybody's
    assert not ideas.raise_button.isHidden()  # anyone raises an idea
    runner.wait_for_done()
