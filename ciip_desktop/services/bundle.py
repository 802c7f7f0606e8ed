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
from ciip_desktop.services.sync import ConflictService, SyncService


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    clients: ClientService
    search: ClientSearch
    assessments: AssessmentService
    casework: CaseworkService
    importer: ClientImporter
    exporter: ClientExporter
    sync: SyncService
    conflicts: ConflictService

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
            sync=SyncService(ctx),
            conflicts=ConflictService(ctx),
        )
