"""Replicas and hubs for sync tests: real SQLite files, a real hub (SQLite or PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ciip_desktop.models import Client, ConflictState, SyncConflict, Venue
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.sync import SyncService
from ciip_desktop.services.sync.enrol import enrol_from_hub, init_hub
from ciip_desktop.store import Database
from ciip_desktop.sync import rows


@dataclass
class Laptop:
    name: str
    db: Database
    ctx: ServiceContext
    sync: SyncService

    def close(self) -> None:
        self.sync.close()
        self.db.close()

    def add_venue(self, name: str, capacity: int = 30) -> str:
        with self.ctx.write(Actor.system()) as session:
            venue = Venue(
                office_id=self.ctx.replica.office_id, name=name, city="Beijing", capacity=capacity
            )
            session.add(venue)
            session.flush()
            return venue.id

    def edit(self, entity: type[Any], row_id: str, **values: Any) -> None:
        with self.ctx.write(Actor.system()) as session:
            row = session.get(entity, row_id)
            assert row is not None
            for key, value in values.items():
                setattr(row, key, value)

    def get(self, entity: type[Any], row_id: str) -> Any:
        with self.ctx.read() as session:
            return session.get(entity, row_id)

    def open_conflicts(self) -> list[SyncConflict]:
        with self.ctx.read() as session:
            stmt = select(SyncConflict).where(SyncConflict.state == ConflictState.OPEN)
            return list(session.scalars(stmt.order_by(SyncConflict.id)))

    def add_client(self, file_no: str, **values: Any) -> str:
        with self.ctx.write(Actor.system()) as session:
            client = Client(file_no=file_no, office_id=self.ctx.replica.office_id, **values)
            session.add(client)
            session.flush()
            return client.id


def open_laptop(folder: Path, name: str) -> Laptop:
    db = Database.open(folder / f"{name}.sqlite3")
    ctx = ServiceContext.open(db)
    services = Services.build(ctx)  # as the app does: the search index follows every write
    laptop = Laptop(name, db, ctx, services.sync)
    OPEN.append(laptop)
    return laptop


# Laptops opened by the running test (conftest closes them all after it).
OPEN: list[Laptop] = []


def office(folder: Path, hub_url: str, codes: tuple[str, ...] = ("A", "B", "C")) -> list[Laptop]:
    """The first laptop creates the hub; the others join it with their own codes."""
    first = open_laptop(folder, codes[0])
    init_hub(first.ctx, hub_url)
    laptops = [first]
    for code in codes[1:]:
        laptop = open_laptop(folder, code)
        enrol_from_hub(laptop.ctx, hub_url, code)
        laptops.append(laptop)
    return laptops


def snapshot(laptop: Laptop) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced table's rows, all columns, in id order (what must be identical)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with laptop.ctx.read() as session:
        for name in sorted(rows.synced_tables()):
            table = rows.table(name)
            result = session.execute(select(table).order_by(table.c.id))
            out[name] = [tuple(r) for r in result]
    return out
