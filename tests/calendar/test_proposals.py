"""Proposals for assessed clients around their departure dates, and booking a day at once."""

from __future__ import annotations

from datetime import date, timedelta

from calendar_support import TODAY, Desk

from ciip_desktop.services.calendar.booking import book_proposals

NEXT_WORKING_DAY = date(2026, 11, 26)


def proposal_for(desk: Desk, client_id: str):  # type: ignore[no-untyped-def]
    (found,) = [p for p in desk.cal.proposals.propose() if p.client_id == client_id]
    return found


def test_a_client_is_proposed_the_next_group_session_in_their_city_before_departure(
    desk: Desk,
) -> None:
    desk.group(date(2026, 12, 3), city="Beijing")
    session = desk.group(date(2026, 12, 10))
    client = desk.client(departure=date(2027, 2, 1), city="Shenzhen")  # near Guangzhou
    p = proposal_for(desk, client)
    assert (p.kind, p.session_id, p.day) == ("group", session.id, date(2026, 12, 10))
    assert p.reason == "Next group session in Guangzhou before departure on Feb 1, 2027."


def test_client_departing_before_next_session_is_offered_a_one_on_one(desk: Desk) -> None:
    desk.group(date(2026, 12, 10))
    client = desk.client(departure=date(2026, 12, 8))
    p = proposal_for(desk, client)
    assert (p.kind, p.day) == ("one_on_one", NEXT_WORKING_DAY)
    assert "before departure" in p.reason


def test_client_departing_before_next_session_is_offered_a_phone_session(desk: Desk) -> None:
    # Leaves tomorrow: no time for an office visit either.
    client = desk.client(departure=TODAY + timedelta(days=1))
    p = proposal_for(desk, client)
    assert p.kind == "phone"
    assert "Leaves for Canada on Nov 26, 2026" in p.reason


def test_a_client_already_in_canada_or_living_far_away_gets_a_phone_session(desk: Desk) -> None:
    desk.group(date(2026, 12, 10))
    gone = desk.client("李娜", departure=TODAY - timedelta(days=5))
    far = desk.client("王芳", departure=date(2027, 5, 1), city="Chengdu")
    assert proposal_for(desk, gone).kind == "phone"
    assert "Already left for Canada" in proposal_for(desk, gone).reason
    assert proposal_for(desk, far).kind == "phone"
    assert "too far" in proposal_for(desk, far).reason


def test_proposals_never_overfill_a_session(desk: Desk) -> None:
    first = desk.group(date(2026, 12, 10), capacity=1)
    later = desk.group(date(2026, 12, 17), capacity=5)
    a = desk.client("张伟", departure=date(2027, 3, 1))
    b = desk.client("李娜", departure=date(2027, 3, 1))
    assert proposal_for(desk, a).session_id == first.id
    assert proposal_for(desk, b).session_id == later.id


def test_booking_every_proposal_of_a_day_in_one_step(desk: Desk) -> None:
    session = desk.group(date(2026, 12, 10))
    grouped = [desk.client(n, departure=date(2027, 3, 1)) for n in ("张伟", "李娜")]
    desk.client("王芳", departure=date(2026, 12, 8))  # a one-on-one on another day
    day = [p for p in desk.cal.proposals.propose() if p.day == date(2026, 12, 10)]
    result = book_proposals(
        desk.actor,
        day,
        desk.actor.counsellor_id,
        desk.cal.sessions,
        desk.cal.enrolment,
        desk.cal.one_on_ones,
    )
    assert (result.booked, result.problems) == (2, ())
    assert {e.client_id for e in desk.cal.enrolment.entries(session.id)} == set(grouped)
    # Booked clients are not proposed again.
    assert {p.client_id for p in desk.cal.proposals.propose()}.isdisjoint(grouped)


def test_booking_a_phone_proposal_uses_the_destination_time_zone(desk: Desk) -> None:
    client = desk.client(departure=TODAY + timedelta(days=1))
    p = proposal_for(desk, client)
    result = book_proposals(
        desk.actor, [p], desk.actor.counsellor_id,
        desk.cal.sessions, desk.cal.enrolment, desk.cal.one_on_ones,
    )  # fmt: skip
    assert result.booked == 1
    (phone,) = desk.cal.sessions.days(NEXT_WORKING_DAY, NEXT_WORKING_DAY)
    assert (phone.kind, phone.client_time_zone) == ("phone", "America/Toronto")
