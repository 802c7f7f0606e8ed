"""Client records: registration, needs assessment, case follow-up, search, import, export.

The services load on first use (PEP 562): the window's first paint imports only the light
modules of this package (``types``, ``codes``, ``contact``, ``opening_list``), not
SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
_HOMES = {
    "AssessmentService": "assessment",
    "CaseworkService": "casework",
    "ClientExporter": "exporter",
    "ClientImporter": "importer",
    "ClientSearch": "search",
    "ClientService": "registration",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
