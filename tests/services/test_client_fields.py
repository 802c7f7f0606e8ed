"""The one declaration of a client record's fields, and how headings and values match it."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

import pytest

from ciip_desktop import i18n
from ciip_desktop.services.clients.fields import (
    BY_NAME,
    FIELDS,
    IMPORT_COLUMNS,
    REGISTRATION_FIELDS,
    TEMPLATE_COLUMNS,
    bool_value,
    choice_code,
    field,
    field_for_heading,
    key,
    match_headers,
    translations,
    yes_no,
)
from ciip_desktop.services.clients.fields.matching import field_keys
from ciip_desktop.services.clients.types import AssessmentInput, RegistrationInput


def test_every_registration_input_field_is_declared_once_and_nothing_else_is() -> None:
    declared = [f.name for f in REGISTRATION_FIELDS]
    assert sorted(declared) == sorted(f.name for f in dataclass_fields(RegistrationInput))
    assert len({f.name for f in FIELDS}) == len(FIELDS)
    assessment = {f.name for f in dataclass_fields(AssessmentInput)}
    assert {f.name for f in FIELDS if f.part == "assessment"} <= assessment


def test_no_two_importable_fields_answer_to_the_same_heading() -> None:
    owner: dict[str, str] = {}
    for name in IMPORT_COLUMNS:
        for k in field_keys(BY_NAME[name]):
            assert owner.setdefault(k, name) == name, f"{k!r}: {owner[k]} and {name}"


def test_labels_are_translated_when_shown() -> None:
    assert field("city_of_residence").title() == "City of residence"
    i18n.set_language("zh_CN")
    assert field("family_name").title() == "姓"
    assert field("sex").value_label("F") == "女"
    i18n.set_language("fr_CA")
    assert field("received_on").title() == "Date de réception"
    assert yes_no(True) == "Oui"


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("family_name", "family_name"),
        ("Family name", "family_name"),
        ("姓", "family_name"),
        ("Nom de famille", "family_name"),
        ("Given names", "given_name"),
        ("名", "given_name"),
        ("Prénom", "given_name"),
        ("手机", "phone"),
        ("Mobile", "phone"),
        ("E-mail", "email"),
        ("邮箱", "email"),
        ("Courriel", "email"),
        ("出生日期", "date_of_birth"),
        ("Date de naissance", "date_of_birth"),
        ("  DATE OF BIRTH: ", "date_of_birth"),
        ("Date de réception", "received_on"),
        ("No de dossier", "file_no"),
        ("English (CLB)", "english_clb"),
    ],
)
def test_a_heading_in_any_language_or_a_common_synonym_names_its_field(
    heading: str, name: str
) -> None:
    assert field_for_heading(heading) == name


def test_the_header_match_says_which_column_holds_what_and_what_is_left_out() -> None:
    match = match_headers(["姓名", "Remarks", "Shoe size", "", "手机", "Phone"])
    assert dict(match.columns) == {"chinese_name": 0, "notes": 1, "phone": 4}
    assert match.unmatched == ("Shoe size",)
    assert match.repeated == ("Phone",)
    assert match.mapping() == {"chinese_name": "姓名", "notes": "Remarks", "phone": "手机"}
    assert set(TEMPLATE_COLUMNS) <= set(IMPORT_COLUMNS)


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("registration_channel", "walk-in", "walk_in"),
        ("registration_channel", "Walk in", "walk_in"),
        ("registration_channel", "walk_in", "walk_in"),
        ("registration_channel", "上门", "walk_in"),
        ("registration_channel", "Sur place", "walk_in"),
        ("registration_channel", "In person", "walk_in"),
        ("registration_channel", "E-MAIL", "email"),
        ("registration_channel", "courriel", "email"),
        ("sex", "男", "M"),
        ("sex", "女", "F"),
        ("sex", "m", "M"),
        ("sex", "F", "F"),
        ("sex", "H", "M"),
        ("sex", "Homme", "M"),
        ("sex", "Femme", "F"),
        ("sex", "female", "F"),
        ("sex", "", ""),
        ("immigration_stream", "federal skilled worker", "Federal Skilled Worker"),
        ("immigration_stream", " Caregiver  pilot ", "Caregiver  pilot"),
    ],
)
def test_enumerated_values_accept_honest_spellings(name: str, text: str, code: str) -> None:
    assert choice_code(field(name), text) == code


@pytest.mark.parametrize("text", ["maybe", "MF", "walk"])
def test_nonsense_is_no_choice(text: str) -> None:
    assert choice_code(field("registration_channel"), text) is None
    assert choice_code(field("sex"), text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *[(t, True) for t in ("是", "yes", "Oui", "Y", "true", "1", "Yes")],
        *[(t, False) for t in ("否", "no", "NON", "N", "false", "0", "", "No")],
        ("perhaps", None),
        ("2", None),
    ],
)
def test_yes_and_no_in_three_languages(text: str, value: bool | None) -> None:
    assert bool_value(text) is value


def test_no_spelling_of_a_choice_could_mean_another_choice_of_the_same_field() -> None:
    for spec in FIELDS:
        owner: dict[str, str] = {}
        for choice in spec.choices:
            words = (choice.code, *translations(choice.label), *choice.synonyms)
            for k in {key(w) for w in words}:
                assert owner.setdefault(k, choice.code) == choice.code, (spec.name, k)
