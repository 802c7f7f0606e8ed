"""Enrolling, the waiting list, promotion with departures and families, attendance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from calendar_support import TODAY, Desk

from ciip_desktop.errors import ValidationError
from ciip_desktop.services.calendar.base import WarningsNotAccepted

SESSION_DAY = date(2026, 12, 10)  # a Thursday


def test_clients_beyond_capacity_wait_in_order(desk: Desk) -> None:
    session = desk.group(SESSION_DAY, capacity=2)
    a, b, c, d = (desk.client(n) for n in ("张伟", "李娜", "王芳", "陈静"))
    for client in (a, b, c, d):
        desk.cal.enrolment.enrol(desk.actor, session.id, client)
    entries = desk.cal.enrolment.entries(session.id)
    assert [(e.client_id, e.state) for e in entries][2:] == [(c, "waiting"), (d, "waiting")]
    assert desk.cal.sessions.get(session.id).enrolled == 2
    assert desk.cal.sessions.get(session.id).waiting == 2


def test_enrolling_a_client_without_a_signature_is_refused(desk: Desk) -> None:
    session = desk.group(SESSION_DAY)
    unsigned = desk.client(signed=False)
    with pytest.raises(ValidationError, match="No signed registration"):
        desk.cal.enrolment.enrol(desk.actor, session.id, unsigned)
    assert desk.cal.enrolment.entries(session.id) == []


def test_a_freed_seat_is_proposed_to_the_next_client_and_confirmed(desk: Desk) -> None:
    session = desk.group(SESSION_DAY, capacity=1)
    first, second = desk.client("张伟"), desk.client("李娜", departure=date(2027, 3, 1))
    desk.cal.enrolment.enrol(desk.actor, session.id, first)
    desk.cal.enrolment.enrol(desk.actor, session.id, second)
    assert desk.cal.enrolment.propose_next(session.id) is None  # no seat free yet
    desk.cal.enrolment.remove(desk.actor, session.id, first)
    proposal = desk.cal.enrolment.propose_next(session.id)
    assert proposal is not None and proposal.client_ids == (second,)
    # Proposing changes nothing until the counsellor confirms.
    assert desk.cal.enrolment.entries(session.id)[0].state == "waiting"
    desk.cal.enrolment.promote(desk.actor, proposal)
    assert [(e.client_id, e.state) for e in desk.cal.enrolment.entries(session.id)] == [
        (second, "enrolled")
    ]
    history = desk.cal.enrolment.history(session.id)
    assert [h.action for h in history] == ["enrolled", "waitlisted", "removed", "promoted"]
    assert history[-1].counsellor == "Li Na"
    assert history[-1].reason == "A seat freed; next on the waiting list."


def test_client_departing_before_the_session_is_skipped_and_offered_a_phone_session(
    desk: Desk,
) -> None:
    session = desk.group(SESSION_DAY, capacity=1)
    seated = desk.client("张伟")
    leaving = desk.client("李娜", departure=SESSION_DAY - timedelta(days=3))
    staying = desk.client("王芳", departure=SESSION_DAY + timedelta(days=60))
    for client in (seated, leaving, staying):
        desk.cal.enrolment.enrol(desk.actor, session.id, client)
    desk.cal.enrolment.remove(desk.actor, session.id, seated)
    proposal = desk.cal.enrolment.propose_next(session.id)
    assert proposal is not None
    assert proposal.client_ids == (staying,)
    assert proposal.skipped_ids == (leaving,)
    assert "Leaves for Canada on Dec 7, 2026" in proposal.skipped[0][1]
    assert "phone session" in proposal.skipped[0][1]
    desk.cal.enrolment.promote(desk.actor, proposal)
    skipped = [h for h in desk.cal.enrolment.history(session.id) if h.action == "skipped"]
    assert skipped[0].file_no == desk.file_no(leaving)
    assert "Dec 7, 2026" in skipped[0].reason


def test_a_family_is_enrolled_and_promoted_together_without_blocking_the_queue(
    desk: Desk,
) -> None:
    session = desk.group(SESSION_DAY, capacity=3)
    seated = [desk.client(n) for n in ("张伟", "李娜")]
    principal = desk.client("王芳")
    spouse = desk.client("陈静", principal=desk.file_no(principal))
    single = desk.client("刘洋")
    for client in (*seated, principal, single):
        desk.cal.enrolment.enrol(desk.actor, session.id, client)
    states = {e.client_id: e.state for e in desk.cal.enrolment.entries(session.id)}
    # The principal brought their spouse: two seats needed, one free → both wait.
    assert states[principal] == states[spouse] == "waiting"
    # The single client behind them fits the one free seat and is not blocked.
    assert states[single] == "enrolled"
    desk.cal.enrolment.remove(desk.actor, session.id, seated[0])
    desk.cal.enrolment.remove(desk.actor, session.id, seated[1])
    proposal = desk.cal.enrolment.propose_next(session.id)
    assert proposal is not None and set(proposal.client_ids) == {principal, spouse}
    desk.cal.enrolment.promote(desk.actor, proposal)
    states = {e.client_id: e.state for e in desk.cal.enrolment.entries(session.id)}
    assert states == {principal: "enrolled", spouse: "enrolled", single: "enrolled"}


def test_a_family_too_big_for_the_seats_left_is_passed_over_for_the_next_client(
    desk: Desk,
) -> None:
    session = desk.group(SESSION_DAY, capacity=2)
    seated = [desk.client(n) for n in ("张伟", "李娜")]
    principal = desk.client("王芳")
    desk.client("陈静", principal=desk.file_no(principal))
    single = desk.client("刘洋")
    for client in (*seated, principal, single):
        desk.cal.enrolment.enrol(desk.actor, session.id, client)
    desk.cal.enrolment.remove(desk.actor, session.id, seated[0])
    proposal = desk.cal.enrolment.propose_next(session.id)
    assert proposal is not None and proposal.client_ids == (single,)


def test_attendance_records_counsellor_and_laptop_and_moves_the_status(desk: Desk) -> None:
    session = desk.group(TODAY - timedelta(days=1))
    client = desk.client(departure=date(2027, 3, 1))
    desk.cal.enrolment.enrol(desk.actor, session.id, client, accept=True)
    desk.cal.enrolment.mark(desk.actor, session.id, client, "late")
    entry = desk.cal.enrolment.entries(session.id)[0]
    assert entry.attendance == "late"
    assert entry.marked_by == "Li Na"
    assert entry.marked_device == desk.ctx.replica.device_id
    assert desk.clients.get(desk.actor, client).status == "group_attended"


def test_a_no_show_does_not_count_as_attended(desk: Desk) -> None:
    session = desk.group(TODAY - timedelta(days=1))
    client = desk.client(departure=date(2027, 3, 1))
    desk.cal.enrolment.enrol(desk.actor, session.id, client)
    desk.cal.enrolment.mark(desk.actor, session.id, client, "no_show")
    assert desk.clients.get(desk.actor, client).status == "assessed"


def test_enrolling_a_client_into_an_overlapping_session_warns_first(desk: Desk) -> None:
    first = desk.group(SESSION_DAY)
    second = desk.group(SESSION_DAY, city="Beijing", lead=desk.counsellor("wf", "Wang Fang"))
    client = desk.client()
    desk.cal.enrolment.enrol(desk.actor, first.id, client)
    with pytest.raises(WarningsNotAccepted) as caught:
        desk.cal.enrolment.enrol(desk.actor, second.id, client)
    assert caught.value.warnings[0].code == "client_overlap"
    assert desk.cal.enrolment.entries(second.id) == []
    desk.cal.enrolment.enrol(desk.actor, second.id, client, accept=True)
    assert len(desk.cal.enrolment.entries(second.id)) == 1
