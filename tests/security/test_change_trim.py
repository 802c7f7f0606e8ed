"""A never-enrolled laptop keeps no replaced personal value in its change log (issue 17)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from ciip_desktop.models import Client
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.fields.declaration import FIELDS
from ciip_desktop.services.clients.types import RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.security.change_trim import personal_fields


def phone(i: int) -> str:
    return f"+86 139 {i:04d} {7000 + i:04d}"


def stored_phone(i: int) -> str:  # E.164, as the record keeps it
    return phone(i).replace(" ", "")


def file_bytes_after_vacuum(path: Path) -> bytes:
    con = sqlite3.connect(path)
    try:
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_the_personal_fields_come_from_the_declaration() -> None:
    declared = {f.name for f in FIELDS if f.personal}
    assert personal_fields()["client"] == declared
    assert {"family_name", "phone", "email", "date_of_birth", "notes"} <= declared
    assert "file_no" not in declared and "status" not in declared


def test_a_phone_changed_20_times_leaves_only_the_current_one_in_the_file(
    services: Services,
) -> None:
    actor = Actor.system()
    first = RegistrationInput(
        family_name="Oldname",
        given_name="Firstgiven",
        phone=phone(0),
        email="first.address@example.org",
        date_of_birth=date(1971, 1, 13),
        notes="First note: moving to Halifax",
        received_on=date(2026, 3, 2),
    )
    client = services.clients.register(actor, first)
    for i in range(1, 21):
        services.clients.update(actor, client.id, {"phone": phone(i)})
    services.clients.update(
        actor,
        client.id,
        {
            "family_name": "Newname",
            "email": "second.address@example.org",
            "date_of_birth": date(1972, 2, 24),
            "notes": "Second note",
        },
    )
    detail = services.clients.get(actor, client.id)
    assert detail.registration.phone == stored_phone(20)

    data = file_bytes_after_vacuum(services.ctx.db.path)
    gone = [stored_phone(i) for i in range(20)] + [phone(i) for i in range(20)]
    gone += ["Oldname", "first.address", "1971-01-13", "Halifax"]
    assert [value for value in gone if value.encode() in data] == []
    for value in (stored_phone(20), "Newname", "second.address", "1972-02-24", "Second note"):
        assert value.encode() in data
    # The records stay, with their ids and stamps: only the old values are blank.
    con = sqlite3.connect(services.ctx.db.path)
    try:
        records = con.execute(
            "SELECT hlc, new_value FROM change_log WHERE row_id=? AND field='phone' ORDER BY hlc",
            (client.id,),
        ).fetchall()
    finally:
        con.close()
    assert len(records) == 20
    assert [value for _hlc, value in records] == ['""'] * 19 + [f'"{stored_phone(20)}"']
    assert all(hlc for hlc, _value in records)
    # Untouched fields keep their value in the insert record (no newer value replaced them).
    assert b"Firstgiven" in data


def test_values_replaced_before_this_release_are_swept_at_the_first_edit(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    """A database whose log already holds replaced values (written without the hook, as an
    earlier release did): the first edit through the services blanks them all."""
    with ctx.write(Actor.system()) as session:
        old = Client(file_no="GZA-2026-00001", office_id=ctx.replica.office_id)
        old.family_name, old.given_name, old.phone = "Earlier", "Release", stored_phone(0)
        other = Client(file_no="GZA-2026-00002", office_id=ctx.replica.office_id)
        other.family_name, other.given_name = "Untouched", "Row"
        session.add_all([old, other])
    for i in range(1, 4):
        with ctx.write(Actor.system()) as session:
            row = session.get(Client, old.id)
            assert row is not None
            row.phone = stored_phone(i)
    assert stored_phone(0).encode() in file_bytes_after_vacuum(ctx.db.path)

    Services.build(ctx)  # as the app and `ciip` open a database: the hook is installed
    with ctx.write(Actor.system()) as session:
        row = session.get(Client, other.id)
        assert row is not None
        row.notes = "first edit after the upgrade, of another client"
    data = file_bytes_after_vacuum(ctx.db.path)
    assert [stored_phone(i) for i in range(3) if stored_phone(i).encode() in data] == []
    assert stored_phone(3).encode() in data
