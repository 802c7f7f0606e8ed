"""Retention: closed and withdrawn files older than the office's period are purged (issue 17).

Only supervisors (and administrators) purge. A purged client keeps its file number and
status (counts and reports stay right) but loses every personal field; its assessment,
meetings and action steps are tombstoned. The purge is one audited, synced write.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ciip_desktop.models import (
    ActionStep,
    Client,
    ClientStatus,
    ClientStatusChange,
    Meeting,
    NeedsAssessment,
)
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import Action, require
from ciip_desktop.services.security import audit

DEFAULT_RETENTION_DAYS = 7 * 365
_BLANK = {
    "family_name": "",
    "given_name": "",
    "chinese_name": "",
    "pinyin": "",
    "date_of_birth": None,
    "phone": "",
    "email": "",
    "wechat_id": "",
    "notes": "",
}


def purge_closed_files(
    ctx: ServiceContext, actor: Actor, older_than_days: int = DEFAULT_RETENTION_DAYS
) -> int:
    """Purge files closed or withdrawn more than ``older_than_days`` ago; how many."""
    require(actor.role, Action.RETENTION_PURGE)
    cutoff = datetime.now(UTC) - timedelta(days=older_than_days)
    last = (
        select(
            ClientStatusChange.client_id.label("client_id"),
            func.max(ClientStatusChange.changed_at).label("at"),
        )
        .group_by(ClientStatusChange.client_id)
        .subquery()
    )
    with ctx.write(actor) as session:
        clients = list(
            session.scalars(
                select(Client)
                .join(last, last.c.client_id == Client.id)
                .where(
                    Client.deleted.is_(False),
                    Client.status.in_([ClientStatus.CLOSED.value, ClientStatus.WITHDRAWN.value]),
                    last.c.at < cutoff,
                )
            )
        )
        ids = [c.id for c in clients]
        for client in clients:
            for name, value in _BLANK.items():
                setattr(client, name, value)
            client.deleted = True
        rows: list[NeedsAssessment | Meeting | ActionStep] = []
        rows += session.scalars(select(NeedsAssessment).where(NeedsAssessment.client_id.in_(ids)))
        rows += session.scalars(select(Meeting).where(Meeting.client_id.in_(ids)))
        rows += session.scalars(select(ActionStep).where(ActionStep.client_id.in_(ids)))
        for row in rows:
            row.deleted = True
        detail = f"{len(ids)} files, {older_than_days} days"
        audit.record_in(session, ctx, actor, audit.PURGE, "clients", "", detail)
    return len(ids)
