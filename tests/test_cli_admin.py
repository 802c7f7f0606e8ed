"""`ciip init` and `ciip demo` as an administrator would run them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ciip_desktop.cli import main


def test_init_creates_a_database_then_finds_it_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "office" / "ciip.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert "Created a new CIIP database" in capsys.readouterr().out
    assert main(["--db", str(path), "init"]) == 0
    assert "is up to date" in capsys.readouterr().out


def test_init_on_a_file_that_is_not_a_database_exits_1_and_leaves_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "minutes.sqlite3"
    path.write_text("Minutes of the staff meeting\n", encoding="utf-8")
    assert main(["--db", str(path), "init"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("ciip: ")
    assert "is not a CIIP Desktop database" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == "Minutes of the staff meeting\n"


def test_the_database_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("CIIP_DB", str(path))
    assert main(["init"]) == 0
    assert path.exists()


def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


def test_a_bad_device_code_is_a_user_error(tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "x.sqlite3"), "init", "--device-code", "7!"]) == 1


def test_demo_fills_the_database_the_same_way_for_the_same_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = []
    for name in ("a.sqlite3", "b.sqlite3"):
        path = tmp_path / name
        assert main(["--db", str(path), "init"]) == 0
        assert main(["--db", str(path), "demo", "--clients", "120", "--seed", "7"]) == 0
        assert "Added 120 demo clients" in capsys.readouterr().out
        con = sqlite3.connect(path)
        rows.append(
            con.execute(
                "SELECT file_no, chinese_name, family_name, given_name, phone, status"
                " FROM client ORDER BY file_no"
            ).fetchall()
        )
    assert len(rows[0]) == 120
    assert rows[0] == rows[1]
    chinese = [r[1] for r in rows[0]]
    assert all(len(c) >= 2 for c in chinese)
    assert {r[5] for r in rows[0]} >= {"registered", "assessed"}
    assert rows[0][0][0].startswith("GZA-")


def test_demo_rejects_a_negative_count(tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "x.sqlite3"), "demo", "--clients", "-3"]) == 2


def test_demo_clients_pass_the_same_checks_as_a_typed_registration(tmp_path: Path) -> None:
    """Demo data is re-importable: every phone and e-mail is one the form would accept."""
    from ciip_desktop.services.clients.contact import normalise_phone

    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "demo", "--clients", "400", "--seed", "3"]) == 0
    phones = [r[0] for r in sqlite3.connect(path).execute("SELECT phone FROM client")]
    assert len(phones) == 400
    assert all(normalise_phone(p) == p for p in phones)
