"""The offline sync bundle: changes carried on a USB stick, encrypted with the office's key.

A bundle file is::

    MAGIC (8 bytes) | header length (4, big-endian) | header (UTF-8 JSON: the manifest)
    | nonce (12) | body length (8, big-endian) | body (AES-256-GCM ciphertext and tag)

The body is the zlib-compressed JSON ``{"changes": [...]}``. Everything before the body is
the GCM associated data, so the manifest cannot be altered without the tag failing; the
manifest stays readable without the key, so that a bundle of another office or made with
another key is named as such instead of "damaged". The AES key is derived per office with
HKDF-SHA256 from the office's secret (``office_key.py``); ``key_id`` names which key.

:func:`read_bundle` refuses anything that is not a whole, untouched bundle of this office
and key with :class:`BundleRefused` (one translated sentence and a ``reason`` code); it
never raises anything else, whatever the bytes.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
import tempfile
import zlib
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.sync.office_key import OfficeKey

MAGIC = b"CIIPSYN\x01"
FORMAT_VERSION = 1
SUFFIX = ".ciipsync"
_HEADER_LEN = struct.Struct(">I")
_BODY_LEN = struct.Struct(">Q")
_NONCE_BYTES = 12
_TAG_BYTES = 16
MAX_HEADER_BYTES = 64 * 1024
# A decompressed body larger than this is refused (a two-week absence is ~10 MB of JSON).
MAX_PLAIN_BYTES = 2 * 1024 * 1024 * 1024


class Refusal(Enum):
    NOT_A_BUNDLE = "not-a-bundle"
    TRUNCATED = "truncated"
    DAMAGED = "damaged"
    NEWER_FORMAT = "newer-format"
    FOREIGN_OFFICE = "foreign-office"
    WRONG_KEY = "wrong-key"
    TAMPERED = "tampered"
    NEWER_SCHEMA = "newer-schema"


class BundleRefused(UserError):
    """A bundle that is not applied; ``reason`` says why, the message says what to do."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Manifest:
    """What a bundle says about itself, readable without the key (but authenticated)."""

    format_version: int
    office_id: str
    from_device: str
    change_count: int
    schema_version: int
    created_at: str  # ISO 8601, UTC
    key_id: str
    bundle_id: str
    # The laptops the writer knows, device id -> device code (to say "laptop B", not an id).
    devices: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("manifest is not an object")
        ints = ("format_version", "change_count", "schema_version")
        texts = ("office_id", "from_device", "created_at", "key_id", "bundle_id")
        for name in ints:
            if type(data.get(name)) is not int or data[name] < 0:
                raise ValueError(f"manifest {name}")
        for name in texts:
            if not isinstance(data.get(name), str):
                raise ValueError(f"manifest {name}")
        devices = data.get("devices", {})
        if not isinstance(devices, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in devices.items()
        ):
            raise ValueError("manifest devices")
        return cls(**{name: data[name] for name in ints + texts}, devices=devices)


@dataclass(frozen=True)
class Bundle:
    manifest: Manifest
    changes: list[Any]  # JSON values, one per change, as the sync service serialises them


def encode_bundle(manifest: Manifest, changes: list[Any], key: OfficeKey) -> bytes:
    """The bytes of a bundle carrying ``changes`` (JSON values), sealed with ``key``."""
    header = manifest.to_json()
    plain = json.dumps({"changes": changes}, ensure_ascii=False, separators=(",", ":"))
    body_plain = zlib.compress(plain.encode("utf-8"), 6)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    body_len = len(body_plain) + _TAG_BYTES
    aad = MAGIC + _HEADER_LEN.pack(len(header)) + header + nonce + _BODY_LEN.pack(body_len)
    body = AESGCM(key.bundle_key()).encrypt(nonce, body_plain, aad)
    return aad + body


def write_bundle(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole: a temporary file beside it, synced, then renamed."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=".ciip-bundle-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(data: bytes) -> tuple[Manifest, int]:
    """The manifest and the offset where the nonce starts; refuses a damaged header."""
    if len(data) < len(MAGIC) or not data.startswith(MAGIC):
        if MAGIC.startswith(data[: len(MAGIC)]) and len(data) < len(MAGIC):
            raise refuse(Refusal.TRUNCATED)
        raise refuse(Refusal.NOT_A_BUNDLE)
    offset = len(MAGIC)
    if len(data) < offset + _HEADER_LEN.size:
        raise refuse(Refusal.TRUNCATED)
    (header_len,) = _HEADER_LEN.unpack_from(data, offset)
    offset += _HEADER_LEN.size
    if header_len > MAX_HEADER_BYTES:
        raise refuse(Refusal.DAMAGED)
    if len(data) < offset + header_len:
        raise refuse(Refusal.TRUNCATED)
    try:
        manifest = Manifest.from_json(data[offset : offset + header_len])
    except (ValueError, TypeError, RecursionError):
        raise refuse(Refusal.DAMAGED) from None
    return manifest, offset + header_len


def read_bundle(data: bytes, key: OfficeKey, *, office_id: str, schema_version: int) -> Bundle:
    """The changes of a whole, authentic bundle of this office, else :class:`BundleRefused`."""
    manifest, offset = read_manifest(data)
    if manifest.format_version > FORMAT_VERSION:
        raise refuse(Refusal.NEWER_FORMAT)
    if manifest.format_version < 1:
        raise refuse(Refusal.DAMAGED)
    if len(data) < offset + _NONCE_BYTES + _BODY_LEN.size:
        raise refuse(Refusal.TRUNCATED)
    nonce = data[offset : offset + _NONCE_BYTES]
    (body_len,) = _BODY_LEN.unpack_from(data, offset + _NONCE_BYTES)
    body_start = offset + _NONCE_BYTES + _BODY_LEN.size
    if len(data) < body_start + body_len:
        raise refuse(Refusal.TRUNCATED)
    if len(data) > body_start + body_len or body_len < _TAG_BYTES:
        raise refuse(Refusal.DAMAGED)
    if manifest.office_id != office_id:
        raise refuse(Refusal.FOREIGN_OFFICE)
    if manifest.key_id != key.key_id() or key.office_id != office_id:
        raise refuse(Refusal.WRONG_KEY)
    try:
        body = AESGCM(key.bundle_key()).decrypt(nonce, data[body_start:], data[:body_start])
    except InvalidTag:
        raise refuse(Refusal.TAMPERED) from None
    if manifest.schema_version > schema_version:
        raise refuse(Refusal.NEWER_SCHEMA)
    changes = _decode_body(body)
    if len(changes) != manifest.change_count:
        raise refuse(Refusal.DAMAGED)
    return Bundle(manifest, changes)


def _decode_body(body: bytes) -> list[Any]:
    # Authentic bytes from our own writer; checked all the same, as a newer writer may differ.
    try:
        inflater = zlib.decompressobj()
        plain = inflater.decompress(body, MAX_PLAIN_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("body too large or incomplete")
        payload = json.loads(plain.decode("utf-8"))
    except (zlib.error, ValueError, RecursionError, MemoryError):
        raise refuse(Refusal.DAMAGED) from None
    changes = payload.get("changes") if isinstance(payload, dict) else None
    if not isinstance(changes, list):
        raise refuse(Refusal.DAMAGED)
    return changes


def refuse(reason: Refusal) -> BundleRefused:
    return BundleRefused(reason, refusal_message(reason))


def refusal_message(reason: Refusal) -> str:
    """The sentence a counsellor reads: what is wrong with the file, and what to do."""
    nothing = _("Nothing was applied.")
    sentences = {
        Refusal.NOT_A_BUNDLE: _("This file is not a CIIP sync bundle; choose a .ciipsync file."),
        Refusal.TRUNCATED: _(
            "This sync bundle is incomplete (cut short while copying); copy it again from "
            "the laptop that made it."
        ),
        Refusal.DAMAGED: _("This sync bundle is damaged; make a new one on the other laptop."),
        Refusal.NEWER_FORMAT: _(
            "This sync bundle was made by a newer version of CIIP Desktop; update the "
            "application on this laptop first."
        ),
        Refusal.FOREIGN_OFFICE: _(
            "This sync bundle comes from another office; only bundles of this office can be "
            "imported."
        ),
        Refusal.WRONG_KEY: _(
            "This sync bundle was sealed with a different office key; install the office's "
            "current key on both laptops (ask the office administrator)."
        ),
        Refusal.TAMPERED: _(
            "This sync bundle was altered or damaged after it was made; make a new one on "
            "the other laptop."
        ),
        Refusal.NEWER_SCHEMA: _(
            "This sync bundle holds changes from a newer version of CIIP Desktop; update the "
            "application on this laptop first."
        ),
    }
    return f"{sentences[reason]} {nothing}"
