"""How many open sync conflicts touch one client's record (its row and its casework rows)."""

from __future__ import annotations

from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import Session

from ciip_desktop.i18n import ngettext
from ciip_desktop.models import (
    ActionStep,
    ConflictState,
    Meeting,
    NeedsAssessment,
    SyncConflict,
)


def open_conflicts_of(session: Session, client_id: str) -> int:
    rows = union_all(
        select(NeedsAssessment.id).where(NeedsAssessment.client_id == client_id),
        select(Meeting.id).where(Meeting.client_id == client_id),
        select(ActionStep.id).where(ActionStep.client_id == client_id),
    )
    stmt = select(func.count()).where(
        SyncConflict.state == ConflictState.OPEN,
        SyncConflict.deleted.is_(False),
        or_(
            SyncConflict.row_id == client_id,
            SyncConflict.other_row_id == client_id,
            SyncConflict.row_id.in_(select(rows.subquery().c[0])),
        ),
    )
    return int(session.execute(stmt).scalar_one())


def conflicts_warning(count: int) -> str:
    return ngettext(
        "{n} sync conflict on this record: review it on the Sync screen.",
        "{n} sync conflicts on this record: review them on the Sync screen.",
        count,
    ).format(n=count)
