"""Role checks that need the database: whose client, whose session (issue 17).

Services call these on their first line, before any work: a counsellor works on their own
(or unassigned) clients and on the sessions they lead or support; a supervisor or an
administrator on every client and session of the office. Each raises
:class:`~ciip_desktop.services.permissions.PermissionDenied` with one translated sentence.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ciip_desktop.errors import NotFoundError
from ciip_desktop.i18n import _
from ciip_desktop.models import CalendarSession, Client
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.permissions import (
    Action,
    PermissionDenied,
    allowed,
    require,
    require_client,
)

__all__ = [
    "Action",
    "own_client",
    "own_client_or_session",
    "own_session",
    "require",
    "runs_sessions",
    "session_draft",
]


def own_client(ctx: ServiceContext, actor: Actor, client_id: str) -> None:
    """Refuse unless ``actor`` may work on the client ``client_id``."""
    if allowed(actor.role, Action.CLIENT_EDIT_ANY):
        return
    with ctx.read() as session:
        owner = session.scalar(select(Client.counsellor_id).where(Client.id == client_id))
    require_client(actor.role, actor.counsellor_id, owner)


def runs_sessions(actor: Actor, counsellor_ids: Iterable[str | None]) -> None:
    """Refuse unless ``actor`` leads or supports a session with these counsellors."""
    if allowed(actor.role, Action.SESSIONS_ANY):
        return
    require(actor.role, Action.SESSIONS_RUN)
    if actor.counsellor_id and actor.counsellor_id in {c for c in counsellor_ids if c}:
        return
    raise PermissionDenied(
        _(
            "Only the session's counsellors or a supervisor may change this session; ask a "
            "supervisor to add you to it."
        )
    )


def _session_counsellors(ctx: ServiceContext, session_id: str) -> list[str | None]:
    with ctx.read() as session:
        row = session.execute(
            select(CalendarSession.lead_counsellor_id, CalendarSession.support_counsellor_ids)
            .where(CalendarSession.id == session_id)
        ).first()  # fmt: skip
    if row is None:
        raise NotFoundError(_("This session no longer exists; refresh the calendar."))
    return [row[0], *str(row[1] or "").split(",")]


def own_session(ctx: ServiceContext, actor: Actor, session_id: str) -> None:
    """Refuse unless ``actor`` leads or supports the session (or is a supervisor)."""
    if allowed(actor.role, Action.SESSIONS_ANY):
        return
    runs_sessions(actor, _session_counsellors(ctx, session_id))


def session_draft(
    ctx: ServiceContext,
    actor: Actor,
    counsellor_ids: Iterable[str | None],
    client_id: str | None = None,
    group_session_id: str | None = None,
) -> None:
    """A new session: the actor is among its counsellors, or books it for their own client
    or for an attendee of a group session they run (one-on-ones after a group session)."""
    if allowed(actor.role, Action.SESSIONS_ANY):
        return
    try:
        runs_sessions(actor, counsellor_ids)
        return
    except PermissionDenied:
        if group_session_id:
            own_session(ctx, actor, group_session_id)
        elif client_id:
            own_client(ctx, actor, client_id)
        else:
            raise


def own_client_or_session(
    ctx: ServiceContext, actor: Actor, session_id: str, client_id: str
) -> None:
    """A seat: the client's counsellor or one of the session's counsellors may change it."""
    if allowed(actor.role, Action.SESSIONS_ANY):
        return
    try:
        own_session(ctx, actor, session_id)
    except PermissionDenied:
        own_client(ctx, actor, client_id)
