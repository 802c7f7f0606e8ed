"""Applying remote changes on this replica: the merge, then every local derived table and
the derived status of the clients it touched (``derived_status.py``).

The same apply serves the hub's pull and an offline bundle's import: one transaction for
the batch given (all or nothing), idempotent (a change already here is skipped), refusing
changes from a newer schema with the sentence to update the application.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import update
from sqlalchemy.orm import Session

from ciip_desktop.models import Client, ReplicaState
from ciip_desktop.services.clients.search_index import rebuild_search_index
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.sync.derived_status import refresh_after_apply
from ciip_desktop.services.sync.invariants import run_checks
from ciip_desktop.services.sync.messages import newer_schema_text
from ciip_desktop.services.sync.types import ApplyReport
from ciip_desktop.sync.change import Change
from ciip_desktop.sync.merge import ApplyResult, Merger, NewerSchemaError

# Called inside the apply's transaction before it commits (fault injection in tests).
BeforeCommit = Callable[[Session], None]


def apply_in_session(
    ctx: ServiceContext, session: Session, changes: Sequence[Change], actor: Actor
) -> ApplyReport:
    """Merge ``changes`` in the caller's write transaction and keep local tables right."""
    report = ApplyReport(received=len(changes))
    try:
        result = Merger(
            session.connection(), ctx.replica.device_id, actor.counsellor_id, ctx.clock
        ).apply(changes)
    except NewerSchemaError:
        report.refused = len(changes)
        report.reasons.append(newer_schema_text())
        raise RefusedBatch(report) from None
    _keep_local_tables(session, result)
    report.applied = result.applied
    report.skipped = result.skipped
    report.conflicting = result.conflicts
    report.bounded_stamps = result.bounded_stamps
    found = run_checks(ctx, session, result)
    report.findings = len(found)
    report.conflicting += report.findings
    report.reasons.extend(found)
    return report


class RefusedBatch(Exception):
    """The whole batch was refused (nothing applied); the report says why."""

    def __init__(self, report: ApplyReport) -> None:
        super().__init__("refused")
        self.report = report


def _keep_local_tables(session: Session, result: ApplyResult) -> None:
    clients = result.touched.get(Client.__tablename__, set())
    if clients:
        rebuild_search_index(session, sorted(clients))
    # After the index: a corrected status is a captured write, whose flush hook keeps the
    # index of the clients it writes.
    refresh_after_apply(session, result.touched)


def apply_remote(
    ctx: ServiceContext,
    changes: Sequence[Change],
    actor: Actor | None = None,
    *,
    cursor: int | None = None,
    before_commit: BeforeCommit | None = None,
) -> ApplyReport:
    """Apply ``changes`` all-or-nothing in one transaction (``cursor``: the pull cursor to
    store with them). A refused batch changes nothing and says why in the report."""
    actor = actor or Actor.system()
    try:
        with ctx.write(actor) as session:
            report = apply_in_session(ctx, session, changes, actor)
            if cursor is not None:
                session.execute(update(ReplicaState).values(pull_cursor=cursor))
            if before_commit is not None:
                before_commit(session)
    except RefusedBatch as refused:
        return refused.report
    return report
