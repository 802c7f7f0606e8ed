"""Each standard's start and stop rule, measured from records in a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest
from quality_support import Records

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import set_language
from ciip_desktop.models import OfficeClosure, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.measure import Case
from ciip_desktop.services.quality.standards import (
    ASSESSMENT_CALL,
    ONE_ON_ONE_AFTER_GROUP,
    PACKAGE_BEFORE_PHONE,
)

TODAY = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def quality(services: Services) -> QualityService:
    quality = services.quality
    quality.today = lambda: TODAY
    return quality


@pytest.fixture
def records(ctx: ServiceContext, counsellor: Actor) -> Records:
    return Records(ctx, counsellor)


def _cases(quality: QualityService, key: str) -> dict[str, Case]:
    _standards, cases, _ix = quality.cases(date(2025, 9, 1), date(2025, 10, 31))
    return {c.client_id: c for c in cases if c.standard_key == key}


def test_registration_to_assessment_call(quality: QualityService, records: Records) -> None:
    on_time = records.client(date(2025, 9, 29))
    records.assessed(on_time, date(2025, 10, 13))  # 5 working days over National Day
    late = records.client(date(2025, 9, 1))
    records.assessed(late, date(2025, 9, 9))  # 6 working days
    running = records.client(date(2025, 10, 17))
    cases = _cases(quality, ASSESSMENT_CALL)
    assert cases[on_time].met(TODAY) is True
    assert cases[late].met(TODAY) is False
    open_case = cases[running]
    assert open_case.met(TODAY) is None
    assert open_case.due == date(2025, 10, 24)
    assert "National Day" in quality.explain(cases[on_time])


def test_a_pause_keeps_elapsed_and_net_time(quality: QualityService, records: Records) -> None:
    client = records.client(date(2025, 9, 1))
    records.pause(client, ASSESSMENT_CALL, date(2025, 9, 3), date(2025, 9, 4))
    records.assessed(client, date(2025, 9, 10))
    case = _cases(quality, ASSESSMENT_CALL)[client]
    assert (case.elapsed, case.paused, case.net) == (7, 2, 5)
    assert case.met(TODAY) is True


def test_one_on_one_after_the_group_session(quality: QualityService, records: Records) -> None:
    quick = records.client(date(2025, 8, 1))
    records.group_attended(quick, date(2025, 9, 2))
    records.one_on_one(quick, date(2025, 9, 10))
    slow = records.client(date(2025, 8, 1))
    records.group_attended(slow, date(2025, 9, 2))
    records.one_on_one(slow, date(2025, 9, 30))
    cases = _cases(quality, ONE_ON_ONE_AFTER_GROUP)
    assert cases[quick].met(TODAY) is True
    assert cases[slow].met(TODAY) is False


def test_sessions_recorded_only_as_meetings_start_and_stop_the_one_on_one_clock(
    quality: QualityService, records: Records
) -> None:
    recorded = records.client(date(2025, 8, 1))
    records.meeting(recorded, date(2025, 9, 2), "group")  # no calendar booking
    records.one_on_one(recorded, date(2025, 9, 10))
    late = records.client(date(2025, 8, 1))
    records.meeting(late, date(2025, 9, 2), "group")
    records.one_on_one(late, date(2025, 9, 30))
    # Booked and attended in the calendar AND recorded as a meeting: one clock, not two.
    both = records.client(date(2025, 8, 1))
    records.group_attended(both, date(2025, 9, 2))
    records.meeting(both, date(2025, 9, 2), "group")
    records.one_on_one(both, date(2025, 9, 4))
    _standards, cases, _ix = quality.cases(date(2025, 9, 1), date(2025, 10, 31))
    mine = [c for c in cases if c.standard_key == ONE_ON_ONE_AFTER_GROUP]
    assert sorted(c.client_id for c in mine) == sorted([recorded, late, both])
    by_client = {c.client_id: c for c in mine}
    assert by_client[recorded].met(TODAY) is True
    assert (by_client[recorded].start, by_client[recorded].stop) == (
        date(2025, 9, 2),
        date(2025, 9, 10),
    )
    assert by_client[late].met(TODAY) is False
    assert by_client[both].met(TODAY) is True
    figure = quality.achievement(["2025-09"])[(ONE_ON_ONE_AFTER_GROUP, "2025-09", "")]
    assert (figure.met, figure.missed) == (2, 1)


def test_phone_sessions_recorded_only_as_meetings_count_once(
    quality: QualityService, records: Records
) -> None:
    recorded = records.client(date(2025, 8, 1))
    records.package(recorded, date(2025, 9, 1))
    records.meeting(recorded, date(2025, 9, 4), "phone")  # held, never booked
    unready = records.client(date(2025, 8, 1))
    records.package(unready, date(2025, 9, 4))
    records.meeting(unready, date(2025, 9, 5), "phone")
    linked = records.client(date(2025, 8, 1))  # booked, held and recorded: one session
    records.package(linked, date(2025, 9, 1))
    records.phone_session(
        linked, date(2025, 9, 4), records.meeting(linked, date(2025, 9, 4), "phone")
    )
    same_day = records.client(date(2025, 8, 1))  # booked and recorded apart, same day
    records.package(same_day, date(2025, 9, 1))
    records.phone_session(same_day, date(2025, 9, 4))
    records.meeting(same_day, date(2025, 9, 4), "phone")
    _standards, cases, _ix = quality.cases(date(2025, 9, 1), date(2025, 10, 31))
    mine = [c for c in cases if c.standard_key == PACKAGE_BEFORE_PHONE]
    assert sorted(c.client_id for c in mine) == sorted([recorded, unready, linked, same_day])
    by_client = {c.client_id: c for c in mine}
    assert by_client[recorded].met(TODAY) is True
    assert by_client[unready].met(TODAY) is False
    figure = quality.achievement(["2025-09"])[(PACKAGE_BEFORE_PHONE, "2025-09", "")]
    assert (figure.met, figure.missed) == (3, 1)


def test_package_issued_working_days_before_the_phone_session(
    quality: QualityService, records: Records
) -> None:
    ready = records.client(date(2025, 8, 1))
    records.package(ready, date(2025, 9, 29))
    records.phone_session(ready, date(2025, 10, 9))  # 2 working days after 29 Sep
    tight = records.client(date(2025, 8, 1))
    records.package(tight, date(2025, 10, 9))
    records.phone_session(tight, date(2025, 10, 10))
    cases = _cases(quality, PACKAGE_BEFORE_PHONE)
    assert cases[ready].met(TODAY) is True
    assert cases[tight].met(TODAY) is False


def test_a_new_closure_or_target_remeasures_open_cases(
    ctx: ServiceContext, quality: QualityService, records: Records
) -> None:
    client = records.client(date(2025, 10, 17))
    assert _cases(quality, ASSESSMENT_CALL)[client].due == date(2025, 10, 24)
    with ctx.write(Actor.system()) as db:
        db.add(
            OfficeClosure(
                office_id=ctx.replica.office_id,
                first_day=date(2025, 10, 20),
                last_day=date(2025, 10, 20),
                reason="Typhoon",
            )
        )
    assert _cases(quality, ASSESSMENT_CALL)[client].due == date(2025, 10, 27)
    supervisor = Actor("", "Chief", Role.SUPERVISOR)
    quality.catalogue.change(supervisor, ASSESSMENT_CALL, 3, 0.95)
    assert _cases(quality, ASSESSMENT_CALL)[client].due == date(2025, 10, 23)
    assert quality.catalogue.get(ASSESSMENT_CALL).required_share == 0.95


def test_only_a_supervisor_changes_a_standard(quality: QualityService, counsellor: Actor) -> None:
    with pytest.raises(UserError):
        quality.catalogue.change(counsellor, ASSESSMENT_CALL, 3, 0.9)


def test_achievement_per_month(quality: QualityService, records: Records) -> None:
    for received, assessed in [
        (date(2025, 9, 1), date(2025, 9, 3)),
        (date(2025, 9, 2), date(2025, 9, 4)),
        (date(2025, 9, 3), date(2025, 9, 30)),
    ]:
        records.assessed(records.client(received), assessed)
    figures = quality.achievement(["2025-09", "2025-10"], group=lambda c: c.city)
    september = figures[(ASSESSMENT_CALL, "2025-09", "")]
    assert (september.met, september.missed, september.share) == (2, 1, 2 / 3)
    assert figures[(ASSESSMENT_CALL, "2025-09", "Beijing")].decided == 3


def test_sql_counts_agree_with_the_cases_one_by_one(
    quality: QualityService, records: Records
) -> None:
    for received, assessed, city in [
        (date(2025, 9, 1), date(2025, 9, 3), "Beijing"),
        (date(2025, 9, 2), None, "Beijing"),
        (date(2025, 9, 29), date(2025, 10, 13), "Shanghai"),  # on time over National Day
        (date(2025, 9, 30), date(2025, 10, 15), "Shanghai"),  # a day late
        (date(2025, 10, 17), None, "Shanghai"),  # still running
    ]:
        client = records.client(received, city)
        if assessed is not None:
            records.assessed(client, assessed)
    # A paused clock: on time only thanks to its pause (measured apart from the SQL count).
    paused = records.client(date(2025, 9, 1), "Shanghai")
    records.pause(paused, ASSESSMENT_CALL, date(2025, 9, 3), date(2025, 9, 4))
    records.assessed(paused, date(2025, 9, 10))
    months = ["2025-09", "2025-10"]
    by_sql = quality.achievement(months, by="city")
    one_by_one = quality.achievement(months, group=lambda c: c.city)
    for key, figure in one_by_one.items():
        if key[0] == ASSESSMENT_CALL:
            sql = by_sql[key]
            assert (sql.met, sql.missed, sql.running) == (
                figure.met,
                figure.missed,
                figure.running,
            ), key
    assert by_sql[(ASSESSMENT_CALL, "2025-10", "Shanghai")].met == 1
    assert by_sql[(ASSESSMENT_CALL, "2025-09", "Shanghai")].met == 1  # the paused one
    assert by_sql[(ASSESSMENT_CALL, "2025-09", "")].decided == 3
    behind = quality.cases_behind(ASSESSMENT_CALL, "2025-10", "Shanghai", by="city")
    assert len(behind) == 3


def test_a_counsellor_pauses_a_clock_with_a_reason(
    quality: QualityService, records: Records, counsellor: Actor
) -> None:
    client = records.client(date(2025, 9, 1))
    quality.pauses.pause(
        counsellor, ASSESSMENT_CALL, client, date(2025, 9, 3), date(2025, 9, 4), " Travelling "
    )
    records.assessed(client, date(2025, 9, 10))
    case = _cases(quality, ASSESSMENT_CALL)[client]
    assert (case.due, case.elapsed, case.paused, case.net) == (date(2025, 9, 10), 7, 2, 5)
    assert case.met(TODAY) is True
    (kept,) = quality.pauses.pauses(client)
    assert (kept.standard_key, kept.reason) == (ASSESSMENT_CALL, "Travelling")


@pytest.mark.parametrize(
    ("key", "first", "last", "reason", "words"),
    [
        (ASSESSMENT_CALL, date(2025, 9, 4), date(2025, 9, 3), "Away", "on or after"),
        (ASSESSMENT_CALL, date(2025, 9, 3), date(2025, 9, 4), "  ", "Say why"),
        (ASSESSMENT_CALL, date(2025, 1, 1), date(2026, 1, 2), "Away", "a year at most"),
        (PACKAGE_BEFORE_PHONE, date(2025, 9, 3), date(2025, 9, 4), "Away", "cannot be paused"),
    ],
)
def test_a_pause_that_makes_no_sense_is_refused_in_one_sentence(
    quality: QualityService,
    records: Records,
    counsellor: Actor,
    key: str,
    first: date,
    last: date,
    reason: str,
    words: str,
) -> None:
    client = records.client(date(2025, 9, 1))
    with pytest.raises(UserError, match=words):
        quality.pauses.pause(counsellor, key, client, first, last, reason)
    assert quality.pauses.pauses(client) == []
