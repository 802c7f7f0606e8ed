"""Property tests: any table survives CSV and .xlsx; any file read gives rows or one sentence.

What a round trip promises (see the tables package docstring): every cell comes back as
written, spaces and line breaks included; ``None`` and ``""`` both come back as ``""``;
header cells come back stripped; empty rows after the last filled one are dropped.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ciip_desktop.errors import UserError
from ciip_desktop.services.clients.tables import read_table, write_table

PIECES = [
    "\n", "\r\n", "\r", "\u2028", "\x85", "\f", "\v", "\x1c", "\t", "\x00", "\x1b[31m",
    '"', '""', "'", ",", ";", " ", "  ", "<b>", "</b>", "&amp;", "=", "+", "-", "@",
    "=HYPERLINK(\"http://x\")", "cmd|' /C calc'!A0", "_x0041_", "_x005F_", "x005F_",
    "_x000D_", "𝄞", "😀", "张伟", "\ufffe", "\u202e", "\u200b",
]  # fmt: skip
ANY_CHARACTER = st.characters(blacklist_categories=("Cs",))
CELL = st.lists(
    st.one_of(st.text(ANY_CHARACTER, max_size=8), st.sampled_from(PIECES)), max_size=6
).map("".join)
HEADER = st.text(ANY_CHARACTER, min_size=1, max_size=12).filter(lambda h: h == h.strip() and h)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str | None]]]:
    width = draw(st.integers(1, 5))
    headers = draw(st.lists(HEADER, min_size=width, max_size=width))
    cell = st.one_of(CELL, st.none())
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=6))
    return headers, rows


def _as_read(rows: list[list[str | None]]) -> list[list[str]]:
    texts = [["" if c is None else c for c in row] for row in rows]
    while texts and not any(texts[-1]):
        texts.pop()
    return texts


@settings(
    max_examples=60, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(table=tables())
def test_any_table_comes_back_cell_for_cell_from_csv_and_xlsx(
    tmp_path: Path, table: tuple[list[str], list[list[str | None]]]
) -> None:
    headers, rows = table
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"round-trip{suffix}"
        write_table(path, headers, rows)

        assert read_table(path) == (headers, _as_read(rows)), suffix


VALUE = st.one_of(
    st.none(),
    CELL,
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.datetimes().map(lambda d: d.replace(microsecond=0)),
)


@settings(
    max_examples=40, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(rows=st.lists(st.lists(VALUE, min_size=3, max_size=3), min_size=1, max_size=5))
def test_dates_numbers_and_flags_read_back_as_the_same_text_from_csv_and_xlsx(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    write_table(tmp_path / "same.csv", ["a", "b", "c"], rows)
    write_table(tmp_path / "same.xlsx", ["a", "b", "c"], rows)

    assert read_table(tmp_path / "same.xlsx") == read_table(tmp_path / "same.csv")


def _read_bytes(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        headers, rows = read_table(path)
    except UserError as refused:
        assert refused.message and "\n" not in refused.message
        return
    assert all(isinstance(h, str) for h in headers)
    assert all(isinstance(c, str) for row in rows for c in row)


FUZZ = settings(
    max_examples=80, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_give_rows_or_one_sentence(tmp_path: Path, data: bytes, suffix: str) -> None:
    _read_bytes(tmp_path, suffix, data)


@FUZZ
@given(
    text=st.text(st.sampled_from(list("ab\"',;\t\n\r =+-\x00\u2028é张")), max_size=400),
)
def test_random_csv_gives_rows_or_one_sentence(tmp_path: Path, text: str) -> None:
    _read_bytes(tmp_path, ".csv", text.encode("utf-8"))


def _valid_workbook(tmp_path: Path) -> bytes:
    path = tmp_path / "valid.xlsx"
    if not path.exists():
        write_table(path, ["family_name", "notes"], [["ZHANG", "one\ntwo _x0041_"], ["LI", "=1"]])
    return path.read_bytes()


MUTATIONS = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8)


def _mutate(data: bytes, mutations: list[tuple[float, int]]) -> bytes:
    out = bytearray(data)
    for where, byte in mutations:
        out[min(int(where * len(out)), len(out) - 1)] = byte
    return bytes(out)


@FUZZ
@given(mutations=MUTATIONS)
def test_a_workbook_with_damaged_bytes_gives_rows_or_one_sentence(
    tmp_path: Path, mutations: list[tuple[float, int]]
) -> None:
    _read_bytes(tmp_path, ".xlsx", _mutate(_valid_workbook(tmp_path), mutations))


@FUZZ
@given(member=st.integers(0, 20), mutations=MUTATIONS, cut=st.floats(0, 1))
def test_a_workbook_with_damaged_xml_gives_rows_or_one_sentence(
    tmp_path: Path, member: int, mutations: list[tuple[float, int]], cut: float
) -> None:
    """The zip is sound; one of its XML parts is garbled or cut short."""
    with zipfile.ZipFile(io.BytesIO(_valid_workbook(tmp_path))) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = sorted(parts)[member % len(parts)]
    damaged = _mutate(parts[name], mutations)
    parts[name] = damaged[: max(1, int(cut * len(damaged)))] if cut < 0.5 else damaged
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)

    _read_bytes(tmp_path, ".xlsx", out.getvalue())
