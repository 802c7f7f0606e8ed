"""The preliminary needs assessment: saved half-done while on the phone, completed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from ciip_desktop.errors import ValidationError
from ciip_desktop.i18n import _, ngettext
from ciip_desktop.models import NeedsAssessment, SessionPreference
from ciip_desktop.services.clients import codes
from ciip_desktop.services.clients.record_service import ClientRecordService
from ciip_desktop.services.clients.status import PackageReadyCheck, no_package, refresh_status
from ciip_desktop.services.clients.types import AssessmentInput, AssessmentView
from ciip_desktop.services.clients.views import assessment_view, counsellor_names, load_client
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.reference import Reference, parse_scores

CONCERNS = codes.CONCERNS
SESSION_PREFERENCES = ("", *(p.value for p in SessionPreference))
ENGLISH_TESTS = ("", "ielts", "celpip")
FRENCH_TESTS = ("", "tef", "tcf")
# Per test: (lowest, highest, step) of each skill's score, in L/R/W/S order.
SCORE_RANGES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "ielts": ((0, 9, 0.5),) * 4,
    "celpip": ((0, 12, 1),) * 4,
    "tef": ((0, 699, 1),) * 4,
    "tcf": ((0, 699, 1), (0, 699, 1), (0, 20, 1), (0, 20, 1)),
}
LEVEL_RANGE = (1, 12)
MAX_YEARS_EXPERIENCE = 60


def _scores_ok(test: str, text: str) -> bool:
    try:
        values = parse_scores(text)
    except ValueError:
        return False
    for value, (low, high, step) in zip(values, SCORE_RANGES[test], strict=True):
        if not low <= value <= high or (value / step) != int(value / step):
            return False
    return True


def _language(
    reference: Reference,
    errors: dict[str, str],
    *,
    level: int | None,
    test: str,
    scores: str,
    tests: tuple[str, ...],
    prefix: str,
    level_field: str,
) -> tuple[int | None, str, str]:
    """Check one language's test, scores and level; the level from the scores when not given."""
    test, scores = test.strip().lower(), " ".join(scores.split())
    if level is not None and not LEVEL_RANGE[0] <= level <= LEVEL_RANGE[1]:
        errors[level_field] = _("Enter a level from 1 to 12.")
    if test not in tests:
        errors[f"{prefix}_test"] = _("Choose one of: {tests}.").format(
            tests=", ".join(t for t in tests if t)
        )
        return level, test, scores
    if scores and not test:
        errors[f"{prefix}_test"] = _("Choose the test these scores are from.")
    elif scores and not _scores_ok(test, scores):
        errors[f"{prefix}_scores"] = _(
            "Enter the four {test} scores as listening/reading/writing/speaking, "
            "each within the test's scale."
        ).format(test=test.upper())
    elif scores and level is None:
        level = reference.level_from_test(test, scores)
    return level, test, scores


def check_assessment(
    data: AssessmentInput, complete: bool, today: date, reference: Reference
) -> tuple[AssessmentInput, dict[str, str]]:
    """(normalised input with levels computed from scores, field → reason)."""
    errors: dict[str, str] = {}
    province = data.destination_province.strip().upper()
    if province and not reference.is_province(province):
        errors["destination_province"] = _(
            "{code} is not a Canadian province or territory; choose one from the list."
        ).format(code=province)
    noc = data.intended_noc.strip()
    if noc and not (len(noc) == 5 and noc.isdigit() and reference.is_noc(noc)):
        errors["intended_noc"] = _(
            "{code} is not a NOC 2021 code; enter the five-digit code of the occupation, "
            "e.g. 21231."
        ).format(code=noc)
    english, english_test, english_scores = _language(
        reference,
        errors,
        level=data.english_clb,
        test=data.english_test,
        scores=data.english_scores,
        tests=ENGLISH_TESTS,
        prefix="english",
        level_field="english_clb",
    )
    french, french_test, french_scores = _language(
        reference,
        errors,
        level=data.french_nclc,
        test=data.french_test,
        scores=data.french_scores,
        tests=FRENCH_TESTS,
        prefix="french",
        level_field="french_nclc",
    )
    years = data.years_experience
    if years is not None and not 0 <= years <= MAX_YEARS_EXPERIENCE:
        errors["years_experience"] = _("Enter the years of experience, from 0 to {max}.").format(
            max=MAX_YEARS_EXPERIENCE
        )
    concerns = tuple(dict.fromkeys(c.strip() for c in data.concerns if c.strip()))
    unknown = [c for c in concerns if c not in CONCERNS]
    if unknown:
        errors["concerns"] = _("Unknown concern: {names}. Choose from the list.").format(
            names=", ".join(unknown)
        )
    preference = data.session_preference.strip()
    if preference not in SESSION_PREFERENCES:
        errors["session_preference"] = _("Choose group, one_on_one or phone, or leave it empty.")
    if data.assessed_on is not None and data.assessed_on > today:
        errors["assessed_on"] = _("The assessment date is in the future; check the date.")
    if len(data.destination_city.strip()) > 100:
        errors["destination_city"] = _("This is too long: at most {limit} characters.").format(
            limit=100
        )
    if complete:
        if not province:
            errors.setdefault("destination_province", _("Choose the destination province."))
        if data.expected_departure is None:
            errors.setdefault("expected_departure", _("Enter the expected departure date."))
        if not noc:
            errors.setdefault("intended_noc", _("Enter the intended occupation (NOC 2021)."))
        if english is None:
            reason = (
                _("The scores are below CLB 4; enter the CLB level by hand.")
                if english_scores and "english_scores" not in errors
                else _("Enter the English level (CLB) or the test scores.")
            )
            errors.setdefault("english_clb", reason)
    normalised = replace(
        data,
        destination_province=province,
        destination_city=data.destination_city.strip(),
        intended_noc=noc,
        english_clb=english,
        english_test=english_test,
        english_scores=english_scores,
        french_nclc=french,
        french_test=french_test,
        french_scores=french_scores,
        concerns=concerns,
        session_preference=preference,
    )
    return normalised, errors


def invalid_assessment(errors: dict[str, str]) -> ValidationError:
    count = len(errors)
    return ValidationError(
        ngettext(
            "The needs assessment has {n} problem; correct the field marked and save again.",
            "The needs assessment has {n} problems; correct the fields marked and save again.",
            count,
        ).format(n=count),
        errors,
    )


_FIELDS = (
    "destination_province",
    "destination_city",
    "expected_departure",
    "intended_noc",
    "career_goals",
    "education_level",
    "education_field",
    "years_experience",
    "english_clb",
    "english_test",
    "english_scores",
    "french_nclc",
    "french_test",
    "french_scores",
    "accompanying_family",
    "session_preference",
    "notes",
)


def apply_assessment(na: NeedsAssessment, data: AssessmentInput) -> None:
    for name in _FIELDS:
        value = getattr(data, name)
        if getattr(na, name) != value:
            setattr(na, name, value)
    concerns = ",".join(data.concerns)
    if na.concerns != concerns:
        na.concerns = concerns


class AssessmentService(ClientRecordService):
    def __init__(
        self,
        ctx: ServiceContext,
        package_ready: PackageReadyCheck = no_package,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(ctx, package_ready, today)
        self.reference = Reference.load()

    def get(self, actor: Actor, client_id: str) -> AssessmentView | None:
        with self.ctx.read() as session:
            load_client(session, client_id)
            na = session.scalar(
                select(NeedsAssessment).where(
                    NeedsAssessment.client_id == client_id, NeedsAssessment.deleted.is_(False)
                )
            )
            return assessment_view(na, counsellor_names(session)) if na else None

    def validate(self, data: AssessmentInput, complete: bool) -> dict[str, str]:
        return check_assessment(data, complete, self.today(), self.reference)[1]

    def converted(self, data: AssessmentInput) -> AssessmentInput:
        """``data`` normalised, with CLB/NCLC levels computed from test scores where missing."""
        return check_assessment(data, False, self.today(), self.reference)[0]

    def save(
        self, actor: Actor, client_id: str, data: AssessmentInput, complete: bool
    ) -> AssessmentView:
        """Save the assessment (half-done when ``complete`` is False); completing it moves the
        client to *assessed*."""
        data, errors = check_assessment(data, complete, self.today(), self.reference)
        if errors:
            raise invalid_assessment(errors)
        with self.ctx.write(actor) as session:
            client = load_client(session, client_id)
            # One assessment per client (unique): a tombstoned one is brought back.
            na = session.scalar(
                select(NeedsAssessment).where(NeedsAssessment.client_id == client_id)
            )
            if na is None:
                na = NeedsAssessment(client_id=client_id, complete=False)
                session.add(na)
            elif na.deleted:
                na.deleted = False
            apply_assessment(na, data)
            assessed_on = data.assessed_on or na.assessed_on or self.today()
            if na.assessed_on != assessed_on:
                na.assessed_on = assessed_on
            if actor.counsellor_id and na.counsellor_id != actor.counsellor_id:
                na.counsellor_id = actor.counsellor_id
            if na.complete != complete:
                na.complete = complete
            session.flush()
            refresh_status(session, client, actor.counsellor_id, self.package_ready)
            session.flush()
            return assessment_view(na, counsellor_names(session))
