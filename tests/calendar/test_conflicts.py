"""Every calendar warning is shown before saving, never silent; the period check after a merge."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from calendar_support import CST, Desk, at

from ciip_desktop.errors import ValidationError
from ciip_desktop.models import Enrollment, Role
from ciip_desktop.services.calendar.base import WarningsNotAccepted
from ciip_desktop.services.calendar.types import PlaceInput, SessionInput
from ciip_desktop.services.context import Actor

DAY = date(2026, 12, 10)


def draft(desk: Desk, day: date = DAY, **changes: object) -> SessionInput:
    base = SessionInput(
        kind="group",
        starts_at=at(day, 9),
        ends_at=at(day, 16),
        city="Guangzhou",
        lead_counsellor_id=desk.actor.counsellor_id,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def codes(desk: Desk, d: SessionInput, session_id: str | None = None) -> list[str]:
    return [w.code for w in desk.cal.sessions.check(d, session_id)]


def test_a_counsellor_double_booked_is_warned_and_refused_until_accepted(desk: Desk) -> None:
    desk.group(DAY)
    other = draft(desk, city="Beijing", starts_at=at(DAY, 15), ends_at=at(DAY, 17))
    assert codes(desk, other) == ["counsellor_double_booked"]
    with pytest.raises(WarningsNotAccepted, match="Li Na is already booked"):
        desk.cal.sessions.create(desk.actor, other)
    assert len(desk.cal.sessions.days(DAY, DAY)) == 1
    desk.cal.sessions.create(desk.actor, other, accept=True)
    assert len(desk.cal.sessions.days(DAY, DAY)) == 2


def test_a_supporting_counsellor_counts_as_booked_too(desk: Desk) -> None:
    helper = desk.counsellor("wf", "Wang Fang")
    desk.group(DAY, support_counsellor_ids=(helper,))
    other = draft(desk, lead_counsellor_id=helper, city="Shanghai")
    assert codes(desk, other) == ["counsellor_double_booked"]


def test_a_venue_double_booked_is_warned(desk: Desk) -> None:
    venue = desk.cal.places.save(desk.boss, _place())
    desk.group(DAY, venue=venue.id)
    other = draft(desk, venue_id=venue.id, lead_counsellor_id=desk.counsellor("wf", "Wang Fang"))
    assert codes(desk, other) == ["venue_double_booked"]


def test_back_to_back_sessions_do_not_clash(desk: Desk) -> None:
    desk.group(DAY)
    assert codes(desk, draft(desk, starts_at=at(DAY, 16, 30), ends_at=at(DAY, 17, 30))) == []


def test_a_client_booked_into_overlapping_sessions_is_warned(desk: Desk) -> None:
    group = desk.group(DAY)
    client = desk.client()
    desk.cal.enrolment.enrol(desk.actor, group.id, client)
    one = draft(
        desk,
        kind="one_on_one",
        client_id=client,
        lead_counsellor_id=desk.counsellor("wf", "Wang Fang"),
        starts_at=at(DAY, 10),
        ends_at=at(DAY, 11),
    )
    assert codes(desk, one) == ["client_overlap"]


def test_lowering_capacity_below_the_enrolled_warns_over_capacity(desk: Desk) -> None:
    session = desk.group(DAY, capacity=2)
    for name in ("张伟", "李娜"):
        desk.cal.enrolment.enrol(desk.actor, session.id, desk.client(name))
    smaller = replace(desk.cal.sessions.draft_of(session), capacity=1)
    assert codes(desk, smaller, session.id) == ["over_capacity"]


def test_a_session_on_a_holiday_or_closure_is_warned(desk: Desk) -> None:
    assert codes(desk, draft(desk, date(2026, 10, 1))) == ["holiday"]  # National Day
    assert codes(desk, draft(desk, date(2026, 2, 14))) == []  # a makeup working Saturday
    boss = desk.counsellor("chen", "Chen Jing")
    supervisor = Actor(boss, "Chen Jing", Role.SUPERVISOR)
    desk.cal.places.add_closure(supervisor, DAY, DAY, "Office move")
    warnings = desk.cal.sessions.check(draft(desk))
    assert [w.code for w in warnings] == ["holiday"]
    assert "Office move" in warnings[0].message


def test_only_a_supervisor_closes_the_office(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="supervisor"):
        desk.cal.places.add_closure(desk.actor, DAY, DAY, "Office move")


def test_a_session_ending_before_it_starts_is_refused(desk: Desk) -> None:
    bad = draft(desk, ends_at=at(DAY, 8))
    with pytest.raises(ValidationError) as caught:
        desk.cal.sessions.create(desk.actor, bad, accept=True)
    assert "ends before it starts" in caught.value.fields["ends_at"]


def test_booking_a_client_without_a_signature_is_refused(desk: Desk) -> None:
    unsigned = desk.client(signed=False)
    phone = draft(
        desk, kind="phone", client_id=unsigned, starts_at=at(DAY, 20), ends_at=at(DAY, 21)
    )
    with pytest.raises(ValidationError, match="No signed registration"):
        desk.cal.sessions.create(desk.actor, phone, accept=True)


def test_the_period_check_finds_what_two_laptops_booked_offline(desk: Desk) -> None:
    """What a sync merge would bring together: each laptop saw no clash on its own."""
    session = desk.group(DAY, capacity=1)
    clients = [desk.client(n) for n in ("张伟", "李娜")]
    desk.cal.enrolment.enrol(desk.actor, session.id, clients[0])
    # The other laptop's rows arrive as a merge writes them: a second seat and a second
    # session for the same counsellor, with no check at write time.
    with desk.ctx.write(desk.actor) as db:
        db.add(Enrollment(session_id=session.id, client_id=clients[1], state="enrolled"))
    desk.cal.sessions.create(desk.actor, draft(desk, city="Beijing"), accept=True)
    start = datetime(2026, 12, 1, tzinfo=CST)
    found = desk.cal.sessions.period_warnings(start, start + timedelta(days=30))
    assert sorted(w.code for w in found) == ["counsellor_double_booked", "over_capacity"]


def _place() -> PlaceInput:
    return PlaceInput(
        name="Partner bank meeting room",
        city="Beijing",
        partner="Partner bank",
        room="3F-301",
        capacity=30,
        contact="Ms Zhao, +86 10 5555 0100",
    )
