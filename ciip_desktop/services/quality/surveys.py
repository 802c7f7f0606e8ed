"""Client-satisfaction surveys: keyed in after sessions, summarised by driver and session
type, compared before and after a date with honest intervals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import N_, _
from ciip_desktop.models import SurveyResponse
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.quality.stats import Change, Mean, change, mean_interval

DRIVERS: dict[str, str] = {
    "timeliness": N_("Timeliness"),
    "knowledge": N_("Knowledge"),
    "courtesy": N_("Courtesy"),
    "fairness": N_("Fairness"),
    "outcome": N_("Outcome"),
    "overall": N_("Overall"),
}


@dataclass(frozen=True)
class SurveyAnswers:
    answered_on: date
    scores: Mapping[str, int | None]  # driver -> 1..5 or None (left blank)
    session_kind: str = ""
    session_id: str | None = None
    comments: str = ""


class SurveyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record(self, actor: Actor, answers: SurveyAnswers) -> str:
        for driver, score in answers.scores.items():
            if driver not in DRIVERS:
                raise UserError(_("Unknown survey question {name}.").format(name=driver))
            if score is not None and not 1 <= score <= 5:
                raise UserError(_("Each answer is a score from 1 to 5, or left blank."))
        if all(v is None for v in answers.scores.values()) and not answers.comments.strip():
            raise UserError(_("The survey is empty: key in at least one answer."))
        with self.ctx.write(actor) as db:
            row = SurveyResponse(
                answered_on=answers.answered_on,
                session_kind=answers.session_kind,
                session_id=answers.session_id,
                comments=answers.comments.strip(),
                **{d: answers.scores.get(d) for d in DRIVERS},
            )
            db.add(row)
            db.flush()
            return row.id

    def _rows(self, first: date | None = None, last: date | None = None) -> list[SurveyResponse]:
        query = select(SurveyResponse).where(SurveyResponse.deleted.is_(False))
        if first is not None:
            query = query.where(SurveyResponse.answered_on >= first)
        if last is not None:
            query = query.where(SurveyResponse.answered_on <= last)
        with self.ctx.read() as db:
            return list(db.scalars(query))

    def by_driver(
        self, first: date | None = None, last: date | None = None, session_kind: str = ""
    ) -> dict[str, Mean]:
        rows = [
            r for r in self._rows(first, last) if not session_kind or r.session_kind == session_kind
        ]
        return {
            d: mean_interval([float(v) for r in rows if (v := getattr(r, d)) is not None])
            for d in DRIVERS
        }

    def session_kinds(self) -> list[str]:
        return sorted({r.session_kind for r in self._rows() if r.session_kind})

    def before_after(self, split: date, driver: str, first: date | None = None) -> Change:
        """Scores of ``driver`` before ``split`` against those from ``split`` on."""
        rows = self._rows(first)
        scores = [(r.answered_on, getattr(r, driver)) for r in rows]
        before = [float(v) for on, v in scores if v is not None and on < split]
        after = [float(v) for on, v in scores if v is not None and on >= split]
        return change(before, after)
