"""The demo database's accounts all sign in with one password, named in the README."""

from __future__ import annotations

import functools

DEMO_PASSWORD = "ciip-demo-2026"


@functools.lru_cache(maxsize=1)
def demo_password_hash() -> str:
    """One Argon2 hash for every demo account (hashing is slow on purpose: hash once)."""
    from ciip_desktop.services.security.accounts import hash_password

    return hash_password(DEMO_PASSWORD)
