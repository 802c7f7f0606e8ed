"""Client records: registration, needs assessment, case follow-up, search, import, export."""

from ciip_desktop.services.clients.assessment import AssessmentService
from ciip_desktop.services.clients.casework import CaseworkService
from ciip_desktop.services.clients.exporter import ClientExporter
from ciip_desktop.services.clients.importer import ClientImporter
from ciip_desktop.services.clients.registration import ClientService
from ciip_desktop.services.clients.search import ClientSearch

__all__ = [
    "AssessmentService",
    "CaseworkService",
    "ClientExporter",
    "ClientImporter",
    "ClientSearch",
    "ClientService",
]
