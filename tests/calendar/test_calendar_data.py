"""The calendar's data: migrating an older database, and the demo office's calendar."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select

from ciip_desktop.models import CalendarSession, Enrollment, WaitlistEvent
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.demo import DemoService
from ciip_desktop.store import Database
from ciip_desktop.store.migrate import alembic_config


def test_a_database_from_the_release_before_keeps_its_venues(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0002_client_list_index")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO office (id, code, name, city, time_zone, address, created_at, updated_at,"
        " hlc, deleted) VALUES ('o1', 'GZ', 'CIIP', 'Guangzhou', 'Asia/Shanghai', '',"
        " '2026-01-01', '2026-01-01', '', 0)"
    )
    con.execute(
        "INSERT INTO venue (id, office_id, name, city, address, capacity, partner, created_at,"
        " updated_at, hlc, deleted) VALUES ('v1', 'o1', 'Partner bank hall', 'Beijing', '', 30,"
        " 'Bank', '2026-01-01', '2026-01-01', '', 0)"
    )
    con.commit()
    con.close()
    db = Database.open(path, backup_dir=tmp_path / "backups")
    try:
        services = Services.build(ServiceContext.open(db))
        (place,) = services.calendar.places.places()
        assert (place.name, place.time_zone, place.room) == (
            "Partner bank hall", "Asia/Shanghai", "",
        )  # fmt: skip
    finally:
        db.close()
    assert list((tmp_path / "backups").iterdir())


def test_the_demo_office_has_a_lived_in_calendar(ctx: ServiceContext) -> None:
    actor = ctx.counsellor_actor()
    DemoService(ctx).fill(actor, 200)
    today = date.today()
    with ctx.read() as db:
        kinds = dict(
            db.execute(
                select(CalendarSession.kind, func.count()).group_by(CalendarSession.kind)
            ).all()
        )
        states = {s for (s,) in db.execute(select(Enrollment.state).distinct())}
        marks = {m for (m,) in db.execute(select(Enrollment.attendance).distinct())}
        events = db.scalar(select(func.count()).select_from(WaitlistEvent))
    assert set(kinds) == {"group", "one_on_one", "phone"}
    assert "enrolled" in states
    assert {"attended", ""} <= marks
    assert events and events > 0
    services = Services.build(ctx)
    coming = services.calendar.sessions.days(today, today + timedelta(days=42))
    past = services.calendar.sessions.days(today - timedelta(days=56), today - timedelta(days=1))
    assert {s.city for s in coming if s.is_group} == {"Guangzhou", "Beijing", "Shanghai"}
    assert any(s.status == "held" for s in past)
    # Filling again adds no second calendar.
    DemoService(ctx).fill(actor, 10)
    with ctx.read() as db:
        assert db.scalar(select(func.count()).select_from(CalendarSession)) == sum(kinds.values())


def test_in_the_demo_every_group_attended_client_was_marked_on_a_roster(
    ctx: ServiceContext,
) -> None:
    """The status rests on attendance, so the demo's attended clients have their mark."""
    from ciip_desktop.models import Client, Meeting
    from ciip_desktop.services.clients.status import status_facts

    DemoService(ctx).fill(ctx.counsellor_actor(), 150)
    with ctx.read() as db:
        done = ("group_attended", "one_on_one_done")
        # Those whose record shows a group session (a phone session's client needs none).
        went = select(Meeting.client_id).where(Meeting.channel == "group")
        clients = list(
            db.scalars(select(Client).where(Client.status.in_(done), Client.id.in_(went)))
        )
        assert clients
        for client in clients:
            assert status_facts(db, client.id).group_attended, client.file_no
