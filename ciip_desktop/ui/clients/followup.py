"""Case follow-up of one client: action steps (open first, overdue marked) and the meetings held.

Ticking a step done is an undoable command on the window's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ActionStepView, MeetingView
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.labels import MEETING_CHANNELS, label
from ciip_desktop.ui.clients.messages import show_error
from ciip_desktop.ui.clients.tables import read_only_table

OVERDUE_COLOUR = QColor("#b00020")
STEP_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SetStepDoneCommand(QUndoCommand):
    """Mark an action step done (or not done); undo puts it back exactly as it was.

    The first change is made before the command is pushed, so a refusal from the service is
    shown to the user and nothing lands on the undo stack. Undo and redo each say what state
    they expect the step in: when someone changed it since, the service refuses, the user is
    told, and the stack is put back where it was (Qt has already moved it when undo returns,
    so it is moved back once the event loop turns).
    """

    def __init__(
        self,
        services: Services,
        actor: Actor,
        step: ActionStepView,
        done: bool,
        on_changed: Callable[[str], None],
        stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._actor = actor
        self._step = step
        self._before: tuple[bool, date | None] = (step.done, step.done_on)
        self._after: tuple[bool, date | None] = (done, None)
        self._on_changed = on_changed
        self._stack = stack
        self._parent = parent  # where a refusal is shown
        self._skip_next = False
        self.retranslate()

    def retranslate(self) -> None:
        """Name the change in the current language (Edit > Undo shows it)."""
        text = _("Mark “{step}” done") if self._after[0] else _("Mark “{step}” not done")
        self.setText(text.format(step=self._step.text[:40]))

    def apply_first(self) -> None:
        """Make the change now; raises UserError when the service refuses it."""
        view = self._services.casework.set_step_done(
            self._actor, self._step.id, self._after[0], expect=self._before
        )
        self._after = (view.done, view.done_on)
        self._skip_next = True  # the first redo() comes from push(): already done

    def redo(self) -> None:
        if self._skip_next:
            self._skip_next = False
        elif not self._set(self._after, expect=self._before):
            self._stay_where_it_was(moved_by=+1)
        self._on_changed(self._step.client_id)

    def undo(self) -> None:
        if self._skip_next:
            self._skip_next = False
        elif not self._set(self._before, expect=self._after):
            self._stay_where_it_was(moved_by=-1)
        self._on_changed(self._step.client_id)

    def _set(self, state: tuple[bool, date | None], expect: tuple[bool, date | None]) -> bool:
        done, done_on = state
        try:
            self._services.casework.set_step_done(
                self._actor, self._step.id, done, done_on, expect=expect
            )
        except UserError as exc:
            parent = self._parent if self._parent is not None and isValid(self._parent) else None
            show_error(parent, exc)
            return False
        return True

    def _stay_where_it_was(self, moved_by: int) -> None:
        """Put the stack's index back after a refusal, without touching the record again."""
        stack = self._stack
        where = stack.index()  # Qt moves the index once this undo()/redo() returns
        self._skip_next = True

        def back() -> None:
            if stack.index() == where + moved_by:
                stack.setIndex(where)  # calls our redo()/undo(), which skips
            else:  # the stack moved on meanwhile: leave it be
                self._skip_next = False

        QTimer.singleShot(0, stack, back)


def step_items(step: ActionStepView) -> list[QTableWidgetItem]:
    """The cells of one action step row: done check box, text, due date."""
    done = QTableWidgetItem()
    done.setFlags(
        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
    )
    done.setCheckState(Qt.CheckState.Checked if step.done else Qt.CheckState.Unchecked)
    done.setData(STEP_ID_ROLE, step.id)
    text = QTableWidgetItem(step.text)
    due_text = format_date(step.due_on)
    if step.done and step.done_on:
        due_text = _("done {date}").format(date=format_date(step.done_on))
    due = QTableWidgetItem(due_text)
    cells = [done, text, due]
    for cell in cells[1:]:
        cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if step.overdue and not step.done:
        bold = QFont()
        bold.setBold(True)
        for cell in cells:
            cell.setForeground(QBrush(OVERDUE_COLOUR))
            cell.setToolTip(_("Overdue"))
        due.setFont(bold)
    elif step.done:
        for cell in cells:
            cell.setForeground(QBrush(QColor("#777777")))
    return cells


def retranslate_commands(stack: QUndoStack) -> None:
    """Rename the follow-up changes on ``stack`` after a language switch, and tell whoever
    shows the undo and redo texts (the Edit menu) that they changed."""
    for index in range(stack.count()):
        command = stack.command(index)
        if isinstance(command, SetStepDoneCommand):
            command.retranslate()
    stack.undoTextChanged.emit(stack.undoText())
    stack.redoTextChanged.emit(stack.redoText())


class FollowUpTab(QWidget):
    """Action steps and meetings of the client shown; asks the pane to record a meeting."""

    recordMeetingRequested = Signal()
    addStepRequested = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        undo_stack: Callable[[], QUndoStack],
        on_changed: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._undo_stack = undo_stack
        self._on_changed = on_changed
        self._steps: list[ActionStepView] = []
        self._meetings: list[MeetingView] = []
        self._refusal = ""

        self.steps_label = QLabel()
        self.steps = QTableWidget(0, 3)
        self.steps.setObjectName("actionSteps")
        self.steps.verticalHeader().hide()
        header = self.steps.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.steps.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.steps.itemChanged.connect(self._step_item_changed)

        self.meetings_label = QLabel()
        self.meetings = read_only_table("meetings", 4, stretch=3)

        self.record_button = QPushButton()
        self.record_button.setObjectName("recordMeeting")
        self.record_button.clicked.connect(self.recordMeetingRequested)
        self.add_step_button = QPushButton()
        self.add_step_button.setObjectName("addStep")
        self.add_step_button.clicked.connect(self.addStepRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.add_step_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.meetings_label)
        layout.addWidget(self.meetings, 1)
        self.retranslate_ui()

    def set_refusal(self, reason: str) -> None:
        """Why meetings and action steps cannot be recorded now ("" when they can): the
        buttons are disabled before any form is filled, and say why on hover."""
        self._refusal = reason
        for button in (self.record_button, self.add_step_button):
            button.setEnabled(not reason)
            button.setToolTip(reason)

    def retranslate_ui(self) -> None:
        self.record_button.setText(_("&Record meeting…"))
        self.add_step_button.setText(_("Add action step…"))
        self.steps.setHorizontalHeaderLabels([_("Done"), _("Action step"), _("Due")])
        self.meetings.setHorizontalHeaderLabels(
            [_("Date"), _("How"), _("Counsellor"), _("Activity")]
        )
        self.show_follow_up(self._steps, self._meetings)

    def show_follow_up(
        self, steps: Sequence[ActionStepView], meetings: Sequence[MeetingView]
    ) -> None:
        self._steps = list(steps)
        self._meetings = list(meetings)
        open_count = sum(1 for s in self._steps if not s.done)
        overdue = sum(1 for s in self._steps if s.overdue and not s.done)
        summary = _("Action steps: {open} open").format(open=open_count)
        if overdue:
            summary += " · " + _("{count} overdue").format(count=overdue)
        self.steps_label.setText(summary)
        self.meetings_label.setText(_("Meetings"))

        self.steps.blockSignals(True)
        self.steps.setRowCount(0)
        for step in self._steps:
            row = self.steps.rowCount()
            self.steps.insertRow(row)
            for column, cell in enumerate(step_items(step)):
                self.steps.setItem(row, column, cell)
        self.steps.blockSignals(False)

        self.meetings.setRowCount(0)
        for meeting in self._meetings:
            row = self.meetings.rowCount()
            self.meetings.insertRow(row)
            activity = meeting.activity
            if meeting.notes:
                activity += "\n" + meeting.notes
            values = [
                format_date(meeting.held_on),
                label(MEETING_CHANNELS, meeting.channel),
                meeting.counsellor_name,
                activity,
            ]
            for column, value in enumerate(values):
                self.meetings.setItem(row, column, QTableWidgetItem(value))
        self.meetings.resizeRowsToContents()

    def step_row(self, step_id: str) -> int:
        for row, step in enumerate(self._steps):
            if step.id == step_id:
                return row
        return -1

    def set_step_done(self, step_id: str, done: bool) -> bool:
        """Mark a step done or not done as the check box does; False if refused."""
        step = next((s for s in self._steps if s.id == step_id), None)
        if step is None or step.done == done:
            return False
        stack = self._undo_stack()
        command = SetStepDoneCommand(
            self._services, self._actor, step, done, self._on_changed, stack, self
        )
        try:
            command.apply_first()
        except UserError as exc:
            show_error(self, exc)
            self._on_changed(step.client_id)
            return False
        stack.push(command)
        return True

    def _step_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        step_id = item.data(STEP_ID_ROLE)
        if step_id:
            self.set_step_done(str(step_id), item.checkState() == Qt.CheckState.Checked)
