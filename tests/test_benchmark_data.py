"""The bulk-built benchmark databases hold valid offices: what the services read and write."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from benchmarks.bulk_data import build
from ciip_desktop.models import Client, ClientStatusChange
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.file_numbers import next_file_numbers
from ciip_desktop.services.clients.types import ClientFilter
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.store import Database
from ciip_desktop.sync.capture import ROW_INSERT


def test_a_bulk_built_office_is_found_read_and_extended_by_the_services(tmp_path: Path) -> None:
    path = tmp_path / "bulk.sqlite3"
    build(path, 300, seed=3)

    con = sqlite3.connect(path)
    chinese, phone, file_no, client_id = con.execute(
        "SELECT chinese_name, phone, file_no, id FROM client ORDER BY file_no LIMIT 1 OFFSET 123"
    ).fetchone()
    logged = {
        table: count
        for table, count in con.execute(
            "SELECT table_name, count(*) FROM change_log WHERE field = ? GROUP BY table_name",
            (ROW_INSERT,),
        )
    }
    (record,) = con.execute(
        "SELECT new_value FROM change_log WHERE row_id = ? AND field = ?", (client_id, ROW_INSERT)
    ).fetchone()
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    assert logged[Client.__tablename__] == 300
    assert logged[ClientStatusChange.__tablename__] == 300
    assert json.loads(record)["chinese_name"] == chinese

    db = Database.open(path)
    try:
        ctx = ServiceContext.open(db)
        services = Services.build(ctx)
        for query in (chinese, phone, file_no):
            assert services.search.search(ClientFilter(text=query), limit=5)[0] == client_id
        assert len(services.search.list_ids(ClientFilter(), sort="file_no", descending=True)) == 300
        with ctx.read() as session:
            client = session.get(Client, client_id)
            assert client is not None
            assert client.received_on is not None and client.date_of_birth is not None
            assert client.created_at.tzinfo is not None
        # The next client registered on this laptop continues the bulk-built numbering.
        with ctx.write(ctx.counsellor_actor()) as session:
            (number,) = next_file_numbers(
                session, ctx.replica.office_code, ctx.replica.device_code, int(file_no[4:8])
            )
        assert number.endswith("-00301")
    finally:
        db.close()
