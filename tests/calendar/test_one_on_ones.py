"""Next-working-day one-on-ones after a group session, phone sessions, a held session."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from calendar_support import CST, TODAY, Desk

from ciip_desktop.errors import ValidationError
from ciip_desktop.models import Role
from ciip_desktop.services.clients.types import ActionStepInput
from ciip_desktop.services.context import Actor


def attended_group(desk: Desk, day: date, people: int) -> tuple[str, list[str]]:
    session = desk.group(day)
    clients = [
        desk.client(f"张{'伟娜芳静洋磊'[n]}", departure=date(2027, 6, 1)) for n in range(people)
    ]
    for client in clients:
        desk.cal.enrolment.enrol(desk.actor, session.id, client, accept=True)
    return session.id, clients


@pytest.mark.parametrize(
    ("group_day", "next_day"),
    [
        (date(2026, 12, 10), date(2026, 12, 11)),  # Thursday → Friday
        (date(2026, 12, 11), date(2026, 12, 14)),  # Friday → Monday, over the weekend
        (date(2026, 9, 30), date(2026, 10, 8)),  # before National Day week → after it
        (date(2026, 2, 13), date(2026, 2, 14)),  # Friday → the makeup working Saturday
        (date(2025, 12, 31), date(2026, 1, 4)),  # over New Year → the makeup working Sunday
    ],
)
def test_one_on_ones_go_on_the_next_working_day(
    desk: Desk, group_day: date, next_day: date
) -> None:
    session = desk.group(group_day)
    assert desk.cal.one_on_ones.next_day(session.id) == next_day


def test_the_next_working_day_skips_an_office_closure(desk: Desk) -> None:
    boss = Actor(desk.counsellor("chen", "Chen Jing"), "Chen Jing", Role.SUPERVISOR)
    desk.cal.places.add_closure(boss, date(2026, 12, 11), date(2026, 12, 11), "Training day")
    session = desk.group(date(2026, 12, 10))
    assert desk.cal.one_on_ones.next_day(session.id) == date(2026, 12, 14)


def test_each_attendee_gets_a_slot_from_the_counsellors_hours(desk: Desk) -> None:
    group_id, clients = attended_group(desk, date(2026, 12, 10), 3)
    desk.cal.places.set_hours(desk.boss, desk.actor.counsellor_id, 4, [(14 * 60, 16 * 60)])
    booked = desk.cal.one_on_ones.book_for_group(desk.actor, group_id, minutes=30)
    assert {b.client_id for b in booked} == set(clients)
    starts = sorted(b.local_start.strftime("%Y-%m-%d %H:%M") for b in booked)
    assert starts == ["2026-12-11 14:00", "2026-12-11 14:30", "2026-12-11 15:00"]
    assert all(b.group_session_id == group_id and b.kind == "one_on_one" for b in booked)
    # Planned once: asking again books no one twice.
    assert desk.cal.one_on_ones.book_for_group(desk.actor, group_id, minutes=30) == []


def test_slots_skip_what_the_counsellor_already_has(desk: Desk) -> None:
    group_id, _clients = attended_group(desk, date(2026, 12, 10), 1)
    day = date(2026, 12, 11)
    before = desk.cal.one_on_ones.slots(desk.actor.counsellor_id, day, 45)
    desk.cal.one_on_ones.book_for_group(desk.actor, group_id, minutes=45)
    after = desk.cal.one_on_ones.slots(desk.actor.counsellor_id, day, 45)
    assert len(after) == len(before) - 1
    assert before[0] not in after


def test_a_too_short_slot_length_is_refused(desk: Desk) -> None:
    group_id, _clients = attended_group(desk, date(2026, 12, 10), 1)
    with pytest.raises(ValidationError):
        desk.cal.one_on_ones.plan_for_group(group_id, minutes=5)


def test_a_phone_session_is_kept_in_the_clients_time_zone_and_shown_in_both(desk: Desk) -> None:
    client = desk.client(departure=date(2026, 11, 1))
    toronto = ZoneInfo("America/Toronto")
    agreed = datetime.combine(date(2026, 12, 3), time(19, 30), tzinfo=toronto)
    phone = desk.cal.one_on_ones.book_phone(desk.actor, client, desk.actor.counsellor_id, agreed)
    assert phone.client_time_zone == "America/Toronto"
    assert phone.local(phone.starts_at, phone.client_time_zone).strftime("%H:%M") == "19:30"
    # 19:30 in Toronto (UTC-5 in December) is 08:30 the next morning in Guangzhou.
    assert phone.local_start == datetime(2026, 12, 4, 8, 30, tzinfo=CST)


def test_a_held_one_on_one_is_recorded_as_a_meeting_with_action_steps(desk: Desk) -> None:
    group_id, (client,) = attended_group(desk, date(2026, 11, 19), 1)
    desk.cal.enrolment.mark(desk.actor, group_id, client, "attended")
    (one,) = desk.cal.one_on_ones.book_for_group(desk.actor, group_id)
    meeting = desk.cal.one_on_ones.record_held(
        desk.actor,
        one.id,
        "Reviewed the licensing steps for the intended occupation",
        [ActionStepInput("Send transcripts to WES", date(2026, 12, 20))],
    )
    assert meeting.channel == "one_on_one"
    assert desk.cal.sessions.get(one.id).status == "held"
    detail = desk.clients.get(desk.actor, client)
    assert detail.status == "one_on_one_done"
    assert [s.text for s in desk.cal.one_on_ones.casework.open_steps(desk.actor, client)] == [
        "Send transcripts to WES"
    ]
    assert one.day < TODAY
