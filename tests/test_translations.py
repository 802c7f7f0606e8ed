"""The zh_CN and fr_CA catalogs are complete and current; formatting follows the locale."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from ciip_desktop import i18n
from ciip_desktop.i18n_build import TARGET_LANGUAGES, extract

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    extract(pot)
    return _ids(_catalog(pot))


@pytest.mark.parametrize("lang", TARGET_LANGUAGES)
def test_every_message_in_the_code_has_a_translation(lang: str, source_messages: set[str]) -> None:
    catalog = _catalog(i18n.po_path(lang))
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    not_in_catalog = source_messages - _ids(catalog)
    assert not missing, f"{lang}: untranslated: {missing[:10]}"
    assert not not_in_catalog, (
        f"{lang}: run `make translations`, then translate: {sorted(not_in_catalog)[:10]}"
    )


@pytest.mark.parametrize("lang", TARGET_LANGUAGES)
def test_translations_keep_every_placeholder(lang: str) -> None:
    for message in _catalog(i18n.po_path(lang)):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, (lang, message.id, text)


def test_switching_language_changes_what_underscore_returns() -> None:
    message = "Create the database, or migrate it (backup first)."
    i18n.set_language("zh_CN")
    chinese = i18n._(message)
    i18n.set_language("fr_CA")
    french = i18n._(message)
    i18n.set_language("en")
    assert i18n._(message) == message
    assert chinese != message and re.search(r"[\u4e00-\u9fff]", chinese)
    assert french != message


def test_listeners_hear_about_a_language_switch() -> None:
    heard: list[str] = []
    i18n.add_language_listener(heard.append)
    try:
        i18n.set_language("zh-CN")
        i18n.set_language("fr")
    finally:
        i18n.remove_language_listener(heard.append)
    assert heard == ["zh_CN", "fr_CA"]


def test_pseudo_locale_marks_and_lengthens_text_but_keeps_placeholders() -> None:
    i18n.set_language("pseudo")
    text = i18n._("{path} is up to date.")
    assert text.startswith("[") and text.endswith("]")
    assert "{path}" in text
    assert len(text) > len("{path} is up to date.")


def test_numbers_and_dates_follow_the_ui_language() -> None:
    i18n.set_language("fr_CA")
    assert i18n.format_currency(1234567.89) == "1\u00a0234\u00a0567,89\u00a0$"
    i18n.set_language("zh_CN")
    assert i18n.format_date(date(2026, 11, 25), "long") == "2026年11月25日"
    i18n.set_language("en")
    assert i18n.format_number(100000) == "100,000"
