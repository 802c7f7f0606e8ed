"""Test setup: offscreen Qt, a private CIIP_HOME and a fresh database file for every test."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from ciip_desktop import i18n
from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.security.demo_accounts import DEMO_PASSWORD
from ciip_desktop.store import Database


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test writes only below its own temporary folder, in English."""
    monkeypatch.setenv("CIIP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CIIP_DB", raising=False)
    monkeypatch.setenv("CIIP_USER", "admin")  # `ciip` signs in as the demo administrator
    monkeypatch.setenv("CIIP_PASSWORD", DEMO_PASSWORD)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _no_thread_left_running() -> Iterator[None]:
    before = {t.ident for t in threading.enumerate()}
    yield
    left = [t for t in threading.enumerate() if t.ident not in before and t.is_alive()]
    for thread in left:
        thread.join(timeout=5)
    still = [t.name for t in left if t.is_alive()]
    assert not still, f"threads left running: {still}"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "ciip.sqlite3")
    yield database
    database.close()


@pytest.fixture
def ctx(db: Database) -> ServiceContext:
    return ServiceContext.open(db)


@pytest.fixture
def counsellor(ctx: ServiceContext) -> Actor:
    """A signed-in counsellor, Li Na, at the Guangzhou office."""
    with ctx.write(Actor.system()) as session:
        person = Counsellor(
            office_id=ctx.replica.office_id,
            username="lina",
            display_name="Li Na",
            role=Role.COUNSELLOR.value,
        )
        session.add(person)
        session.flush()
        counsellor_id = person.id
    return Actor(counsellor_id, "Li Na", Role.COUNSELLOR)


@pytest.fixture
def services(ctx: ServiceContext) -> Services:
    """Every service of the test's database, as the app wires them."""
    return Services.build(ctx)
