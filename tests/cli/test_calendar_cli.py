"""`ciip calendar …` as a counsellor or the office runs it: list, export .ics, rosters."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import vobject
from pypdf import PdfReader

from ciip_desktop.cli import main


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    db = str(tmp_path / "office.sqlite3")
    assert main(["--db", db, "demo", "--clients", "120"]) == 0
    return db


def sessions(db: str, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, object]]:
    capsys.readouterr()
    today = date.today()
    period = ["--from", (today - timedelta(days=60)).isoformat()]
    period += ["--to", (today + timedelta(days=45)).isoformat()]
    assert main(["--db", db, "calendar", "list", *period, "--json", *extra]) == 0
    found: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return found


def test_the_demo_calendar_lists_past_and_coming_sessions_in_three_cities(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = sessions(demo_db, capsys)
    groups = [s for s in found if s["kind"] == "group"]
    assert {s["city"] for s in groups} == {"Guangzhou", "Beijing", "Shanghai"}
    assert {"held", "planned"} <= {s["status"] for s in groups}
    assert any(s["kind"] == "one_on_one" for s in found)
    phone = [s for s in found if s["kind"] == "phone"]
    assert phone and all(str(s["client_starts_at"]).endswith(("-05:00", "-08:00", "-07:00",
                                                             "-06:00", "-04:00", "-03:30"))
                         for s in phone)  # fmt: skip
    assert all(str(s["starts_at"]).endswith("+08:00") for s in found)


def test_list_filters_by_counsellor_and_refuses_an_unknown_one(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = sessions(demo_db, capsys, "--counsellor", "lina")
    assert mine and all("Li Na" in (s["lead"], *s["support"]) for s in mine)  # type: ignore[misc]
    today = date.today().isoformat()
    code = main(["--db", demo_db, "calendar", "list", "--from", today, "--counsellor", "nobody"])
    assert code == 1
    assert "There is no active user named nobody." in capsys.readouterr().err


def test_export_writes_an_ics_that_reads_back(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lina.ics"
    today = date.today()
    args = ["--from", today.isoformat(), "--to", (today + timedelta(days=30)).isoformat()]
    assert main(["--db", demo_db, "calendar", "export", "--counsellor", "lina", *args,
                 "--out", str(out)]) == 0  # fmt: skip
    parsed = vobject.readOne(out.read_text(encoding="utf-8"))
    listed = sessions(demo_db, capsys, "--counsellor", "lina")
    coming = [s for s in listed if str(s["starts_at"]) >= today.isoformat()]
    assert len(parsed.vevent_list) >= 1
    assert {e.uid.value.split("@")[0] for e in parsed.vevent_list} <= {s["id"] for s in listed}
    assert coming


def test_roster_exports_csv_and_pdf_and_refuses_other_files(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = next(s for s in sessions(demo_db, capsys) if s["kind"] == "group" and s["enrolled"])
    csv_out, pdf_out = tmp_path / "roster.csv", tmp_path / "roster.pdf"
    assert (
        main(["--db", demo_db, "calendar", "roster", str(group["id"]), "--out", str(csv_out)]) == 0
    )
    assert len(csv_out.read_text(encoding="utf-8-sig").splitlines()) == int(group["enrolled"]) + 1  # type: ignore[call-overload]
    assert main(["--db", demo_db, "calendar", "roster", str(group["id"]), "--out", str(pdf_out),
                 "--sign-in"]) == 0  # fmt: skip
    assert "Sign-in sheet" in PdfReader(pdf_out).pages[0].extract_text()
    capsys.readouterr()
    assert main(["--db", demo_db, "calendar", "roster", str(group["id"]), "--out", "x.txt"]) == 1
    assert "Give a .csv or .pdf file" in capsys.readouterr().err
