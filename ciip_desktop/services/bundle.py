"""All services of one open database, built once by the composition root (app.py, cli)."""

from __future__ import annotations

from dataclasses import dataclass

from ciip_desktop.services.clients import (
    AssessmentService,
    CaseworkService,
    ClientExporter,
    ClientImporter,
    ClientSearch,
    ClientService,
)
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.packages import (
    LibraryService,
    PackageBuilder,
    PackageIssuer,
    package_ready,
)
from ciip_desktop.services.packages.appointments import (
    NextAppointment,
    SessionAttendees,
    recorded_group_attendees,
    recorded_meeting,
)


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    clients: ClientService
    search: ClientSearch
    assessments: AssessmentService
    casework: CaseworkService
    importer: ClientImporter
    exporter: ClientExporter
    library: LibraryService
    packages: PackageBuilder
    issuer: PackageIssuer

    @classmethod
    def build(
        cls,
        ctx: ServiceContext,
        next_appointment: NextAppointment = recorded_meeting,
        attendees: SessionAttendees = recorded_group_attendees,
    ) -> Services:
        """``next_appointment`` and ``attendees``: where packages find a client's next session
        and a group session's attendees (the calendar supplies both once merged)."""
        library = LibraryService(ctx)
        builder = PackageBuilder(ctx, library, next_appointment, attendees=attendees)
        return cls(
            ctx=ctx,
            clients=ClientService(ctx, package_ready),
            search=ClientSearch(ctx),
            assessments=AssessmentService(ctx, package_ready),
            casework=CaseworkService(ctx, package_ready),
            importer=ClientImporter(ctx),
            exporter=ClientExporter(ctx),
            library=library,
            packages=builder,
            issuer=PackageIssuer(ctx, builder),
        )
