"""Data never reaches the terminal as a raw escape sequence, control or bidi override.

A record can hold such characters (an older release, a sync from elsewhere, a hand-edited
file); whatever stdout is, `ciip` shows them as visible escapes, and its JSON stays exact.
"""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import unicodedata
from pathlib import Path

import pytest
from ciip_run import ciip_command, ciip_env, people, write_csv

from ciip_desktop.cli import main
from ciip_desktop.cli.output import visible

HOSTILE_FAMILY = "Test\x1b[2J\x1b]0;pwned\x07"
HOSTILE_GIVEN = "Person00000\u202eevil\x9b31m"
HOSTILE_STEP = "Call back\rOVERWRITTEN\x00\x85"


def _raw_controls(text: str) -> list[str]:
    """Characters that would act on a terminal (line breaks and tabs are the output's own)."""
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
    return [
        ch
        for ch in text
        if ch not in "\n\t" and (unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in bidi)
    ]


@pytest.fixture
def hostile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "office.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert (
        main(
            ["--db", str(path), "clients", "import", str(write_csv(tmp_path / "b.csv", people(1)))]
        )
        == 0
    )
    con = sqlite3.connect(path)
    con.execute(
        "UPDATE client SET family_name = ?, given_name = ?", (HOSTILE_FAMILY, HOSTILE_GIVEN)
    )
    (client_id,) = con.execute("SELECT id FROM client").fetchone()
    con.execute(
        "INSERT INTO action_step (id, client_id, text, due_on, done, created_at, updated_at,"
        " hlc, deleted) VALUES ('s1', ?, ?, '2026-04-01', 0, '2026-03-02', '2026-03-02', '', 0)",
        (client_id, HOSTILE_STEP),
    )
    con.commit()
    con.close()
    capsys.readouterr()
    return path


def test_find_and_show_print_escapes_visibly_when_piped(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(hostile), "clients", "find", "test"]) == 0
    found = capsys.readouterr().out
    assert _raw_controls(found) == []
    assert "TEST\\x1b[2J\\x1b]0;PWNED\\x07" in found  # the family name is shown in capitals
    assert "Person00000\\u202eevil\\x9b31m" in found
    file_no = found.split("\t", 1)[0]
    assert main(["--db", str(hostile), "clients", "show", file_no]) == 0
    shown = capsys.readouterr().out
    assert _raw_controls(shown) == []
    assert "Call back\\rOVERWRITTEN\\x00\\x85" in shown


def test_json_output_is_exact_and_safe(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(hostile), "clients", "find", "test", "--json"]) == 0
    text = capsys.readouterr().out
    assert _raw_controls(text) == []
    (row,) = json.loads(text)
    assert row["family_name"] == HOSTILE_FAMILY
    assert row["given_name"] == HOSTILE_GIVEN
    assert main(["--db", str(hostile), "clients", "show", row["file_no"], "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert [s["text"] for s in detail["action_steps"]] == [HOSTILE_STEP]


def test_an_argument_echoed_back_is_made_visible(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(hostile), "clients", "find", "nobody\x1b[31m"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "No client matches nobody\\x1b[31m."
    assert main(["--db", str(hostile), "clients", "show", "GZA\x1b[5m"]) == 1
    assert _raw_controls(capsys.readouterr().err) == []
    assert main(["--db", str(hostile), "clients", "find", "x", "--limit", "\x1b[8m"]) == 2
    assert _raw_controls(capsys.readouterr().err) == []


def test_on_a_real_terminal_too(hostile: Path, tmp_path: Path) -> None:
    """stdout is a pseudo-terminal: the bytes the terminal receives hold no escape."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            ciip_command("--db", str(hostile), "clients", "find", "test"),
            env=ciip_env(tmp_path / "home"),
            stdout=follower,
            stderr=subprocess.DEVNULL,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
    finally:
        os.close(leader)
    received = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 0
    assert "\\x1b[2J" in received
    assert _raw_controls(received.replace("\r\n", "\n")) == []


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "\\x1b[31mred"),
        ("a\u2028b", "a\\u2028b"),
        ("\udcff", "\\xff"),
        ("王芳 Émilie", "王芳 Émilie"),
        ("tab\there", "tab\\there"),
    ],
)
def test_visible(raw: str, shown: str) -> None:
    assert visible(raw) == shown
