"""Hostile files and paths fed to the inputs added since the last fuzzing (issue 17).

`ciip library import FILE.json` and `ciip sync enrol FILE` get random bytes, random JSON and
near-valid files with random values (markup in names, control characters, huge fields, wrong
types); the `--out` of the writing commands gets path tricks. Each run ends with exit 0, 1 or
2, no traceback, no "unexpected error", and a refusal leaves the database as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ciip_desktop.cli import main

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
HOSTILE = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "<b>王芳</b><script>alert(1)</script>",
            "&amp; &lt;para&gt; <font size=99>",
            "\x1b[31mred\x1b[0m \u202eevil\u202c",
            "../../etc/passwd",
            '=HYPERLINK("http://x")',
            "x" * 300_000,  # a huge field
            "",
            " ",
        ]
    ),
)
JSON_VALUE: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False),
        HOSTILE,
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
ITEM_FIELDS = [
    "slug",
    "kind",
    "title_en",
    "body_en",
    "title_zh",
    "body_zh",
    "title_fr",
    "body_fr",
    "links",
    "provinces",
    "cities",
    "clb_min",
    "clb_max",
    "family",
    "reviewer",
    "review_months",
    "reviewed_on",
]


def _state(path: Path) -> str:
    """Every row of every table, but the audit trail (a refusal may be audited) and the
    clock that its entry advances."""
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1")
            if r[0] not in ("audit_entry", "replica_state")
        ]
        h = hashlib.sha256()
        for table in tables:
            where = " WHERE table_name != 'audit_entry'" if table == "change_log" else ""
            for row in con.execute(f'SELECT * FROM "{table}"{where} ORDER BY 1'):
                h.update(repr(row).encode())
    finally:
        con.close()
    return h.hexdigest()


def _ciip(db: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *args])
    text = err.getvalue()
    assert code in (0, 1, 2), (code, text)
    assert "Traceback" not in text and "unexpected error" not in text, text
    return code, text


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the shipped library loaded, and a valid library file beside it."""
    folder = tmp_path_factory.mktemp("seed")
    db = folder / "office.sqlite3"
    people = folder / "people.csv"
    people.write_text(
        "family_name,given_name,phone,received_on\n"
        "Fuzz,One,+86 138 0000 0001,2026-03-02\nFuzz,Two,+86 138 0000 0002,2026-03-02\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:  # no accounts: each run acts without signing in
        mp.setenv("CIIP_HOME", str(folder / "home"))
        mp.delenv("CIIP_USER", raising=False)
        mp.delenv("CIIP_PASSWORD", raising=False)
        assert main(["--db", str(db), "init"]) == 0
        assert main(["--db", str(db), "clients", "import", str(people)]) == 0
        assert main(["--db", str(db), "library", "export", str(folder / "library.json")]) == 0
        assert main(["--db", str(db), "library", "import", str(folder / "library.json")]) == 0
    return folder


@pytest.fixture
def office(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CIIP_USER", raising=False)
    monkeypatch.delenv("CIIP_PASSWORD", raising=False)
    db = tmp_path / "office.sqlite3"
    db.write_bytes((seeded / "office.sqlite3").read_bytes())
    return db


def _valid_items(seeded: Path) -> list[dict[str, Any]]:
    data = json.loads((seeded / "library.json").read_text(encoding="utf-8"))
    return list(data["items"][:2])


def _library_import(office: Path, file: Path) -> int:
    before = _state(office)
    code, err = _ciip(office, "library", "import", str(file))
    if code != 0:
        assert err.strip(), "a refusal says why"
        assert _state(office) == before
    return code


@FUZZ
@given(data=st.binary(max_size=2000))
def test_library_import_of_random_bytes(office: Path, tmp_path: Path, data: bytes) -> None:
    file = tmp_path / "library.json"
    file.write_bytes(data)
    assert _library_import(office, file) == 1


@FUZZ
@given(document=JSON_VALUE)
def test_library_import_of_random_json(office: Path, tmp_path: Path, document: Any) -> None:
    file = tmp_path / "library.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    assert _library_import(office, file) == 1


@FUZZ
@given(
    changes=st.lists(
        st.tuples(st.integers(0, 1), st.sampled_from(ITEM_FIELDS), JSON_VALUE), max_size=4
    ),
    duplicate=st.booleans(),
)
def test_library_import_of_items_with_hostile_values(
    office: Path,
    seeded: Path,
    tmp_path: Path,
    changes: list[tuple[int, str, Any]],
    duplicate: bool,
) -> None:
    items = _valid_items(seeded)
    for index, name, value in changes:
        items[index][name] = value
    if duplicate:
        items.append(dict(items[0]))
    file = tmp_path / "library.json"
    file.write_text(json.dumps({"format": "ciip-library", "items": items}), encoding="utf-8")
    _library_import(office, file)


def test_the_library_format_tag_of_the_fixture_is_the_real_one(seeded: Path) -> None:
    data = json.loads((seeded / "library.json").read_text(encoding="utf-8"))
    assert data["format"] == "ciip-library"


@FUZZ
@given(
    document=st.one_of(
        JSON_VALUE,
        st.fixed_dictionaries(
            {
                "kind": st.just("ciip-enrolment"),
                "version": st.one_of(st.just(1), JSON_VALUE),
                "office_id": JSON_VALUE,
                "office_code": JSON_VALUE,
                "device_id": JSON_VALUE,
                "device_code": HOSTILE,
                "hub_url": HOSTILE,
                "office_changes": st.one_of(
                    JSON_VALUE, st.lists(st.dictionaries(TEXT, JSON_VALUE), max_size=2)
                ),
            }
        ),
    ),
    raw=st.one_of(st.none(), st.binary(max_size=300)),
)
def test_enrolment_files_that_are_not_right_are_refused(
    tmp_path: Path, document: Any, raw: bytes | None
) -> None:
    db = tmp_path / "fresh.sqlite3"
    if not db.exists():
        _ciip(db, "init")
    file = tmp_path / "enrolment.json"
    if raw is not None:
        file.write_bytes(raw)
    else:
        file.write_text(json.dumps(document), encoding="utf-8")
    before = _state(db)
    code, err = _ciip(db, "sync", "enrol", str(file))
    assert code == 1, err
    assert _state(db) == before


TRICKS = [
    "../../x.csv",
    "..",
    "/",
    "",
    "missing-folder/deeper/x.csv",
    "\u202eevil.csv",
    "x" * 300 + ".csv",
    "a\nb.csv",
]


@pytest.mark.parametrize("trick", TRICKS)
def test_path_tricks_in_out_give_a_sentence_or_write_where_asked(
    office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trick: str
) -> None:
    work = tmp_path / "deep" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before_files = {p for p in tmp_path.rglob("*") if p.is_file()}
    for command in (
        ["clients", "export", "--out", trick],
        ["library", "export", trick],
        ["calendar", "export", "--out", trick],
        ["backup", "--out", trick],
        ["audit", "--out", trick],
    ):
        code, err = _ciip(office, *command)
        if code != 0:
            assert err.strip()
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - before_files
    # Whatever was written is the path given, resolved as the shell would; no .part left.
    assert not [p for p in written if p.name.endswith(".part")]
    home = tmp_path / "home"
    for path in written:
        if home in path.parents or path.name.startswith(office.name):
            continue  # the log, and the database's own journal
        assert path.resolve() == (work / trick).resolve(), path
