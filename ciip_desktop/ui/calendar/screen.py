"""The Calendar screen: month, week, day and list views filtered by city and counsellor, and
the selected session's details, list and commands."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.types import (
    CITIES,
    KIND_LABELS,
    OFFICE_TIME_ZONE,
    SessionFilter,
    SessionView,
    city_label,
    label,
)
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.calendar.commands import SessionCommands
from ciip_desktop.ui.calendar.feedback import tell, with_warnings
from ciip_desktop.ui.calendar.list_view import SessionListView
from ciip_desktop.ui.calendar.look import KIND_COLOURS, day_text
from ciip_desktop.ui.calendar.month_view import MonthView
from ciip_desktop.ui.calendar.period_loader import PeriodLoad, PeriodLoader
from ciip_desktop.ui.calendar.session_dialog import SessionDialog
from ciip_desktop.ui.calendar.session_panel import SessionPanel
from ciip_desktop.ui.calendar.timeline_view import TimelineView
from ciip_desktop.ui.clients.shortcuts import add_shortcut

VIEWS = ("month", "week", "day", "list")
OFFICE = ZoneInfo(OFFICE_TIME_ZONE)


class CalendarScreen(QWidget):
    refreshed = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarScreen")
        self.services = services
        self.cal = services.calendar
        self.actor = actor
        self.counsellors = self.cal.places.counsellors()
        # Asked of the user through these, so tests can answer without a native dialog.
        self.ask_path = self._ask_path
        self.ask_text = self._ask_text
        self.ask_minutes = self._ask_minutes

        self.month = MonthView()
        self.week = TimelineView(7)
        self.day = TimelineView(1)
        self.list = SessionListView()
        self.views: dict[str, MonthView | TimelineView | SessionListView] = {
            "month": self.month,
            "week": self.week,
            "day": self.day,
            "list": self.list,
        }
        self.stack = QStackedWidget()
        for key in VIEWS:
            self.stack.addWidget(self.views[key])
            view = self.views[key]
            view.set_current(today or date.today())
            view.currentDayChanged.connect(self._on_day_changed)
            view.sessionSelected.connect(self._on_selected)
            view.sessionActivated.connect(self.edit_session)
            view.newSessionRequested.connect(self.new_session)
            view.moveRequested.connect(self.move_session)
            view.cancelRequested.connect(self.cancel_session)
        self.current_view = "month"

        self.view_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        bar = QHBoxLayout()
        for key in VIEWS:
            button = QPushButton()
            button.setObjectName(f"view-{key}")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, key=key: self.show_view(key))
            group.addButton(button)
            bar.addWidget(button)
            self.view_buttons[key] = button
        self.prev_button, self.today_button, self.next_button = (
            QPushButton("◀"),
            QPushButton(),
            QPushButton("▶"),
        )
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.go_to(date.today()))
        self.period = QLabel()
        self.period.setObjectName("calendarPeriod")
        font = self.period.font()
        font.setBold(True)
        self.period.setFont(font)
        self.city = QComboBox()
        self.city.setObjectName("calendarCity")
        self.counsellor = QComboBox()
        self.counsellor.setObjectName("calendarCounsellor")
        self.new_button = QPushButton()
        self.new_button.setObjectName("newSession")
        self.proposals_button = QPushButton()
        self.proposals_button.setObjectName("proposals")
        self.places_button = QPushButton()
        self.places_button.setObjectName("places")
        self.hours_button = QPushButton()
        self.hours_button.setObjectName("hours")
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportSchedule")
        self.closure_button = QPushButton()
        self.closure_button.setObjectName("closeOffice")
        self.closure_button.setVisible(actor.is_supervisor)
        for item in (self.prev_button, self.today_button, self.next_button, self.period):
            bar.addWidget(item)
        bar.addStretch(1)
        bar.addWidget(self.city)
        bar.addWidget(self.counsellor)
        # Second row: what the colours mean, then the commands.
        self.legend = QLabel()
        self.legend.setObjectName("calendarLegend")
        self.legend.setWordWrap(True)
        tools = QHBoxLayout()
        tools.addWidget(self.legend, 1)
        for tool in (
            self.new_button,
            self.proposals_button,
            self.export_button,
            self.places_button,
            self.hours_button,
            self.closure_button,
        ):
            tools.addWidget(tool)
        self.new_button.clicked.connect(lambda: self.new_session(self.view().current))
        self.proposals_button.clicked.connect(lambda: self.commands.show_proposals())
        self.places_button.clicked.connect(lambda: self.commands.edit_places())
        self.closure_button.clicked.connect(lambda: self.commands.close_office())
        self.export_button.clicked.connect(lambda: self.commands.export_shown())
        self.hours_button.clicked.connect(lambda: self.commands.edit_hours())
        self.city.currentIndexChanged.connect(lambda _index: self.refresh())
        self.counsellor.currentIndexChanged.connect(lambda _index: self.refresh())

        # The period's sessions are read on a worker (a busy month takes longer than a frame).
        self.loader = PeriodLoader(self.cal.sessions, self)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._load_failed)
        self._select_after_load = ""
        self.problem = QLabel()
        self.problem.setObjectName("calendarProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()

        self.commands: SessionCommands = SessionCommands(self)
        self.panel = SessionPanel()
        self.panel.commandRequested.connect(self._on_command)
        self.panel.attendanceChanged.connect(self.mark_attendance)
        splitter = QSplitter()
        splitter.addWidget(self.stack)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 440])  # the list's five columns fit beside the month
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(tools)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)

        add_shortcut(self, QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.step(-1))
        add_shortcut(self, QKeySequence.StandardKey.MoveToNextPage, lambda: self.step(1))
        add_shortcut(self, "Ctrl+N", lambda: self.new_session(self.view().current))
        for n, key in enumerate(VIEWS, start=1):
            add_shortcut(self, f"Ctrl+{n}", partial(self.show_view, key))
        self.retranslate_ui()
        self.show_view("month")

    # ---- views and period -----------------------------------------------------------------

    def view(self) -> MonthView | TimelineView | SessionListView:
        return self.views[self.current_view]

    def show_view(self, key: str) -> None:
        day = self.view().current
        self.current_view = key
        self.view_buttons[key].setChecked(True)
        self.stack.setCurrentWidget(self.views[key])
        self.views[key].set_current(day)
        self.refresh()
        self.views[key].setFocus()

    def step(self, direction: int) -> None:
        view = self.view()
        if self.current_view == "month":
            first = view.current.replace(day=1)
            target = (first + timedelta(days=32 * direction if direction > 0 else -1)).replace(
                day=1
            )
        else:
            span = {"week": 7, "day": 1, "list": 30}[self.current_view]
            target = view.current + timedelta(days=span * direction)
        self.go_to(target)

    def go_to(self, day: date) -> None:
        self.view().set_current(day)
        self.refresh()

    def _on_day_changed(self, day: object) -> None:
        view = self.view()
        if isinstance(day, date) and not view.first_day() <= day <= view.last_day():
            self.refresh()
        self._update_period()

    def filter(self) -> SessionFilter:
        return SessionFilter(
            city=str(self.city.currentData() or ""),
            counsellor_id=str(self.counsellor.currentData() or ""),
        )

    def refresh(self, select: str = "") -> None:
        """Ask for the sessions of the period shown (and the day notes), read on a worker;
        the view shows them when they arrive (``refreshed``), then selects ``select``."""
        view = self.view()
        if select:
            self._select_after_load = select
        self.loader.request(
            self.current_view,
            view.first_day(),
            view.last_day(),
            self.filter(),
            isinstance(view, MonthView | TimelineView),
        )
        self._update_period()

    def wait_loaded(self) -> None:
        """Block until the newest period asked for is shown (tools, benchmarks, tests)."""
        self.loader.wait()

    def _loaded(self, load: PeriodLoad) -> None:
        view = self.views[load.view]
        self.problem.hide()
        if isinstance(view, MonthView | TimelineView):
            view.day_notes = load.notes
        view.set_sessions(load.sessions)
        select, self._select_after_load = self._select_after_load, ""
        if select and load.view == self.current_view:
            view.select(select)
        self._update_period()
        if load.view == self.current_view:
            self._on_selected(view.selected_id)
        self.refreshed.emit()

    def _load_failed(self, text: str) -> None:
        # Never an empty calendar that looks like a free period: the view says it could not
        # read, and shows nothing of another period meanwhile.
        self.view().set_sessions([])
        self._on_selected("")
        self.problem.setText(text)
        self.problem.show()
        self.refreshed.emit()

    def _update_period(self) -> None:
        view = self.view()
        if self.current_view == "month":
            text = day_text(view.current, "yMMMM")
        elif self.current_view == "day":
            text = format_date(view.current, "full")
        else:
            text = f"{format_date(view.first_day())} – {format_date(view.last_day())}"
        self.period.setText(text)

    # ---- the selected session -------------------------------------------------------------

    def selected(self) -> SessionView | None:
        sid = self.view().selected_id
        return next((s for s in self.view().sessions if s.id == sid), None)

    def _on_selected(self, session_id: str) -> None:
        view = next((s for s in self.view().sessions if s.id == session_id), None)
        if view is None:
            self.panel.show_session(None, [], [])
            return
        entries = self.cal.enrolment.entries(view.id) if view.is_group else []
        events = self.cal.enrolment.history(view.id) if view.is_group else []
        self.panel.show_session(view, entries, events)

    def _after_change(self, session_id: str = "") -> None:
        self.refresh(select=session_id)
        if session_id and session_id == self.view().selected_id:
            self._on_selected(session_id)  # its list now, the period when it is read

    # ---- commands -------------------------------------------------------------------------

    def _find_client(self, file_no: str) -> tuple[str, str]:
        detail = self.services.clients.get_by_file_no(self.actor, file_no.strip().upper())
        return detail.id, detail.file_no

    def _dialog(self, **kwargs: object) -> SessionDialog:
        return SessionDialog(
            self.cal.places.places(),
            self.counsellors,
            self._find_client,
            self,
            default_counsellor=self.actor.counsellor_id,
            **kwargs,  # type: ignore[arg-type]
        )

    def new_session(self, when: object = None) -> None:
        kwargs: dict[str, object] = {}
        if isinstance(when, datetime):
            kwargs["start"] = when
        elif isinstance(when, date):
            kwargs["day"] = when
        dialog = self._dialog(**kwargs)
        if not dialog.exec():
            return
        draft = dialog.draft()
        made = with_warnings(
            self, lambda accept: self.cal.sessions.create(self.actor, draft, accept)
        )
        if made is not None:
            self.view().set_current(made.day)
            self._after_change(made.id)

    def edit_session(self, session_id: str) -> None:
        try:
            existing = self.cal.sessions.get(session_id)
        except UserError as err:
            tell(self, err)
            return
        dialog = self._dialog(existing=existing)
        if not dialog.exec():
            return
        draft = dialog.draft()
        changed = with_warnings(
            self, lambda accept: self.cal.sessions.update(self.actor, session_id, draft, accept)
        )
        if changed is not None:
            self._after_change(changed.id)

    def move_session(self, session_id: str, new_start: object) -> None:
        if not isinstance(new_start, datetime):
            return
        moved = with_warnings(
            self, lambda accept: self.cal.sessions.move(self.actor, session_id, new_start, accept)
        )
        if moved is not None:
            self.view().set_current(moved.day)
            self._after_change(moved.id)

    def cancel_session(self, session_id: str) -> None:
        answer = QMessageBox.question(
            self, _("Calendar"), _("Cancel this session? It stays on the calendar, struck out.")
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.cal.sessions.cancel(self.actor, session_id)
        except UserError as err:
            tell(self, err)
            return
        self._after_change(session_id)

    def mark_attendance(self, client_id: str, mark: str) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            self.cal.enrolment.mark(self.actor, view.id, client_id, mark)
        except UserError as err:
            tell(self, err)
        self._after_change(view.id)

    def _on_command(self, name: str) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            getattr(self.commands, name)(view)
        except UserError as err:
            tell(self, err)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.loader.stop()  # no read left running, no worker thread left behind
        super().closeEvent(event)

    # ---- asking the user ------------------------------------------------------------------

    def _ask_path(self, title: str, suggested: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(self, title, suggested)
        return Path(name) if name else None

    def _ask_minutes(self, title: str, prompt: str, value: int) -> int:
        minutes, ok = QInputDialog.getInt(self, title, prompt, value, 10, 240, 5)
        return minutes if ok else 0

    def _ask_text(self, title: str, prompt: str) -> str:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text.strip() if ok else ""

    # ---- language -------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        texts = {"month": _("Month"), "week": _("Week"), "day": _("Day"), "list": _("List")}
        for key, text in texts.items():
            self.view_buttons[key].setText(text)
        self.today_button.setText(_("Today"))
        self.legend.setText(
            "&nbsp;&nbsp;".join(
                f'<span style="color:{KIND_COLOURS[k]}">■</span> {label(KIND_LABELS, k)}'
                for k in KIND_COLOURS
            )
        )
        self.legend.setToolTip(
            _("Drag a session to move it; Ctrl+Shift+arrows move the selected one.")
        )
        self.prev_button.setToolTip(_("Previous (Page Up)"))
        self.next_button.setToolTip(_("Next (Page Down)"))
        self.new_button.setText(_("New session…"))
        self.proposals_button.setText(_("Proposals…"))
        self.places_button.setText(_("Places…"))
        self.closure_button.setText(_("Close the office…"))
        self.export_button.setText(_("Export .ics…"))
        self.hours_button.setText(_("Hours…"))
        self.export_button.setToolTip(
            _("Export the sessions shown (this period, city and counsellor) as iCalendar")
        )
        for combo, items in (
            (self.city, [("", _("All cities"))] + [(c, city_label(c)) for c in CITIES]),
            (
                self.counsellor,
                [("", _("All counsellors"))] + [(cid, name) for cid, _u, name in self.counsellors],
            ),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.panel.retranslate_ui()
        self.list.model_.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 7)
        self._update_period()
        for view in (self.month, self.week, self.day):
            view.update()
