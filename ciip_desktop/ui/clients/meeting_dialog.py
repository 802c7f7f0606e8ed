"""Record a meeting with a client: the tangible activity done, notes, and action steps agreed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError, ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ActionStepInput, MeetingInput, MeetingView
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.code_combo import CodeCombo
from ciip_desktop.ui.clients.date_field import DateField
from ciip_desktop.ui.clients.field_errors import FieldErrors, reason_label
from ciip_desktop.ui.clients.labels import MEETING_CHANNELS
from ciip_desktop.ui.clients.messages import confirm
from ciip_desktop.ui.clients.shortcuts import add_save_shortcuts

DEFAULT_STEP_DAYS = 14  # steps fall due two weeks after the meeting unless changed


class MeetingDialog(QDialog):
    """``saved_meeting`` holds the meeting once recorded."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        client_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingDialog")
        self._services = services
        self._actor = actor
        self._client_id = client_id
        self.saved_meeting: MeetingView | None = None

        self.held_on = DateField()
        self.held_on.setObjectName("held_on")
        self.held_on.set_value(date.today())
        self.channel = CodeCombo(MEETING_CHANNELS)
        self.channel.setObjectName("channel")
        self.channel.set_code("one_on_one")
        self.activity = QPlainTextEdit()
        self.activity.setObjectName("activity")
        self.activity.setTabChangesFocus(True)
        self.activity.setFixedHeight(70)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(56)

        self.steps = QTableWidget(0, 2)
        self.steps.setObjectName("steps")
        self.steps.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The due date's cell holds a date field: sized for the whole date and its calendar
        # button (sizing to contents would leave room for the button alone).
        self.steps.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.steps.setColumnWidth(1, DateField().full_width())
        self.steps.verticalHeader().hide()
        self.add_step_button = QPushButton()
        self.add_step_button.setObjectName("addStep")
        self.remove_step_button = QPushButton()
        step_buttons = QHBoxLayout()
        step_buttons.addWidget(self.add_step_button)
        step_buttons.addWidget(self.remove_step_button)
        step_buttons.addStretch(1)

        self.form = QFormLayout()
        self.labels = {name: QLabel() for name in ("held_on", "channel", "activity", "notes")}
        self.form.addRow(self.labels["held_on"], self.held_on)
        self.form.addRow(self.labels["channel"], self.channel)
        self.form.addRow(self.labels["activity"], self.activity)
        self.form.addRow(self.labels["notes"], self.notes)
        self.errors = FieldErrors(self)
        self.errors.attach("held_on", self.form, self.held_on)
        self.errors.attach("activity", self.form, self.activity)
        for name, label in self.labels.items():
            label.setBuddy(getattr(self, name))

        self.steps_label = QLabel()
        self.problem = reason_label("problem")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.save_button, self.cancel_button, self.add_step_button):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.steps, 1)
        layout.addLayout(step_buttons)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.add_step_button.clicked.connect(lambda: self.add_step_row())
        self.remove_step_button.clicked.connect(self._remove_step_row)
        self.save_button.clicked.connect(self.try_save)
        self.cancel_button.clicked.connect(self.reject)
        add_save_shortcuts(self, self.try_save)
        self.retranslate_ui()
        self.resize(620, 520)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Record a meeting"))
        self.labels["held_on"].setText(_("&Date:"))
        self.labels["channel"].setText(_("&How:"))
        self.labels["activity"].setText(_("&Activity done:"))
        self.labels["notes"].setText(_("&Notes:"))
        self.activity.setPlaceholderText(
            _("The tangible activity, e.g. reviewed the licensing steps for engineers in Ontario")
        )
        self.steps_label.setText(_("Action steps agreed (the client does these before next time):"))
        self.steps.setHorizontalHeaderLabels([_("Action step"), _("Due")])
        self.add_step_button.setText(_("Add &step"))
        self.remove_step_button.setText(_("&Remove step"))
        self.save_button.setText(_("&Save"))
        self.cancel_button.setText(_("Cancel"))
        self.held_on.retranslate_ui()
        self.channel.retranslate_ui()

    def add_step_row(self, text: str = "", due: date | None = None) -> int:
        """Add an action step row (and put the cursor in it); returns its row."""
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        edit = QLineEdit(text)
        edit.setFrame(False)
        due_field = DateField()
        due_field.setFrame(False)
        held = self.held_on.value() or date.today()
        due_field.set_value(due or held + timedelta(days=DEFAULT_STEP_DAYS))
        self.steps.setCellWidget(row, 0, edit)
        self.steps.setCellWidget(row, 1, due_field)
        self.steps.setCurrentCell(row, 0)
        edit.setFocus()
        return row

    def _remove_step_row(self) -> None:
        row = self.steps.currentRow()
        if row >= 0:
            self.steps.removeRow(row)

    def step_inputs(self) -> list[ActionStepInput]:
        found: list[ActionStepInput] = []
        for row in range(self.steps.rowCount()):
            edit = self.steps.cellWidget(row, 0)
            due = self.steps.cellWidget(row, 1)
            if isinstance(edit, QLineEdit) and isinstance(due, DateField) and edit.text().strip():
                found.append(ActionStepInput(text=edit.text().strip(), due_on=due.value()))
        return found

    def try_save(self) -> bool:
        """Record the meeting when the service accepts it; otherwise show why, keeping the text."""
        local: dict[str, str] = {}
        held = self.held_on.value()
        if held is None:
            local["held_on"] = _("Type the date of the meeting as YYYY-MM-DD.")
        for row in range(self.steps.rowCount()):
            due = self.steps.cellWidget(row, 1)
            if isinstance(due, DateField) and not due.is_valid():
                local[f"steps.{row}.due_on"] = _("Type the due dates as YYYY-MM-DD.")
        if held is None or local:
            self._show_reasons(local)
            return False
        meeting = MeetingInput(
            held_on=held,
            channel=self.channel.code(),
            activity=self.activity.toPlainText().strip(),
            notes=self.notes.toPlainText().strip(),
        )
        steps = self.step_inputs()
        reasons = self._services.casework.validate_meeting(meeting, steps)
        if reasons:
            self._show_reasons(reasons)
            return False
        try:
            self.saved_meeting = self._services.casework.record_meeting(
                self._actor, self._client_id, meeting, steps
            )
        except ValidationError as exc:
            self._show_reasons(exc.fields, exc.message)
            return False
        except UserError as exc:
            self._show_reasons({}, exc.message)
            return False
        self.accept()
        return True

    def _show_reasons(self, reasons: Mapping[str, str], message: str = "") -> None:
        self.errors.show(reasons)
        loose = [message] if message else []
        for key, text in reasons.items():
            if key.startswith("steps."):
                row = int(key.split(".")[1]) + 1
                loose.append(_("Action step {row}: {reason}").format(row=row, reason=text))
            elif key not in self.errors.names() and text != message:
                loose.append(text)
        self.problem.setText("\n".join(loose))

    def reject(self) -> None:
        typed = self.activity.toPlainText().strip() or self.step_inputs()
        if typed and not confirm(self, _("Discard this meeting record?")):
            return
        super().reject()
