"""The office key: the secret that seals and opens this office's sync bundles.

An administrator makes it once per office (``ciip sync key new --out FILE``) and installs the
file on every laptop of the office (``ciip sync key install FILE``); it is kept in the
application's configuration folder, readable only by the user (mode 0600), one file per
office: ``office-keys/<office id>.key``. The file is JSON holding the office id and 32
random bytes. From the secret, HKDF-SHA256 derives the AES-256-GCM key of the bundles
(bound to the office id) and a short key id that a bundle names, so that a bundle sealed
with another key is refused as such, not as "damaged".
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _

KEY_FORMAT = "ciip-office-key"
SECRET_BYTES = 32
_MAX_KEY_FILE = 4096


def _derive(secret: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


@dataclass(frozen=True)
class OfficeKey:
    office_id: str
    secret: bytes

    @classmethod
    def new(cls, office_id: str) -> OfficeKey:
        return cls(office_id, secrets.token_bytes(SECRET_BYTES))

    def bundle_key(self) -> bytes:
        """The AES-256-GCM key of this office's bundles."""
        return _derive(self.secret, b"ciip sync bundle v1|" + self.office_id.encode(), 32)

    def key_id(self) -> str:
        """A public name of this key (16 hex digits): which key sealed a bundle."""
        return _derive(self.secret, b"ciip sync key id|" + self.office_id.encode(), 8).hex()

    def to_json(self) -> bytes:
        secret = base64.b64encode(self.secret).decode()
        data = {"format": KEY_FORMAT, "version": 1, "office_id": self.office_id, "key": secret}
        return json.dumps(data, indent=2).encode() + b"\n"

    @classmethod
    def from_json(cls, raw: bytes) -> OfficeKey:
        """Parse a key file; ``ValueError`` if it is not one."""
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
                raise ValueError("not an office key")
            office_id, encoded = data.get("office_id"), data.get("key")
            if not isinstance(office_id, str) or not office_id or not isinstance(encoded, str):
                raise ValueError("not an office key")
            secret = base64.b64decode(encoded, validate=True)
        except (UnicodeDecodeError, binascii.Error, RecursionError) as exc:
            raise ValueError("not an office key") from exc
        if len(secret) != SECRET_BYTES:
            raise ValueError("not an office key")
        return cls(office_id, secret)


class OfficeKeyStore:
    """The office keys installed on this laptop (``<config>/office-keys/``)."""

    def __init__(self, config_dir: Path) -> None:
        self.folder = config_dir / "office-keys"

    def path_for(self, office_id: str) -> Path:
        return self.folder / f"{office_id}.key"

    def load(self, office_id: str) -> OfficeKey:
        """This office's key, or a sentence saying how to install it."""
        path = self.path_for(office_id)
        try:
            raw = path.read_bytes()[: _MAX_KEY_FILE + 1]
        except FileNotFoundError:
            raise UserError(
                _(
                    "This laptop has no key for its office, so it cannot seal or open sync "
                    "bundles; ask the office administrator for the key file and install it "
                    "(ciip sync key install FILE)."
                )
            ) from None
        try:
            key = OfficeKey.from_json(raw)
        except ValueError:
            raise UserError(
                _("The office key file {path} is damaged; install the key file again.").format(
                    path=path
                )
            ) from None
        if key.office_id != office_id:
            raise UserError(
                _(
                    "The office key file {path} is another office's; install this office's key."
                ).format(path=path)
            )
        return key

    def has_key(self, office_id: str) -> bool:
        return self.path_for(office_id).is_file()

    def install(self, key: OfficeKey) -> Path:
        """Keep ``key`` on this laptop, readable only by this user; replaces an older one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(self.folder, 0o700)
        path = self.path_for(key.office_id)
        write_private(path, key.to_json())
        return path


def read_key_file(path: Path) -> OfficeKey:
    """A key file an administrator handed over, or a sentence saying what is wrong."""
    raw = path.read_bytes()[: _MAX_KEY_FILE + 1]
    try:
        if len(raw) > _MAX_KEY_FILE:
            raise ValueError("too large")
        return OfficeKey.from_json(raw)
    except ValueError:
        raise UserError(
            _("{path} is not a CIIP office key file; ask the office administrator for it.").format(
                path=path
            )
        ) from None


def write_private(path: Path, data: bytes) -> None:
    """Write a secret file readable only by its owner, whole (temporary file, then rename)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
