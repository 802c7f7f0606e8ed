"""Two and three laptops with a SQLite hub: what one types reaches the others, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_support import office, snapshot

from ciip_desktop.models import Venue


def test_a_venue_added_on_one_laptop_reaches_the_other(tmp_path: Path, hub_url: str) -> None:
    a, b = office(tmp_path, hub_url, ("A", "B"))
    venue = a.add_venue("Bank of China, Chaoyang branch")
    report = a.sync.sync_now()
    assert report.pushed >= 1
    report = b.sync.sync_now()
    assert report.applied >= 1 and report.refused == 0
    assert b.get(Venue, venue).name == "Bank of China, Chaoyang branch"
    a.sync.sync_now()
    assert snapshot(a) == snapshot(b)
    assert a.sync.pending_changes() == 0 and b.sync.pending_changes() == 0


def test_the_hub_password_goes_to_the_keyring_never_to_settings(
    tmp_path: Path, memory_keyring: object
) -> None:
    from sqlalchemy import select
    from sync_support import open_laptop

    from ciip_desktop.models import ReplicaState

    laptop = open_laptop(tmp_path, "A")
    laptop.sync.set_hub_url("postgresql://lina:s3cret@hub.office.local/ciip")
    with laptop.ctx.read() as session:
        stored = session.scalars(select(ReplicaState.hub_url)).one()
    assert "s3cret" not in stored and stored.startswith("postgresql://lina@hub.office.local")
    assert "s3cret" in str(memory_keyring.passwords)  # type: ignore[attr-defined]
    assert "s3cret" not in laptop.sync.status().hub
    laptop.close()


def test_without_a_keyring_the_password_is_refused_with_a_sentence(tmp_path: Path) -> None:
    import keyring
    from keyring.backends import fail
    from sync_support import open_laptop

    from ciip_desktop.errors import UserError

    laptop = open_laptop(tmp_path, "A")
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(UserError, match="no password keyring"):
        laptop.sync.set_hub_url("postgresql://lina:s3cret@hub.office.local/ciip")
    assert laptop.sync.hub_url() == ""
    laptop.close()


def test_a_push_stores_each_change_once_and_names_the_sequence_of_every_change(
    tmp_path: Path, hub_url: str
) -> None:
    from sync_support import open_laptop

    from ciip_desktop.services.sync.enrol import init_hub
    from ciip_desktop.sync.hub import Hub

    laptop = open_laptop(tmp_path, "A")
    init_hub(laptop.ctx, hub_url)
    for i in range(5):
        laptop.add_venue(f"Room {i}")
    changes = [c for c in laptop.sync.changes_for_peer({}) if c.table_name == "venue"]
    device = laptop.ctx.replica.device_id
    hub = Hub(hub_url)
    try:
        before = hub.head()
        first = hub.push(device, changes[:3])
        # Sent again with two new ones (a push cut off before the laptop marked them sent).
        second = hub.push(device, changes)
        assert set(second) == {c.change_id for c in changes}
        assert all(second[cid] == seq for cid, seq in first.items())
        numbers = [second[c.change_id] for c in changes]
        assert numbers == sorted(set(numbers)) and numbers[0] > before
        pulled = hub.pull(device, before)
        assert [c.change_id for c in pulled] == [c.change_id for c in changes]
    finally:
        hub.close()


def test_an_sqlite_without_returning_stores_a_push_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync_support import open_laptop

    from ciip_desktop.services.sync.enrol import init_hub
    from ciip_desktop.sync.hub import Hub

    hub_url = str(tmp_path / "hub.sqlite3")
    laptop = open_laptop(tmp_path, "A")
    init_hub(laptop.ctx, hub_url)
    laptop.add_venue("Room 1")
    laptop.add_venue("Room 2")
    changes = [c for c in laptop.sync.changes_for_peer({}) if c.table_name == "venue"]
    hub = Hub(hub_url)
    try:
        # SQLite before 3.35 (an older system library) has no INSERT … RETURNING.
        monkeypatch.setattr(hub.engine.dialect, "insert_executemany_returning", False)
        first = hub.push(laptop.ctx.replica.device_id, changes[:1])
        both = hub.push(laptop.ctx.replica.device_id, changes)
        assert both[changes[0].change_id] == first[changes[0].change_id]
        assert both[changes[1].change_id] > both[changes[0].change_id]
    finally:
        hub.close()
