"""A client's status after a sync is what the merged records show, on every laptop alike."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sync_support import Laptop, office, snapshot

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.status import derive_status, status_facts
from ciip_desktop.services.clients.types import (
    AssessmentInput,
    ClientDetail,
    MeetingInput,
    RegistrationInput,
)
from ciip_desktop.services.clients.views import client_detail
from ciip_desktop.services.context import Actor
from ciip_desktop.services.packages.ready import package_ready

TODAY = date.today()
ACTOR = Actor.system()
COMPLETE = AssessmentInput(
    destination_province="ON",
    destination_city="Toronto",
    expected_departure=TODAY + timedelta(days=90),
    intended_noc="21231",
    english_clb=8,
)


def _desk(laptop: Laptop) -> Services:
    return Services.build(laptop.ctx)


def _register(laptop: Laptop) -> str:
    return (
        _desk(laptop)
        .clients.register(
            ACTOR,
            RegistrationInput(
                chinese_name="张伟",
                received_on=TODAY - timedelta(days=30),
                signature_on_file=True,
                signature_date=TODAY - timedelta(days=31),
            ),
        )
        .id
    )


def _phone_session(laptop: Laptop, client: str) -> None:
    _desk(laptop).casework.record_meeting(
        ACTOR,
        client,
        MeetingInput(held_on=TODAY - timedelta(days=1), channel="phone", activity="Reviewed"),
        (),
    )


def _assess(laptop: Laptop, client: str) -> None:
    _desk(laptop).assessments.save(ACTOR, client, COMPLETE, complete=True)


def _detail(laptop: Laptop, client: str) -> ClientDetail:
    """The record as stored (read directly: opening it in the record view is a person's view,
    audited, which would add an audit entry the next sync has to carry)."""
    with laptop.ctx.read() as session:
        return client_detail(session, client, TODAY)


def _status(laptop: Laptop, client: str) -> str:
    return _detail(laptop, client).status


def _history(laptop: Laptop, client: str) -> list[tuple[str, str]]:
    return [(h.status, h.reason) for h in _detail(laptop, client).status_history]


def _settle(*laptops: Laptop) -> None:
    """Sync round after round until every laptop has sent all it wrote (at most three)."""
    for _ in range(3):
        for laptop in laptops:
            laptop.sync.sync_now()
        for laptop in laptops:
            laptop.sync.sync_now()
        if all(x.sync.pending_changes() == 0 for x in laptops):
            return
    raise AssertionError("the laptops keep writing changes after every sync")


def _as_the_record_shows(laptop: Laptop, client: str) -> str:
    with laptop.ctx.read() as session:
        return derive_status(status_facts(session, client, package_ready)).value


def test_a_phone_session_on_one_laptop_and_a_later_assessment_on_another_end_as_individual_done(
    tmp_path: Path, hub_url: str
) -> None:
    a, b = office(tmp_path, hub_url, ("A", "B"))
    client = _register(a)
    a.sync.sync_now()
    b.sync.sync_now()
    # Offline: B holds a phone session; afterwards A, not knowing, completes the assessment.
    _phone_session(b, client)
    _assess(a, client)
    assert _status(b, client) == "one_on_one_done" and _status(a, client) == "assessed"

    a.sync.sync_now()
    b.sync.sync_now()  # B receives the assessment: its "assessed" won the field by stamp
    assert _status(b, client) == "one_on_one_done"
    a.sync.sync_now()
    assert _status(a, client) == "one_on_one_done"
    assert _as_the_record_shows(a, client) == "one_on_one_done"
    # Two automatic statuses are not a conflict for a person.
    assert a.open_conflicts() == [] and b.open_conflicts() == []
    _settle(a, b)
    assert _history(a, client) == _history(b, client)
    assert _history(a, client)[-1] == ("one_on_one_done", "Individual session held.")
    assert snapshot(a) == snapshot(b)
    # Nothing fights: a further round changes nothing on either laptop.
    before = snapshot(a)
    a.sync.sync_now()
    b.sync.sync_now()
    assert a.sync.pending_changes() == 0 and b.sync.pending_changes() == 0
    assert snapshot(a) == snapshot(b) == before


def test_two_laptops_making_the_same_correction_write_one_history_entry(
    tmp_path: Path, hub_url: str
) -> None:
    a, b, c = office(tmp_path, hub_url, ("A", "B", "C"))
    client = _register(a)
    for laptop in (a, b, c):
        laptop.sync.sync_now()
    _phone_session(b, client)
    _assess(a, client)
    # Each laptop pushes its fact, then A and B each meet the other's and correct the
    # status themselves, before either correction has travelled.
    a.sync.sync_now()
    b.sync.sync_now()
    a.sync.sync_now()
    _settle(a, b, c)
    assert {_status(x, client) for x in (a, b, c)} == {"one_on_one_done"}
    entries = _history(c, client)
    # B's own entry for the phone session, and one correction (written on A and on B alike).
    assert entries.count(("one_on_one_done", "Individual session held.")) == 2
    assert entries == _history(a, client) == _history(b, client)
    assert snapshot(a) == snapshot(b) == snapshot(c)
    assert all(x.open_conflicts() == [] for x in (a, b, c))


def test_a_file_closed_on_one_laptop_stays_closed_when_a_session_held_elsewhere_arrives(
    tmp_path: Path, hub_url: str
) -> None:
    a, b = office(tmp_path, hub_url, ("A", "B"))
    client = _register(a)
    a.sync.sync_now()
    b.sync.sync_now()
    _phone_session(b, client)
    _desk(a).clients.set_status(ACTOR, client, "closed", "Left for Canada")
    _settle(b, a)
    assert _status(a, client) == _status(b, client) == "closed"
    # A person decides: the closing overwrote a status that the session had moved.
    assert [(c.field, c.loser_value) for c in a.open_conflicts()] == [
        ("status", '"one_on_one_done"')
    ]
    assert snapshot(a) == snapshot(b)


def test_the_calendar_counts_an_issued_package_as_every_other_service_does(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime, time

    from sync_support import open_laptop

    from ciip_desktop.models import InfoPackage, utcnow
    from ciip_desktop.services.calendar.types import SessionInput

    laptop = open_laptop(tmp_path, "A")
    desk = _desk(laptop)
    client = _register(laptop)
    _assess(laptop, client)
    with laptop.ctx.write(ACTOR) as session:
        session.add(InfoPackage(client_id=client, version=1, language="en", issued_at=utcnow()))
    desk.clients.set_status(ACTOR, client, "package_ready")
    start = datetime.combine(TODAY - timedelta(days=7), time(1), tzinfo=UTC)
    group = desk.calendar.sessions.create(
        ACTOR, SessionInput("group", start, start + timedelta(hours=7), city="Guangzhou"), True
    )
    desk.calendar.enrolment.enrol(ACTOR, group.id, client)
    desk.calendar.enrolment.mark(ACTOR, group.id, client, "attended")
    assert _status(laptop, client) == "group_attended"
    desk.calendar.enrolment.mark(ACTOR, group.id, client, "no_show")  # marked by mistake
    assert _status(laptop, client) == "package_ready" == _as_the_record_shows(laptop, client)


def test_a_laptop_pulling_one_change_at_a_time_ends_with_the_same_status_and_history(
    tmp_path: Path,
) -> None:
    a, b = office(tmp_path, str(tmp_path / "hub.sqlite3"), ("A", "B"))
    client = _register(a)
    _assess(a, client)
    _phone_session(a, client)
    a.sync.sync_now()
    b.sync.pull_batch = 1  # every batch boundary falls somewhere in the client's work
    b.sync.sync_now()
    assert _status(b, client) == "one_on_one_done"
    statuses = [status for status, _reason in _history(b, client)]
    # Never sent back while the facts were arriving, never past them; a stage whose record
    # arrived a batch before its own history entry may be listed twice (see the README).
    assert statuses[0] == "registered" and "registered" not in statuses[1:]
    assert statuses == sorted(statuses, key=["registered", "assessed", "one_on_one_done"].index)
    assert set(_history(a, client)) <= set(_history(b, client))
    _settle(a, b)
    assert snapshot(a) == snapshot(b)
    assert a.open_conflicts() == [] and b.open_conflicts() == []


def test_the_bulk_rule_after_a_merge_reads_the_record_as_the_services_do(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime, time

    from sync_support import open_laptop

    from ciip_desktop.models import InfoPackage, utcnow
    from ciip_desktop.services.calendar.types import SessionInput
    from ciip_desktop.services.sync.derived_status import derived_statuses

    laptop = open_laptop(tmp_path, "A")
    desk = _desk(laptop)
    plain, assessed, phoned, packaged, attended, absent = (_register(laptop) for _ in range(6))
    for client in (assessed, packaged, attended, absent):
        _assess(laptop, client)
    _phone_session(laptop, phoned)
    with laptop.ctx.write(ACTOR) as session:
        session.add(InfoPackage(client_id=packaged, version=1, language="en", issued_at=utcnow()))
    start = datetime.combine(TODAY - timedelta(days=7), time(1), tzinfo=UTC)
    group = desk.calendar.sessions.create(
        ACTOR, SessionInput("group", start, start + timedelta(hours=7), city="Guangzhou"), True
    )
    for client, mark in ((attended, "late"), (absent, "no_show")):
        desk.calendar.enrolment.enrol(ACTOR, group.id, client)
        desk.calendar.enrolment.mark(ACTOR, group.id, client, mark)
    clients = [plain, assessed, phoned, packaged, attended, absent]
    with laptop.ctx.read() as session:
        bulk = derived_statuses(session, clients)
    assert [bulk[c] for c in clients] == [_as_the_record_shows(laptop, c) for c in clients]
    assert [bulk[c] for c in clients] == [
        "registered",
        "assessed",
        "one_on_one_done",
        "package_ready",
        "group_attended",
        "assessed",
    ]
