"""Two and three laptops with a SQLite hub: what one types reaches the others, nothing lost."""

from __future__ import annotations

from pathlib import Path

from sync_support import office, snapshot

from ciip_desktop.models import Venue


def test_a_venue_added_on_one_laptop_reaches_the_other(tmp_path: Path) -> None:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    venue = a.add_venue("Bank of China, Chaoyang branch")
    report = a.sync.sync_now()
    assert report.pushed >= 1
    report = b.sync.sync_now()
    assert report.applied >= 1 and report.refused == 0
    assert b.get(Venue, venue).name == "Bank of China, Chaoyang branch"
    a.sync.sync_now()
    assert snapshot(a) == snapshot(b)
    assert a.sync.pending_changes() == 0 and b.sync.pending_changes() == 0
