"""Conflict records converge: every laptop that records a conflict ends with the same row."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sync_support import Laptop, office, snapshot

from ciip_desktop.models import ChangeRecord, Venue
from ciip_desktop.services.sync import ConflictService, Resolution
from ciip_desktop.sync.change import Change, change_from_row


def _sync(*laptops: Laptop, rounds: int = 1) -> None:
    for _ in range(rounds):
        for laptop in laptops:
            report = laptop.sync.sync_now()
            assert report.refused == 0, report.reasons


def test_one_lost_value_recorded_by_two_laptops_against_different_winners(
    tmp_path: Path,
) -> None:
    a, b, c = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B", "C"))
    venue = a.add_venue("Room 1")
    _sync(a, b, c, rounds=2)
    a.edit(Venue, venue, name="Room A")
    b.edit(Venue, venue, name="Room B")
    c.edit(Venue, venue, name="Room C")
    # B records A's value as lost to B's, C records it as lost to C's; A sees both records
    # arrive before it could record anything itself.
    _sync(a, b, c)
    _sync(b, c, a)
    _sync(a, b, c, rounds=2)
    shots = [snapshot(x) for x in (a, b, c)]
    assert shots[0]["sync_conflict"] == shots[1]["sync_conflict"] == shots[2]["sync_conflict"]
    assert shots[0] == shots[1] == shots[2]
    # A's value is kept once, against the value that finally holds the field.
    for laptop in (a, b, c):
        lost = {v.lost_value: v.current_value for v in ConflictService(laptop.ctx).list_open()}
        assert lost == {"Room A": "Room C", "Room B": "Room C"}


def _changes_of(laptop: Laptop, row_id: str, field: str) -> list[Change]:
    log = ChangeRecord.__table__
    stmt = select(log).where(log.c.row_id == row_id, log.c.field == field)
    with laptop.ctx.read() as session:
        return [change_from_row(r) for r in session.execute(stmt)]


def test_a_resolution_holds_against_the_same_conflict_recorded_later_elsewhere(
    tmp_path: Path,
) -> None:
    a, b, c = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B", "C"))
    venue = a.add_venue("Room 1", capacity=30)
    _sync(a, b, c, rounds=2)
    b.edit(Venue, venue, capacity=25)
    c.edit(Venue, venue, capacity=40)  # later: wins over B's
    _sync(b, c, a)  # C and A each record B's 25 as lost to C's 40
    [view] = ConflictService(a.ctx).list_open()
    ConflictService(a.ctx).resolve(view.id, Resolution.KEEP_THEIRS)  # back to 25
    # B has not synced since; C's edit reaches it by a sync file (after A's resolution), so
    # B records the same conflict again, open, with a later stamp than A's resolution.
    b.sync.apply_remote(_changes_of(c, venue, "capacity"))
    assert [v.id for v in ConflictService(b.ctx).list_open()] == [view.id]
    _sync(a, b, c, rounds=3)
    for laptop in (a, b, c):
        assert ConflictService(laptop.ctx).list_open() == []
        assert laptop.get(Venue, venue).capacity == 25
    shots = [snapshot(x) for x in (a, b, c)]
    assert shots[0] == shots[1] == shots[2]
