"""Sync's apply refuses a remote change its author's role could not have made (issue 17).

A laptop can be changed by hand, or run an older release without today's checks: what
arrives from the hub or in a sync file is held to the same role table the services use
(:func:`ciip_desktop.services.permissions.may_apply`). The author is the change's
``user_id``: their role as this laptop knows it (or as the same batch creates it); an
author nobody knows counts as a counsellor, the least a person may do; the application
itself (no user) may do everything. The audit trail only grows: a change to an entry that
exists (a new value, a tombstone, a second insert of its id) is refused.

Client ownership (a counsellor's own clients) is not judged here: which counsellor a client
belongs to can change concurrently on another laptop, and replicas applying the same
changes in a different order must reach the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ciip_desktop.i18n import ngettext
from ciip_desktop.models import AuditEntry, Counsellor, Role
from ciip_desktop.services.permissions import AUDIT_TABLE, ROW_INSERT, may_apply
from ciip_desktop.sync.change import Change
from ciip_desktop.sync.state import known_change_ids


def _roles(session: Session, changes: Sequence[Change]) -> dict[str, str]:
    """The role of every author of ``changes``: known here, else as the batch makes them."""
    authors = {c.user_id for c in changes if c.user_id}
    roles: dict[str, str] = {}
    if authors:
        rows = session.execute(
            select(Counsellor.id, Counsellor.role).where(Counsellor.id.in_(sorted(authors)))
        )
        roles = {str(i): str(r) for i, r in rows}
    for c in changes:  # accounts made in the same batch (by an administrator: checked too)
        if c.table_name != Counsellor.__tablename__ or c.row_id not in authors:
            continue
        if c.row_id in roles:
            continue
        if c.field == ROW_INSERT:
            value = json.loads(c.new_value)
            if isinstance(value, dict) and value.get("role"):
                roles[c.row_id] = str(value["role"])
    return roles


def screen_changes(session: Session, changes: Sequence[Change]) -> tuple[list[Change], int]:
    """The changes to apply, and how many were refused (already-known ones pass through:
    the merge skips them)."""
    known = known_change_ids(session.connection(), [c.change_id for c in changes])
    roles = _roles(session, changes)
    audit_rows = {c.row_id for c in changes if c.table_name == AUDIT_TABLE}
    existing: set[str] = set()
    if audit_rows:
        existing = set(
            session.scalars(select(AuditEntry.id).where(AuditEntry.id.in_(sorted(audit_rows))))
        )
    kept: list[Change] = []
    refused = 0
    for c in changes:
        if c.change_id in known:
            kept.append(c)
            continue
        if c.table_name == AUDIT_TABLE and c.row_id in existing:
            refused += 1
            continue
        role = roles.get(c.user_id, Role.COUNSELLOR.value) if c.user_id else Role.ADMINISTRATOR
        owner = c.row_id if c.table_name == Counsellor.__tablename__ else None
        if not may_apply(role, c.table_name, c.user_id, owner, c.field):
            refused += 1
            continue
        kept.append(c)
    return kept, refused


def refused_text(count: int) -> str:
    return ngettext(
        "{n} change was refused: its author's role could not have made it, or it would "
        "have altered the audit trail.",
        "{n} changes were refused: their authors' roles could not have made them, or they "
        "would have altered the audit trail.",
        count,
    ).format(n=count)
