"""Random bytes, random CSV and random small workbooks fed to `ciip clients import FILE`.

Whatever the file, the command ends with exit 0, 1 or 2, never a traceback nor an
"unexpected error", and a refused import leaves the database exactly as it was.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from ciip_run import COLUMNS, people, query, run_ciip, write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ciip_desktop.cli import main

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADERS = st.lists(
    st.one_of(st.sampled_from(COLUMNS), st.text(max_size=12)), min_size=1, max_size=8
)
CELL_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def _state(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


@pytest.fixture
def office(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite3"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--db", str(path), "init"]) == 0
        first = write_csv(tmp_path / "a.csv", people(2))
        assert main(["--db", str(path), "clients", "import", str(first)]) == 0
    return path


def _import(office: Path, file: Path, *options: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    before = _state(office)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(office), "clients", "import", str(file), *options])
    assert code in (0, 1, 2), (code, err.getvalue())
    assert "Traceback" not in err.getvalue()
    assert "unexpected error" not in err.getvalue(), err.getvalue()
    if code != 0 or "--dry-run" in options:
        assert _state(office) == before
    return code, out.getvalue(), err.getvalue()


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes(office: Path, tmp_path: Path, data: bytes, suffix: str) -> None:
    file = tmp_path / f"random{suffix}"
    file.write_bytes(data)
    _import(office, file)


@FUZZ
@given(
    header=HEADERS,
    rows=st.lists(st.lists(CELL_TEXT, max_size=9), max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
    dry_run=st.booleans(),
)
def test_random_csv(
    office: Path,
    tmp_path: Path,
    header: list[str],
    rows: list[list[str]],
    encoding: str,
    dry_run: bool,
) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    file = tmp_path / "random.csv"
    try:
        file.write_bytes(text.getvalue().encode(encoding))
    except UnicodeEncodeError:
        file.write_bytes(text.getvalue().encode("utf-8"))
    _import(office, file, *(["--dry-run"] if dry_run else []))


CELL = st.one_of(
    st.none(),
    CELL_TEXT.map(lambda s: "".join(ch for ch in s if ch >= " " or ch in "\t\n\r")),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.booleans(),
)


@FUZZ
@given(
    header=HEADERS,
    rows=st.lists(st.lists(CELL, max_size=9), max_size=8),
    skip_invalid=st.booleans(),
)
def test_random_workbooks(
    office: Path, tmp_path: Path, header: list[str], rows: list[list[object]], skip_invalid: bool
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    clean_header = ["".join(ch for ch in h if ch >= " ") for h in header]
    sheet.append(clean_header)
    for row in rows:
        sheet.append(row)
    file = tmp_path / "random.xlsx"
    book.save(file)
    _import(office, file, *(["--skip-invalid"] if skip_invalid else []))


@pytest.mark.parametrize(
    "content",
    [b"\x00\xff\xfe garbage \x1b[2J", b"PK\x03\x04" + bytes(300), '名,姓\n"unclosed\n'.encode()],
    ids=["binary", "broken-zip", "unbalanced-quote"],
)
def test_hostile_files_through_the_real_command(
    office: Path, tmp_path: Path, content: bytes
) -> None:
    file = tmp_path / "hostile.xlsx" if content.startswith(b"PK") else tmp_path / "hostile.csv"
    file.write_bytes(content)
    before = _state(office)
    result = run_ciip(tmp_path / "home", "--db", str(office), "clients", "import", str(file))
    assert result.returncode in (0, 1, 2)
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr + result.stdout
    if result.returncode:
        assert _state(office) == before


@settings(FUZZ, max_examples=12)
@given(
    changes=st.lists(st.tuples(st.integers(0, 2), st.sampled_from(COLUMNS), CELL_TEXT), max_size=6),
    skip_invalid=st.booleans(),
)
def test_random_changes_to_a_valid_batch(
    office: Path,
    tmp_path: Path,
    changes: list[tuple[int, str, str]],
    skip_invalid: bool,
) -> None:
    """Mostly valid rows with a few cells replaced: some imports succeed, some are refused."""
    rows = people(3, start=len(list(tmp_path.glob("*.csv"))) * 3 + 100)
    for row_no, column, value in changes:
        rows[row_no][column] = value
    file = write_csv(tmp_path / f"batch-{len(list(tmp_path.glob('*.csv')))}.csv", rows)
    (before,) = query(office, "SELECT count(*) FROM client")[0]
    code, out, _err = _import(office, file, *(["--skip-invalid"] if skip_invalid else []))
    (after,) = query(office, "SELECT count(*) FROM client")[0]
    if code == 0 and "Imported" in out:
        assert after > before
    else:
        assert after == before
