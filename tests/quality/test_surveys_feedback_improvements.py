"""Survey statistics and intervals, the feedback log against its standards, and improvement
projects with their before/after."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest
from quality_support import Records

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import set_language
from ciip_desktop.models import Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.quality import QualityService
from ciip_desktop.services.quality.feedback import FeedbackEntry
from ciip_desktop.services.quality.standards import (
    ASSESSMENT_CALL,
    COMPLAINT_ACKNOWLEDGED,
    COMPLAINT_RESOLVED,
    ENQUIRY_ANSWERED,
)
from ciip_desktop.services.quality.stats import change, mean_interval
from ciip_desktop.services.quality.surveys import SurveyAnswers

TODAY = date(2025, 12, 31)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def quality(services: Services) -> QualityService:
    quality = services.quality
    quality.today = lambda: TODAY
    return quality


def test_mean_interval_matches_the_t_distribution() -> None:
    result = mean_interval([4, 5, 3, 4, 4])
    assert result.mean == 4.0
    # s = sqrt(0.5), t(4) = 2.776: half-width 2.776 * sqrt(0.5 / 5) = 0.8779
    assert math.isclose(result.high - 4.0, 0.8779, abs_tol=1e-3)  # type: ignore[operator]
    assert mean_interval([5]).low is None  # one answer: no interval is claimed


def test_a_small_sample_is_not_sold_as_a_change() -> None:
    small = change([3, 4, 3], [4, 5, 4])
    assert small.difference is not None and math.isclose(small.difference, 1.0)
    assert not small.clear
    large = change([3, 4, 3, 3, 4, 3] * 10, [4, 5, 4, 4, 5, 4] * 10)
    assert large.clear and large.low > 0  # type: ignore[operator]


def test_surveys_by_driver_and_before_after(quality: QualityService, counsellor: Actor) -> None:
    surveys = quality.surveys
    for day, score in [(date(2025, 9, d), 3) for d in range(1, 21)] + [
        (date(2025, 11, d), 5) for d in range(1, 21)
    ]:
        surveys.record(
            counsellor,
            SurveyAnswers(day, {"timeliness": score, "overall": 4}, session_kind="group"),
        )
    summary = surveys.by_driver()
    assert summary["timeliness"].n == 40 and summary["timeliness"].mean == 4.0
    assert summary["knowledge"].n == 0
    moved = surveys.before_after(date(2025, 10, 1), "timeliness")
    assert (moved.before.n, moved.after.n, moved.difference) == (20, 20, 2.0)
    assert moved.clear
    assert not surveys.before_after(date(2025, 10, 1), "overall").clear
    with pytest.raises(UserError):
        surveys.record(counsellor, SurveyAnswers(TODAY, {"timeliness": 6}))
    with pytest.raises(UserError):
        surveys.record(counsellor, SurveyAnswers(TODAY, {}))


def test_feedback_measured_against_its_standards(
    quality: QualityService, counsellor: Actor
) -> None:
    log = quality.feedback
    complaint = log.log(counsellor, FeedbackEntry("complaint", "mail", date(2025, 9, 29)))
    assert complaint == "FB-2025-0001"
    log.update(counsellor, complaint, acknowledged_on=date(2025, 10, 9))  # 2 days over Oct
    enquiry = log.log(counsellor, FeedbackEntry("enquiry", "email", date(2025, 12, 1)))
    log.update(counsellor, enquiry, answered_on=date(2025, 12, 5))  # 4 working days
    _s, cases, _ix = quality.cases(date(2025, 9, 1), date(2025, 12, 31))
    by = {c.standard_key: c for c in cases if c.file_no.startswith("FB-")}
    assert by[COMPLAINT_ACKNOWLEDGED].met(TODAY) is True
    assert by[COMPLAINT_RESOLVED].met(TODAY) is False  # never resolved, long overdue
    assert by[ENQUIRY_ANSWERED].met(TODAY) is False
    with pytest.raises(UserError):
        log.update(counsellor, enquiry, answered_on=date(2025, 11, 1))


def test_improvement_project_before_and_after(
    ctx: ServiceContext, quality: QualityService, counsellor: Actor
) -> None:
    records = Records(ctx, counsellor)
    for day in (1, 2, 3, 4, 8):  # before: every call late
        client = records.client(date(2025, 9, day))
        records.assessed(client, date(2025, 9, 26))
    for day in (3, 4, 5, 6, 7):  # after: every call the next working day
        client = records.client(date(2025, 11, day))
        records.assessed(client, date(2025, 11, day + 1))
    projects = quality.improvements
    idea = projects.raise_idea(
        counsellor, "Call the day the form arrives", date(2025, 9, 15), ASSESSMENT_CALL
    )
    boss = replace(counsellor, role=Role.SUPERVISOR)  # a supervisor decides on ideas
    projects.move(boss, idea, "approved", date(2025, 9, 20))
    projects.move(boss, idea, "implemented", date(2025, 10, 15))
    assert projects.counts(date(2025, 9, 1), date(2025, 12, 31)) == (1, 1)
    (project,) = projects.projects()
    effect = projects.effect(project)
    assert effect.standard is not None
    assert (effect.standard.before.mean, effect.standard.after.mean) == (0.0, 1.0)
    assert effect.driver is None
