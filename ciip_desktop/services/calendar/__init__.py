"""The session calendar's services, built together on one context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ciip_desktop.services.calendar.enrolment import EnrolmentService
from ciip_desktop.services.calendar.one_on_ones import OneOnOneService
from ciip_desktop.services.calendar.places import PlaceService
from ciip_desktop.services.calendar.proposals import ProposalService
from ciip_desktop.services.calendar.sessions import SessionService
from ciip_desktop.services.clients import CaseworkService
from ciip_desktop.services.clients.status import PackageReadyCheck, no_package
from ciip_desktop.services.context import ServiceContext


@dataclass(frozen=True)
class CalendarServices:
    sessions: SessionService
    enrolment: EnrolmentService
    one_on_ones: OneOnOneService
    proposals: ProposalService
    places: PlaceService

    @classmethod
    def build(
        cls,
        ctx: ServiceContext,
        casework: CaseworkService | None = None,
        package_ready: PackageReadyCheck = no_package,
        today: Callable[[], date] = date.today,
    ) -> CalendarServices:
        sessions = SessionService(ctx, package_ready, today)
        casework = casework or CaseworkService(ctx, package_ready, today)
        return cls(
            sessions=sessions,
            enrolment=EnrolmentService(ctx, package_ready, today),
            one_on_ones=OneOnOneService(ctx, sessions, casework, package_ready, today),
            proposals=ProposalService(ctx, package_ready, today),
            places=PlaceService(ctx, package_ready, today),
        )


__all__ = ["CalendarServices"]
