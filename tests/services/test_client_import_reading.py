"""An import reads what offices honestly type, refuses what cannot be right, says what it read."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from import_support import write_dicts, write_rows

from ciip_desktop import i18n
from ciip_desktop.errors import ValidationError
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.import_rows import RowReader
from ciip_desktop.services.clients.parsing import parse_date
from ciip_desktop.services.clients.types import ClientFilter, RegistrationInput
from ciip_desktop.services.context import Actor
from ciip_desktop.services.reference import Reference

BASE = {
    "family_name": "Zhang",
    "given_name": "Wei",
    "phone": "13800138000",
    "received_on": "2025-03-03",
}


def person(n: int, **cells: object) -> dict[str, object]:
    """Row ``n`` of a batch: a different person each time (name, phone)."""
    return {
        **BASE,
        "given_name": f"Wei{chr(97 + n)}",
        "phone": f"139{n:08d}",
        **cells,
    }


def imported(services: Services, actor: Actor, path: Path) -> list[RegistrationInput]:
    report = services.importer.run(actor, path)
    assert report.problems == [], report.problems
    return [
        services.clients.get_by_file_no(actor, n).registration for n in report.imported_file_nos
    ]


def test_choices_and_yes_no_are_read_in_any_spelling_and_language(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    spellings = [
        ("walk-in", "男", "是", "否"),
        ("Walk in", "女", "oui", "non"),
        ("walk_in", "H", "Y", "N"),
        ("上门", "F", "true", "false"),
        ("sur place", "Femme", "1", "0"),
        ("E-Mail", "homme", "Yes", "No"),
        ("courriel", "M", "是", ""),
    ]
    rows = [
        person(
            i,
            registration_channel=channel,
            sex=sex,
            signature_on_file=signed,
            consent_to_share=consent,
        )
        for i, (channel, sex, signed, consent) in enumerate(spellings)
    ]
    saved = imported(services, counsellor, write_dicts(tmp_path / "batch.csv", rows))
    assert [r.registration_channel for r in saved] == ["walk_in"] * 5 + ["email"] * 2
    assert [r.sex for r in saved] == ["M", "F", "M", "F", "F", "M", "M"]
    assert [r.signature_on_file for r in saved] == [True] * 7
    assert [r.consent_to_share for r in saved] == [False, False, False, False, False, False, False]


def test_a_value_that_is_no_choice_is_refused_by_the_field_label_in_the_users_language(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    i18n.set_language("fr_CA")
    path = write_dicts(tmp_path / "batch.csv", [person(0, registration_channel="pigeon voyageur")])
    report = services.importer.run(counsellor, path)
    assert report.imported == 0
    (reason,) = report.problems[0].reasons
    assert reason.startswith(
        "Reçue par\u00a0: Choisissez l'une des valeurs suivantes\u00a0: Courrier"
    )
    assert "pigeon" not in reason and "registration_channel" not in reason


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-10-02", date(2026, 10, 2)),
        ("2026/10/2", date(2026, 10, 2)),
        ("2026.10.02", date(2026, 10, 2)),
        ("2026年10月2日", date(2026, 10, 2)),
        ("2026 年 10 月 2 号", date(2026, 10, 2)),
        ("２０２６／１０／０２", date(2026, 10, 2)),
        ("20261002", date(2026, 10, 2)),
        ("25/10/2026", date(2026, 10, 25)),  # only one order makes sense
        ("10/25/2026", date(2026, 10, 25)),
        ("05/05/2026", date(2026, 5, 5)),
        ("2026-10-02 00:00:00", date(2026, 10, 2)),
        ("", None),
    ],
)
def test_dates_are_read_as_offices_type_them(text: str, day: date | None) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("02/10/2026", "either way round"),
        ("2/10/26", "two digits"),
        ("2026-02-30", "no such day"),
        ("next Tuesday", "not a date"),
        ("46297", "not a date"),
    ],
)
def test_a_date_that_could_be_two_days_or_none_is_refused_with_a_reason(
    text: str, why: str
) -> None:
    with pytest.raises(ValueError, match=why) as raised:
        parse_date(text)
    assert text not in str(raised.value)


def test_the_dry_run_shows_how_each_date_was_read_in_the_users_locale(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    rows = [
        person(0, received_on="2025/3/4", date_of_birth="1988年5月17日"),
        person(1),  # written as YYYY-MM-DD: nothing to point out
    ]
    path = write_dicts(tmp_path / "batch.csv", rows)
    report = services.importer.run(counsellor, path, dry_run=True)
    assert report.problems == []
    assert [n.row_no for n in report.notes] == [2]
    assert report.notes[0].notes == (
        "Date of birth: “1988年5月17日” read as May 17, 1988",
        "Date received: “2025/3/4” read as March 4, 2025",
    )
    i18n.set_language("fr_CA")
    report = services.importer.run(counsellor, path, dry_run=True)
    assert (
        "Date de réception\u00a0: «\u00a02025/3/4\u00a0» lu comme 4 mars 2025"
        in report.notes[0].notes
    )


def test_an_ambiguous_date_in_a_row_is_refused_and_nothing_is_imported(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    path = write_dicts(tmp_path / "batch.csv", [person(0, received_on="03/04/2025")])
    report = services.importer.run(counsellor, path)
    assert report.imported == 0
    assert (
        report.problems[0]
        .reasons[0]
        .startswith("Date received: The day and month could be either way round")
    )
    assert services.search.list_ids(ClientFilter()) == []


def test_excel_date_cells_are_dates_and_need_no_note(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    headers = ["Family name", "Given names", "Phone", "Date received", "Date of birth"]
    path = write_rows(
        tmp_path / "batch.xlsx",
        headers,
        [["Zhang", "Wei", 13800138000, date(2025, 3, 3), date(1988, 5, 17)]],
    )
    report = services.importer.run(counsellor, path)
    assert (report.imported, report.notes) == (1, [])
    saved = services.clients.get_by_file_no(counsellor, report.imported_file_nos[0])
    assert saved.registration.received_on == date(2025, 3, 3)
    assert saved.registration.date_of_birth == date(1988, 5, 17)


@pytest.mark.parametrize(
    ("chinese", "family", "given"),
    [
        ("张伟", "Zhang", "Wei"),
        ("欧阳娜娜", "Ouyang", "Nana"),
        ("司马光", "Sima", "Guang"),
        ("曾小贤", "Zeng", "Xiaoxian"),
        ("吕布", "Lyu", "Bu"),
    ],
)
def test_a_row_with_only_a_chinese_name_gets_latin_names_from_the_pinyin_flagged_to_confirm(
    tmp_path: Path, services: Services, counsellor: Actor, chinese: str, family: str, given: str
) -> None:
    row = person(0, family_name="", given_name="", chinese_name=chinese)
    path = write_dicts(tmp_path / "batch.csv", [row])
    checked = services.importer.run(counsellor, path, dry_run=True)
    assert checked.problems == []
    assert checked.notes[0].notes == (
        f"The family and given names were read from the Chinese name as {family.upper()}, "
        f"{given}; check them against the passport.",
    )
    (saved,) = imported(services, counsellor, path)
    assert (saved.family_name, saved.given_name, saved.chinese_name) == (family, given, chinese)


@pytest.mark.parametrize("chinese", ["", "   ", "ABC", "☺☺"])
def test_a_client_is_never_stored_without_a_name(
    tmp_path: Path, services: Services, counsellor: Actor, chinese: str
) -> None:
    row = person(0, family_name="", given_name="", chinese_name=chinese)
    report = services.importer.run(counsellor, write_dicts(tmp_path / "batch.csv", [row]))
    assert report.imported == 0
    assert report.problems[0].reasons[0].startswith("Family name: Enter the family and given")
    assert services.search.list_ids(ClientFilter()) == []


INVISIBLE = {
    "NUL": "\x00",
    "ESC": "\x1b[31m",
    "BEL": "\x07",
    "line break": "\n",
    "tab": "\t",
    "file separator": "\x1c",
    "next line": "\x85",
    "line separator": "\u2028",
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "first strong isolate": "\u2068",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "noncharacter": "\uffff",
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("family_name", "Family name"),
        ("chinese_name", "Chinese name"),
        ("city_of_residence", "City of residence"),
    ],
)
def test_control_and_invisible_characters_in_single_line_fields_are_refused_without_echo(
    services: Services, counsellor: Actor, char: str, name: str, label: str
) -> None:
    value = {"chinese_name": "张伟"}.get(name, "Zhang") + char + "xyz"
    row = RowReader(date.today, Reference.load()).read(2, {**BASE, name: value})
    (reason,) = row.reasons
    assert reason.startswith(f"{label}: This contains a control or invisible character")
    assert "xyz" not in reason and char not in reason
    # The registration form's service path refuses the same.
    with pytest.raises(ValidationError) as raised:
        services.clients.register(counsellor, RegistrationInput(**{**_typed(BASE), name: value}))
    assert name in raised.value.fields
    assert services.search.list_ids(ClientFilter()) == []


@pytest.mark.parametrize("char", ["\x1b[2J", "\x07", "\u202e", "\u200b", "\ufeff"])
def test_a_file_with_a_control_character_in_a_name_imports_nothing(
    tmp_path: Path, services: Services, counsellor: Actor, char: str
) -> None:
    rows = [person(0), person(1, family_name=f"Li{char}")]
    report = services.importer.run(counsellor, write_dicts(tmp_path / "batch.csv", rows))
    assert report.imported == 0
    assert [p.row_no for p in report.problems] == [3]
    assert services.search.list_ids(ClientFilter()) == []


def _typed(cells: dict[str, str]) -> dict[str, object]:
    return {**cells, "received_on": date.fromisoformat(cells["received_on"])}


def test_notes_keep_line_breaks_and_tabs_but_refuse_other_control_characters(
    tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    kept = "Phone after 6 pm\n\tSpouse: 李娜\nEmoji 👨\u200d👩\u200d👧"
    path = write_rows(tmp_path / "batch.xlsx", [*BASE, "notes"], [[*BASE.values(), kept]])
    (saved,) = imported(services, counsellor, path)
    assert saved.notes == kept
    bad = write_rows(
        tmp_path / "bad.xlsx", [*BASE, "notes"], [[*BASE.values(), "late \u202egnp.exe"]]
    )
    report = services.importer.run(counsellor, bad)
    assert (
        report.problems[0]
        .reasons[0]
        .startswith(
            "Notes: This contains a control or invisible character other than line breaks and tabs"
        )
    )


TODAY = date.today()


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"received_on": "0001-01-01"}, "Date received: The date received is before 2000"),
        (
            {"received_on": (TODAY + timedelta(days=1)).isoformat()},
            "Date received: The date received is in the future",
        ),
        (
            {"received_on": date(TODAY.year + 1, 1, 1).isoformat()},
            "Date received: The date received is in the future",
        ),
        (
            {"date_of_birth": date(TODAY.year - 130, 1, 1).isoformat()},
            "Date of birth: The date of birth is more than 120 years ago",
        ),
        (
            {"date_of_birth": (TODAY + timedelta(days=1)).isoformat()},
            "Date of birth: The date of birth is in the future",
        ),
        (
            {"signature_on_file": "yes", "signature_date": "1999-12-31"},
            "Date signed: The signature date is before 2000",
        ),
    ],
)
def test_dates_that_cannot_be_right_are_refused(
    tmp_path: Path, services: Services, counsellor: Actor, cells: dict[str, str], reason: str
) -> None:
    report = services.importer.run(
        counsellor, write_dicts(tmp_path / "b.csv", [person(0, **cells)])
    )
    assert report.imported == 0
    assert any(r.startswith(reason) for r in report.problems[0].reasons), report.problems


def test_the_form_path_refuses_a_registration_received_in_year_one(
    services: Services, counsellor: Actor
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.clients.register(
            counsellor,
            RegistrationInput(family_name="Zhang", given_name="Wei", received_on=date(1, 1, 1)),
        )
    assert raised.value.fields["received_on"] == "The date received is before 2000; check the year."


@pytest.mark.parametrize(
    "headers",
    [
        ["family_name", "given_name", "phone", "email", "date_of_birth", "received_on"],
        ["Family name", "Given names", "Mobile", "E-mail", "Birth date", "Date received"],
        ["姓", "名", "手机", "邮箱", "出生日期", "收到日期"],
        ["Nom de famille", "Prénom", "Téléphone", "Courriel", "Date de naissance", "Reçue le"],
    ],
)
def test_headings_in_three_languages_and_their_synonyms_are_matched(
    tmp_path: Path, services: Services, counsellor: Actor, headers: list[str]
) -> None:
    values = ["Zhang", "Wei", "13800138000", "zw@example.com", "1988-05-17", "2025-03-03"]
    path = write_rows(tmp_path / "batch.csv", [*headers, "Shoe size"], [[*values, "42"]])
    match = services.importer.match_headers([*headers, "Shoe size"])
    assert match.unmatched == ("Shoe size",)
    report = services.importer.run(counsellor, path)
    assert report.unmatched == ["Shoe size"]
    assert list(report.columns) == [
        "family_name",
        "given_name",
        "phone",
        "email",
        "date_of_birth",
        "received_on",
    ]
    assert report.imported == 1, report.problems
    saved = services.clients.get_by_file_no(counsellor, report.imported_file_nos[0]).registration
    assert (saved.given_name, saved.email, saved.date_of_birth) == (
        "Wei",
        "zw@example.com",
        date(1988, 5, 17),
    )


def test_the_form_and_the_command_line_take_choices_as_the_import_does(
    services: Services, counsellor: Actor
) -> None:
    detail = services.clients.register(
        counsellor,
        RegistrationInput(
            family_name="Zhang",
            given_name="Wei",
            received_on=date(2025, 3, 3),
            sex="女",
            registration_channel="Walk in",
        ),
    )
    assert (detail.registration.sex, detail.registration.registration_channel) == ("F", "walk_in")
    changes = {"sex": "homme", "registration_channel": "courriel", "immigration_stream": "cec"}
    updated = services.clients.update(counsellor, detail.id, changes).registration
    assert (updated.sex, updated.registration_channel, updated.immigration_stream) == (
        "M",
        "email",
        "Canadian Experience Class",
    )
    with pytest.raises(ValidationError) as raised:
        services.clients.update(counsellor, detail.id, {"sex": "maybe"})
    assert set(raised.value.fields) == {"sex"}


def test_a_file_number_is_read_whatever_its_case_and_surrounding_spaces() -> None:
    row = RowReader(date.today, Reference.load()).read(2, {**BASE, "file_no": " gza-2025-00007 "})
    assert (row.file_no, row.reasons) == ("GZA-2025-00007", [])
