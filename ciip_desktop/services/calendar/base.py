"""What every calendar service is built with: the context, the working-day calendar, today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import OfficeClosure
from ciip_desktop.services.calendar.types import CalendarWarning
from ciip_desktop.services.calendar.working_days import WorkingCalendar
from ciip_desktop.services.clients.status import PackageReadyCheck, no_package
from ciip_desktop.services.context import ServiceContext


class WarningsNotAccepted(UserError):
    """The change has warnings the counsellor has not yet seen and accepted."""

    def __init__(self, warnings: list[CalendarWarning]) -> None:
        lines = "\n".join(w.message for w in warnings)
        super().__init__(
            _("Check these warnings, then save again to keep the change anyway:\n{lines}").format(
                lines=lines
            )
        )
        self.warnings = warnings


class CalendarService:
    def __init__(
        self,
        ctx: ServiceContext,
        package_ready: PackageReadyCheck = no_package,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.ctx = ctx
        self.package_ready = package_ready
        self.today = today
        self._calendar = WorkingCalendar()

    def working_calendar(self, db: Session | None = None) -> WorkingCalendar:
        """The office's working days, with the closures as they are now in the database."""
        if db is None:
            with self.ctx.read() as session:
                return self.working_calendar(session)
        closures: dict[date, str] = {}
        rows = db.scalars(select(OfficeClosure).where(OfficeClosure.deleted.is_(False)))
        for row in rows:
            day = row.first_day
            while day <= row.last_day:
                closures[day] = row.reason or _("Office closed")
                day += timedelta(days=1)
        self._calendar.closures = closures
        return self._calendar
