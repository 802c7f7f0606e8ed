"""Hub passwords live in the operating system's keyring, never in a file of ours."""

from __future__ import annotations

from typing import Any

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _

SERVICE = "ciip-desktop-hub"


class NoKeyringError(UserError):
    """No keyring backend on this system (a server without a desktop session)."""


def _no_backend() -> NoKeyringError:
    return NoKeyringError(
        _(
            "This computer has no password keyring, so the hub password cannot be stored "
            "safely. Sign in to a desktop session, or install a keyring service."
        )
    )


def _keyring() -> Any:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError as exc:
        raise _no_backend() from exc
    if isinstance(keyring.get_keyring(), fail.Keyring):
        raise _no_backend()
    return keyring


def store_password(hub_key: str, username: str, password: str) -> None:
    _keyring().set_password(SERVICE, f"{username}@{hub_key}", password)


def password_for(hub_key: str, username: str | None) -> str | None:
    """The stored password, or None (no user in the URL, none stored, or no keyring)."""
    if not username:
        return None
    try:
        value = _keyring().get_password(SERVICE, f"{username}@{hub_key}")
    except NoKeyringError:
        return None
    return str(value) if value is not None else None
