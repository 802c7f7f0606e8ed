"""No `ciip` command ends in a traceback: one translated line, exit 1 (user) or 2 (usage)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from ciip_run import (
    assert_clean_error,
    ciip_command,
    ciip_env,
    people,
    query,
    run_ciip,
    start_ciip,
    write_csv,
)

from ciip_desktop.cli import main
from ciip_desktop.services.clients.search import ClientSearch

# A client's data, as an exception message might quote it.
QUOTED = "Quixotel Zebulon, born 1977-07-07"


@pytest.fixture
def office(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "office.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    batch = write_csv(tmp_path / "batch.csv", people(3))
    assert main(["--db", str(path), "clients", "import", str(batch)]) == 0
    capsys.readouterr()
    return path


def test_a_non_utf8_byte_in_an_argument_is_a_usage_error(tmp_path: Path, office: Path) -> None:
    result = run_ciip(tmp_path / "home", "--db", str(office), "clients", "find", b"wang\xff")
    err = assert_clean_error(result, code=2)
    assert "QUERY is not valid UTF-8" in err
    assert len(err.strip().splitlines()) == 1


def test_a_non_utf8_file_name_is_shown_escaped(tmp_path: Path, office: Path) -> None:
    missing = str(tmp_path).encode() + b"/r\xe9gistrations.csv"
    result = run_ciip(tmp_path / "home", "--db", str(office), "clients", "import", missing)
    err = assert_clean_error(result, code=1)
    assert "\\udce9" not in err  # shown as the byte it was, not as Python's surrogate
    assert "r\\xe9gistrations.csv" in err


@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-5", "ten", "1" * 5000])
def test_an_impossible_limit_is_a_usage_error(
    office: Path, limit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(office), "clients", "find", "test", "--limit", limit]) == 2
    err = capsys.readouterr().err
    assert "--limit: give a whole number from 1 to 10,000" in err
    assert "Traceback" not in err


def test_the_largest_limit_works(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(office), "clients", "find", "test", "--limit", "10000"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3


@pytest.mark.parametrize("count", ["99999999999999999999", "-1", "1000001"])
def test_an_impossible_demo_size_is_a_usage_error(
    office: Path, count: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(office), "demo", "--clients", count]) == 2
    assert "--clients: give a whole number from 0 to 1,000,000" in capsys.readouterr().err


def test_ctrl_c_exits_130_without_a_traceback(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(ClientSearch, "search", interrupted)
    assert main(["--db", str(office), "clients", "find", "test"]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "ciip: interrupted; nothing more was changed."


def test_ctrl_c_during_a_demo_fill_adds_nothing(tmp_path: Path, office: Path) -> None:
    proc = start_ciip(tmp_path / "home", "--db", str(office), "demo", "--clients", "5000")
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "interrupted" in err
    assert query(office, "SELECT count(*) FROM client") == [(3,)]


def test_an_unexpected_bug_is_one_sentence_naming_the_log_file(
    tmp_path: Path,
    office: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(self: ClientSearch, ids: list[str]) -> object:
        raise ValueError(f"cannot show {QUOTED} ({len(ids)} ids)")

    monkeypatch.setattr(ClientSearch, "summaries", broken)
    assert main(["--db", str(office), "clients", "find", "test"]) == 1
    err = capsys.readouterr().err
    log_file = tmp_path / "home" / "logs" / "ciip-desktop.log"
    assert err.startswith("ciip: an unexpected error stopped the command.")
    assert str(log_file) in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and "ValueError" not in err
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "ValueError" in logged and "in broken" in logged
    assert "Quixotel" not in logged and "1977-07-07" not in logged


def test_an_unusable_home_folder_is_one_sentence(tmp_path: Path) -> None:
    home = tmp_path / "home-is-a-file"
    home.write_text("x", encoding="utf-8")
    result = run_ciip(home, "--db", str(tmp_path / "x.sqlite3"), "init", env=ciip_env(home))
    err = assert_clean_error(result)
    assert str(home) in err
    assert len(err.strip().splitlines()) == 1


def test_a_closed_pipe_ends_quietly(tmp_path: Path, office: Path) -> None:
    import subprocess

    proc = subprocess.Popen(
        ciip_command("--db", str(office), "clients", "find", "test", "--json"),
        env=ciip_env(tmp_path / "home"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # like `ciip … | head -0`
    _out, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err
    assert proc.returncode in (0, 1)
