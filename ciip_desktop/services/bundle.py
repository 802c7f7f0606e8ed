"""All services of one open database, built once by the composition root (app.py, cli)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ciip_desktop.services.clients import (
    AssessmentService,
    CaseworkService,
    ClientExporter,
    ClientImporter,
    ClientSearch,
    ClientService,
)
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.packages.ready import package_ready
from ciip_desktop.services.sync import ConflictService, SyncService

if TYPE_CHECKING:  # loaded when first used (the window is ready sooner)
    from ciip_desktop.services.calendar import CalendarServices
    from ciip_desktop.services.packages.appointments import NextAppointment, SessionAttendees
    from ciip_desktop.services.packages.builder import PackageBuilder
    from ciip_desktop.services.packages.issuing import PackageIssuer
    from ciip_desktop.services.packages.library import LibraryService
    from ciip_desktop.services.quality import QualityService


@dataclass(frozen=True)
class Services:
    """The services; the package services are made on first use.

    ``next_appointment`` and ``attendees`` say where packages find a client's next session
    and a group session's attendees; None means the calendar's (``packages.calendar_link``).
    """

    ctx: ServiceContext
    clients: ClientService
    search: ClientSearch
    assessments: AssessmentService
    casework: CaseworkService
    importer: ClientImporter
    exporter: ClientExporter
    sync: SyncService
    conflicts: ConflictService
    next_appointment: NextAppointment | None = None
    attendees: SessionAttendees | None = None

    @functools.cached_property
    def calendar(self) -> CalendarServices:
        """The calendar's services, loaded when first used (not at start-up)."""
        from ciip_desktop.services.calendar import CalendarServices

        # The same status rule as the other services (packages count; sync derives it alike).
        return CalendarServices.build(self.ctx, self.casework, package_ready)

    @classmethod
    def build(
        cls,
        ctx: ServiceContext,
        next_appointment: NextAppointment | None = None,
        attendees: SessionAttendees | None = None,
    ) -> Services:
        from ciip_desktop.services.security.change_trim import TRIM_ON_WRITE

        ctx.add_flush_hook(TRIM_ON_WRITE)  # a never-enrolled laptop keeps no replaced values
        return cls(
            ctx=ctx,
            clients=ClientService(ctx, package_ready),
            search=ClientSearch(ctx),
            assessments=AssessmentService(ctx, package_ready),
            casework=CaseworkService(ctx, package_ready),
            importer=ClientImporter(ctx),
            exporter=ClientExporter(ctx),
            sync=SyncService(ctx),
            conflicts=ConflictService(ctx),
            next_appointment=next_appointment,
            attendees=attendees,
        )

    @functools.cached_property
    def library(self) -> LibraryService:
        from ciip_desktop.services.packages.library import LibraryService

        return LibraryService(self.ctx)

    @functools.cached_property
    def packages(self) -> PackageBuilder:
        from ciip_desktop.services.packages import calendar_link
        from ciip_desktop.services.packages.builder import PackageBuilder

        return PackageBuilder(
            self.ctx,
            self.library,
            self.next_appointment or calendar_link.next_calendar_appointment,
            attendees=self.attendees or calendar_link.group_session_attendees,
        )

    @functools.cached_property
    def issuer(self) -> PackageIssuer:
        from ciip_desktop.services.packages.issuing import PackageIssuer

        return PackageIssuer(self.ctx, self.packages)

    @functools.cached_property
    def quality(self) -> QualityService:
        """Service standards measured on the calendar's working days (issue 18)."""
        from ciip_desktop.services.quality import QualityService

        return QualityService(self.ctx, self.calendar.sessions.working_calendar)
