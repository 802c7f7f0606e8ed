"""The selected session: its details, and for a group session its list — seats, the waiting
list, attendance marks, the list's history — with the commands that change them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.i18n import N_, _, format_date, format_datetime
from ciip_desktop.services.calendar.ics import summary
from ciip_desktop.services.calendar.types import (
    ATTENDANCE_LABELS,
    EnrollmentView,
    ListEventView,
    SessionView,
    label,
)
from ciip_desktop.ui.calendar.look import tooltip

ACTION_LABELS = {
    "enrolled": N_("Enrolled"),
    "waitlisted": N_("Waiting list"),
    "promoted": N_("Promoted"),
    "skipped": N_("Skipped"),
    "removed": N_("Removed"),
}
STATE_LABELS = {"enrolled": N_("Seat"), "waiting": N_("Waiting")}


class SessionPanel(QWidget):
    """Emits what the counsellor asks for; the screen calls the services."""

    commandRequested = Signal(str)  # edit, cancel, ics, enrol, remove, propose, plan, ...
    attendanceChanged = Signal(str, str)  # client id, mark

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionPanel")
        self.view: SessionView | None = None
        self.entries: list[EnrollmentView] = []
        self._events: list[ListEventView] = []
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: dict[str, QPushButton] = {}
        rows = (
            ("edit", "cancel", "ics"),
            ("enrol", "remove", "propose"),
            ("plan", "roster_csv", "roster_pdf", "sign_in"),
            ("held",),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        self.button_rows: list[QWidget] = []
        for names in rows:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            for name in names:
                button = QPushButton()
                button.setObjectName(f"session-{name}")
                button.clicked.connect(lambda _c=False, name=name: self.commandRequested.emit(name))
                self.buttons[name] = button
                line.addWidget(button)
            line.addStretch(1)
            layout.addWidget(row)
            self.button_rows.append(row)
        self.list_label = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("enrolmentTable")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.history_label = QLabel()
        self.history = QListWidget()
        self.history.setObjectName("listHistory")
        self.history.setMaximumHeight(140)
        layout.addWidget(self.list_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.retranslate_ui()
        self.show_session(None, [], [])

    def retranslate_ui(self) -> None:
        texts = {
            "edit": _("Change…"),
            "cancel": _("Cancel session"),
            "ics": _("Export .ics…"),
            "enrol": _("Enrol client…"),
            "remove": _("Remove from list"),
            "propose": _("Propose next"),
            "plan": _("Book one-on-ones"),
            "roster_csv": _("Roster .csv…"),
            "roster_pdf": _("Roster .pdf…"),
            "sign_in": _("Sign-in sheet…"),
            "held": _("Record as held…"),
        }
        for name, text in texts.items():
            self.buttons[name].setText(text)
        self.buttons["plan"].setToolTip(
            _("Book a one-on-one on the next working day for each attendee")
        )
        self.table.setHorizontalHeaderLabels(
            [_("File no."), _("Name"), _("List"), _("Attendance"), _("Departure")]
        )
        self.list_label.setText(_("Seats and waiting list"))
        self.history_label.setText(_("What happened on the list"))
        self.empty.setText(_("Choose a session to see its details; double-click a day to add one."))
        if self.view is not None:
            self.show_session(self.view, self.entries, self._events)

    def selected_client(self) -> str:
        row = self.table.currentRow()
        return self.entries[row].client_id if 0 <= row < len(self.entries) else ""

    def show_session(
        self,
        view: SessionView | None,
        entries: list[EnrollmentView],
        events: list[ListEventView],
    ) -> None:
        self.view, self.entries, self._events = view, entries, events
        group = view is not None and view.is_group
        self.empty.setVisible(view is None)
        for widget in (self.title, self.details, self.button_rows[0]):
            widget.setVisible(view is not None)
        for widget in (
            self.button_rows[1],
            self.button_rows[2],
            self.list_label,
            self.table,
            self.history_label,
            self.history,
        ):
            widget.setVisible(group)
        self.button_rows[3].setVisible(view is not None and not group)
        if view is None:
            return
        cancelled = view.status == "cancelled"
        self.buttons["cancel"].setEnabled(not cancelled)
        self.buttons["held"].setEnabled(view.status == "planned")
        self.title.setText(summary(view))
        self.details.setText(tooltip(view))
        self._fill_table(entries, cancelled)
        self.history.clear()
        for event in events:
            self.history.addItem(
                " · ".join(
                    part
                    for part in (
                        format_datetime(event.at, "short", view.time_zone),
                        _(ACTION_LABELS.get(event.action, event.action)),
                        event.file_no,
                        event.counsellor,
                        event.reason,
                    )
                    if part
                )
            )

    def _fill_table(self, entries: list[EnrollmentView], cancelled: bool) -> None:
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            queue = _(STATE_LABELS.get(e.state, e.state))
            if e.state == "waiting":
                queue = f"{queue} #{e.queue_position}"
            values = (e.file_no, e.name, queue, "", format_date(e.departure))
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, e.client_id)
                self.table.setItem(row, col, item)
            if e.state == "enrolled" and not cancelled:
                combo = QComboBox()
                combo.setObjectName(f"attendance-{e.file_no}")
                for key in ATTENDANCE_LABELS:
                    combo.addItem(label(ATTENDANCE_LABELS, key), key)
                combo.setCurrentIndex(max(0, combo.findData(e.attendance)))
                if e.marked_by:
                    combo.setToolTip(
                        _("Marked by {name} on {when}").format(
                            name=e.marked_by, when=format_datetime(e.marked_at, "short")
                        )
                    )
                combo.currentIndexChanged.connect(
                    lambda _i, c=combo, cid=e.client_id: self.attendanceChanged.emit(
                        cid, str(c.currentData())
                    )
                )
                self.table.setCellWidget(row, 3, combo)
            else:
                self.table.setItem(row, 3, QTableWidgetItem(label(ATTENDANCE_LABELS, e.attendance)))
