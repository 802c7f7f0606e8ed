"""Writing and reading the audit trail (ids and file numbers only, never personal data)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.models import AuditEntry, Counsellor
from ciip_desktop.services.context import Actor, ServiceContext

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
EMAIL = "client.email"
PACKAGE = "client.package"  # a package issued (a numbered version kept)
ROSTER = "session.roster"  # a session's roster or sign-in sheet printed or exported
CLOSURE = "admin.closure"
STANDARD = "admin.standard"
HUB = "admin.hub"  # the hub made, its address changed
KEYS = "admin.keys"  # an office key made or installed
ENROL = "admin.enrol"  # a laptop enrolled in the office
ENCRYPTION = "admin.encryption"
AUDIT_EXPORT = "audit.export"

# Every kind, in the order the audit screen offers them.
KINDS: tuple[str, ...] = (
    VIEW,
    CHANGE,
    PRINT,
    EMAIL,
    PACKAGE,
    EXPORT,
    ROSTER,
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_OUT,
    ACCOUNT,
    BACKUP,
    RESTORE,
    PURGE,
    CLOSURE,
    STANDARD,
    HUB,
    KEYS,
    ENROL,
    ENCRYPTION,
    AUDIT_EXPORT,
)


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


# A record the person already has open is re-read after each edit and on refresh: that is
# not a new view. One entry per opening: again when another record was opened in between,
# or when VIEW_AGAIN_AFTER seconds have passed.
VIEW_AGAIN_AFTER = 600.0
_last_view: dict[tuple[str, str], tuple[str, float]] = {}
_view_lock = threading.Lock()


def record_view(ctx: ServiceContext, actor: Actor, file_no: str) -> None:
    """Audit that ``actor`` was shown the record ``file_no`` (once per opening)."""
    key = (ctx.replica.device_id, actor.counsellor_id)
    now = time.monotonic()
    with _view_lock:
        last = _last_view.get(key)
        if last is not None and last[0] == file_no and now - last[1] < VIEW_AGAIN_AFTER:
            return
        _last_view[key] = (file_no, now)
    record(ctx, actor, VIEW, "client", file_no)
