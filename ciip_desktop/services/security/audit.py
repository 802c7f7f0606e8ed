"""Writing and reading the audit trail (ids and file numbers only, never personal data)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.models import AuditEntry, Counsellor
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import Action, require

# What the app audits; `detail` holds counts or field names, never values.
VIEW = "client.view"
PRINT = "client.print"
EXPORT = "client.export"
CHANGE = "client.change"
SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in.failed"
SIGN_OUT = "sign_out"
ACCOUNT = "admin.account"
BACKUP = "admin.backup"
RESTORE = "admin.restore"
PURGE = "admin.purge"


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    login: str
    action: str
    target_kind: str
    target_id: str
    device_id: str
    detail: str


def record_in(
    session: Session,
    ctx: ServiceContext,
    actor: Actor,
    action: str,
    target_kind: str = "",
    target_id: str = "",
    detail: str = "",
) -> None:
    """Add an entry inside a write the caller already holds."""
    login = "system"
    if actor.counsellor_id:
        found = session.scalar(
            select(Counsellor.username).where(Counsellor.id == actor.counsellor_id)
        )
        login = found or actor.counsellor_id
    session.add(
        AuditEntry(
            actor_id=actor.counsellor_id,
            actor_login=login[:64],
            action=action,
            target_kind=target_kind,
            target_id=target_id[:64],
            device_id=ctx.replica.device_id,
            detail=detail[:200],
        )
    )


def record(
    ctx: ServiceContext,
    actor: Actor,
    action: str,
    target_kind: str = "",
    target_id: str = "",
    detail: str = "",
) -> None:
    """One audit entry in a transaction of its own (synced like any write)."""
    with ctx.write(actor) as session:
        record_in(session, ctx, actor, action, target_kind, target_id, detail)


class AuditService:
    """Search and export of the trail: supervisors and administrators only."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def search(
        self,
        actor: Actor,
        *,
        action: str | None = None,
        login: str | None = None,
        target_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 1000,
    ) -> list[AuditRow]:
        require(actor.role, Action.AUDIT_VIEW)
        stmt = select(AuditEntry).where(AuditEntry.deleted.is_(False))
        if action:
            stmt = stmt.where(AuditEntry.action.startswith(action))
        if login:
            stmt = stmt.where(AuditEntry.actor_login == login)
        if target_id:
            stmt = stmt.where(AuditEntry.target_id == target_id)
        if since is not None:
            stmt = stmt.where(AuditEntry.at >= since)
        if until is not None:
            stmt = stmt.where(AuditEntry.at < until)
        stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.hlc.desc()).limit(limit)
        with self.ctx.read() as session:
            rows = [
                AuditRow(
                    e.at, e.actor_login, e.action, e.target_kind, e.target_id, e.device_id, e.detail
                )
                for e in session.scalars(stmt)
            ]
        return rows

    def export_csv(self, actor: Actor, path: Path, **filters: object) -> int:
        """Write the matching entries to a CSV readable by its owner only; the count."""
        rows = self.search(actor, **filters)  # type: ignore[arg-type]
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(
                ["at", "login", "action", "target_kind", "target_id", "device", "detail"]
            )
            for r in rows:
                writer.writerow(
                    [
                        r.at.isoformat(),
                        r.login,
                        r.action,
                        r.target_kind,
                        r.target_id,
                        r.device_id,
                        r.detail,
                    ]
                )
        record(self.ctx, actor, EXPORT, "audit", "", f"{len(rows)} entries")
        return len(rows)
