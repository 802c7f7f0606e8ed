"""Errors a user can meet: each carries a translated sentence on what happened and what to do."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; its message is shown as is (already translated)."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class ValidationError(UserError):
    """Input that does not pass the rules; ``fields`` maps a field name to its reason."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields: dict[str, str] = dict(fields or {})


class NotFoundError(UserError):
    """A record the user named does not exist."""


class DatabaseFileError(UserError):
    """The database file cannot be used: not a CIIP database, newer than the app, unreadable."""


class DatabaseBusyError(UserError):
    """Another window or job held the database for longer than the busy timeout."""
