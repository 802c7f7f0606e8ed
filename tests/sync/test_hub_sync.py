"""Two and three laptops with a SQLite hub: what one types reaches the others, nothing lost."""

from __future__ import annotations

from pathlib import Path

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
    import pytest
    from keyring.backends import fail
    from sync_support import open_laptop

    from ciip_desktop.errors import UserError

    laptop = open_laptop(tmp_path, "A")
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(UserError, match="no password keyring"):
        laptop.sync.set_hub_url("postgresql://lina:s3cret@hub.office.local/ciip")
    assert laptop.sync.hub_url() == ""
    laptop.close()
