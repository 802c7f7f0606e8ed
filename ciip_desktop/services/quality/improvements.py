"""Improvement projects: ideas raised by staff, their state, and for implemented ones the
before/after on the standard and the survey driver they aimed at."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ciip_desktop.errors import UserError
from ciip_desktop.i18n import N_, _
from ciip_desktop.models import ImprovementProject
from ciip_desktop.services.context import Actor
from ciip_desktop.services.quality.service import QualityService
from ciip_desktop.services.quality.stats import Change, change
from ciip_desktop.services.quality.surveys import DRIVERS, SurveyService
from ciip_desktop.services.security import guards

STATES = {
    "raised": N_("Raised"),
    "approved": N_("Approved"),
    "implemented": N_("Implemented"),
    "dropped": N_("Dropped"),
}
# Days compared on each side of the date a project was implemented.
WINDOW = 90


@dataclass(frozen=True)
class Effect:
    project_id: str
    standard: Change | None  # 1 = met, 0 = missed per case, before against after
    driver: Change | None


class ImprovementService:
    def __init__(self, quality: QualityService, surveys: SurveyService) -> None:
        self.quality, self.surveys = quality, surveys
        self.ctx = quality.ctx

    def raise_idea(
        self, actor: Actor, title: str, raised_on: date, standard_key: str = "", driver: str = ""
    ) -> str:
        if not title.strip():
            raise UserError(_("Give the idea a title."))
        if driver and driver not in DRIVERS:
            raise UserError(_("Unknown survey question {name}.").format(name=driver))
        if standard_key:
            self.quality.catalogue.get(standard_key)
        with self.ctx.write(actor) as db:
            row = ImprovementProject(
                title=title.strip(),
                raised_by=actor.counsellor_id or None,
                raised_on=raised_on,
                standard_key=standard_key,
                driver=driver,
            )
            db.add(row)
            db.flush()
            return row.id

    def move(self, actor: Actor, project_id: str, state: str, on: date) -> None:
        guards.require(actor.role, guards.Action.QUALITY_MANAGE)
        if state not in STATES:
            raise UserError(_("Unknown project state {state}.").format(state=state))
        with self.ctx.write(actor) as db:
            row = db.get(ImprovementProject, project_id)
            if row is None:
                raise UserError(_("That improvement project no longer exists."))
            if on < row.raised_on:
                raise UserError(_("A project cannot move before it was raised."))
            row.state = state
            if state == "implemented":
                row.implemented_on = on
            else:
                row.decided_on = on

    def projects(self) -> list[ImprovementProject]:
        with self.ctx.read() as db:
            rows = list(
                db.scalars(
                    select(ImprovementProject)
                    .where(ImprovementProject.deleted.is_(False))
                    .order_by(ImprovementProject.raised_on)
                )
            )
            db.expunge_all()
            return rows

    def counts(self, first: date, last: date) -> tuple[int, int]:
        """Ideas raised and projects implemented in ``[first, last]``."""
        tally: Counter[str] = Counter()
        for p in self.projects():
            if first <= p.raised_on <= last:
                tally["raised"] += 1
            if p.implemented_on is not None and first <= p.implemented_on <= last:
                tally["implemented"] += 1
        return tally["raised"], tally["implemented"]

    def effect(self, project: ImprovementProject) -> Effect:
        on = project.implemented_on
        if on is None:
            return Effect(project.id, None, None)
        standard = None
        if project.standard_key:
            first, last = on - timedelta(days=WINDOW), on + timedelta(days=WINDOW)
            _s, cases, _ix = self.quality.cases(first, min(last, self.quality.today()))
            today = self.quality.today()
            before: list[float] = []
            after: list[float] = []
            for case in cases:
                met = case.met(today)
                if case.standard_key != project.standard_key or met is None:
                    continue
                if first <= case.start < on:
                    before.append(float(met))
                elif on <= case.start <= last:
                    after.append(float(met))
            standard = change(before, after)
        driver = None
        if project.driver:
            driver = self.surveys.before_after(on, project.driver, on - timedelta(days=WINDOW))
        return Effect(project.id, standard, driver)
