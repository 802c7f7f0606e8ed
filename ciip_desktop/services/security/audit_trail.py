"""Searching and exporting the audit trail: supervisors and administrators only (issue 17).

The trail is read here and written only by :mod:`ciip_desktop.services.security.audit`;
there is no update or delete path. An export is itself audited.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import Select, select

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import AuditEntry, KnownDevice
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import Action, require
from ciip_desktop.services.security import audit

MAX_ROWS = 5000  # one search shows at most this many (the newest); the export takes all
EXPORT_HEADERS = ("at", "login", "action", "target_kind", "target", "device", "detail")


@dataclass(frozen=True)
class AuditFilter:
    """What the supervisor is looking for; empty fields match everything.

    ``target`` is a client file number or a record id; ``device`` a device code (``A``) or
    id; ``first``/``last`` whole days (inclusive) in ``zone``.
    """

    login: str = ""
    action: str = ""
    target: str = ""
    device: str = ""
    first: date | None = None
    last: date | None = None
    zone: tzinfo = UTC
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    login: str
    action: str
    target_kind: str
    target_id: str
    device_id: str
    device: str  # the laptop's code ("A"), or the start of an unknown device's id
    detail: str


class AuditService:
    """The trail as a supervisor reads it."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def devices(self) -> dict[str, str]:
        """Device id -> code of every laptop this one knows (itself included)."""
        with self.ctx.read() as session:
            rows = session.execute(select(KnownDevice.device_id, KnownDevice.device_code))
            found = {str(i): str(c) for i, c in rows}
        found[self.ctx.replica.device_id] = self.ctx.replica.device_code
        return found

    def logins(self, actor: Actor) -> list[str]:
        """Every login the trail names (for the screen's person filter)."""
        require(actor.role, Action.AUDIT_VIEW)
        with self.ctx.read() as session:
            return sorted(
                str(x) for x in session.scalars(select(AuditEntry.actor_login).distinct()) if x
            )

    def _statement(self, f: AuditFilter, devices: dict[str, str]) -> Select[AuditEntry]:  # type: ignore[type-var]
        stmt = select(AuditEntry).where(AuditEntry.deleted.is_(False))
        if f.action:
            stmt = stmt.where(AuditEntry.action.startswith(f.action.strip()))
        if f.login:
            stmt = stmt.where(AuditEntry.actor_login == f.login.strip())
        if f.target:
            target = f.target.strip()
            stmt = stmt.where(AuditEntry.target_id.in_({target, target.upper()}))
        if f.device:
            wanted = f.device.strip()
            ids = [i for i, code in devices.items() if code.upper() == wanted.upper()]
            stmt = stmt.where(AuditEntry.device_id.in_([*ids, wanted]))
        if f.first is not None:
            stmt = stmt.where(AuditEntry.at >= datetime.combine(f.first, time(), f.zone))
        if f.last is not None:
            stmt = stmt.where(
                AuditEntry.at < datetime.combine(f.last + timedelta(days=1), time(), f.zone)
            )
        if f.since is not None:
            stmt = stmt.where(AuditEntry.at >= f.since)
        if f.until is not None:
            stmt = stmt.where(AuditEntry.at < f.until)
        return stmt.order_by(AuditEntry.at.desc(), AuditEntry.hlc.desc())

    def search(
        self,
        actor: Actor,
        where: AuditFilter | None = None,
        *,
        action: str | None = None,
        login: str | None = None,
        target_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = MAX_ROWS,
    ) -> list[AuditRow]:
        """The newest entries matching (``where``, or the keyword filters of `ciip audit`)."""
        require(actor.role, Action.AUDIT_VIEW)
        f = where or AuditFilter(
            login=login or "",
            action=action or "",
            target=target_id or "",
            since=since,
            until=until,
        )
        devices = self.devices()
        stmt = self._statement(f, devices)
        if limit:
            stmt = stmt.limit(limit)
        with self.ctx.read() as session:
            return [
                AuditRow(
                    e.at,
                    e.actor_login,
                    e.action,
                    e.target_kind,
                    e.target_id,
                    e.device_id,
                    devices.get(e.device_id, e.device_id[:8]),
                    e.detail,
                )
                for e in session.scalars(stmt)
            ]

    def export(self, actor: Actor, path: Path, where: AuditFilter | None = None) -> int:
        """Write every matching entry to ``path`` (.csv or .xlsx, readable by its owner only);
        the export is audited. The number of entries written."""
        from ciip_desktop.services.clients.tables import write_table

        rows = self.search(actor, where or AuditFilter(), limit=0)
        count = write_table(
            path,
            EXPORT_HEADERS,
            (
                [
                    r.at.isoformat(timespec="seconds"),
                    r.login,
                    r.action,
                    r.target_kind,
                    r.target_id,
                    r.device,
                    r.detail,
                ]
                for r in rows
            ),
            sheet_title=_("Audit"),
        )
        try:
            os.chmod(path, 0o600)
        except OSError as exc:
            raise UserError(
                _("Could not write {file}: {reason}").format(file=path.name, reason=exc.strerror)
            ) from exc
        audit.record(self.ctx, actor, audit.AUDIT_EXPORT, "audit", "", f"{count} entries")
        return count

    def export_csv(self, actor: Actor, path: Path, **filters: str | None) -> int:
        """`ciip audit --out`: the keyword filters of :meth:`search` (.csv or .xlsx)."""
        where = AuditFilter(
            login=filters.get("login") or "",
            action=filters.get("action") or "",
            target=filters.get("target_id") or "",
        )
        return self.export(actor, path, where)
