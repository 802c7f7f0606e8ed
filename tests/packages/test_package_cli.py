"""`ciip package build|batch` and `ciip library export|import` as an administrator runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from package_support import engineer

from ciip_desktop.cli import main
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.store import Database


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, str]:
    """A database with one assessed civil engineer; its path and the client's file number."""
    path = tmp_path / "office.sqlite3"
    db = Database.open(path)
    ctx = ServiceContext.open(db)
    services = Services.build(ctx)
    client_id = engineer(services, ctx.counsellor_actor())
    file_no = services.clients.get(ctx.counsellor_actor(), client_id).file_no
    db.close()
    return path, file_no


def test_build_writes_the_pdf_and_issue_keeps_a_version(
    office: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, file_no = office
    out = tmp_path / "p.pdf"
    args = ["--db", str(db), "package", "build", file_no, "--lang", "zh_CN", "--paper", "letter"]
    assert main([*args, "--out", str(out)]) == 0
    assert f"Wrote {file_no}'s package" in capsys.readouterr().out
    reader = pypdf.PdfReader(out)
    assert "王伟" in reader.pages[0].extract_text()
    assert round(float(reader.pages[0].mediabox[2])) == 612
    assert main([*args, "--out", str(out), "--issue"]) == 0
    assert f"Issued version 1 of {file_no}'s package" in capsys.readouterr().out


def test_unknown_file_number_and_wrong_usage(
    office: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _file_no = office
    out = str(tmp_path / "x.pdf")
    assert main(["--db", str(db), "package", "build", "GZA-1999-00001", "--out", out]) == 1
    assert capsys.readouterr().err.startswith("ciip: No client has the file number")
    assert main(["--db", str(db), "package", "build", "X", "--lang", "de", "--out", out]) == 2


def test_batch_without_attendees_says_so(
    office: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _file_no = office
    args = ["--db", str(db), "package", "batch", "--session", "2026-01-05"]
    assert main([*args, "--out-dir", str(tmp_path / "out")]) == 1
    assert "No attendees are recorded for the group session 2026-01-05" in capsys.readouterr().err


def test_library_export_and_import(
    office: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _file_no = office
    path = tmp_path / "library.json"
    assert main(["--db", str(db), "library", "export", str(path)]) == 0
    assert "Exported 77 library items." in capsys.readouterr().out
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][0]["title_zh"] = "新标题"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(db), "library", "import", str(path)]) == 0
    assert "Added or changed 1 library item." in capsys.readouterr().out
