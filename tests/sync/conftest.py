"""Hub fixtures: a SQLite hub file always; a PostgreSQL hub when a server is reachable.

PostgreSQL tests are marked ``pg``. Without a server they are skipped with the reason,
except where ``CIIP_REQUIRE_PG=1`` (CI: ``.ci/run`` installs and starts PostgreSQL), where
they fail instead. The server is ``$CIIP_TEST_PG_URL`` (default: the database ``.ci/run``
creates).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend


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


def _fresh_pg_hub() -> str:
    from ciip_desktop.sync.hub import Hub, metadata

    try:
        hub = Hub(PG_URL)
        try:
            metadata.drop_all(hub.engine)
        finally:
            hub.close()
    except Exception as exc:
        where = PG_URL.split("@")[-1]
        reason = f"no PostgreSQL server for the hub tests at {where} ({type(exc).__name__})"
        if os.environ.get("CIIP_REQUIRE_PG") == "1":
            pytest.fail(reason + "; CIIP_REQUIRE_PG=1 requires one")
        pytest.skip(reason)
    return PG_URL


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)],
)
def hub_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The hub of the office, on a SQLite file or on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "hub.sqlite3")
    else:
        yield _fresh_pg_hub()
