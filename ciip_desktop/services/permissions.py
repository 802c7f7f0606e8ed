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
    CALENDAR_SETUP = "calendar.setup"  # places, closures, counsellors' hours
    SESSIONS_RUN = "sessions.run"  # sessions the actor leads or supports; own clients' seats
    SESSIONS_ANY = "sessions.any"  # every session and seat of the office
    PACKAGE_ISSUE = "package.issue"  # packages of the actor's own clients
    LIBRARY_EDIT = "library.edit"
    STANDARDS_EDIT = "standards.edit"
    QUALITY_MANAGE = "quality.manage"  # feedback follow-up, improvement projects' stages
    REPORTS = "reports.view"
    AUDIT_VIEW = "audit.view"
    RETENTION_PURGE = "retention.purge"
    ACCOUNTS_MANAGE = "accounts.manage"
    BACKUP_RESTORE = "backup.restore"
    ENCRYPTION_MANAGE = "encryption.manage"
    HUB_MANAGE = "hub.manage"  # the hub, office keys, enrolling laptops


_COUNSELLOR = frozenset(
    {Action.CLIENT_EDIT_OWN, Action.CLIENT_EXPORT, Action.SESSIONS_RUN, Action.PACKAGE_ISSUE}
)
_SUPERVISOR = _COUNSELLOR | {
    Action.CLIENT_EDIT_ANY,
    Action.CALENDAR_SETUP,
    Action.SESSIONS_ANY,
    Action.LIBRARY_EDIT,
    Action.STANDARDS_EDIT,
    Action.QUALITY_MANAGE,
    Action.REPORTS,
    Action.AUDIT_VIEW,
    Action.RETENTION_PURGE,
}
_ADMINISTRATOR = _SUPERVISOR | {
    Action.ACCOUNTS_MANAGE,
    Action.BACKUP_RESTORE,
    Action.ENCRYPTION_MANAGE,
    Action.HUB_MANAGE,
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
    "counsellor_hours": Action.CALENDAR_SETUP,
    "service_standard": Action.STANDARDS_EDIT,
    "counsellor": Action.ACCOUNTS_MANAGE,
    "office": Action.ACCOUNTS_MANAGE,
}


# Tables where anyone adds a row but only these roles change one afterwards.
_UPDATE_ACTION = {
    "improvement_project": Action.QUALITY_MANAGE,  # anyone raises an idea; supervisors decide
}
ROW_INSERT = "*"  # the change format's whole-row insert (sync.change.ROW_INSERT)
AUDIT_TABLE = "audit_entry"


def may_apply(
    role: Role | str,
    table: str,
    actor_id: str = "",
    owner_id: str | None = None,
    field: str = ROW_INSERT,
) -> bool:
    """Could a person of ``role`` have made a change to ``table`` (``field``, or a new row)?

    ``owner_id`` is the client's counsellor for ``client``, the account's id for
    ``counsellor`` (a person's own password).
    Sync's apply asks this of every remote change. The audit trail only grows: a change to
    an existing audit entry is one nobody could have made from the app.
    """
    if table == AUDIT_TABLE:
        return field == ROW_INSERT
    if table == "counsellor" and field == "password_hash" and actor_id and owner_id == actor_id:
        return True  # everybody sets their own password
    action = _TABLE_ACTION.get(table)
    if action is not None:
        return allowed(role, action)
    action = _UPDATE_ACTION.get(table)
    if action is not None and field != ROW_INSERT:
        return allowed(role, action)
    if table == "client":
        return allowed(role, Action.CLIENT_EDIT_ANY) or not owner_id or owner_id == actor_id
    return allowed(role, Action.CLIENT_EDIT_OWN)
