"""The one fact the client status rules need from packages (kept light: loaded at start-up)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.models import InfoPackage


def package_ready(session: Session, client_id: str) -> bool:
    """The status rules' question: has an information package been issued to this client?"""
    found = session.scalar(
        select(InfoPackage.id).where(
            InfoPackage.client_id == client_id, InfoPackage.deleted.is_(False)
        )
    )
    return found is not None
