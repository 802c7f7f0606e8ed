"""Enrolled laptops keep an old personal value only while sync needs it (issue 17): until
the hub has it and every laptop has pulled past it; then only the current value remains."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sync_support import Laptop, office, snapshot

from ciip_desktop.models import Client


def phone(i: int) -> str:
    return f"+861390000{7000 + i:04d}"


def in_file(path: Path, values: list[str]) -> list[str]:
    con = sqlite3.connect(path)
    try:
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    data += wal.read_bytes() if wal.exists() else b""
    return [v for v in values if v.encode() in data]


def sync_all(*laptops: Laptop) -> None:
    for laptop in laptops:
        laptop.sync.sync_now()


def test_old_phones_stay_until_every_laptop_pulled_past_them_then_only_the_current_remains(
    tmp_path: Path,
) -> None:
    hub_url = str(tmp_path / "hub.sqlite3")
    a, b = office(tmp_path, hub_url, ("A", "B"))
    client = a.add_client("GZA-2026-00001", family_name="Trimwell", phone=phone(0))
    sync_all(a, b)
    for i in range(1, 21):
        a.edit(Client, client, phone=phone(i))
        if i % 5 == 0:
            sync_all(a, b)  # some values travel, others are replaced before they do
    old = [phone(i) for i in range(20)]
    # Not yet pulled by B: A's log must still carry what B lacks.
    a.edit(Client, client, family_name="Trimwell-Ng")
    assert in_file(a.db.path, ["Trimwell"]) == ["Trimwell"]

    sync_all(a, b, a)  # A pushes, B pulls, A learns that B pulled past everything
    assert b.get(Client, client).phone == phone(20)
    assert b.get(Client, client).family_name == "Trimwell-Ng"
    assert in_file(a.db.path, old) == []
    assert in_file(a.db.path, [phone(20), "Trimwell-Ng"]) == [phone(20), "Trimwell-Ng"]
    sync_all(b)
    assert in_file(b.db.path, old) == []
    assert snapshot(a) == snapshot(b)

    # The replicas still merge: a later edit on B reaches A.
    b.edit(Client, client, phone=phone(21))
    sync_all(b, a)
    assert a.get(Client, client).phone == phone(21)
    assert snapshot(a) == snapshot(b)


def test_an_enrolled_laptop_keeps_replaced_values_it_has_not_sent(tmp_path: Path) -> None:
    hub_url = str(tmp_path / "hub.sqlite3")
    (a,) = office(tmp_path, hub_url, ("A",))
    client = a.add_client("GZA-2026-00001", family_name="Keepme", phone=phone(0))
    a.edit(Client, client, phone=phone(1))
    # Never sent: the hub and the other laptops will need the whole history.
    assert in_file(a.db.path, [phone(0), phone(1)]) == [phone(0), phone(1)]
