"""All services of one open database, built once by the composition root (app.py, cli)."""

from __future__ import annotations

from dataclasses import dataclass

from ciip_desktop.services.calendar import CalendarServices
from ciip_desktop.services.clients import (
    AssessmentService,
    CaseworkService,
    ClientExporter,
    ClientImporter,
    ClientSearch,
    ClientService,
)
from ciip_desktop.services.context import ServiceContext


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    clients: ClientService
    search: ClientSearch
    assessments: AssessmentService
    casework: CaseworkService
    importer: ClientImporter
    exporter: ClientExporter
    calendar: CalendarServices

    @classmethod
    def build(cls, ctx: ServiceContext) -> Services:
        return cls(
            ctx=ctx,
            clients=ClientService(ctx),
            search=ClientSearch(ctx),
            assessments=AssessmentService(ctx),
            casework=CaseworkService(ctx),
            importer=ClientImporter(ctx),
            exporter=ClientExporter(ctx),
            calendar=CalendarServices.build(ctx),
        )
