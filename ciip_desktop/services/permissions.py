"""What each role may do: the one table every service (and sync's apply) checks (issue 17).

A counsellor works on their own clients; a supervisor on all clients of the office, the
standards, the library, closures and reports (the audit trail among them); an administrator
also on accounts, the hub and keys. ``require`` raises a translated refusal; ``allowed`` lets
screens hide what the signed-in person may not do, and lets sync refuse a remote change
whose author could not have made it (``may_apply``).
"""

from __future__ import annotations

from enum import StrEnum

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import Role


class Action(StrEnum):
    CLIENT_EDIT_OWN = "client.edit_own"  # clients assigned to the actor, or to nobody
    CLIENT_EDIT_ANY = "client.edit_any"
    CLIENT_EXPORT = "client.export"
    CALENDAR_SETUP = "calendar.setup"  # places, closures
    LIBRARY_EDIT = "library.edit"
    AUDIT_VIEW = "audit.view"
    RETENTION_PURGE = "retention.purge"
    ACCOUNTS_MANAGE = "accounts.manage"
    BACKUP_RESTORE = "backup.restore"
    ENCRYPTION_MANAGE = "encryption.manage"


_COUNSELLOR = frozenset({Action.CLIENT_EDIT_OWN, Action.CLIENT_EXPORT})
_SUPERVISOR = _COUNSELLOR | {
    Action.CLIENT_EDIT_ANY,
    Action.CALENDAR_SETUP,
    Action.LIBRARY_EDIT,
    Action.AUDIT_VIEW,
    Action.RETENTION_PURGE,
}
_ADMINISTRATOR = _SUPERVISOR | {
    Action.ACCOUNTS_MANAGE,
    Action.BACKUP_RESTORE,
    Action.ENCRYPTION_MANAGE,
}
ALLOWED: dict[Role, frozenset[Action]] = {
    Role.COUNSELLOR: _COUNSELLOR,
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMINISTRATOR: frozenset(_ADMINISTRATOR),
}


class PermissionDenied(UserError):
    """The signed-in person's role does not allow this."""


def allowed(role: Role | str, action: Action) -> bool:
    try:
        return action in ALLOWED[Role(role)]
    except ValueError:
        return False


def require(role: Role | str, action: Action) -> None:
    if not allowed(role, action):
        raise PermissionDenied(
            _("Your account may not do this ({action}); ask a supervisor or administrator.").format(
                action=action.value
            )
        )


def require_client(role: Role | str, actor_id: str, owner_id: str | None) -> None:
    """A counsellor changes only their own clients (or unassigned ones); supervisors any."""
    if allowed(role, Action.CLIENT_EDIT_ANY):
        return
    if owner_id and owner_id != actor_id:
        raise PermissionDenied(
            _(
                "This client is assigned to another counsellor; ask a supervisor to reassign "
                "the client first."
            )
        )
    require(role, Action.CLIENT_EDIT_OWN)


# Tables only supervisors (or administrators) write, for sync's check of remote changes.
_TABLE_ACTION = {
    "library_item": Action.LIBRARY_EDIT,
    "office_closure": Action.CALENDAR_SETUP,
    "venue": Action.CALENDAR_SETUP,
    "counsellor": Action.ACCOUNTS_MANAGE,
    "office": Action.ACCOUNTS_MANAGE,
}


def may_apply(
    role: Role | str, table: str, actor_id: str = "", owner_id: str | None = None
) -> bool:
    """Could a person of ``role`` have made a change to ``table``? (sync's apply asks this)."""
    action = _TABLE_ACTION.get(table)
    if action is not None:
        return allowed(role, action)
    if table == "client":
        return allowed(role, Action.CLIENT_EDIT_ANY) or not owner_id or owner_id == actor_id
    return allowed(role, Action.CLIENT_EDIT_OWN)
