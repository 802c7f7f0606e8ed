"""The needs assessment by phone: half-done saves, levels from test scores, the fixed lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from ciip_desktop.errors import ValidationError
from ciip_desktop.services.clients import AssessmentService, ClientService
from ciip_desktop.services.clients.types import AssessmentInput, RegistrationInput
from ciip_desktop.services.context import Actor, ServiceContext

TODAY = date.today()
FULL = AssessmentInput(
    destination_province="on",
    destination_city=" Toronto ",
    expected_departure=TODAY + timedelta(days=60),
    intended_noc="21231",
    english_test="ielts",
    english_scores="6.5/6.0/6.0/6.5",
    concerns=("credential_recognition", "housing"),
    session_preference="group",
)


@pytest.fixture
def assessments(ctx: ServiceContext) -> AssessmentService:
    return AssessmentService(ctx)


@pytest.fixture
def client_id(ctx: ServiceContext, counsellor: Actor) -> str:
    return (
        ClientService(ctx)
        .register(counsellor, RegistrationInput(chinese_name="张伟", received_on=TODAY))
        .id
    )


def test_ielts_scores_give_the_clb_from_the_table(
    assessments: AssessmentService, client_id: str, counsellor: Actor
) -> None:
    view = assessments.save(counsellor, client_id, FULL, complete=True)
    # Reading and writing 6.0 meet CLB 7 (6.0 each) but not CLB 8 (6.5): the lowest decides.
    assert view.english_clb == 7
    assert view.destination_province == "ON"
    assert view.destination_city == "Toronto"
    assert view.complete is True
    assert view.assessed_on == TODAY
    assert view.counsellor_name == "Li Na"
    assert view.concerns == ("credential_recognition", "housing")
    assert assessments.get(counsellor, client_id) == view


@pytest.mark.parametrize(
    ("test", "scores", "level"),
    [
        ("ielts", "8.5/8.0/7.5/7.5", 10),
        ("ielts", "9/9/9/9", 10),
        ("ielts", "5.0/4.0/5.0/5.0", 5),
        ("ielts", "4.5/3.5/4.0/4.0", 4),
        ("ielts", "4.0/3.5/4.0/4.0", None),
        ("ielts", "7,5 / 6,5 / 6,5 / 6,5", 8),
        ("celpip", "9/8/10/9", 8),
        ("celpip", "12/12/12/12", 10),
    ],
)
def test_english_levels_from_the_equivalency_chart(
    assessments: AssessmentService, test: str, scores: str, level: int | None
) -> None:
    converted = assessments.converted(AssessmentInput(english_test=test, english_scores=scores))
    assert converted.english_clb == level


@pytest.mark.parametrize(
    ("test", "scores", "level"),
    [
        ("tef", "546/546/558/556", 10),
        ("tef", "434/434/428/456", 7),
        ("tef", "600/600/600/430", 6),
        ("tef", "305/600/600/600", None),
        ("tcf", "549/549/16/16", 10),
        ("tcf", "458/453/10/10", 7),
        ("tcf", "500/500/12/9", 6),
    ],
)
def test_french_levels_from_the_tef_and_tcf_charts(
    assessments: AssessmentService, test: str, scores: str, level: int | None
) -> None:
    converted = assessments.converted(AssessmentInput(french_test=test, french_scores=scores))
    assert converted.french_nclc == level


def test_a_level_typed_by_the_counsellor_is_kept(assessments: AssessmentService) -> None:
    typed = AssessmentInput(english_test="ielts", english_scores="6/6/6/6", english_clb=9)
    assert assessments.converted(typed).english_clb == 9


def test_a_half_done_assessment_is_saved_and_completed_later(
    assessments: AssessmentService, client_id: str, counsellor: Actor
) -> None:
    first = assessments.save(
        counsellor, client_id, AssessmentInput(destination_province="BC"), False
    )
    assert first.complete is False
    done = assessments.save(counsellor, client_id, FULL, complete=True)
    assert done.id == first.id and done.complete is True


def test_completing_needs_destination_departure_occupation_and_english(
    assessments: AssessmentService,
) -> None:
    reasons = assessments.validate(AssessmentInput(), complete=True)
    assert set(reasons) == {
        "destination_province",
        "expected_departure",
        "intended_noc",
        "english_clb",
    }
    assert assessments.validate(AssessmentInput(), complete=False) == {}
    below = AssessmentInput(english_test="ielts", english_scores="3/3/3/3")
    assert "below CLB 4" in assessments.validate(below, complete=True)["english_clb"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"destination_province": "XX"}, "destination_province", "not a Canadian province"),
        ({"intended_noc": "2123"}, "intended_noc", "five-digit"),
        ({"intended_noc": "99999"}, "intended_noc", "not a NOC 2021 code"),
        ({"english_clb": 13}, "english_clb", "1 to 12"),
        ({"french_nclc": 0}, "french_nclc", "1 to 12"),
        ({"english_test": "toefl"}, "english_test", "ielts, celpip"),
        ({"english_test": "", "english_clb": 7}, "english_test", "Choose the test"),
        ({"english_scores": "6.5/6/6"}, "english_scores", "four IELTS scores"),
        ({"english_scores": "6.3/6/6/6"}, "english_scores", "four IELTS scores"),
        ({"english_scores": "10/6/6/6"}, "english_scores", "four IELTS scores"),
        ({"french_test": "tcf", "french_scores": "500/500/25/10"}, "french_scores", "TCF"),
        ({"years_experience": -1}, "years_experience", "0 to 60"),
        ({"concerns": ("weather",)}, "concerns", "weather"),
        ({"session_preference": "zoom"}, "session_preference", "group, one_on_one or phone"),
        ({"assessed_on": TODAY + timedelta(days=1)}, "assessed_on", "future"),
    ],
)
def test_bad_values_are_refused_even_in_a_half_done_save(
    assessments: AssessmentService,
    client_id: str,
    counsellor: Actor,
    changes: dict[str, object],
    field: str,
    words: str,
) -> None:
    data = replace(FULL, **changes)  # type: ignore[arg-type]
    reasons = assessments.validate(data, complete=False)
    assert field in reasons and words in reasons[field], reasons
    with pytest.raises(ValidationError) as raised:
        assessments.save(counsellor, client_id, data, complete=False)
    assert field in raised.value.fields
    assert assessments.get(counsellor, client_id) is None
