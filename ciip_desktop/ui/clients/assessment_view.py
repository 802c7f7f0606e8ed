"""The needs assessment as label/value rows for the read-only view of a client's record."""

from __future__ import annotations

from ciip_desktop.i18n import _, format_date
from ciip_desktop.services.clients.types import AssessmentView
from ciip_desktop.ui.clients.labels import (
    CONCERNS,
    EDUCATION_LEVELS,
    ENGLISH_TESTS,
    FRENCH_TESTS,
    SESSION_PREFERENCES,
    label,
)
from ciip_desktop.ui.clients.reference_data import ReferenceData


def language_text(
    level: int | None, test: str, scores: str, tests: dict[str, str], unit: str
) -> str:
    """``CLB 7 (IELTS General Training 6.5/6.0/6.0/6.5)`` or what is known of it."""
    parts: list[str] = []
    if level:
        parts.append(f"{unit} {level}")
    if test:
        parts.append(
            f"({label(tests, test)} {scores})" if parts else f"{label(tests, test)} {scores}"
        )
    return " ".join(parts) or _("not known")


def assessment_rows(view: AssessmentView, reference: ReferenceData) -> list[tuple[str, str]]:
    province = dict(reference.provinces()).get(view.destination_province, view.destination_province)
    destination = ", ".join(p for p in (view.destination_city, province) if p)
    noc = view.intended_noc
    if noc:
        noc = f"{noc} {reference.noc_label(noc) or ''}".strip()
    years = "" if view.years_experience is None else str(view.years_experience)
    return [
        (_("Destination"), destination),
        (_("Expected departure"), format_date(view.expected_departure) or _("not known")),
        (_("Intended occupation (NOC)"), noc),
        (_("Career goals"), view.career_goals),
        (_("Education"), label(EDUCATION_LEVELS, view.education_level)),
        (_("Field of study"), view.education_field),
        (_("Years of experience"), years),
        (
            _("English"),
            language_text(
                view.english_clb, view.english_test, view.english_scores, ENGLISH_TESTS, "CLB"
            ),
        ),
        (
            _("French"),
            language_text(
                view.french_nclc, view.french_test, view.french_scores, FRENCH_TESTS, "NCLC"
            ),
        ),
        (_("Accompanying family"), view.accompanying_family),
        (_("Concerns"), ", ".join(label(CONCERNS, c) for c in view.concerns)),
        (_("Session preference"), label(SESSION_PREFERENCES, view.session_preference)),
        (_("Notes"), view.notes),
    ]
