"""Issued PDFs kept byte for byte outside the synced rows: the change log carries the hash and
the printed content, this laptop keeps the bytes, another laptop lays them out again."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from package_support import engineer
from sqlalchemy import create_engine, select

from ciip_desktop.documents import package_pdf
from ciip_desktop.errors import UserError
from ciip_desktop.models import ChangeRecord, PackagePdf
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store import Database
from ciip_desktop.store.migrate import alembic_config

PDF_MAGIC_BASE64 = "JVBERi0"  # "%PDF-" in base64


def _forget_local_copy(services: Services, actor: Actor, sha: str) -> None:
    """What a laptop that received the issued row through sync has: the row, not the bytes."""
    with services.ctx.write(actor) as session:
        session.delete(session.get(PackagePdf, sha))


def test_an_issued_pdf_reads_back_byte_for_byte_and_the_change_log_has_no_pdf(
    services: Services, counsellor: Actor
) -> None:
    client_id = engineer(services, counsellor)
    issued = services.issuer.issue(counsellor, services.packages.propose(client_id, "bilingual"))
    pdf = services.issuer.snapshot(issued.id)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    assert services.issuer.snapshot(issued.id) == pdf  # the same bytes every time

    with services.ctx.read() as session:
        kept = session.get(PackagePdf, issued.pdf_sha256)
        assert kept is not None and kept.pdf == pdf
        changes = session.scalars(
            select(ChangeRecord).where(
                ChangeRecord.table_name == "info_package", ChangeRecord.row_id == issued.id
            )
        ).all()
    assert changes  # the issued version itself syncs
    for change in changes:
        assert PDF_MAGIC_BASE64 not in change.new_value and "%PDF" not in change.new_value
        value = json.loads(change.new_value)
        if isinstance(value, dict):  # the new row, every column
            assert value["pdf"] == "" and value["pdf_sha256"] == issued.pdf_sha256
            assert "Licence in Ontario" in value["document"]  # what was printed, as text
    assert sum(len(c.new_value) for c in changes) < len(pdf)


def test_another_laptop_lays_the_issued_version_out_again_and_checks_its_hash(
    services: Services, counsellor: Actor
) -> None:
    client_id = engineer(services, counsellor)
    issued = services.issuer.issue(counsellor, services.packages.propose(client_id, "fr_zh"))
    pdf = services.issuer.snapshot(issued.id)
    _forget_local_copy(services, counsellor, issued.pdf_sha256)
    assert services.issuer.snapshot(issued.id) == pdf
    message = services.issuer.email_message(issued.id, "Li Na <lina@ciip.example>")
    assert base64.b64encode(pdf)[:60] in message.replace(b"\n", b"")


def test_a_version_that_lays_out_differently_here_says_where_its_copy_is(
    services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id = engineer(services, counsellor)
    issued = services.issuer.issue(counsellor, services.packages.propose(client_id))
    _forget_local_copy(services, counsellor, issued.pdf_sha256)
    monkeypatch.setattr(package_pdf, "MARGIN", package_pdf.MARGIN + 1)  # another release
    with pytest.raises(UserError, match="kept on the laptop that issued it"):
        services.issuer.snapshot(issued.id)


def test_pdfs_issued_before_leave_the_synced_rows_when_the_database_is_upgraded(
    tmp_path: Path,
) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0005_sync")
    engine.dispose()
    pdf = b"%PDF-1.4\n% issued by the release before\n%%EOF\n"
    sha = hashlib.sha256(pdf).hexdigest()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO info_package (id, client_id, version, language, paper, note, contents,"
        " issued_at, channel, pdf_sha256, pdf, created_at, updated_at, hlc, deleted) VALUES"
        " ('p1', 'c1', 1, 'en', 'a4', '', '[]', '2026-01-05', 'print', ?, ?, '2026-01-05',"
        " '2026-01-05', '', 0)",
        (sha, base64.b64encode(pdf).decode("ascii")),
    )
    con.commit()
    con.close()

    db = Database.open(path, backup_dir=tmp_path / "backups")
    try:
        services = Services.build(ServiceContext.open(db))
        assert services.issuer.snapshot("p1") == pdf
    finally:
        db.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT pdf, pdf_sha256 FROM info_package").fetchall() == [("", sha)]
    assert con.execute("SELECT sha256, pdf FROM package_pdf").fetchall() == [(sha, pdf)]
    con.close()
