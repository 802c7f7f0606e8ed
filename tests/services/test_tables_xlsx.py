"""Excel workbooks in and out: all rows read, text kept whole, no live formula, for people."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ciip_desktop.errors import UserError
from ciip_desktop.services.clients.tables import read_table, write_table

CONTENT_TYPES = "[Content_Types].xml"
SHEET = "xl/worksheets/sheet1.xml"


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _replace_members(path: Path, members: dict[str, bytes]) -> None:
    """Rewrite parts of a workbook as another program (or an attacker) might have."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts.update(members)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def _sheet_xml(rows_xml: str) -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1"/><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()


def test_a_stale_dimension_tag_does_not_hide_the_rows_after_it(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "batch.xlsx", [["family_name"], *[[f"CLIENT{n}"] for n in range(10)]]
    )
    xml = _member(path, SHEET)
    assert 'ref="A1:A11"' in xml
    _replace_members(path, {SHEET: xml.replace('ref="A1:A11"', 'ref="A1:A2"').encode()})

    headers, rows = read_table(path)

    assert headers == ["family_name"]
    assert rows == [[f"CLIENT{n}"] for n in range(10)]


def test_control_characters_and_escape_lookalikes_come_back_as_written(tmp_path: Path) -> None:
    values = [
        "bell\x07 nul\x00 esc\x1b[31m red",
        "return\rthen\r\nlines\n",
        "_x0041_ is not an A",
        "_x005F_x0041_ neither",
        "\ufffe\uffff",
        "   ",
        "\t",
        "<b>bold</b> &amp; 𝄞",
    ]
    path = tmp_path / "export.xlsx"
    write_table(path, ["notes"], [[v] for v in values])

    assert read_table(path)[1] == [[v] for v in values]


def test_strings_written_by_excel_with_escapes_are_decoded(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "from-excel.xlsx", [["notes"]])
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
        'uniqueCount="2"><si><t>line_x000D_\nnext</t></si><si><t>_x005F_x0041_ and '
        "x005F_kept</t></si></sst>"
    )
    types = _member(path, CONTENT_TYPES).replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    sheet = _sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>notes</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c></row><row r="3"><c r="A3" t="s"><v>1</v></c></row>'
    )
    _replace_members(
        path,
        {CONTENT_TYPES: types.encode(), "xl/sharedStrings.xml": shared.encode(), SHEET: sheet},
    )

    assert read_table(path)[1] == [["line\r\nnext"], ["_x0041_ and x005F_kept"]]


def test_a_note_longer_than_an_excel_cell_is_carried_whole(tmp_path: Path) -> None:
    note = "张伟的长备注 𝄞 _x0041_ \x01 " * 3000  # about 66 000 characters
    path = tmp_path / "export.xlsx"
    write_table(path, ["file_no", "notes"], [["GZA-2026-00001", note], ["GZA-2026-00002", "x"]])

    book = load_workbook(path)
    shown = book.worksheets[0]["B2"].value
    assert len(shown) <= 32_767
    assert book.worksheets[1].sheet_state == "hidden"
    assert read_table(path)[1] == [["GZA-2026-00001", note], ["GZA-2026-00002", "x"]]


def test_a_long_note_cut_apart_in_excel_is_refused_not_joined_wrongly(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_table(path, ["file_no", "notes"], [["GZA-2026-00001", "Wang Fang " * 5000]])
    book = load_workbook(path)
    book.worksheets[0]["B2"].value = "edited in Excel"
    book.save(path)

    with pytest.raises(UserError) as refused:
        read_table(path)

    assert refused.value.message == (
        "The long text in row 2, column 2 of export.xlsx was changed outside CIIP Desktop "
        "and cannot be put back together; export it again."
    )


def test_the_export_never_writes_a_live_formula(tmp_path: Path) -> None:
    values = [
        '=HYPERLINK("http://evil.example","click")',
        "=cmd|' /C calc'!A0",
        "+1+2",
        "-2+3",
        "@SUM(A1)",
        "#N/A",
        "'=quoted",
    ]
    path = tmp_path / "export.xlsx"
    write_table(path, ["notes"], [[v] for v in values])

    book = load_workbook(path)  # not read-only: openpyxl reports formulas as data_type "f"
    cells = [row[0] for row in book.worksheets[0].iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * len(values)
    assert [c.value for c in cells] == values
    assert cells[0].quotePrefix  # stays text when edited in Excel
    assert read_table(path)[1] == [[v] for v in values]


def test_an_excel_export_for_people_has_a_named_sheet_frozen_bold_header_and_dates(
    tmp_path: Path,
) -> None:
    path = tmp_path / "clients.xlsx"
    rows: list[list[object]] = [
        ["GZA-2026-00001", "王芳", date(2026, 10, 2), "A note " * 40],
        ["GZA-2026-00002", "LI Na", date(1990, 1, 31), "short"],
    ]
    write_table(
        path, ["File number", "Name", "Received", "Notes"], rows, sheet_title="Clients / 客户"
    )

    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "Clients   客户"  # "/" cannot be in a sheet name
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    received = sheet["C2"]
    assert received.is_date and received.number_format == "yyyy-mm-dd"
    assert received.value == datetime(2026, 10, 2)
    widths = {c: sheet.column_dimensions[c].width for c in "ABCD"}
    assert widths["A"] == pytest.approx(len("GZA-2026-00001") + 2)
    assert widths["B"] < widths["A"]
    assert widths["D"] == 60  # capped


def test_a_workbook_reads_back_as_the_same_text_as_the_csv_of_the_same_values(
    tmp_path: Path,
) -> None:
    rows: list[list[object]] = [
        [date(2026, 10, 2), datetime(2026, 10, 2, 9, 30, 15), datetime(2026, 10, 3), 5],
        [True, False, None, 13800138000],
        [12.5, 10**17, "  text  ", date(1850, 1, 1)],
        [datetime(2026, 1, 1, 8, 0, 0, 123), -7, "", "=1+2"],
    ]
    headers = ["a", "b", "c", "d"]
    write_table(tmp_path / "same.csv", headers, rows)
    write_table(tmp_path / "same.xlsx", headers, rows)

    from_csv = read_table(tmp_path / "same.csv")
    assert read_table(tmp_path / "same.xlsx") == from_csv
    assert from_csv[1][0] == ["2026-10-02", "2026-10-02 09:30:15", "2026-10-03", "5"]
    assert from_csv[1][2] == ["12.5", "100000000000000000", "  text  ", "1850-01-01"]


def test_column_widths_can_be_given_for_some_columns(tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    write_table(path, ["a", "b"], [["x", "y"]], column_widths=[None, 33])

    sheet = load_workbook(path).worksheets[0]
    assert sheet.column_dimensions["A"].width == 6
    assert sheet.column_dimensions["B"].width == 33


def test_a_damaged_zip_member_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "damaged.xlsx", [["family_name"], ["ZHANG"]])
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    path.write_bytes(
        data[:start] + bytes(b ^ 0x5A for b in data[start : start + 40]) + data[start + 40 :]
    )

    with pytest.raises(UserError) as refused:
        read_table(path)

    assert refused.value.message == (
        "damaged.xlsx cannot be read as an Excel workbook; open it in Excel and save it again."
    )


@pytest.mark.parametrize(
    "xml",
    [b"<worksheet><sheetData><row r=", b"\x00\x01 not xml", b'<?xml version="1.0"?><!DOCTYPE x'],
)
def test_malformed_xml_inside_a_workbook_is_refused_in_one_sentence(
    tmp_path: Path, xml: bytes
) -> None:
    path = _workbook(tmp_path / "broken.xlsx", [["family_name"], ["ZHANG"]])
    _replace_members(path, {SHEET: xml})

    with pytest.raises(UserError, match="cannot be read as an Excel workbook"):
        read_table(path)


def test_a_text_file_named_xlsx_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "not-really.xlsx"
    path.write_text("family_name\nZHANG\n", encoding="utf-8")

    with pytest.raises(UserError, match="cannot be read as an Excel workbook"):
        read_table(path)


def test_one_cell_at_the_last_excel_column_and_row_is_refused_without_a_huge_grid(
    tmp_path: Path,
) -> None:
    path = _workbook(tmp_path / "far.xlsx", [["family_name"], ["ZHANG"]])
    _replace_members(
        path,
        {
            SHEET: _sheet_xml(
                '<row r="1"><c r="A1" t="inlineStr"><is><t>family_name</t></is></c></row>'
                '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            ).replace(b'ref="A1"', b'ref="A1:XFD1048576"')
        },
    )
    assert path.stat().st_size < 10_000

    with pytest.raises(UserError) as refused:
        read_table(path)  # before: a 16 384 × 1 048 576 grid, 3.8 GB, then MemoryError

    assert refused.value.message == (
        "Row 1048576 of far.xlsx has more than 200 columns; remove the extra columns "
        "and import again."
    )


def test_a_lone_value_far_below_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "far.xlsx", [["family_name"]])
    _replace_members(
        path,
        {
            SHEET: _sheet_xml(
                '<row r="1"><c r="A1" t="inlineStr"><is><t>family_name</t></is></c></row>'
                '<row r="900000"><c r="A900000"><v>1</v></c></row>'
            )
        },
    )

    with pytest.raises(UserError, match=r"far\.xlsx has more than 50,000 rows"):
        read_table(path)


def test_a_million_row_workbook_bomb_is_refused_at_the_row_limit(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "bomb.xlsx", [["family_name"]])
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 1_000_001))
    _replace_members(path, {SHEET: _sheet_xml(rows)})
    assert path.stat().st_size < 10_000_000

    with pytest.raises(UserError, match=r"bomb\.xlsx has more than 50,000 rows"):
        read_table(path)  # before: 62 s, 1.6 GB, a million problem lines


def _declare_size(path: Path, member: str, size: int) -> None:
    """Make the zip directory say ``member`` unpacks to ``size`` bytes, as a zip bomb's does."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == member.encode():
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused_before_parsing(
    tmp_path: Path,
) -> None:
    path = _workbook(tmp_path / "zipbomb.xlsx", [["family_name"]])
    _declare_size(path, SHEET, 400 * 1024 * 1024)

    with pytest.raises(UserError) as refused:
        read_table(path)

    assert refused.value.message == (
        "zipbomb.xlsx is too large to import (over 300 MB); split it into smaller files "
        "and import each."
    )


def test_a_zip_member_bigger_than_it_says_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "liar.xlsx", [["family_name"], ["ZHANG"]])
    _declare_size(path, SHEET, 100)

    with pytest.raises(UserError, match="cannot be read as an Excel workbook"):
        read_table(path)
