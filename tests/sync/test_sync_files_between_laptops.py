"""Two laptops of one office exchange changes by file only: all or nothing, idempotent,
conflicts recorded as by the network sync, and the conflict resolved in a counsellor's words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from file_support import register
from sync_support import Laptop, office, snapshot

from ciip_desktop.models import ChangeRecord, Client
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ClientFilter
from ciip_desktop.services.context import Actor
from ciip_desktop.services.sync_desk import SyncDesk
from ciip_desktop.services.sync_files import SyncFileService, build_sync_files
from ciip_desktop.services.sync_view import Resolution
from ciip_desktop.sync.bundle import BundleRefused, Refusal


class Side:
    def __init__(self, laptop: Laptop, home: Path) -> None:
        self.laptop = laptop
        self.services = Services.build(laptop.ctx)
        self.files: SyncFileService = build_sync_files(self.services, home / "config")

    def changes(self) -> int:
        with self.laptop.ctx.read() as session:
            return session.query(ChangeRecord).count()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Side, Side]:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    left, right = Side(a, tmp_path / "home-a"), Side(b, tmp_path / "home-b")
    key = left.files.new_office_key()
    right.files.install_key(key)
    yield left, right
    a.close()
    b.close()


def carry(src: Side, dst: Side, path: Path) -> object:
    src.files.export(path)
    return dst.files.import_(path)


def test_a_client_registered_at_a_venue_arrives_by_file(
    pair: tuple[Side, Side], tmp_path: Path
) -> None:
    a, b = pair
    client_id = register(a.services, Actor.system())
    outcome = carry(a, b, tmp_path / "a-to-b.ciipsync")
    assert outcome.applied > 0 and outcome.refused == 0  # type: ignore[attr-defined]
    got = b.laptop.get(Client, client_id)
    assert (got.family_name, got.chinese_name, got.date_of_birth) == (
        "Zhang",
        "张伟",
        date(1988, 5, 17),
    )
    # The local search index follows the applied rows: the client is found by name there.
    assert b.services.search.search(ClientFilter(text="zhang wei")) == [client_id]


def test_importing_the_same_file_twice_changes_nothing(
    pair: tuple[Side, Side], tmp_path: Path
) -> None:
    a, b = pair
    register(a.services, Actor.system())
    path = tmp_path / "a-to-b.ciipsync"
    carry(a, b, path)
    before, changes = snapshot(b.laptop), b.changes()
    again = b.files.import_(path)
    assert again.applied == 0 and again.refused == 0
    assert again.headline == "This laptop already had every change in the sync file."
    assert snapshot(b.laptop) == before and b.changes() == changes


def test_both_laptops_end_identical_after_files_both_ways(
    pair: tuple[Side, Side], tmp_path: Path
) -> None:
    a, b = pair
    register(a.services, Actor.system())
    register(
        b.services,
        Actor.system(),
        family_name="Li",
        given_name="Na",
        chinese_name="李娜",
        email="li.na@example.com",
        phone="139 0000 1111",
    )
    carry(a, b, tmp_path / "1.ciipsync")
    carry(b, a, tmp_path / "2.ciipsync")
    assert snapshot(a.laptop) == snapshot(b.laptop)


def test_a_tampered_file_applies_nothing(pair: tuple[Side, Side], tmp_path: Path) -> None:
    a, b = pair
    register(a.services, Actor.system())
    path = a.files.export(tmp_path / "a.ciipsync").path
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    before, changes = snapshot(b.laptop), b.changes()
    with pytest.raises(BundleRefused) as caught:
        b.files.import_(path)
    assert caught.value.reason in (Refusal.TAMPERED, Refusal.DAMAGED)
    assert snapshot(b.laptop) == before and b.changes() == changes


def test_a_concurrent_edit_by_file_is_a_conflict_a_counsellor_can_read_and_resolve(
    pair: tuple[Side, Side], tmp_path: Path
) -> None:
    a, b = pair
    actor = Actor.system()
    client_id = register(a.services, actor)
    carry(a, b, tmp_path / "1.ciipsync")
    a.services.clients.update(actor, client_id, {"phone": "+86 137 2222 3333"})
    b.services.clients.update(actor, client_id, {"phone": "+86 139 0000 1111"})  # later: wins
    outcome = carry(a, b, tmp_path / "2.ciipsync")
    assert outcome.conflicting == 1  # type: ignore[attr-defined]
    desk = SyncDesk(b.services, actor)
    [view] = desk.list_open()
    file_no = b.laptop.get(Client, client_id).file_no
    assert view.client_label == f"ZHANG, Wei (张伟) · {file_no}"
    assert view.field_label == "Phone"
    assert view.base == "+8613800138000"
    assert view.current.value == "+8613900001111" and view.current.this_laptop
    assert view.overwritten.value == "+8613722223333" and view.overwritten.laptop == "A"
    assert not view.overwritten.this_laptop
    token = desk.resolve(view.conflict_id, Resolution.RESTORE_OVERWRITTEN, None)
    assert b.laptop.get(Client, client_id).phone == "+8613722223333"
    assert desk.list_open() == []
    desk.undo(token)
    assert b.laptop.get(Client, client_id).phone == "+8613900001111"
    assert [v.conflict_id for v in desk.list_open()] == [view.conflict_id]
    desk.resolve(view.conflict_id, Resolution.RESTORE_OVERWRITTEN, None)
    carry(b, a, tmp_path / "3.ciipsync")  # the resolution travels like any edit
    assert a.laptop.get(Client, client_id).phone == "+8613722223333"
    assert SyncDesk(a.services, actor).list_open() == []


def test_an_authentic_bundle_of_malformed_changes_applies_nothing(
    pair: tuple[Side, Side], tmp_path: Path
) -> None:
    from ciip_desktop.sync.bundle import FORMAT_VERSION, Manifest, encode_bundle, write_bundle

    a, b = pair
    key = a.files.office_key()
    good = [c.to_dict() for c in a.services.sync.changes_for_peer({})]
    items = [*good, {"change_id": "x", "table_name": "client"}]  # the last lacks its fields
    manifest = Manifest(
        FORMAT_VERSION,
        a.laptop.ctx.replica.office_id,
        a.laptop.ctx.replica.device_id,
        len(items),
        1,
        "2026-11-25T00:00:00+00:00",
        key.key_id(),
        "b",
    )
    path = tmp_path / "odd.ciipsync"
    write_bundle(path, encode_bundle(manifest, items, key))
    before, changes = snapshot(b.laptop), b.changes()
    with pytest.raises(BundleRefused) as caught:
        b.files.import_(path)
    assert caught.value.reason is Refusal.DAMAGED
    assert snapshot(b.laptop) == before and b.changes() == changes
