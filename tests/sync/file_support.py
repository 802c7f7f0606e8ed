"""Shared helpers of the sync tests: a registered client and the file-sync service."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor
from ciip_desktop.services.sync_files import SyncFileService, build_sync_files


def zhang_wei(**changes: object) -> RegistrationInput:
    values: dict[str, object] = {
        "family_name": "Zhang",
        "given_name": "Wei",
        "chinese_name": "张伟",
        "sex": "M",
        "date_of_birth": date(1988, 5, 17),
        "phone": "138 0013 8000",
        "email": "zhang.wei@example.com",
        "registration_channel": "email",
        "received_on": date(2026, 3, 2),
    }
    values.update(changes)
    return RegistrationInput(**values)  # type: ignore[arg-type]


def register(services: Services, actor: Actor, **changes: object) -> str:
    return services.clients.register(actor, zhang_wei(**changes)).id


def file_sync(services: Services, home: Path) -> SyncFileService:
    return build_sync_files(services, home / "config")
