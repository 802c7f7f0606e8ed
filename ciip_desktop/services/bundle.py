"""All services of one open database, built once by the composition root (app.py, cli)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
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

if TYPE_CHECKING:
    from ciip_desktop.services.calendar import CalendarServices


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    clients: ClientService
    search: ClientSearch
    assessments: AssessmentService
    casework: CaseworkService
    importer: ClientImporter
    exporter: ClientExporter

    @cached_property
    def calendar(self) -> CalendarServices:
        """The calendar's services, loaded when first used (not at start-up)."""
        from ciip_desktop.services.calendar import CalendarServices

        return CalendarServices.build(self.ctx)

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
        )
