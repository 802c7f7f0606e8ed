"""The same person registered on two laptops: merge the two client records into one.

Every meeting, action step and status change of the other record moves to the one kept;
its needs assessment moves too when the kept record has none (a client has one assessment:
otherwise it stays with the other record, which is kept as a tombstone and still names it).
The other record is then deleted (a tombstone that syncs), and the finding is resolved.
Everything is one write through the one write path, so the merge syncs like any edit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ciip_desktop.errors import NotFoundError, ValidationError
from ciip_desktop.i18n import _
from ciip_desktop.models import (
    ActionStep,
    Client,
    ClientStatusChange,
    ConflictKind,
    ConflictState,
    Meeting,
    NeedsAssessment,
    SyncConflict,
)
from ciip_desktop.services.context import Actor, ServiceContext


def merge_duplicate(
    ctx: ServiceContext, conflict_id: str, keep_client_id: str, actor: Actor
) -> None:
    with ctx.write(actor) as session:
        finding = session.get(SyncConflict, conflict_id)
        if finding is None or finding.kind != ConflictKind.DUPLICATE:
            raise NotFoundError(_("This conflict no longer exists."))
        pair = {finding.row_id, finding.other_row_id}
        if keep_client_id not in pair:
            raise ValidationError(_("Choose one of the two records to keep."))
        (other_id,) = pair - {keep_client_id}
        kept, other = session.get(Client, keep_client_id), session.get(Client, other_id)
        if kept is None or other is None:
            raise NotFoundError(_("This conflict no longer exists."))
        moved: list[Meeting | ActionStep | ClientStatusChange] = [
            *session.scalars(select(Meeting).where(Meeting.client_id == other_id)),
            *session.scalars(select(ActionStep).where(ActionStep.client_id == other_id)),
            *session.scalars(
                select(ClientStatusChange).where(ClientStatusChange.client_id == other_id)
            ),
        ]
        for row in moved:
            row.client_id = keep_client_id
        has_assessment = session.scalar(
            select(NeedsAssessment.id).where(NeedsAssessment.client_id == keep_client_id)
        )
        if has_assessment is None:
            for assessment in session.scalars(
                select(NeedsAssessment).where(NeedsAssessment.client_id == other_id)
            ):
                assessment.client_id = keep_client_id  # the kept record has none
        for member in session.scalars(select(Client).where(Client.principal_id == other_id)):
            member.principal_id = keep_client_id
        other.deleted = True
        finding.state = ConflictState.RESOLVED
        finding.resolution = "merged"
        finding.resolved_by = actor.counsellor_id
        finding.resolved_at = datetime.now(UTC)
