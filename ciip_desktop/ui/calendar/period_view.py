"""What the month, week and day views share: the current day, the sessions shown, selection,
keyboard navigation, and moving a session by dragging it (or with Ctrl+Shift+arrows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ciip_desktop.services.calendar.types import SessionView
from ciip_desktop.ui.calendar.look import tooltip

DRAG_DISTANCE = 6


class PeriodView(QWidget):
    """Base of the painted views. Subclasses lay out ``self.hits`` (rect → session id)."""

    currentDayChanged = Signal(object)  # date
    sessionSelected = Signal(str)  # "" when none
    sessionActivated = Signal(str)  # Enter or double-click: open it
    newSessionRequested = Signal(object)  # datetime (local) or date: create here
    moveRequested = Signal(str, object)  # session id, new local start (datetime)
    cancelRequested = Signal(str)

    STEP_UP_DOWN = 7  # days moved by the Up and Down keys

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.current: date = date.today()
        self.sessions: list[SessionView] = []
        self.selected_id = ""
        self.hits: list[tuple[QRect, str]] = []
        self._press: tuple[QPoint, str] | None = None
        self._dragging = False

    # ---- what to show ---------------------------------------------------------------------

    def first_day(self) -> date:
        raise NotImplementedError

    def last_day(self) -> date:
        raise NotImplementedError

    def set_current(self, day: date) -> None:
        if day != self.current:
            self.current = day
            self.currentDayChanged.emit(day)
        self.update()

    def set_sessions(self, sessions: Sequence[SessionView]) -> None:
        self.sessions = list(sessions)
        if self.selected_id and all(s.id != self.selected_id for s in self.sessions):
            self.select("")
        self.update()

    def select(self, session_id: str) -> None:
        if session_id != self.selected_id:
            self.selected_id = session_id
            self.sessionSelected.emit(session_id)
        self.update()

    def sessions_on(self, day: date) -> list[SessionView]:
        return [s for s in self.sessions if s.day == day]

    def selected(self) -> SessionView | None:
        return next((s for s in self.sessions if s.id == self.selected_id), None)

    # ---- hit testing (subclasses) ---------------------------------------------------------

    def day_at(self, pos: QPoint) -> date | None:
        raise NotImplementedError

    def time_at(self, pos: QPoint) -> datetime | None:
        """The local start a drop at ``pos`` means (the month view keeps the session's time)."""
        return None

    def session_at(self, pos: QPoint) -> str:
        for rect, sid in reversed(self.hits):
            if rect.contains(pos):
                return sid
        return ""

    # ---- keyboard -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        mods = event.modifiers()
        moving = (
            mods & Qt.KeyboardModifier.ControlModifier and mods & Qt.KeyboardModifier.ShiftModifier
        )
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -self.STEP_UP_DOWN,
            Qt.Key.Key_Down: self.STEP_UP_DOWN,
        }
        if key in steps and moving and self.selected_id:
            view = self.selected()
            if view is not None:
                self.moveRequested.emit(view.id, view.local_start + timedelta(days=steps[key]))
            return
        if key in steps:
            self.set_current(self.current + timedelta(days=steps[key]))
            return
        if (key == Qt.Key.Key_Tab and not mods) or key == Qt.Key.Key_Backtab:
            self._cycle(-1 if key == Qt.Key.Key_Backtab else 1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.selected_id:
                self.sessionActivated.emit(self.selected_id)
            else:
                self.newSessionRequested.emit(self.current)
            return
        if key == Qt.Key.Key_Delete and self.selected_id:
            self.cancelRequested.emit(self.selected_id)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab cycles the day's sessions; the screen's toolbar is a click away

    def _cycle(self, step: int) -> None:
        """Select the next (or previous) session of the current day."""
        today = sorted(self.sessions_on(self.current), key=lambda s: s.starts_at)
        if not today:
            self.select("")
            return
        ids = [s.id for s in today]
        index = ids.index(self.selected_id) + step if self.selected_id in ids else 0
        self.select(ids[index % len(ids)])

    # ---- mouse ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        sid = self.session_at(pos)
        day = self.day_at(pos)
        if day is not None:
            self.set_current(day)
        self.select(sid)
        self._press = (pos, sid) if sid else None
        self._dragging = False
        self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._press is not None and (pos - self._press[0]).manhattanLength() > DRAG_DISTANCE:
            self._dragging = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        elif self._press is None:
            sid = self.session_at(pos)
            view = next((s for s in self.sessions if s.id == sid), None)
            if view is not None:
                QToolTip.showText(event.globalPosition().toPoint(), tooltip(view), self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        press, dragging = self._press, self._dragging
        self._press, self._dragging = None, False
        self.unsetCursor()
        if press is None or not dragging:
            return
        view = next((s for s in self.sessions if s.id == press[1]), None)
        if view is None:
            return
        target = self.time_at(pos)
        if target is None:
            day = self.day_at(pos)
            if day is None or day == view.day:
                return
            target = view.local_start + timedelta(days=(day - view.day).days)
        if target != view.local_start:
            self.moveRequested.emit(view.id, target)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        sid = self.session_at(pos)
        if sid:
            self.sessionActivated.emit(sid)
            return
        when = self.time_at(pos)
        day = self.day_at(pos)
        if when is not None:
            self.newSessionRequested.emit(when)
        elif day is not None:
            self.newSessionRequested.emit(day)
