"""Reading the period a calendar view shows, off the GUI thread.

A month of 570 sessions takes longer to read than a frame lasts, so the screen asks for the
sessions (and the day notes: holidays, makeup working days, closures) on a worker. Requests
made while one runs collapse into the newest, and only the newest answer arrives, so paging
quickly through months never shows an old month; once the answer is back no thread is left
(:class:`~ciip_desktop.ui.clients.latest_request.LatestRequest`). A read that fails arrives
as one sentence for the view to show, never as an empty calendar or a traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.services.calendar.types import SessionFilter, SessionView
from ciip_desktop.services.calendar.working_days import WorkingCalendar
from ciip_desktop.ui.clients.latest_request import LatestRequest

log = logging.getLogger(__name__)
DayNotes = dict[date, tuple[str, bool]]


class PeriodSource(Protocol):
    def days(
        self, first: date, last: date, flt: SessionFilter | None = None, zone: str = ...
    ) -> list[SessionView]: ...

    def working_calendar(self) -> WorkingCalendar: ...


@dataclass(frozen=True)
class PeriodLoad:
    """One view's period as read: its sessions and what each day is (holiday, closure)."""

    view: str
    first: date
    last: date
    sessions: list[SessionView]
    notes: DayNotes = field(default_factory=dict)


def day_notes(calendar: WorkingCalendar, first: date, last: date) -> DayNotes:
    """Day → (name, working) for the days that are not plain working days."""
    notes: DayNotes = {}
    day = first
    while day <= last:
        working = calendar.is_working_day(day)
        name = calendar.holiday_name(day)
        if name:
            notes[day] = (name, working)
        elif working and day.weekday() >= 5:
            notes[day] = (_("Working day"), True)  # a makeup working day (调休)
        elif not working:
            notes[day] = ("", False)
        day += timedelta(days=1)
    return notes


def problem_text(error: BaseException) -> str:
    """The sentence a view shows when its sessions could not be read (the kind of error is
    logged, never its text, which may quote data)."""
    if isinstance(error, UserError):
        return error.message
    log.error("reading the calendar failed: %s", type(error).__name__)
    return _(
        "The calendar could not be read from the database. Try again; if it keeps failing, "
        "restart CIIP Desktop and tell your administrator."
    )


class PeriodLoader(QObject):
    """Asks for a view's period on a worker; ``loaded`` or ``failed`` follow (GUI thread)."""

    loaded = Signal(object)  # PeriodLoad
    failed = Signal(str)  # the sentence to show

    def __init__(self, source: PeriodSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._request = LatestRequest("calendar period", self)

    @property
    def busy(self) -> bool:
        return self._request.busy

    def request(
        self, view: str, first: date, last: date, flt: SessionFilter, with_notes: bool
    ) -> None:
        source = self._source

        def read() -> PeriodLoad:
            sessions = source.days(first, last, flt)
            notes = day_notes(source.working_calendar(), first, last) if with_notes else {}
            return PeriodLoad(view, first, last, sessions, notes)

        self._request.request(read, self.loaded.emit, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(problem_text(error))

    def wait(self) -> None:
        """Block until the newest request has been answered (tests, tools)."""
        self._request.wait()

    def stop(self) -> None:
        """Drop what is asked and join the worker (the screen is going away)."""
        self._request.stop()
