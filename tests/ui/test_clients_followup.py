"""Case follow-up: recording a meeting with action steps, ticking a step done, undo, overdue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from clients_support import TODAY, registration
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QStyle
from pytestqt.qtbot import QtBot

from ciip_desktop.errors import ValidationError
from ciip_desktop.i18n import format_date
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ActionStepInput, ClientDetail, MeetingInput
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.followup import OVERDUE_COLOUR
from ciip_desktop.ui.clients.screen import ClientsScreen

# Confirmation questions are answered Yes throughout.
pytestmark = pytest.mark.usefixtures("answer_yes")


@pytest.fixture
def client(services: Services, counsellor: Actor) -> ClientDetail:
    return services.clients.register(counsellor, registration("Li", "Na", "李娜"))


@pytest.fixture
def screen(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> Iterator[ClientsScreen]:
    widget = ClientsScreen(services, counsellor)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    widget.open_client(client.id)
    yield widget
    widget.shutdown()


def step_texts(screen: ClientsScreen) -> list[str]:
    table = screen.detail.follow_up.steps
    return [table.item(r, 1).text() for r in range(table.rowCount())]


def test_recording_a_meeting_with_two_action_steps(screen: ClientsScreen) -> None:
    dialog = screen.detail.record_meeting()
    assert dialog is not None
    assert dialog.held_on.value() == TODAY
    assert dialog.channel.code() == "one_on_one"
    assert not dialog.try_save()  # a meeting records a tangible activity
    assert dialog.errors.text("activity") != ""
    dialog.activity.setPlainText("Reviewed the licensing steps for nurses in British Columbia")
    dialog.add_step_row("Send transcripts to WES", TODAY + timedelta(days=14))
    dialog.add_step_row("Book an IELTS General Training test", TODAY + timedelta(days=30))
    assert dialog.try_save()
    detail = screen.detail.client
    assert detail is not None
    assert len(detail.meetings) == 1 and len(detail.action_steps) == 2
    assert step_texts(screen) == ["Send transcripts to WES", "Book an IELTS General Training test"]
    meetings = screen.detail.follow_up.meetings
    assert meetings.rowCount() == 1 and "nurses" in meetings.item(0, 3).text()
    assert detail.status == "one_on_one_done"


def test_the_due_column_of_a_new_meeting_shows_the_whole_date(
    qtbot: QtBot, screen: ClientsScreen
) -> None:
    dialog = screen.detail.record_meeting()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.add_step_row("Send transcripts to WES", TODAY + timedelta(days=14))
    field = dialog.steps.cellWidget(0, 1)
    assert isinstance(field, DateField)
    assert field.text() == (TODAY + timedelta(days=14)).isoformat()
    button = field.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    # The whole date fits beside the calendar button (and the line edit's margins).
    assert field.width() - button - 12 >= field.fontMetrics().horizontalAdvance(field.text())
    dialog.reject()


def test_ticking_a_step_done_and_undoing_it(
    screen: ClientsScreen, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    services.casework.record_meeting(
        counsellor,
        client.id,
        MeetingInput(held_on=TODAY, channel="phone", activity="Phone session"),
        [
            ActionStepInput("Open a Job Bank account", TODAY + timedelta(days=7)),
            ActionStepInput("Send transcripts to WES", TODAY + timedelta(days=14)),
        ],
    )
    screen.detail.reload()
    table = screen.detail.follow_up.steps
    assert table.item(0, 1).text() == "Open a Job Bank account"
    table.item(0, 0).setCheckState(Qt.CheckState.Checked)  # as a click on the box does
    detail = screen.detail.client
    assert detail is not None
    done = {s.text: s.done for s in detail.action_steps}
    assert done == {"Open a Job Bank account": True, "Send transcripts to WES": False}
    # Open steps come first.
    assert step_texts(screen) == ["Send transcripts to WES", "Open a Job Bank account"]

    stack = screen.undo_stack()
    assert isinstance(stack, QUndoStack) and stack.canUndo()
    assert "Open a Job Bank account" in stack.undoText()
    stack.undo()
    detail = screen.detail.client
    assert detail is not None and not any(s.done for s in detail.action_steps)
    assert screen.detail.follow_up.steps.item(0, 0).checkState() == Qt.CheckState.Unchecked
    stack.redo()
    detail = screen.detail.client
    assert detail is not None and sum(s.done for s in detail.action_steps) == 1


def test_the_undo_stack_handed_over_by_the_window_receives_the_change(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    window_stack = QUndoStack()
    screen = ClientsScreen(services, counsellor, undo_stack=window_stack)
    qtbot.addWidget(screen)
    try:
        services.casework.add_step(
            counsellor, client.id, ActionStepInput("Open a Job Bank account", TODAY)
        )
        screen.open_client(client.id)
        screen.detail.follow_up.steps.item(0, 0).setCheckState(Qt.CheckState.Checked)
        assert window_stack.count() == 1
        assert "Open a Job Bank account" in window_stack.undoText()
    finally:
        screen.shutdown()


def meeting_with_step(services: Services, counsellor: Actor, client: ClientDetail) -> str:
    services.casework.record_meeting(
        counsellor,
        client.id,
        MeetingInput(held_on=TODAY - timedelta(days=10), channel="phone", activity="Phone call"),
        [ActionStepInput("Send transcripts to WES", TODAY + timedelta(days=7))],
    )
    return services.clients.get(counsellor, client.id).action_steps[0].id


def test_undoing_mark_not_done_restores_the_day_it_was_done(
    screen: ClientsScreen, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    step_id = meeting_with_step(services, counsellor, client)
    done_on = TODAY - timedelta(days=3)
    services.casework.set_step_done(counsellor, step_id, True, done_on)
    screen.detail.reload()
    assert screen.detail.follow_up.set_step_done(step_id, False)
    assert not services.clients.get(counsellor, client.id).action_steps[0].done
    screen.undo_stack().undo()
    step = services.clients.get(counsellor, client.id).action_steps[0]
    assert step.done and step.done_on == done_on  # not today
    assert screen.detail.follow_up.steps.item(0, 2).text() == "done " + format_date(done_on)


def test_an_undo_refused_because_the_step_changed_since_leaves_the_stack_where_it_was(
    qtbot: QtBot,
    screen: ClientsScreen,
    services: Services,
    counsellor: Actor,
    client: ClientDetail,
) -> None:
    step_id = meeting_with_step(services, counsellor, client)
    screen.detail.reload()
    assert screen.detail.follow_up.set_step_done(step_id, True)
    stack = screen.undo_stack()
    assert (stack.count(), stack.index()) == (1, 1)
    # Someone (a sync, another window) opens the step again and marks it done another day.
    other_day = TODAY - timedelta(days=1)
    services.casework.set_step_done(counsellor, step_id, True, other_day)
    stack.undo()
    qtbot.waitUntil(lambda: stack.index() == 1, timeout=2000)
    assert stack.canUndo() and not stack.canRedo()
    step = services.clients.get(counsellor, client.id).action_steps[0]
    assert step.done and step.done_on == other_day  # the colleague's change is kept
    box = screen.findChild(QMessageBox, "clientsErrorBox")
    assert box is not None and "changed since" in box.text()


def test_without_a_signature_neither_meetings_nor_action_steps_can_be_started(
    qtbot: QtBot, services: Services, counsellor: Actor
) -> None:
    unsigned = services.clients.register(
        counsellor,
        registration("Gao", "Yuan", "高远", signature_on_file=False, signature_date=None),
    )
    screen = ClientsScreen(services, counsellor)
    qtbot.addWidget(screen)
    try:
        screen.open_client(unsigned.id)
        follow_up = screen.detail.follow_up
        rule = f"No signed registration is on file for {unsigned.file_no}"
        for button in (follow_up.record_button, follow_up.add_step_button):
            assert not button.isEnabled()
            assert button.toolTip().startswith(rule)
        # Said once: the banner and the buttons' tooltip carry the same sentence.
        assert screen.detail.warnings.text().count(rule) == 1
        # Asked anyway (a shortcut): no form opens.
        assert screen.detail.record_meeting() is None
        assert screen.detail.add_step() is None
        # The service applies the same rule to both.
        with pytest.raises(ValidationError, match="meetings or action steps"):
            services.casework.add_step(counsellor, unsigned.id, ActionStepInput("Call", TODAY))
        with pytest.raises(ValidationError, match="meetings or action steps"):
            services.casework.record_meeting(
                counsellor,
                unsigned.id,
                MeetingInput(held_on=TODAY, channel="phone", activity="Call"),
            )
    finally:
        screen.shutdown()


def test_overdue_steps_are_marked_and_listed(
    screen: ClientsScreen, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    services.casework.record_meeting(
        counsellor,
        client.id,
        MeetingInput(held_on=TODAY - timedelta(days=40), channel="group", activity="LMI session"),
        [ActionStepInput("Register with the regulator", TODAY - timedelta(days=5))],
    )
    screen.detail.reload()
    cell = screen.detail.follow_up.steps.item(0, 1)
    assert cell.foreground().color() == OVERDUE_COLOUR
    assert "1 overdue" in screen.detail.follow_up.steps_label.text()

    screen.list_pages.setCurrentIndex(0)
    screen.overdue_button.click()
    assert screen.list_pages.currentWidget() is screen.overdue
    overdue = screen.overdue.steps()
    assert [s.text for s in overdue] == ["Register with the regulator"]
    assert screen.overdue.title.text() == "1 overdue action step"
    screen.overdue.table.itemActivated.emit(screen.overdue.table.item(0, 2))
    assert screen.list_pages.currentWidget() is screen.table
    assert screen.detail.client is not None and screen.detail.client.id == client.id


def test_adding_a_single_action_step(screen: ClientsScreen) -> None:
    dialog = screen.detail.add_step()
    assert dialog is not None
    assert not dialog.try_save()
    dialog.text.setText("Call the settlement agency in Calgary")
    assert dialog.try_save()
    assert step_texts(screen) == ["Call the settlement agency in Calgary"]
