"""Argon2id password hashes and the sign-in slow-down, without the database (issue 17).

``accounts.py`` uses these inside the services; the window's first-paint sign-in
(``early_sign_in.py``) uses them before SQLAlchemy has loaded.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MAX_DELAY = 30.0


@functools.lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # Argon2id, the library's current recommended parameters


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def delay_after(failures: int) -> float:
    """Seconds to wait before checking a password after ``failures`` recent failures."""
    if failures < 3:
        return 0.0
    return float(min(MAX_DELAY, 2 ** (failures - 3)))
