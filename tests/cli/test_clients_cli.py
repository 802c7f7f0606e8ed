"""`ciip clients …` as an office administrator runs it: import, find, show, update, export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ciip_desktop.cli import main
from ciip_desktop.services.clients.importer import TEMPLATE_COLUMNS

ROWS = [
    {
        "family_name": "Zhang",
        "given_name": "Wei",
        "chinese_name": "张伟",
        "date_of_birth": "1988-05-17",
        "phone": "13800138000",
        "email": "zhang.wei@example.com",
        "registration_channel": "email",
        "received_on": "2025-03-03",
        "signature_on_file": "yes",
        "destination_province": "ON",
        "expected_departure": "2025-09-01",
        "intended_noc": "21231",
    },
    {
        "chinese_name": "欧阳娜娜",
        "phone": "+1 416 555 0123",
        "received_on": "2025-03-04",
        "destination_province": "BC",
    },
    {"family_name": "Li", "given_name": "Na", "received_on": "2025-03-05", "phone": "555"},
]


def write_batch(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(TEMPLATE_COLUMNS), restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "office.sqlite3"


def ciip(db: Path, *args: str) -> int:
    return main(["--db", str(db), "clients", *args])


@pytest.fixture
def imported(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert ciip(db, "import", str(write_batch(tmp_path / "good.csv", ROWS[:2]))) == 0
    capsys.readouterr()
    return db


def test_import_prints_a_summary_and_the_file_numbers(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ciip(db, "import", str(write_batch(tmp_path / "good.csv", ROWS[:2]))) == 0
    out = capsys.readouterr().out
    assert "good.csv: 2 rows, 2 valid, 0 with problems." in out
    assert "Imported 2 clients (GZA-2025-00001 … GZA-2025-00002)." in out


def test_import_with_an_invalid_row_lists_it_and_imports_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_batch(tmp_path / "batch.csv", ROWS)
    assert ciip(db, "import", str(path)) == 1
    captured = capsys.readouterr()
    assert "3 rows, 2 valid, 1 with problems." in captured.out
    assert "row 4: Phone: This is not a valid Chinese or Canadian phone number" in captured.out
    assert captured.err.startswith("ciip: Nothing was imported")
    assert "Traceback" not in captured.err
    assert ciip(db, "find", "zhang") == 0
    assert "No client matches zhang." in capsys.readouterr().out


def test_import_dry_run_and_skip_invalid(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_batch(tmp_path / "batch.csv", ROWS)
    assert ciip(db, "import", str(path), "--dry-run", "--skip-invalid") == 0
    assert "Dry run: nothing was imported." in capsys.readouterr().out
    assert ciip(db, "import", str(path), "--skip-invalid") == 0
    out = capsys.readouterr().out
    assert "row 4:" in out and "Imported 2 clients" in out


def test_import_of_a_wrong_file_is_one_line_on_stderr(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    assert ciip(db, "import", str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith("ciip: notes.txt is not a .csv or .xlsx file")
    assert len(err.strip().splitlines()) == 1
    assert ciip(db, "import", str(tmp_path / "missing.csv")) == 1
    assert "There is no file" in capsys.readouterr().err


def test_find_prints_one_line_per_client(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ciip(imported, "find", "张伟") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == ["GZA-2025-00001\tZHANG, Wei\t张伟\t+86 138 0013 8000\tRegistered"]
    assert ciip(imported, "find", "(416) 555-0123") == 0
    # Imported with only a Chinese name: the Latin names were read from it.
    assert capsys.readouterr().out.startswith(
        "GZA-2025-00002\tOUYANG, Nana\t欧阳娜娜\t+1 416-555-0123"
    )


def test_find_as_json_keeps_chinese_readable(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ciip(imported, "find", "ouyang", "--json", "--limit", "5") == 0
    out = capsys.readouterr().out
    assert "欧阳娜娜" in out
    rows = json.loads(out)
    assert rows[0]["file_no"] == "GZA-2025-00002"
    assert rows[0]["received_on"] == "2025-03-04"
    assert rows[0]["destination_province"] == "BC"


def test_show_prints_the_record_or_json(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ciip(imported, "show", "gza-2025-00001") == 0
    out = capsys.readouterr().out
    assert "ZHANG, Wei (张伟)" in out
    assert "Zhang Wei" in out
    assert ciip(imported, "show", "GZA-2025-00001", "--json") == 0
    detail = json.loads(capsys.readouterr().out)
    assert detail["registration"]["date_of_birth"] == "1988-05-17"
    assert detail["assessment"]["intended_noc"] == "21231"
    assert detail["status_history"][0]["status"] == "registered"


def test_show_an_unknown_file_number(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ciip(imported, "show", "GZA-2025-09999") == 1
    err = capsys.readouterr().err
    assert err.strip() == "ciip: No client has the file number GZA-2025-09999; check the number."


def test_update_is_validated_like_the_form(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ciip(imported, "update", "GZA-2025-00002", "--set", "email=nana@example.com") == 0
    assert "Updated GZA-2025-00002." in capsys.readouterr().out
    assert (
        ciip(
            imported,
            "update",
            "GZA-2025-00002",
            "--set",
            "phone=12",
            "--set",
            "received_on=tomorrow",
            "--set",
            "shoe_size=42",
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.startswith("ciip: The record has 3 problems")
    assert "Phone: This is not a valid" in err
    assert "Date received: This is not a date" in err
    assert "tomorrow" not in err  # what was typed is not repeated
    assert "shoe_size: There is no field named shoe_size" in err
    assert "Traceback" not in err
    assert ciip(imported, "update", "GZA-2025-00002", "--set", "nonsense") == 1
    assert "FIELD=VALUE" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_with_filters(
    imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"export{suffix}"
    assert ciip(imported, "export", "--out", str(out), "--province", "bc") == 0
    assert f"Exported 1 client to {out}." in capsys.readouterr().out
    assert ciip(imported, "export", "--out", str(out), "--status", "registered") == 0
    assert "Exported 2 clients" in capsys.readouterr().out
    # A status nobody has: a filter that was ignored would export both.
    assert ciip(imported, "export", "--out", str(out), "--status", "closed") == 0
    assert "Exported 0 clients" in capsys.readouterr().out
    args = ["--departs-from", "2025-08-01", "--departs-to", "2025-09-30", "--query", "zhang"]
    assert ciip(imported, "export", "--out", str(out), *args) == 0
    assert "Exported 1 client" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "happy"], "happy is not a status"),
        (["--province", "ZZ"], "ZZ is not a Canadian province"),
        (["--departs-from", "01/08/2025"], "--departs-from: The day and month could be either"),
        (["--departs-from", "soon"], "--departs-from: This is not a date"),
        (["--counsellor", "nobody"], "There is no active user named nobody"),
    ],
)
def test_export_with_a_bad_option_says_what_is_wrong(
    imported: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert ciip(imported, "export", "--out", str(tmp_path / "x.csv"), *args) == 1
    err = capsys.readouterr().err
    assert err.startswith("ciip: ") and message in err


def test_template_writes_the_import_header(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "template.csv"
    assert ciip(db, "template", "--out", str(out)) == 0
    assert "Wrote the import template" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8-sig").strip() == ",".join(TEMPLATE_COLUMNS)
    assert ciip(db, "template", "--out", str(tmp_path / "template.pdf")) == 1


def test_clients_without_a_subcommand_is_a_usage_error(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ciip(db) == 2
    assert "usage" in capsys.readouterr().err
