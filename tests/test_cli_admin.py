"""`ciip init` and `ciip demo` as an administrator would run them."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest

from ciip_desktop.cli import main

SHANGHAI = ZoneInfo("Asia/Shanghai")


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


def test_demo_rejects_a_negative_count_as_wrong_usage(tmp_path: Path) -> None:
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


def _first_file_no(path: Path, tmp_path: Path, name: str) -> str:
    batch = tmp_path / f"{name}.csv"
    batch.write_text(
        "family_name,given_name,phone,received_on\nZhou,Min,13912345678,2026-03-02\n",
        encoding="utf-8",
    )
    assert main(["--db", str(path), "clients", "import", str(batch)]) == 0
    (file_no,) = sqlite3.connect(path).execute("SELECT file_no FROM client").fetchone()
    return str(file_no)


def test_init_without_a_device_code_enrols_the_laptop_as_a(tmp_path: Path) -> None:
    """The default is what most laptops get: nothing passed, letter A in every number."""
    path = tmp_path / "default.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert _first_file_no(path, tmp_path, "default").startswith("GZA-")


def test_a_device_code_given_in_lower_case_is_used_in_capitals(tmp_path: Path) -> None:
    path = tmp_path / "second-laptop.sqlite3"
    assert main(["--db", str(path), "init", "--device-code", "b"]) == 0
    assert _first_file_no(path, tmp_path, "second").startswith("GZB-")


@pytest.mark.parametrize("code", ["7!", "ABCD", "", "A\nB"])
def test_a_device_code_that_is_not_one_to_three_letters_is_refused(
    tmp_path: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.sqlite3"
    assert main(["--db", str(path), "init", "--device-code", code]) == 1
    assert "one to three letters" in capsys.readouterr().err
    assert not path.exists()


@pytest.fixture(scope="module")
def demo_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CIIP_HOME", str(folder / "home"))
        assert main(["--db", str(path), "init"]) == 0
        assert main(["--db", str(path), "demo", "--clients", "600", "--seed", "5"]) == 0
    return path


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _office_time(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone(SHANGHAI)


def test_demo_status_changes_happen_in_office_hours_on_working_days(demo_office: Path) -> None:
    cn_holidays = holidays.country_holidays("CN", years=range(2024, date.today().year + 2))
    stored = _rows(demo_office, "SELECT changed_at FROM client_status_change")
    moments = [_office_time(r[0]) for r in stored]
    assert len(moments) > 600
    for moment in moments:
        assert moment.weekday() < 5, moment
        assert moment.date() not in cn_holidays, moment
        assert time(9, 0) <= moment.time() <= time(17, 30), moment
    assert len({m.date() for m in moments}) > 120  # spread over many days, not one batch
    assert max(moments) <= datetime.now(UTC)


def test_demo_histories_run_in_order_from_the_registration(demo_office: Path) -> None:
    # A phone session's package comes before it; a client never reached withdraws.
    order = ["registered", "assessed", "package_ready", "group_attended", "one_on_one_done"]
    order.append("withdrawn")
    received = dict(_rows(demo_office, "SELECT id, received_on FROM client"))
    status = dict(_rows(demo_office, "SELECT id, status FROM client"))
    history: dict[str, list[tuple[str, str]]] = {}
    for client_id, changed_at, step in _rows(
        demo_office, "SELECT client_id, changed_at, status FROM client_status_change"
    ):
        history.setdefault(client_id, []).append((changed_at, step))
    assert set(history) == set(received)
    for client_id, changes in history.items():
        changes.sort()
        steps = [s for _t, s in changes]
        assert steps[0] == "registered" and steps == sorted(steps, key=order.index), steps
        assert len(set(steps)) == len(steps), steps
        assert len({t for t, _s in changes}) == len(changes)  # no two at the same moment
        assert _office_time(changes[0][0]).date() == date.fromisoformat(received[client_id])
        assert status[client_id] == steps[-1]


def test_demo_action_steps_are_consistent(demo_office: Path) -> None:
    steps = _rows(demo_office, "SELECT done, done_on, created_at, due_on FROM action_step")
    assert steps
    done = [s for s in steps if s[0]]
    assert done and len(done) < len(steps)  # some done, some still open
    for is_done, done_on, created_at, _due in steps:
        if not is_done:
            assert done_on is None
            continue
        assert done_on is not None
        assert date.fromisoformat(done_on) > _office_time(created_at).date()
        assert date.fromisoformat(done_on) < date.today() + timedelta(days=1)


def test_a_cancelled_demo_fill_leaves_no_demo_client(tmp_path: Path) -> None:
    from ciip_desktop.services.context import Actor, ServiceContext
    from ciip_desktop.services.demo import BATCH, DemoService
    from ciip_desktop.store import Database

    db = Database.open(tmp_path / "office.sqlite3")
    try:
        calls: list[int] = []

        def cancel_after_first_batch(done: int, _total: int) -> bool:
            calls.append(done)
            return False

        summary = DemoService(ServiceContext.open(db)).fill(
            Actor.system(), BATCH + 10, progress=cancel_after_first_batch
        )
    finally:
        db.close()
    assert calls == [BATCH]  # a whole batch was written before the cancel…
    assert summary.clients == 0
    path = tmp_path / "office.sqlite3"
    assert _rows(path, "SELECT count(*) FROM client") == [(0,)]  # …and rolled back
    assert _rows(path, "SELECT count(*) FROM counsellor") == [(0,)]


def test_help_is_translated_down_to_the_argparse_headings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--lang", "zh_CN", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：ciip")
    assert "位置参数" in out and "选项" in out
    assert "显示此帮助信息并退出" in out and "显示程序版本号并退出" in out
    assert "usage:" not in out and "options:" not in out


def test_usage_errors_are_translated_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "fr_CA", "clients", "find"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : ciip clients find")
    assert "erreur : les arguments suivants sont requis : QUERY" in err
    assert main(["--lang", "fr_CA", "clients", "find", "x", "--limit", "0"]) == 2
    assert "indiquez un nombre entier de 1 à 10" in capsys.readouterr().err


def test_help_in_english_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: ciip") and "show this help message and exit" in out


def _commands_and_options(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    """Every subcommand (as `clients find`) and every option string of ``parser``."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.add(f"{prefix}{name}")
                found |= _commands_and_options(sub, f"{prefix}{name} ")
        else:
            found |= {o for o in action.option_strings if o.startswith("--") and o != "--help"}
    return found


def test_the_readme_lists_every_command_and_option() -> None:
    from ciip_desktop.app import build_parser as desktop_parser
    from ciip_desktop.cli.main import build_parser

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    wanted = _commands_and_options(build_parser()) | _commands_and_options(desktop_parser())
    missing = sorted(w for w in wanted if f"`{w}" not in section and f" {w} " not in section)
    assert missing == []
