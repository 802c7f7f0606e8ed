"""The merge rules as a counsellor meets them: who wins, what is kept, what is a conflict."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sync_support import Laptop, office, snapshot

from ciip_desktop.models import ChangeRecord, Client, ClientSearchKey, SyncConflict, Venue
from ciip_desktop.services.context import Actor
from ciip_desktop.services.sync import Change
from ciip_desktop.sync.change import SCHEMA_VERSION


def _sync_all(*laptops: Laptop, rounds: int = 2) -> None:
    for _ in range(rounds):
        for laptop in laptops:
            report = laptop.sync.sync_now()
            assert report.refused == 0, report.reasons


def test_concurrent_edits_keep_the_loser_with_the_value_both_started_from(
    tmp_path: Path, hub_url: str
) -> None:
    a, b = office(tmp_path, hub_url, ("A", "B"))
    venue = a.add_venue("Room 1", capacity=30)
    _sync_all(a, b)
    a.edit(Venue, venue, capacity=40)
    b.edit(Venue, venue, capacity=25)  # later stamp: wins on every laptop
    _sync_all(a, b, rounds=3)
    assert a.get(Venue, venue).capacity == b.get(Venue, venue).capacity == 25
    [conflict] = a.open_conflicts()
    assert b.open_conflicts()[0].id == conflict.id  # the same record on both laptops
    assert conflict.field == "capacity"
    assert json.loads(conflict.loser_value) == 40
    assert json.loads(conflict.winner_value) == 25
    assert json.loads(conflict.base_value) == 30
    assert conflict.loser_device == a.ctx.replica.device_id
    assert conflict.winner_device == b.ctx.replica.device_id
    assert snapshot(a) == snapshot(b)


def test_the_same_value_typed_twice_is_not_a_conflict(tmp_path: Path) -> None:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    venue = a.add_venue("Room 1")
    _sync_all(a, b)
    a.edit(Venue, venue, address="88 Jianguo Road")
    b.edit(Venue, venue, address="88 Jianguo Road")
    _sync_all(a, b)
    assert a.open_conflicts() == [] and b.open_conflicts() == []


def test_one_laptops_chain_of_edits_arriving_out_of_order_is_not_a_conflict(
    tmp_path: Path,
) -> None:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    venue = a.add_venue("Room 1")
    _sync_all(a, b)
    a.edit(Venue, venue, name="Room 2")
    a.edit(Venue, venue, name="Room 3")
    with a.ctx.read() as session:
        stmt = select(ChangeRecord).where(
            ChangeRecord.field == "name", ChangeRecord.row_id == venue
        )
        chain = [
            Change(**{k: getattr(r, k) for k in Change.__slots__}) for r in session.scalars(stmt)
        ]
    report = b.sync.apply_remote(sorted(chain, key=lambda c: c.hlc, reverse=True))
    assert report.applied == 2 and report.conflicting == 0
    assert b.get(Venue, venue).name == "Room 3"
    assert b.open_conflicts() == []


def test_a_delete_against_a_concurrent_edit_keeps_the_row_and_says_so(
    tmp_path: Path, hub_url: str
) -> None:
    a, b = office(tmp_path, hub_url, ("A", "B"))
    venue = a.add_venue("Room 1")
    _sync_all(a, b)
    a.edit(Venue, venue, deleted=True)
    b.edit(Venue, venue, address="Floor 3")  # after the delete, not knowing of it
    _sync_all(a, b, rounds=3)
    for laptop in (a, b):
        row = laptop.get(Venue, venue)
        assert row.deleted is False and row.address == "Floor 3"
    kinds = {c.kind for c in a.open_conflicts()}
    assert "delete" in kinds
    assert snapshot(a) == snapshot(b)


def test_two_laptops_giving_one_file_number_end_with_two_numbers_and_a_record(
    tmp_path: Path,
) -> None:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    first = a.add_client("GZA-2026-00001", family_name="Wang", given_name="Fang")
    second = b.add_client("GZA-2026-00001", family_name="Li", given_name="Lei")
    _sync_all(a, b, rounds=3)
    numbers = {a.get(Client, first).file_no, a.get(Client, second).file_no}
    assert len(numbers) == 2 and "GZA-2026-00001" in numbers
    assert [c.kind for c in a.open_conflicts() if c.kind == "unique"] == ["unique"]
    assert snapshot(a) == snapshot(b)


def test_applying_twice_changes_nothing_and_remote_changes_are_not_pushed_again(
    tmp_path: Path,
) -> None:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    client = a.add_client(
        "GZA-2026-00007", family_name="Zhang", given_name="Wei", date_of_birth=date(1990, 5, 1)
    )
    a.sync.sync_now()
    b.sync.sync_now()
    assert b.sync.pending_changes() == 0
    changes = a.sync.changes_for_peer({})
    before = snapshot(b)
    report = b.sync.apply_remote(changes)
    assert report.applied == 0 and report.skipped == len(changes)
    assert snapshot(b) == before
    with b.ctx.read() as session:
        keys = set(
            session.scalars(select(ClientSearchKey.key).where(ClientSearchKey.client_id == client))
        )
        created = session.get(Client, client).created_at
    assert "zhangwei" in keys  # the search index knows the pulled client
    assert created == a.get(Client, client).created_at  # created_at travelled


def test_a_change_from_a_newer_release_is_refused_whole(tmp_path: Path) -> None:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    venue = a.add_venue("Room 1")
    changes = a.sync.changes_for_peer({})
    data = {**changes[0].to_dict(), "schema_version": SCHEMA_VERSION + 1}
    data.pop("format")
    newer = [Change(**data)]
    before = snapshot(b)
    report = b.sync.apply_remote([*changes, *newer])
    assert report.refused > 0 and report.applied == 0
    assert "newer release" in report.reasons[0]
    assert snapshot(b) == before
    assert b.get(Venue, venue) is None


def test_conflict_resolution_syncs(tmp_path: Path) -> None:
    from ciip_desktop.services.sync import ConflictService, Resolution

    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    venue = a.add_venue("Room 1", capacity=30)
    _sync_all(a, b)
    a.edit(Venue, venue, capacity=40)
    b.edit(Venue, venue, capacity=25)
    _sync_all(a, b)
    [view] = ConflictService(a.ctx).list_open()
    assert (view.base_value, view.current_value, view.lost_value) == (30, 25, 40)
    assert (view.winner_device, view.loser_device) == ("B", "A")
    ConflictService(a.ctx).resolve(view.id, Resolution.KEEP_THEIRS)
    _sync_all(a, b)
    assert b.get(Venue, venue).capacity == 40
    assert ConflictService(b.ctx).list_open() == []
    with b.ctx.read() as session:
        assert session.get(SyncConflict, view.id).resolution == "keep_theirs"


def test_the_same_person_registered_on_two_laptops_is_listed_and_merged_keeping_everything(
    tmp_path: Path,
) -> None:
    from ciip_desktop.models import Meeting
    from ciip_desktop.services.sync import ConflictService

    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    born = date(1988, 3, 14)
    first = a.add_client(
        "GZA-2026-00001",
        family_name="Chen",
        given_name="Jing",
        chinese_name="陈静",
        date_of_birth=born,
    )
    second = b.add_client(
        "GZB-2026-00001",
        family_name="Chen",
        given_name="Jing",
        chinese_name="陈静",
        date_of_birth=born,
    )
    with b.ctx.write(Actor.system()) as session:
        session.add(Meeting(client_id=second, held_on=date(2026, 11, 2), channel="phone"))
    _sync_all(a, b, rounds=3)
    service = ConflictService(a.ctx)
    [finding] = [v for v in service.list_open() if v.kind == "duplicate"]
    assert {finding.row_id, finding.other_row_id} == {first, second}
    service.merge_duplicate(finding.id, keep_client_id=first)
    _sync_all(a, b)
    for laptop in (a, b):
        assert laptop.get(Client, second).deleted is True
        with laptop.ctx.read() as session:
            meetings = session.scalars(select(Meeting).where(Meeting.client_id == first)).all()
        assert len(meetings) == 1
    assert [v for v in ConflictService(b.ctx).list_open() if v.kind == "duplicate"] == []
