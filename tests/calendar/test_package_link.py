"""Packages read the calendar: a group session's batch goes to the clients enrolled in it,
and a package names the client's next one-on-one or phone session booked there."""

from __future__ import annotations

from datetime import date, timedelta

from calendar_support import TODAY, Desk, at

from ciip_desktop.services.calendar.types import SessionInput
from ciip_desktop.services.packages.calendar_link import (
    group_session_attendees,
    next_calendar_appointment,
)

SESSION_DAY = date(2026, 12, 3)  # a Thursday


def test_a_batch_goes_to_the_clients_enrolled_and_not_marked_absent(desk: Desk) -> None:
    session = desk.group(SESSION_DAY, capacity=2)
    a, b, c, d = (desk.client(n) for n in ("张伟", "李娜", "王芳", "陈静"))
    for client in (a, b, c):
        desk.cal.enrolment.enrol(desk.actor, session.id, client)  # c waits: capacity 2
    desk.client("赵磊")  # registered, never enrolled
    assert group_session_attendees(desk.ctx, session.id) == [a, b]
    desk.cal.enrolment.mark(desk.actor, session.id, b, "no_show")
    assert group_session_attendees(desk.ctx, session.id) == [a]
    assert d not in group_session_attendees(desk.ctx, session.id)


def test_the_next_appointment_is_the_next_individual_session_booked(desk: Desk) -> None:
    client = desk.client()
    with desk.ctx.read() as db:
        assert next_calendar_appointment(db, client, TODAY) is None
    for day, kind in (
        (TODAY + timedelta(days=20), "phone"),
        (TODAY + timedelta(days=6), "one_on_one"),
    ):
        desk.cal.sessions.create(
            desk.actor,
            SessionInput(
                kind=kind,
                starts_at=at(day, 10),
                ends_at=at(day, 11),
                city="Guangzhou",
                lead_counsellor_id=desk.actor.counsellor_id,
                client_id=client,
            ),
            accept=True,
        )
    with desk.ctx.read() as db:
        found = next_calendar_appointment(db, client, TODAY)
        later = next_calendar_appointment(db, client, TODAY + timedelta(days=7))
    assert found is not None and (found.on, found.channel) == (
        TODAY + timedelta(days=6),
        "one_on_one",
    )
    assert later is not None and (later.on, later.channel) == (TODAY + timedelta(days=20), "phone")
