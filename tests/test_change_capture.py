"""Every write records, in the same transaction, one change per changed field (DESIGN §4)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from ciip_desktop.models import ChangeRecord, Client, Venue
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.sync.capture import ROW_INSERT, SyncedRowDeleteError
from ciip_desktop.sync.clock import HybridLogicalClock


def _venue(ctx: ServiceContext, actor: Actor) -> str:
    with ctx.write(actor) as session:
        venue = Venue(office_id=ctx.replica.office_id, name="Partner bank room", city="Beijing")
        session.add(venue)
        session.flush()
        return venue.id


def _changes(ctx: ServiceContext, row_id: str) -> list[ChangeRecord]:
    with ctx.read() as session:
        stmt = select(ChangeRecord).where(ChangeRecord.row_id == row_id)
        return list(session.scalars(stmt.order_by(ChangeRecord.hlc, ChangeRecord.field)))


def test_a_new_row_logs_every_field_with_who_and_which_device(
    ctx: ServiceContext, counsellor: Actor
) -> None:
    venue_id = _venue(ctx, counsellor)
    changes = _changes(ctx, venue_id)
    assert [c.field for c in changes] == [ROW_INSERT]  # one record carries the new row
    fields = json.loads(changes[0].new_value)
    assert fields["name"] == "Partner bank room"
    assert fields["city"] == "Beijing"
    assert fields["capacity"] == 30  # the default is logged too, so replicas agree
    assert fields["deleted"] is False
    assert {c.user_id for c in changes} == {counsellor.counsellor_id}
    assert {c.device_id for c in changes} == {ctx.replica.device_id}
    assert {c.base_hlc for c in changes} == {""}
    assert all(c.hub_seq is None for c in changes)


def test_an_edit_logs_only_the_changed_field_with_the_stamp_it_replaced(
    ctx: ServiceContext, counsellor: Actor
) -> None:
    venue_id = _venue(ctx, counsellor)
    (created,) = _changes(ctx, venue_id)
    with ctx.write(counsellor) as session:
        venue = session.get(Venue, venue_id)
        assert venue is not None
        venue.capacity = 24
    later = [c for c in _changes(ctx, venue_id) if c.hlc > created.hlc]
    assert [(c.field, c.new_value, c.base_hlc) for c in later] == [("capacity", "24", created.hlc)]
    with ctx.write(counsellor) as session:
        venue = session.get(Venue, venue_id)
        assert venue is not None
        venue.capacity = 26
        venue.city = "Shanghai"
    last = {c.field: c.base_hlc for c in _changes(ctx, venue_id) if c.hlc > later[0].hlc}
    assert last == {"capacity": later[0].hlc, "city": created.hlc}
    with ctx.read() as session:
        venue = session.get(Venue, venue_id)
        assert venue is not None and venue.hlc == max(c.hlc for c in _changes(ctx, venue_id))


def test_a_failed_transaction_leaves_neither_the_row_nor_its_changes(
    ctx: ServiceContext, counsellor: Actor
) -> None:
    with pytest.raises(RuntimeError), ctx.write(counsellor) as session:
        session.add(Venue(id="v-lost", office_id=ctx.replica.office_id, name="X", city="Y"))
        session.flush()
        raise RuntimeError("power cut")
    assert _changes(ctx, "v-lost") == []


def test_synced_rows_are_tombstoned_never_deleted(ctx: ServiceContext, counsellor: Actor) -> None:
    venue_id = _venue(ctx, counsellor)
    with pytest.raises(SyncedRowDeleteError), ctx.write(counsellor) as session:
        venue = session.get(Venue, venue_id)
        session.delete(venue)
    with ctx.write(counsellor) as session:
        venue = session.get(Venue, venue_id)
        assert venue is not None
        venue.deleted = True
    assert [c.field for c in _changes(ctx, venue_id)][-1] == "deleted"


def test_the_clock_resumes_after_a_restart(ctx: ServiceContext, counsellor: Actor) -> None:
    _venue(ctx, counsellor)
    last = ctx.clock.last
    reopened = ServiceContext.open(ctx.db)
    assert reopened.clock.last == last
    assert reopened.clock.tick() > last


def test_clock_stamps_never_go_backwards_even_when_the_wall_clock_does() -> None:
    times = iter([1000, 1000, 900, 2000, 2100, 2200])
    clock = HybridLogicalClock(now_ms=lambda: next(times))
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    clock.observe("000000000005000.00007")
    assert clock.tick() > "000000000005000.00007"


def test_every_synced_table_carries_the_design_columns() -> None:
    from ciip_desktop.models import Base, Synced

    synced = [m.class_ for m in Base.registry.mappers if issubclass(m.class_, Synced)]
    assert Client in synced
    for cls in synced:
        columns = set(cls.__table__.columns.keys())
        assert {"id", "created_at", "updated_at", "hlc", "deleted"} <= columns, cls


def test_rows_of_one_transaction_may_arrive_children_first(
    ctx: ServiceContext, counsellor: Actor
) -> None:
    from datetime import date

    from ciip_desktop.models import ActionStep, Meeting, new_id

    client_id, meeting_id = new_id(), new_id()
    with ctx.write(counsellor) as session:
        session.add(ActionStep(client_id=client_id, meeting_id=meeting_id, text="Book IELTS"))
        session.flush()
        session.add(
            Meeting(
                id=meeting_id,
                client_id=client_id,
                held_on=date(2026, 11, 2),
                channel="phone",
                activity="Reviewed the package",
            )
        )
        session.flush()
        session.add(Client(id=client_id, file_no="GZA-2026-09999", office_id=ctx.replica.office_id))
    with ctx.read() as session:
        assert session.get(Meeting, meeting_id) is not None


def test_a_row_whose_parent_never_comes_is_refused_at_commit(
    ctx: ServiceContext, counsellor: Actor
) -> None:
    from sqlalchemy.exc import IntegrityError

    from ciip_desktop.models import ActionStep

    with pytest.raises(IntegrityError), ctx.write(counsellor) as session:
        session.add(ActionStep(client_id="no-such-client", text="Book IELTS"))
    with ctx.read() as session:
        assert session.scalars(select(ActionStep)).all() == []
