"""The key file of an encrypted database: its random key, wrapped once per account.

An encrypted database (``store/cipher.py``) is encrypted with a random 256-bit key that
nobody types. Beside the database, ``NAME.keys`` (JSON, mode 0600) holds that key wrapped
for each account that may open it: the account's password goes through Argon2id (its own
random salt, 64 MiB, 3 passes) to a 256-bit key-encryption key, which seals the database
key with AES-256-GCM; the login and the key's id are authenticated with it, so a wrap
cannot be moved to another login or another database. Without a password the file tells
nothing but the logins and the id of the key (a hash of it, not the key).

Signing in unwraps the key with the login and password typed; then the database opens and
the account's own Argon2 password hash inside it is checked as for a plain database. Adding
an account, setting a password or ``ciip security grant`` writes that account's wrap; a
wrong password or an unknown login gets the same sentence as a wrong password on a plain
database.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.store import cipher

FORMAT = "ciip-database-keys"
VERSION = 1
# Argon2id, RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes).
TIME_COST = 3
MEMORY_KIB = 64 * 1024
PARALLELISM = 4
SALT_BYTES = 16
NONCE_BYTES = 12


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def key_id(key: bytes) -> str:
    """A public name of ``key`` (a hash: it does not reveal the key)."""
    return hashlib.sha256(b"ciip-database-key-id\x00" + key).hexdigest()[:32]


def _kek(password: str, salt: bytes, time_cost: int, memory: int, lanes: int) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=time_cost,
        memory_cost=memory,
        parallelism=lanes,
        hash_len=32,
        type=Type.ID,
    )


def wrong_sign_in() -> UserError:
    # The same sentence as a wrong password on a plain database (accounts.SignInError).
    return UserError(_("The login or the password is wrong; try again."))


def damaged_key_file(db_path: Path) -> UserError:
    return UserError(
        _(
            "The key file {keys} of the encrypted database is missing or damaged; nothing was "
            "opened. Restore it (with its database) from a backup."
        ).format(keys=cipher.key_file(db_path))
    )


@dataclass
class DatabaseKeys:
    """The wrapped copies of one database's key (``wraps``: login -> sealed key)."""

    db_path: Path
    key_id: str
    wraps: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def new(cls, db_path: Path, key: bytes) -> DatabaseKeys:
        return cls(db_path, key_id(key))

    @classmethod
    def load(cls, db_path: Path) -> DatabaseKeys:
        try:
            data = json.loads(cipher.key_file(db_path).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("version") != VERSION:
                raise ValueError("not a key file of this release")
            wraps = data["wraps"]
            if not isinstance(wraps, dict) or not isinstance(data["key_id"], str):
                raise ValueError("malformed")
            return cls(db_path, data["key_id"], wraps)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise damaged_key_file(db_path) from exc

    def logins(self) -> list[str]:
        return sorted(self.wraps)

    def _aad(self, login: str) -> bytes:
        return f"{FORMAT}|{login}|{self.key_id}".encode()

    def grant(self, login: str, password: str, key: bytes) -> None:
        """Wrap ``key`` for ``login`` under ``password`` (replacing that login's wrap)."""
        if key_id(key) != self.key_id:
            raise UserError(
                _("This key does not belong to the database {path}; nothing was changed.").format(
                    path=self.db_path
                )
            )
        login = login.strip().lower()
        salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
        kek = _kek(password, salt, TIME_COST, MEMORY_KIB, PARALLELISM)
        sealed = AESGCM(kek).encrypt(nonce, key, self._aad(login))
        self.wraps[login] = {
            "kdf": "argon2id",
            "time_cost": TIME_COST,
            "memory_kib": MEMORY_KIB,
            "parallelism": PARALLELISM,
            "salt": _b64(salt),
            "nonce": _b64(nonce),
            "sealed": _b64(sealed),
        }

    def revoke(self, login: str) -> bool:
        return self.wraps.pop(login.strip().lower(), None) is not None

    def unlock(self, login: str, password: str) -> bytes:
        """The database key, if ``password`` is ``login``'s; else the wrong-sign-in sentence."""
        login = login.strip().lower()
        wrap = self.wraps.get(login)
        if wrap is None:
            # As long as a right login would take: the answer does not tell logins apart.
            _kek(password, bytes(SALT_BYTES), TIME_COST, MEMORY_KIB, PARALLELISM)
            raise wrong_sign_in()
        try:
            kek = _kek(
                password,
                _unb64(wrap["salt"]),
                int(wrap["time_cost"]),
                int(wrap["memory_kib"]),
                int(wrap["parallelism"]),
            )
            key = AESGCM(kek).decrypt(
                _unb64(wrap["nonce"]), _unb64(wrap["sealed"]), self._aad(login)
            )
        except InvalidTag:
            raise wrong_sign_in() from None
        except (KeyError, ValueError, TypeError) as exc:
            raise damaged_key_file(self.db_path) from exc
        if key_id(key) != self.key_id:
            raise damaged_key_file(self.db_path)
        return key

    def save(self, target: Path | None = None) -> Path:
        """Write the file whole (a new file moved into place), readable by its owner only."""
        target = target or cipher.key_file(self.db_path)
        data = {"format": FORMAT, "version": VERSION, "key_id": self.key_id, "wraps": self.wraps}
        partial = target.with_name(target.name + ".part")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return target


def unlock(db_path: Path, login: str, password: str) -> bytes:
    """The key of the encrypted database at ``db_path`` for ``login`` and ``password``."""
    return DatabaseKeys.load(db_path).unlock(login, password)


def grant(db_path: Path, login: str, password: str, key: bytes) -> None:
    """Let ``login`` open the encrypted database at ``db_path`` with ``password``."""
    keys = DatabaseKeys.load(db_path)
    keys.grant(login, password, key)
    keys.save()
