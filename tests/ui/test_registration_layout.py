"""The registration form's layout: built from the field declaration, lined up, no empty band."""

from __future__ import annotations

import re

import pytest
from clients_support import register_people
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.fields import (
    REGISTRATION_CHANNELS,
    REGISTRATION_FIELDS,
    SEXES,
)
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.mnemonics import assign_mnemonics, mnemonic_of
from ciip_desktop.ui.clients.registration_form import RegistrationForm

LANGUAGES = ("en", "zh_CN", "fr_CA")
pytestmark = pytest.mark.usefixtures("answer_yes")  # closing a typed-in form asks first


def open_form(qtbot: QtBot, services: Services, counsellor: Actor) -> RegistrationForm:
    form = RegistrationForm(services, counsellor)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def plain(text: str) -> str:
    """A label as read aloud: without its Alt-key marks ("姓(&F)：" → "姓：")."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


def top_left(widget: QWidget, form: RegistrationForm) -> QPoint:
    return widget.mapTo(form, QPoint(0, 0))


def band_below_the_groups(form: RegistrationForm) -> int:
    """Pixels between the lowest group box and whatever comes next (panel or buttons)."""
    lowest = max(top_left(box, form).y() + box.height() for box in form.groups.boxes)
    below = form.duplicates_box if form.duplicates_box.isVisible() else form.save_button
    return top_left(below, form).y() - lowest


@pytest.mark.parametrize("language", LANGUAGES)
def test_fields_of_groups_in_one_column_start_at_the_same_x(
    qtbot: QtBot, services: Services, counsellor: Actor, language: str
) -> None:
    i18n.set_language(language)
    form = open_form(qtbot, services, counsellor)

    def x(name: str) -> int:
        return top_left(form.widget(name), form).x()

    assert x("family_name") == x("date_of_birth") == x("phone") == x("city_of_residence")
    assert x("immigration_stream") == x("registration_channel") == x("notes")
    for label in form.groups.labels.values():
        assert label.width() >= label.sizeHint().width(), label.text()  # nothing clipped
    assert form.width() <= 1280 and form.height() <= 800  # fits the office's laptops


def test_the_duplicates_panel_gives_its_space_back_when_it_hides(
    qtbot: QtBot, services: Services, counsellor: Actor
) -> None:
    register_people(services, counsellor)
    form = open_form(qtbot, services, counsellor)
    height = form.height()
    assert band_below_the_groups(form) < 30

    form.widget("chinese_name").setFocus()
    form.text_field("chinese_name").insert("张伟")
    qtbot.keyClicks(form.widget("phone"), "13800138000")
    form.flush()
    assert form.duplicates_box.isVisible()
    qtbot.waitUntil(lambda: form.height() > height)  # it grew to show them

    form.text_field("phone").clear()
    form.text_field("chinese_name").clear()
    form.flush()
    assert not form.duplicates_box.isVisible()
    qtbot.waitUntil(lambda: form.height() == height)
    assert band_below_the_groups(form) < 30


def test_labels_choices_and_order_come_from_the_field_declaration(
    qtbot: QtBot, services: Services, counsellor: Actor
) -> None:
    form = open_form(qtbot, services, counsellor)
    assert list(form.editors) == [spec.name for spec in REGISTRATION_FIELDS]
    for spec in REGISTRATION_FIELDS:
        label = form.groups.labels[spec.name]
        assert plain(label.text()) == f"{spec.title()}:"
        assert label.buddy() is form.widget(spec.name)
    sex = form.choice_field("sex")
    assert [sex.itemText(i) for i in range(sex.count())] == ["", *(c.title() for c in SEXES)]
    channel = form.choice_field("registration_channel")  # always one: no empty choice
    assert [channel.itemText(i) for i in range(channel.count())] == [
        c.title() for c in REGISTRATION_CHANNELS
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_label_has_its_own_alt_key(
    qtbot: QtBot, services: Services, counsellor: Actor, language: str
) -> None:
    i18n.set_language(language)
    form = open_form(qtbot, services, counsellor)
    buttons = (form.save_button, form.duplicates_box.open_button)
    letters = [mnemonic_of(label.text()) for label in form.groups.labels.values()]
    letters += [mnemonic_of(button.text()) for button in buttons]
    given = [letter for letter in letters if letter]
    assert len(given) == len(set(given))
    assert len(given) >= len(REGISTRATION_FIELDS) - 6  # a few long French labels may have none


def test_alt_and_a_labels_letter_moves_to_its_field(
    qtbot: QtBot, services: Services, counsellor: Actor
) -> None:
    form = open_form(qtbot, services, counsellor)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    letter = mnemonic_of(form.groups.labels["city_of_residence"].text())
    assert letter
    qtbot.keyClick(form, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
    assert form.focusWidget() is form.widget("city_of_residence")


def test_chinese_labels_take_the_letter_of_their_english_label() -> None:
    assert assign_mnemonics([("姓", "Family name"), ("名", "Given names")]) == [
        "姓(&F)",
        "名(&G)",
    ]
    assert assign_mnemonics([("Q & A", "Q & A")], reserved="q") == ["Q && &A"]


def test_a_language_switch_relabels_every_field(
    qtbot: QtBot, services: Services, counsellor: Actor
) -> None:
    form = open_form(qtbot, services, counsellor)
    qtbot.keyClicks(form.widget("family_name"), "Zhang")
    i18n.set_language("zh_CN")
    form.retranslate_ui()
    for spec in REGISTRATION_FIELDS:
        assert plain(form.groups.labels[spec.name].text()) == f"{spec.title()}："
    assert form.groups.boxes[1].title() == "联系方式"
    assert form.choice_field("registration_channel").currentText() == "邮寄"
    assert form.text_field("family_name").text() == "Zhang"
