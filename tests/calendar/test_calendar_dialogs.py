"""The calendar's dialogs driven as a counsellor uses them: proposals, places, held sessions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ciip_desktop.models import Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.calendar.types import SessionInput
from ciip_desktop.services.clients.types import AssessmentInput, RegistrationInput
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.calendar.held_dialog import HeldDialog
from ciip_desktop.ui.calendar.hours_dialog import HoursDialog
from ciip_desktop.ui.calendar.list_view import SessionListModel
from ciip_desktop.ui.calendar.places_dialog import PlacesDialog
from ciip_desktop.ui.calendar.proposals_dialog import ProposalsDialog
from ciip_desktop.ui.calendar.screen import CalendarScreen

CST = ZoneInfo("Asia/Shanghai")
TODAY = date.today()


def assessed_client(services: Services, actor: Actor, name: str, departure: date) -> str:
    detail = services.clients.register(
        actor,
        RegistrationInput(
            chinese_name=name,
            received_on=TODAY - timedelta(days=20),
            signature_on_file=True,
            signature_date=TODAY - timedelta(days=21),
            city_of_residence="Guangzhou",
        ),
    )
    services.assessments.save(
        actor,
        detail.id,
        AssessmentInput(
            destination_province="BC",
            destination_city="Vancouver",
            expected_departure=departure,
            intended_noc="21231",
            english_clb=7,
        ),
        complete=True,
    )
    return detail.id


def test_the_proposals_dialog_books_a_whole_day(
    qtbot: QtBot, services: Services, counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = TODAY + timedelta(days=14)
    start = datetime.combine(day, time(9), tzinfo=CST)
    session = services.calendar.sessions.create(
        replace(counsellor, role=Role.SUPERVISOR),  # a session with no counsellor yet
        SessionInput("group", start, start + timedelta(hours=7), city="Guangzhou"),
        accept=True,
    )
    clients = [assessed_client(services, counsellor, n, day + timedelta(days=90)) for n in "伟娜"]
    screen = CalendarScreen(services, counsellor)
    qtbot.addWidget(screen)
    shown: list[ProposalsDialog] = []

    def run(dialog: ProposalsDialog) -> int:
        shown.append(dialog)
        dialog.day.setCurrentIndex(dialog.day.findData(day.isoformat()))
        assert dialog.table.rowCount() == 2
        assert "before departure" in dialog.table.item(0, 3).text()
        dialog.book_button.click()
        return 0

    monkeypatch.setattr(ProposalsDialog, "exec", run)
    screen.proposals_button.click()
    assert shown and shown[0].outcome.text() == "Booked 2 proposals."
    entries = services.calendar.enrolment.entries(session.id)
    assert {e.client_id for e in entries} == set(clients)


def test_a_new_partner_venue_is_saved_with_its_details(
    qtbot: QtBot, services: Services, counsellor: Actor
) -> None:
    supervisor = replace(counsellor, role=Role.SUPERVISOR)  # places are a supervisor's
    saved = []

    def save(place, place_id):  # type: ignore[no-untyped-def]
        saved.append(services.calendar.places.save(supervisor, place, place_id))
        return saved[-1]

    dialog = PlacesDialog([], save)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("Partner bank meeting room")
    dialog.edits["city"].setText("Beijing")
    dialog.edits["room"].setText("3F-301")
    dialog.edits["contact"].setText("Branch events office")
    dialog.capacity.setValue(28)
    dialog._save()
    (place,) = services.calendar.places.places()
    assert (place.city, place.room, place.capacity, place.time_zone) == (
        "Beijing", "3F-301", 28, "Asia/Shanghai",
    )  # fmt: skip
    dialog.edits["name"].setText("")
    dialog._save()
    assert dialog.problem.text() == "The place cannot be saved; correct the fields marked."


def test_the_held_dialog_gives_the_activity_and_an_action_step(qtbot: QtBot) -> None:
    dialog = HeldDialog()
    qtbot.addWidget(dialog)
    dialog.activity.setPlainText("Reviewed the licensing steps")
    dialog.step.setText("Send transcripts to WES")
    dialog.due.setText("2027-01-15")
    (step,) = dialog.steps()
    assert (step.text, step.due_on) == ("Send transcripts to WES", date(2027, 1, 15))
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_list_model_is_a_well_behaved_model(
    qtmodeltester: ModelTester, services: Services, counsellor: Actor
) -> None:
    start = datetime.combine(TODAY + timedelta(days=3), time(9), tzinfo=CST)
    services.calendar.sessions.create(
        replace(counsellor, role=Role.SUPERVISOR),
        SessionInput("group", start, start + timedelta(hours=7), city="Shanghai"),
        accept=True,
    )
    model = SessionListModel()
    model.set_rows(services.calendar.sessions.days(TODAY, TODAY + timedelta(days=7)))
    qtmodeltester.check(model)
    assert model.index(0, 3).data() == "Shanghai"


def test_a_counsellors_hours_are_edited_per_weekday_and_used_for_slots(
    qtbot: QtBot, services: Services, counsellor: Actor
) -> None:
    places = services.calendar.places
    supervisor = replace(counsellor, role=Role.SUPERVISOR)  # hours are set by a supervisor
    dialog = HoursDialog(
        places.counsellors(),
        places.hours,
        lambda cid, day, spans: places.set_hours(supervisor, cid, day, spans),
    )
    qtbot.addWidget(dialog)
    assert dialog.days[0].text() == "09:00-12:00, 13:30-17:00"  # the office's hours
    assert dialog.days[5].text() == ""
    dialog.days[4].setText("14:00 - 15:30")
    dialog.days[5].setText("nine to five")
    dialog._on_save()
    assert "nine to five is not a span of hours" in dialog.problem.text()
    dialog.days[5].setText("")
    dialog._on_save()
    assert places.hours(counsellor.counsellor_id)[4] == [(14 * 60, 15 * 60 + 30)]
    friday = date(2026, 12, 11)
    slots = services.calendar.one_on_ones.slots(counsellor.counsellor_id, friday, 45)
    assert [s.starts_at.strftime("%H:%M") for s in slots] == ["14:00", "14:45"]


def test_a_weekday_off_gives_no_slots(services: Services, counsellor: Actor) -> None:
    boss = replace(counsellor, role=Role.SUPERVISOR)
    services.calendar.places.set_hours(boss, counsellor.counsellor_id, 4, [])
    assert services.calendar.places.hours(counsellor.counsellor_id) == {4: []}
    assert services.calendar.one_on_ones.slots(counsellor.counsellor_id, date(2026, 12, 11)) == []
    assert services.calendar.one_on_ones.slots(counsellor.counsellor_id, date(2026, 12, 10))
