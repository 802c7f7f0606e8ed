"""The registration form's live checks: off the GUI thread, newest answer wins, failures said."""

from __future__ import annotations

import threading

import pytest
from clients_support import register_people
from pytestqt.qtbot import QtBot

from ciip_desktop.errors import UserError
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import DuplicateCandidate, RegistrationInput
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.registration_form import RegistrationForm

pytestmark = pytest.mark.usefixtures("answer_yes")  # closing a typed-in form asks first

BUSY = "The database is busy; try again in a moment."


def open_form(qtbot: QtBot, services: Services, counsellor: Actor) -> RegistrationForm:
    form = RegistrationForm(services, counsellor)
    qtbot.addWidget(form)
    form.show()
    return form


def workers() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("ciip-worker")]


def type_phone(qtbot: QtBot, form: RegistrationForm, phone: str) -> None:
    form.text_field("phone").clear()
    qtbot.keyClicks(form.widget("phone"), phone)


def test_a_failed_duplicate_check_is_said_and_can_be_tried_again(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = register_people(services, counsellor)
    real_find = services.clients.find_duplicates

    def busy(*_args: object, **_kwargs: object) -> list[DuplicateCandidate]:
        raise UserError(BUSY)

    monkeypatch.setattr(services.clients, "find_duplicates", busy)
    form = open_form(qtbot, services, counsellor)
    type_phone(qtbot, form, "138 0013 8000")
    form.flush()
    panel = form.duplicates_box
    assert panel.isVisible()  # not hidden as if there were no duplicates
    assert BUSY in panel.failure_label.text()
    assert panel.retry_button.isVisible() and not panel.list.isVisible()
    assert form.duplicates() == []

    monkeypatch.setattr(services.clients, "find_duplicates", real_find)
    panel.retry_button.click()
    form.flush()
    assert [c.client_id for c in form.duplicates()] == [people["Wei"].id]
    assert not panel.failure_label.isVisible() and panel.list.isVisible()


def test_an_unexpected_failure_is_one_sentence_without_the_clients_data(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: RegistrationInput, **_kwargs: object) -> list[DuplicateCandidate]:
        raise RuntimeError(f"no such column while looking for {data.phone}")

    monkeypatch.setattr(services.clients, "find_duplicates", broken)
    form = open_form(qtbot, services, counsellor)
    type_phone(qtbot, form, "138 0013 8000")
    form.flush()
    text = form.duplicates_box.failure_label.text()
    assert "log file" in text
    assert "138" not in text and "Traceback" not in text


def test_the_duplicate_check_runs_off_the_gui_thread_and_leaves_no_thread(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_people(services, counsellor)
    real_find = services.clients.find_duplicates
    threads: list[int] = []

    def find(data: RegistrationInput, **kwargs: object) -> list[DuplicateCandidate]:
        threads.append(threading.get_ident())
        return real_find(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services.clients, "find_duplicates", find)
    form = open_form(qtbot, services, counsellor)
    type_phone(qtbot, form, "138 0013 8000")
    form.flush()
    assert form.duplicates()
    assert threads and threading.get_ident() not in threads
    assert workers() == []  # the worker ends once the answer is back


def test_the_newest_request_wins_over_a_slow_earlier_one(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = register_people(services, counsellor)
    real_find = services.clients.find_duplicates
    started, release = threading.Event(), threading.Event()
    asked: list[str] = []

    def find(data: RegistrationInput, **kwargs: object) -> list[DuplicateCandidate]:
        asked.append(data.phone)
        if len(asked) == 1:  # the first answer is slow, and would list Zhang Wei
            started.set()
            release.wait(10)
        return real_find(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services.clients, "find_duplicates", find)
    form = open_form(qtbot, services, counsellor)
    shown: list[list[str]] = []
    show = form.duplicates_box.show_candidates
    monkeypatch.setattr(
        form.duplicates_box,
        "show_candidates",
        lambda found: (shown.append([c.client_id for c in found]), show(found)),
    )
    type_phone(qtbot, form, "138 0013 8000")  # Zhang Wei's phone
    qtbot.waitUntil(started.is_set)
    type_phone(qtbot, form, "139 1234 5678")  # Li Na's: typed while the first check runs
    form.check_now()
    release.set()
    form.flush()
    assert asked == ["138 0013 8000", "139 1234 5678"]
    assert shown == [[people["Na"].id]]  # Zhang Wei's late answer never showed
    assert [c.client_id for c in form.duplicates()] == [people["Na"].id]


def test_closing_the_form_while_a_check_runs_leaves_no_thread_and_no_late_answer(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_people(services, counsellor)
    real_find = services.clients.find_duplicates
    started, release = threading.Event(), threading.Event()

    def slow(data: RegistrationInput, **kwargs: object) -> list[DuplicateCandidate]:
        started.set()
        release.wait(10)
        return real_find(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services.clients, "find_duplicates", slow)
    form = open_form(qtbot, services, counsellor)
    type_phone(qtbot, form, "138 0013 8000")
    qtbot.waitUntil(started.is_set)
    assert workers()
    release.set()
    form.reject()
    assert not form.isVisible()
    assert workers() == []
    qtbot.wait(50)  # the dropped answer would have arrived by now
    assert form.duplicates() == []


def test_a_validation_that_cannot_run_says_so_and_keeps_save_disabled(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = open_form(qtbot, services, counsellor)
    qtbot.keyClicks(form.widget("family_name"), "Zhang")
    qtbot.keyClicks(form.widget("given_name"), "Wei")
    form.flush()
    assert form.save_button.isEnabled()

    def busy(*_args: object) -> dict[str, str]:
        raise UserError(BUSY)

    monkeypatch.setattr(services.clients, "validate", busy)
    qtbot.keyClicks(form.widget("email"), "w")
    form.flush()
    assert BUSY in form.problem_label.text()
    assert "could not be checked" in form.problem_label.text()
    assert not form.save_button.isEnabled()


def test_counsellors_that_cannot_be_read_are_said_on_opening(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy() -> list[tuple[str, str]]:
        raise UserError(BUSY)

    monkeypatch.setattr(services.clients, "counsellors", busy)
    form = open_form(qtbot, services, counsellor)
    assert "counsellors could not be read" in form.problem_label.text()
    assert BUSY in form.problem_label.text()
