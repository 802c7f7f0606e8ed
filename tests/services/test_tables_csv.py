"""CSV files in and out: every character of a cell kept, broken files refused in one sentence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ciip_desktop.errors import UserError
from ciip_desktop.services.clients.tables import read_table, write_table


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "registrations.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_quoted_note_keeps_its_line_breaks(tmp_path: Path) -> None:
    path = _csv(tmp_path, 'family_name,notes\r\nZHANG,"one\ntwo"\r\nLI,"three\r\nfour\rfive"\r\n')

    headers, rows = read_table(path)

    assert headers == ["family_name", "notes"]
    assert rows == [["ZHANG", "one\ntwo"], ["LI", "three\r\nfour\rfive"]]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\f", "\v", "\x1c", "\x1d", "\x85"])
def test_unusual_line_separators_inside_a_cell_never_split_the_row(
    tmp_path: Path, separator: str
) -> None:
    path = _csv(tmp_path, f"family_name,notes\nZHANG,before{separator}after\nLI,x\n")

    _, rows = read_table(path)

    assert rows == [["ZHANG", f"before{separator}after"], ["LI", "x"]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_files_are_recognised_with_or_without_bom(
    tmp_path: Path, delimiter: str
) -> None:
    text = delimiter.join(["family_name", "given_name"]) + "\n" + delimiter.join(["王", "芳"])
    for encoding in ("utf-8", "utf-8-sig"):
        headers, rows = read_table(_csv(tmp_path, text + "\n", encoding))
        assert headers == ["family_name", "given_name"]
        assert rows == [["王", "芳"]]


def test_delimiters_inside_quoted_headings_do_not_decide_the_delimiter(tmp_path: Path) -> None:
    path = _csv(tmp_path, '"Family name, as on passport";"Given; other";notes\nZHANG;Wei;x\n')

    headers, rows = read_table(path)

    assert headers == ["Family name, as on passport", "Given; other", "notes"]
    assert rows == [["ZHANG", "Wei", "x"]]


def test_a_heading_with_a_semicolon_is_written_so_that_it_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(path, ["Province; city"], [["ON; Toronto"]])

    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == '"Province; city"'
    assert read_table(path) == (["Province; city"], [["ON; Toronto"]])


def test_spaces_around_a_cell_survive_a_round_trip_and_headers_are_trimmed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.csv"
    write_table(path, [" notes "], [["  indented"], ["trailing  "], ["   "], [""]])

    headers, rows = read_table(path)

    assert headers == ["notes"]
    assert rows == [["  indented"], ["trailing  "], ["   "]]  # the empty last row is dropped


def test_an_unclosed_quote_is_refused_naming_the_line_it_opened_on(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        'family_name,notes\nZHANG,"fine\nnote"\nLI,"never closed\nWANG,lost\nZHAO,lost too\n',
    )

    with pytest.raises(UserError) as refused:
        read_table(path)

    assert refused.value.message == (
        'Line 4 of registrations.csv opens a quote (") that is never closed; close it or '
        "remove it, and import again."
    )


def test_a_quote_inside_an_unquoted_cell_is_text_not_an_opening(tmp_path: Path) -> None:
    path = _csv(tmp_path, 'family_name,notes\nZHANG,5" tall\nLI,"said ""hi"""\n')

    _, rows = read_table(path)

    assert rows == [["ZHANG", '5" tall'], ["LI", 'said "hi"']]


def test_a_cell_over_the_csv_limit_is_refused_with_its_line_and_without_its_text(
    tmp_path: Path,
) -> None:
    secret = "Zhang Wei 13800138000 " * 7000  # 154 000 characters
    path = _csv(tmp_path, f'family_name,notes\nLI,ok\nZHANG,"{secret}"\n')

    with pytest.raises(UserError) as refused:
        read_table(path)

    assert "Line 3 of registrations.csv starts a cell longer than 131,072" in refused.value.message
    assert "Zhang" not in refused.value.message


def test_formula_looking_cells_are_neutralised_in_the_file_and_come_back_as_typed(
    tmp_path: Path,
) -> None:
    values = [
        '=HYPERLINK("http://evil.example","click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\tstarts with a tab",
        "\rstarts with a return",
        "'=already quoted",
        "''@twice",
        "'plain apostrophe",
        "+8613800138000",
        "-12.5",
        "a=b",
    ]
    path = tmp_path / "export.csv"
    write_table(path, ["notes"], [[v] for v in values])

    with path.open(encoding="utf-8-sig", newline="") as fh:
        written = [row[0] for row in csv.reader(fh)][1:]
    assert written == [
        '\'=HYPERLINK("http://evil.example","click")',
        "'+1+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(A1)",
        "'\tstarts with a tab",
        "'\rstarts with a return",
        "''=already quoted",
        "'''@twice",
        "'plain apostrophe",
        "+8613800138000",  # a signed number is only ever a number to a spreadsheet
        "-12.5",
        "a=b",
    ]
    assert read_table(path)[1] == [[v] for v in values]


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, "family_name,notes\n张,伟\n", encoding="gb18030")

    with pytest.raises(UserError, match="is not in UTF-8"):
        read_table(path)


def test_a_non_utf8_byte_far_down_the_file_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "registrations.csv"
    path.write_bytes(b"family_name,notes\n" + b"LI,ok\n" * 5000 + b"ZHANG,\xff\n")

    with pytest.raises(UserError, match="is not in UTF-8"):
        read_table(path)


def test_a_million_row_file_is_refused_at_the_row_limit_without_reading_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bomb.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("family_name,given_name\n")
        fh.writelines("ZHANG,Wei\n" for _ in range(1_000_000))

    with pytest.raises(UserError) as refused:
        read_table(path)

    assert refused.value.message == (
        "bomb.csv has more than 50,000 rows; split it into files of at most 50,000 rows "
        "and import each."
    )


def test_a_full_office_batch_of_50000_rows_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("family_name\n")
        fh.writelines(f"LI{n}\n" for n in range(50_000))
        fh.write("\n\n\n")  # blank lines after the last row do not count

    _, rows = read_table(path)

    assert len(rows) == 50_000
    assert rows[-1] == ["LI49999"]


def test_a_row_wider_than_the_column_limit_is_refused_naming_the_row(tmp_path: Path) -> None:
    wide = ",".join(["x"] * 201)
    path = _csv(tmp_path, f"family_name\nLI\n{wide}\n")

    with pytest.raises(UserError) as refused:
        read_table(path)

    assert refused.value.message == (
        "Row 3 of registrations.csv has more than 200 columns; remove the extra columns "
        "and import again."
    )


def test_trailing_empty_cells_do_not_count_as_columns_and_short_rows_are_filled(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path, "family_name,given_name,notes\nLI" + "," * 500 + "\n\nWANG,Fang\n")

    headers, rows = read_table(path)

    assert headers == ["family_name", "given_name", "notes"]
    assert rows == [["LI", "", ""], ["", "", ""], ["WANG", "Fang", ""]]
