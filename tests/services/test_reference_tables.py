"""Reference tables: provinces and cities, NOC 2021 titles, language equivalency charts."""

from __future__ import annotations

import pytest

from ciip_desktop import i18n
from ciip_desktop.services.reference import Reference, parse_scores


@pytest.fixture
def reference() -> Reference:
    return Reference.load()


def test_the_tables_are_read_once(reference: Reference) -> None:
    assert Reference.load() is reference


def test_provinces_in_the_ui_language(reference: Reference) -> None:
    assert ("ON", "Ontario") in reference.provinces()
    assert len(reference.provinces()) == 13
    i18n.set_language("zh_CN")
    assert ("ON", "安大略省") in reference.provinces()
    i18n.set_language("fr_CA")
    assert ("BC", "Colombie-Britannique") in reference.provinces()
    assert reference.is_province("qc") and not reference.is_province("XX")


def test_destination_cities_of_a_province(reference: Reference) -> None:
    assert "Toronto" in reference.cities("ON")
    assert "Montréal" in reference.cities("QC")
    assert reference.cities("XX") == []


def test_noc_titles_in_english_or_chinese(reference: Reference) -> None:
    assert reference.noc_title("21231") == "Software engineers and designers"
    assert reference.is_noc("00010") and not reference.is_noc("99999")
    assert reference.noc_title("99999") is None
    i18n.set_language("zh_CN")
    assert reference.noc_title("21231") == "软件工程师和设计师"
    # Occupations without a Chinese title fall back to English.
    assert reference.noc_title("00010") == "Legislators"


def test_noc_titles_are_shown_in_the_chosen_language_or_marked_as_english(
    reference: Reference,
) -> None:
    assert reference.noc_label("21300") == "Civil engineers"
    i18n.set_language("zh_CN")
    assert reference.noc_label("21300") == "土木工程师"
    assert reference.noc_label("00010") == "Legislators（英文）"  # no Chinese title in the table
    i18n.set_language("fr_CA")  # the table has no French titles: English, said to be so
    assert reference.noc_label("21300") == "Civil engineers (en anglais)"
    assert ("21300", "Civil engineers (en anglais)") in reference.search_noc("21300")
    assert reference.noc_label("99999") is None


def test_searching_occupations_by_code_or_title_words(reference: Reference) -> None:
    assert reference.search_noc("2123")[0][0] == "21230"
    assert ("31301", "Registered nurses and registered psychiatric nurses") in reference.search_noc(
        "nurses registered"
    )
    assert len(reference.search_noc("managers", limit=5)) == 5
    assert reference.search_noc("   ") == []


def test_language_tables_take_the_lowest_skill(reference: Reference) -> None:
    assert reference.clb_from_ielts(7.5, 6.5, 6.5, 6.5) == 8
    assert reference.clb_from_ielts(9.0, 9.0, 9.0, 5.5) == 6
    assert reference.clb_from_celpip(7, 7, 7, 7) == 7
    assert reference.clb_from_celpip(3, 9, 9, 9) is None
    assert reference.nclc_from_tef(546, 546, 558, 556) == 10
    assert reference.nclc_from_tcf(331, 342, 4, 4) == 4
    assert reference.level_from_test("tcf", "331/342/4/3") is None


def test_scores_are_four_numbers() -> None:
    assert parse_scores("6.5/6/6/7") == (6.5, 6.0, 6.0, 7.0)
    with pytest.raises(ValueError):
        parse_scores("6.5/6/6")
    with pytest.raises(ValueError):
        parse_scores("a/b/c/d")
