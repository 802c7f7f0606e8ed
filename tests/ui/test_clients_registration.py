"""The registration form: pinyin as you type, live reasons, duplicates, saving, keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from clients_support import TODAY, register_people
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.errors import ValidationError
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ClientDetail, RegistrationInput
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.registration_form import OPEN_EXISTING, RegistrationForm
from ciip_desktop.ui.clients.screen import ClientsScreen
from ciip_desktop.ui.clients.table_model import ClientTableModel


@pytest.fixture
def form(qtbot: QtBot, services: Services, counsellor: Actor) -> RegistrationForm:
    dialog = RegistrationForm(services, counsellor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def screen(qtbot: QtBot, services: Services, counsellor: Actor) -> Iterator[ClientsScreen]:
    widget = ClientsScreen(services, counsellor)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.fixture(autouse=True)
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Questions ("Discard what you typed?") are answered Yes unless a test says otherwise."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    """Type as the counsellor does; Chinese arrives committed from the input method."""
    widget.setFocus()  # type: ignore[attr-defined]
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)  # type: ignore[attr-defined]


def test_typing_the_chinese_name_fills_in_the_pinyin(qtbot: QtBot, form: RegistrationForm) -> None:
    type_into(qtbot, form.widget("chinese_name"), "张伟")
    assert form.widget("pinyin").text() == "Zhang Wei"


def test_pinyin_typed_by_hand_is_kept(qtbot: QtBot, form: RegistrationForm) -> None:
    type_into(qtbot, form.widget("chinese_name"), "曾")
    form.widget("pinyin").clear()
    type_into(qtbot, form.widget("pinyin"), "Tsang")
    type_into(qtbot, form.widget("chinese_name"), "志伟")
    assert form.widget("pinyin").text() == "Tsang"
    assert form.value().pinyin == "Tsang"


def test_an_invalid_phone_shows_the_reason_and_save_stays_disabled(
    qtbot: QtBot, form: RegistrationForm
) -> None:
    type_into(qtbot, form.widget("family_name"), "Zhang")
    type_into(qtbot, form.widget("given_name"), "Wei")
    type_into(qtbot, form.widget("phone"), "12345")
    qtbot.waitUntil(lambda: bool(form.errors.text("phone")), timeout=2000)
    assert "phone number" in form.errors.text("phone")
    assert not form.save_button.isEnabled()
    form.widget("phone").clear()
    type_into(qtbot, form.widget("phone"), "138 0013 8000")
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=2000)
    assert form.errors.text("phone") == ""


def test_reasons_of_untouched_fields_wait_until_save_is_tried(
    qtbot: QtBot, form: RegistrationForm
) -> None:
    assert not form.save_button.isEnabled()  # an empty form cannot be saved ...
    assert form.errors.text("family_name") == ""  # ... but does not scold before typing
    assert form.try_save() is False  # Ctrl+Enter on an empty form shows why
    assert form.errors.text("family_name") != ""
    assert form.widget("family_name").hasFocus()


def test_a_possible_duplicate_is_listed_while_typing(
    qtbot: QtBot, services: Services, counsellor: Actor, form: RegistrationForm
) -> None:
    people = register_people(services, counsellor)
    type_into(qtbot, form.widget("chinese_name"), "张伟")
    type_into(qtbot, form.widget("phone"), "13800138000")
    qtbot.waitUntil(lambda: bool(form.duplicates()), timeout=3000)
    assert form.duplicates()[0].client_id == people["Wei"].id
    assert form.duplicates_box.isVisible()
    text = form.duplicates_box.list.item(0).text()
    assert people["Wei"].file_no in text
    assert form.duplicates_box.open_button.isEnabled()


def test_open_existing_record_returns_its_id(
    qtbot: QtBot,
    services: Services,
    counsellor: Actor,
    screen: ClientsScreen,
    answer_yes: list[str],
) -> None:
    people = register_people(services, counsellor)
    screen.refresh()
    form = screen.new_client()
    type_into(qtbot, form.widget("chinese_name"), "李娜")
    type_into(qtbot, form.widget("phone"), "139 1234 5678")
    form.flush()
    assert form.duplicates()
    with qtbot.waitSignal(form.openExisting) as signal:
        qtbot.mouseClick(form.duplicates_box.open_button, Qt.MouseButton.LeftButton)
    assert signal.args == [people["Na"].id]
    assert form.result() == OPEN_EXISTING
    assert screen.detail.client is not None and screen.detail.client.id == people["Na"].id
    assert answer_yes  # it asked before discarding what was typed


def test_saving_registers_the_client_and_the_list_shows_it(
    qtbot: QtBot, screen: ClientsScreen, counsellor: Actor
) -> None:
    form = screen.new_client()
    type_into(qtbot, form.widget("family_name"), "Zhang")
    type_into(qtbot, form.widget("given_name"), "Wei")
    type_into(qtbot, form.widget("chinese_name"), "张伟")
    type_into(qtbot, form.widget("phone"), "138 0013 8000")
    type_into(qtbot, form.widget("date_of_birth"), "1985-03-14")
    form.widget("signature_on_file").setChecked(True)
    form.widget("consent_to_share").setChecked(True)
    form.flush()
    assert form.reasons() == {}
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form.widget("phone"), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = form.saved_client
    assert saved is not None
    assert saved.registration.date_of_birth is not None
    assert saved.pinyin == "Zhang Wei"
    assert saved.registration.signature_date == TODAY
    assert saved.counsellor_name == "Li Na"
    row = screen.model.row_of(saved.id)
    assert row >= 0
    assert screen.model.index(row, ClientTableModel.CHINESE_NAME).data() == "张伟"
    assert screen.detail.client is not None and screen.detail.client.id == saved.id


def test_a_refusal_from_the_service_shows_the_reasons_and_keeps_the_typing(
    qtbot: QtBot,
    form: RegistrationForm,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    type_into(qtbot, form.widget("family_name"), "Chen")
    type_into(qtbot, form.widget("given_name"), "Jing")
    form.flush()

    def refuse(_actor: Actor, _data: RegistrationInput) -> ClientDetail:
        raise ValidationError("The record has 1 problem.", {"phone": "Already used by GZ-1"})

    monkeypatch.setattr(services.clients, "register", refuse)
    assert form.try_save() is False
    assert form.errors.text("phone") == "Already used by GZ-1"
    assert form.text_field("family_name").text() == "Chen"
    assert form.text_field("given_name").text() == "Jing"
    assert form.isVisible()


def test_a_family_member_needs_the_principals_file_number(
    qtbot: QtBot, services: Services, counsellor: Actor, form: RegistrationForm
) -> None:
    people = register_people(services, counsellor)
    assert not form.widget("principal_file_no").isEnabled()
    form.widget("applicant_role").set_code("family_member")
    assert form.widget("principal_file_no").isEnabled()
    type_into(qtbot, form.widget("chinese_name"), "张小明")
    form.flush()
    assert form.try_save() is False
    assert form.errors.text("principal_file_no") != ""
    type_into(qtbot, form.widget("principal_file_no"), people["Wei"].file_no)
    assert form.try_save() is True
    saved = form.saved_client
    assert saved is not None and saved.principal is not None
    assert saved.principal.id == people["Wei"].id


def test_escape_asks_before_discarding_typed_text(
    qtbot: QtBot, form: RegistrationForm, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    type_into(qtbot, form.widget("family_name"), "Wang")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked and form.isVisible()
    # Answered Yes, the form closes, and its checks stop with it (none runs into later tests).
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_escape_on_an_untouched_form_just_closes(qtbot: QtBot, form: RegistrationForm) -> None:
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_editing_changes_only_what_was_changed(
    qtbot: QtBot, services: Services, counsellor: Actor
) -> None:
    people = register_people(services, counsellor)
    form = RegistrationForm(services, counsellor, people["Fang"])
    qtbot.addWidget(form)
    assert form.widget("chinese_name").text() == "王芳"
    assert form.save_button.isEnabled() or form.reasons() == {}
    form.widget("phone").clear()
    type_into(qtbot, form.widget("phone"), "020 8888 8888")
    assert form.try_save()
    saved = form.saved_client
    assert saved is not None and saved.registration.phone == "+862088888888"
    assert saved.registration.received_on == TODAY - timedelta(days=10)


def test_keyboard_order_follows_the_paper_form(qtbot: QtBot, form: RegistrationForm) -> None:
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.widget("family_name").setFocus()
    visited = []
    for _ in range(7):
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
        visited.append(form.focusWidget())
    assert visited == [
        form.widget("given_name"),
        form.widget("chinese_name"),
        form.widget("pinyin"),
        form.widget("sex"),
        form.widget("date_of_birth"),
        form.widget("phone"),
        form.widget("email"),
    ]


def test_a_language_switch_keeps_what_was_typed(qtbot: QtBot, form: RegistrationForm) -> None:
    type_into(qtbot, form.widget("chinese_name"), "张伟")
    type_into(qtbot, form.widget("phone"), "12345")
    form.flush()
    i18n.set_language("pseudo")
    form.retranslate_ui()
    assert form.save_button.text().startswith("[")
    assert form.groups.boxes[0].title().startswith("[")
    assert form.widget("registration_channel").currentText().startswith("[")
    assert form.text_field("chinese_name").text() == "张伟"
    assert form.text_field("pinyin").text() == "Zhang Wei"
    assert form.widget("phone").text() == "12345"
