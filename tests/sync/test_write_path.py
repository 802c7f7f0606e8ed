"""The one write path, enforced: no route changes a synced table without capture."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, update

from ciip_desktop.models import ChangeRecord, Client, Venue
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store.guard import UncapturedWriteError


def _venue(ctx: ServiceContext) -> str:
    with ctx.write(Actor.system()) as session:
        venue = Venue(office_id=ctx.replica.office_id, name="Room 1", city="Beijing")
        session.add(venue)
        session.flush()
        return venue.id


def _log_size(ctx: ServiceContext) -> int:
    with ctx.read() as session:
        return len(session.scalars(select(ChangeRecord.change_id)).all())


def _name(ctx: ServiceContext, venue_id: str) -> str:
    with ctx.read() as session:
        return session.scalars(select(Venue.name).where(Venue.id == venue_id)).one()


def test_an_orm_update_statement_inside_the_write_path_is_refused(ctx: ServiceContext) -> None:
    venue = _venue(ctx)
    before = _log_size(ctx)
    with pytest.raises(UncapturedWriteError), ctx.write(Actor.system()) as session:
        session.execute(update(Venue).where(Venue.id == venue).values(name="Renamed"))
    assert _name(ctx, venue) == "Room 1" and _log_size(ctx) == before


def test_a_bulk_update_by_primary_key_is_refused(ctx: ServiceContext) -> None:
    venue = _venue(ctx)
    with pytest.raises(UncapturedWriteError), ctx.write(Actor.system()) as session:
        session.execute(update(Venue), [{"id": venue, "name": "Renamed"}])
    assert _name(ctx, venue) == "Room 1"


def test_a_core_insert_on_the_connection_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(UncapturedWriteError), ctx.write(Actor.system()) as session:
        session.connection().execute(
            insert(Client.__table__).values(
                id="x", file_no="GZA-2026-99999", office_id=ctx.replica.office_id
            )
        )
    with ctx.read() as session:
        assert session.get(Client, "x") is None


def test_a_plain_database_session_is_not_a_way_around_capture(ctx: ServiceContext) -> None:
    venue = _venue(ctx)
    session = ctx.db.session()
    with pytest.raises(UncapturedWriteError), session, session.begin():
        row = session.get(Venue, venue)
        assert row is not None
        row.name = "Renamed"
    session = ctx.db.session()
    with pytest.raises(UncapturedWriteError), session, session.begin():
        session.add(Venue(office_id=ctx.replica.office_id, name="New", city="Beijing"))
    assert _name(ctx, venue) == "Room 1"


def test_the_unit_of_work_in_the_write_path_is_captured(ctx: ServiceContext) -> None:
    venue = _venue(ctx)
    before = _log_size(ctx)
    with ctx.write(Actor.system()) as session:
        row = session.get(Venue, venue)
        assert row is not None
        row.name = "Renamed"
    assert _name(ctx, venue) == "Renamed" and _log_size(ctx) == before + 1
