"""Dates and times read the same way everywhere on the Clients screen, in each language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from clients_support import TODAY, registration
from pytestqt.qtbot import QtBot

from ciip_desktop import i18n
from ciip_desktop.i18n import format_date
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import ActionStepInput, ClientDetail, MeetingInput
from ciip_desktop.services.context import Actor
from ciip_desktop.ui.clients.screen import ClientsScreen
from ciip_desktop.ui.clients.table_model import ClientTableModel

MOMENT = datetime(2026, 11, 25, 19, 46, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [
        ("en", "Apr 8, 2026", "Nov 25, 2026, 2:46\u202fp.m."),
        ("zh_CN", "2026年4月8日", "2026年11月25日 14:46"),
        ("fr_CA", "8 avr. 2026", "25 nov. 2026, 14 h 46"),
    ],
)
def test_a_moment_reads_like_the_dates_beside_it(language: str, day: str, moment: str) -> None:
    i18n.set_language(language)
    assert i18n.format_date(date(2026, 4, 8)) == day
    assert i18n.format_datetime(MOMENT, tz="America/Toronto") == moment


@pytest.fixture
def client(services: Services, counsellor: Actor) -> ClientDetail:
    detail = services.clients.register(counsellor, registration("Li", "Na", "李娜"))
    services.casework.record_meeting(
        counsellor,
        detail.id,
        MeetingInput(held_on=TODAY - timedelta(days=3), channel="phone", activity="Phone call"),
        [ActionStepInput("Send transcripts to WES", TODAY + timedelta(days=11))],
    )
    return services.clients.get(counsellor, detail.id)


@pytest.fixture
def screen(
    qtbot: QtBot, services: Services, counsellor: Actor, client: ClientDetail
) -> Iterator[ClientsScreen]:
    widget = ClientsScreen(services, counsellor)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.mark.parametrize("language", ["en", "zh_CN", "fr_CA"])
def test_every_date_on_the_clients_screen_has_the_same_form(
    screen: ClientsScreen, client: ClientDetail, language: str
) -> None:
    i18n.set_language(language)
    screen.retranslate_ui()
    screen.open_client(client.id)
    received = format_date(client.registration.received_on)
    row = screen.model.row_of(client.id)
    assert screen.model.index(row, ClientTableModel.RECEIVED).data() == received

    values = list(screen.detail.registration.values().values())
    assert received in values
    changed = client.updated_at.astimezone().date()
    assert any(v.startswith(format_date(changed) + (" " if language == "zh_CN" else ", "))
               for v in values)  # fmt: skip

    follow_up = screen.detail.follow_up
    assert follow_up.steps.item(0, 2).text() == format_date(TODAY + timedelta(days=11))
    assert follow_up.meetings.item(0, 0).text() == format_date(TODAY - timedelta(days=3))
    history = screen.detail.history
    assert history.item(0, 0).text().startswith(format_date(changed))
