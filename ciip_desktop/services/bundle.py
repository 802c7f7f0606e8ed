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
from ciip_desktop.services.packages.appointments import NextAppointment, recorded_meeting


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
        cls, ctx: ServiceContext, next_appointment: NextAppointment = recorded_meeting
    ) -> Services:
        """``next_appointment``: where packages find the client's next session (the calendar)."""
        library = LibraryService(ctx)
        builder = PackageBuilder(ctx, library, next_appointment)
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
