"""The needs-assessment form: a draft while on the phone, then complete; test scores to CLB."""

from __future__ import annotations

from datetime import timedelta

import pytest
from clients_support import TODAY, registration
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ClientDetail
from ciip_desktop.services.context import Actor
from ciip_desktop.services.reference import Reference
from ciip_desktop.ui.clients.assessment_form import AssessmentForm
from ciip_desktop.ui.clients.detail import ClientDetailPane

# Confirmation questions are answered Yes throughout.
pytestmark = pytest.mark.usefixtures("answer_yes")


@pytest.fixture
def client(services: Services, counsellor: Actor) -> ClientDetail:
    return services.clients.register(counsellor, registration("Zhang", "Wei", "张伟"))


def open_form(
    qtbot: QtBot, services: Services, actor: Actor, client: ClientDetail
) -> AssessmentForm:
    existing = services.assessments.get(actor, client.id)
    form = AssessmentForm(services, actor, client.id, existing, Reference.load())
    qtbot.addWidget(form)
    form.show()
    return form


def test_a_half_done_assessment_is_saved_as_a_draft_then_completed(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    form = open_form(qtbot, services, counsellor, client)
    form.destination_province.setCurrentIndex(form.destination_province.findData("ON"))
    form.destination_city.setEditText("Toronto")
    form.concern_boxes["licensing"].setChecked(True)
    assert form.save(complete=False)
    draft = services.assessments.get(counsellor, client.id)
    assert draft is not None and not draft.complete
    assert draft.destination_province == "ON" and draft.concerns == ("licensing",)

    form = open_form(qtbot, services, counsellor, client)
    assert form.destination_city.currentText() == "Toronto"
    assert form.concern_boxes["licensing"].isChecked()
    assert not form.save(complete=True)  # departure, occupation and English are missing
    assert form.errors.text("expected_departure") != ""
    assert form.errors.text("intended_noc") != ""
    assert form.isVisible()

    form.expected_departure.set_value(TODAY + timedelta(days=90))
    form.intended_noc.setText("21300")
    form.english.level.setValue(7)
    assert form.save(complete=True)
    done = services.assessments.get(counsellor, client.id)
    assert done is not None and done.complete
    assert done.intended_noc == "21300" and done.english_clb == 7
    assert services.clients.get(counsellor, client.id).status == "assessed"


def test_ielts_scores_show_the_converted_clb(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    form = open_form(qtbot, services, counsellor, client)
    form.english.test.set_code("ielts")
    for box, score in zip(form.english.scores, (6.0, 6.0, 6.0, 6.0), strict=True):
        box.setValue(score)
    assert form.english.converted.text() == "= CLB 7"
    assert form.english.level.value() == 7 and not form.english.level.isEnabled()
    assert form.value().english_scores == "6.0/6.0/6.0/6.0"
    form.english.scores[3].setValue(5.5)  # the lowest skill decides
    assert form.english.converted.text() == "= CLB 6"
    assert form.save(complete=False)
    saved = services.assessments.get(counsellor, client.id)
    assert saved is not None
    assert (saved.english_test, saved.english_scores, saved.english_clb) == (
        "ielts",
        "6.0/6.0/6.0/5.5",
        6,
    )


def test_scores_below_the_chart_ask_for_the_level_by_hand(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    form = open_form(qtbot, services, counsellor, client)
    form.english.test.set_code("celpip")
    for box in form.english.scores:
        box.setValue(3)
    assert "below CLB 4" in form.english.converted.text()
    assert form.english.level.isEnabled()


def test_the_noc_completer_finds_occupations_by_words_of_the_title(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    form = open_form(qtbot, services, counsellor, client)
    form.intended_noc.setFocus()
    qtbot.keyClicks(form.intended_noc, "civil eng")
    suggestions = form._noc_model.stringList()
    assert any(s.startswith("21300 ") for s in suggestions)
    form.intended_noc.setText(next(s for s in suggestions if s.startswith("21300 ")))
    assert form.value().intended_noc == "21300"
    form.intended_noc.setText("99999")
    assert "five-digit" in form.noc_title.text()


def test_cities_follow_the_province(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    form = open_form(qtbot, services, counsellor, client)
    form.destination_province.setCurrentIndex(form.destination_province.findData("BC"))
    cities = [form.destination_city.itemText(i) for i in range(form.destination_city.count())]
    assert "Vancouver" in cities and "Toronto" not in cities


def test_the_record_shows_the_saved_assessment(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    stack = QUndoStack()
    pane = ClientDetailPane(services, counsellor, Reference.load(), lambda: stack)
    qtbot.addWidget(pane)
    pane.show_client(client.id)
    assert pane.assessment_state.text() == "No needs assessment yet."
    form = pane.edit_assessment()
    assert form is not None
    form.destination_province.setCurrentIndex(form.destination_province.findData("ON"))
    form.english.level.setValue(8)
    assert form.save(complete=False)
    assert pane.assessment_state.text().startswith("Draft")
    values = pane.assessment.values()
    assert values["Destination"] == "Ontario"
    assert values["English"] == "CLB 8"


def test_typed_answers_survive_a_language_switch(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> None:
    form = open_form(qtbot, services, counsellor, client)
    form.destination_province.setCurrentIndex(form.destination_province.findData("ON"))
    form.career_goals.setPlainText("Work as a civil engineer")
    form.english.level.setValue(6)
    i18n.set_language("pseudo")
    form.retranslate_ui()
    assert form.complete_button.text().startswith("[")
    assert form.concern_boxes["housing"].text().startswith("[")
    assert form.value().destination_province == "ON"
    assert form.value().career_goals == "Work as a civil engineer"
    assert form.value().english_clb == 6
