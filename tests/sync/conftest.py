"""Hub fixtures: a SQLite hub file always; a PostgreSQL hub when a server is reachable.

PostgreSQL tests are marked ``pg``. Without a server they are skipped with the reason,
except where ``CIIP_REQUIRE_PG=1`` (CI: ``.ci/run`` installs and starts PostgreSQL), where
they fail instead. The server is ``$CIIP_TEST_PG_URL`` (default: the database ``.ci/run``
creates); each run makes a schema of its own there and drops it at the end.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import Connection, text


class MemoryKeyring(KeyringBackend):
    """A keyring in memory, as the OS keyring behaves (tests never touch the real one)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture(autouse=True)
def _close_laptops() -> Iterator[None]:
    """Every laptop a test opened is closed after it (database and hub connections)."""
    from sync_support import OPEN

    yield
    while OPEN:
        OPEN.pop().close()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    import keyring

    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


PG_URL = os.environ.get("CIIP_TEST_PG_URL", "postgresql://ciip:ciip@localhost:5432/ciip_hub_test")
# Each run works in a schema of its own on that server, so two runs at once never share a
# hub; a schema a killed run left behind is dropped by a later run after a day.
_SCHEMA_PREFIX = "ciip_test_"
_STALE_AFTER_S = 24 * 3600


def _pg_unavailable(exc: Exception) -> None:
    where = PG_URL.split("@")[-1]
    reason = f"no PostgreSQL server for the hub tests at {where} ({type(exc).__name__})"
    if os.environ.get("CIIP_REQUIRE_PG") == "1":
        pytest.fail(reason + "; CIIP_REQUIRE_PG=1 requires one")
    pytest.skip(reason)


def _run_schema_url(schema: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    query = dict(url.query)
    query["options"] = f"-csearch_path={schema}"
    return url.set(query=query).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_run_url() -> Iterator[str]:
    """The PostgreSQL server's URL with this run's own schema (created now, dropped at the
    end); skipped, or failed under ``CIIP_REQUIRE_PG=1``, when no server answers."""
    import secrets
    import time

    from sqlalchemy import create_engine

    schema = f"{_SCHEMA_PREFIX}{int(time.time())}_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            _drop_stale_schemas(conn, time.time())
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        _pg_unavailable(exc)
    try:
        yield _run_schema_url(schema)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def _drop_stale_schemas(conn: Connection, now: float) -> None:
    names = conn.execute(
        text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
        {"p": _SCHEMA_PREFIX + "%"},
    ).scalars()
    for name in list(names):
        started = name[len(_SCHEMA_PREFIX) :].split("_")[0]
        if started.isdigit() and now - int(started) > _STALE_AFTER_S:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


def _fresh_pg_hub(url: str) -> str:
    """This run's schema, emptied: every test starts from a hub that does not exist yet."""
    from ciip_desktop.sync.hub import Hub, metadata

    hub = Hub(url)
    try:
        metadata.drop_all(hub.engine)
    finally:
        hub.close()
    return url


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)],
)
def hub_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The hub of the office, on a SQLite file or on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "hub.sqlite3")
    else:
        yield _fresh_pg_hub(request.getfixturevalue("pg_run_url"))
