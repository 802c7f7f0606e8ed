"""The bundle file format: what it seals comes back whole; anything else is refused."""

from __future__ import annotations

import json
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ciip_desktop.sync.bundle import (
    MAGIC,
    BundleRefused,
    Manifest,
    Refusal,
    encode_bundle,
    read_bundle,
    read_manifest,
)
from ciip_desktop.sync.office_key import OfficeKey

OFFICE = "office-1"
KEY = OfficeKey(OFFICE, bytes(range(32)))
CHANGES = [
    {"change_id": f"c{i}", "field": "phone", "new_value": f'"+86 138 {i:04d}"'} for i in range(5)
]


def manifest(**overrides: object) -> Manifest:
    values: dict[str, object] = {
        "format_version": 1,
        "office_id": OFFICE,
        "from_device": "device-a",
        "change_count": len(CHANGES),
        "schema_version": 1,
        "created_at": "2026-11-25T16:00:00+00:00",
        "key_id": KEY.key_id(),
        "bundle_id": "b-1",
    }
    values.update(overrides)
    return Manifest(**values)  # type: ignore[arg-type]


SEALED = encode_bundle(manifest(), CHANGES, KEY)


def read(data: bytes, key: OfficeKey = KEY, schema_version: int = 1) -> list[object]:
    return read_bundle(data, key, office_id=OFFICE, schema_version=schema_version).changes


def refusal(data: bytes, key: OfficeKey = KEY, schema_version: int = 1) -> Refusal:
    with pytest.raises(BundleRefused) as caught:
        read(data, key, schema_version)
    assert caught.value.message.endswith("Nothing was applied.")
    return caught.value.reason


def test_what_is_sealed_comes_back_with_its_manifest() -> None:
    bundle = read_bundle(SEALED, KEY, office_id=OFFICE, schema_version=1)
    assert bundle.changes == CHANGES
    assert bundle.manifest == manifest()


def test_the_changes_are_not_readable_without_the_key() -> None:
    assert b"+86 138" not in SEALED
    assert b"phone" not in SEALED


def test_the_manifest_is_readable_without_the_key() -> None:
    found, _offset = read_manifest(SEALED)
    assert (found.office_id, found.from_device, found.change_count) == (OFFICE, "device-a", 5)


def test_a_file_that_is_no_bundle_is_called_so() -> None:
    assert refusal(b"PK\x03\x04 a spreadsheet") is Refusal.NOT_A_BUNDLE
    assert refusal(b"") is Refusal.TRUNCATED


@pytest.mark.parametrize("cut", [3, 10, 40, len(SEALED) // 2, len(SEALED) - 1])
def test_a_truncated_bundle_is_refused_as_incomplete(cut: int) -> None:
    assert refusal(SEALED[:cut]) is Refusal.TRUNCATED


def test_bytes_after_the_end_are_damage() -> None:
    assert refusal(SEALED + b"\0") is Refusal.DAMAGED


def test_a_flipped_bit_in_the_sealed_body_is_tampering() -> None:
    data = bytearray(SEALED)
    data[-20] ^= 0x01
    assert refusal(bytes(data)) is Refusal.TAMPERED


def test_a_changed_manifest_is_tampering() -> None:
    raw = SEALED.replace(b'"change_count":5', b'"change_count":4')
    assert raw != SEALED
    assert refusal(raw) is Refusal.TAMPERED


def test_another_offices_bundle_is_refused_as_foreign() -> None:
    other = OfficeKey("office-2", bytes(32))
    data = encode_bundle(manifest(office_id="office-2", key_id=other.key_id()), CHANGES, other)
    assert refusal(data) is Refusal.FOREIGN_OFFICE


def test_a_bundle_sealed_with_another_key_of_this_office_is_refused() -> None:
    assert refusal(SEALED, key=OfficeKey(OFFICE, bytes(32))) is Refusal.WRONG_KEY


def test_a_bundle_from_a_newer_schema_asks_for_an_update() -> None:
    data = encode_bundle(manifest(schema_version=2), CHANGES, KEY)
    assert refusal(data, schema_version=1) is Refusal.NEWER_SCHEMA
    assert read(data, schema_version=2) == CHANGES


def test_a_newer_bundle_format_asks_for_an_update() -> None:
    data = encode_bundle(manifest(format_version=2), CHANGES, KEY)
    assert refusal(data) is Refusal.NEWER_FORMAT


def test_a_count_that_does_not_match_the_changes_is_damage() -> None:
    data = encode_bundle(manifest(change_count=6), CHANGES, KEY)
    assert refusal(data) is Refusal.DAMAGED


def test_a_header_that_is_not_a_manifest_is_damage() -> None:
    header = json.dumps({"format_version": "one"}).encode()
    data = MAGIC + struct.pack(">I", len(header)) + header + bytes(40)
    assert refusal(data) is Refusal.DAMAGED


def test_every_truncation_is_refused() -> None:
    for cut in range(len(SEALED)):
        with pytest.raises(BundleRefused):
            read(SEALED[:cut])


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_are_refused_never_a_traceback(data: bytes) -> None:
    with pytest.raises(BundleRefused):
        read(data)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_after_the_magic_are_refused(tail: bytes) -> None:
    with pytest.raises(BundleRefused):
        read(MAGIC + tail)


@FUZZ
@given(st.data())
def test_flipped_bits_anywhere_are_refused(data: st.DataObject) -> None:
    raw = bytearray(SEALED)
    positions = data.draw(
        st.lists(st.integers(0, len(raw) * 8 - 1), min_size=1, max_size=4, unique=True)
    )
    for bit in positions:
        raw[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(BundleRefused):
        read(bytes(raw))


@FUZZ
@given(st.data())
def test_spliced_and_cut_bundles_are_refused(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(SEALED) - 1))
    end = data.draw(st.integers(start, len(SEALED)))
    junk = data.draw(st.binary(max_size=30))
    raw = SEALED[:start] + junk + SEALED[end:]
    if raw == SEALED:
        return
    with pytest.raises(BundleRefused):
        read(raw)
