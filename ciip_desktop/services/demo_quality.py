"""A year of service-quality history for the demo database: paper surveys after sessions,
a feedback log, and staff improvement ideas (one of which visibly worked)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from ciip_desktop.models import (
    Counsellor,
    FeedbackItem,
    ImprovementProject,
    Role,
    SurveyResponse,
)
from ciip_desktop.services.calendar.working_days import WorkingCalendar
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.quality.standards import ASSESSMENT_CALL, ENQUIRY_ANSWERED

COMMENTS = (
    "",
    "",
    "",
    "Very helpful, thank you.",
    "The session was too long.",
    "I would like more about licensing.",
    "谢谢老师，讲得很清楚。",
    "希望多讲一些找工作的内容。",
    "The room was hard to find.",
)
ENQUIRIES = (
    "When is the next group session in Shanghai?",
    "Can my spouse attend the one-on-one?",
    "How do I get my credentials assessed?",
    "Is the package available in French?",
)
COMPLAINTS = (
    "Phone session started late",
    "Package arrived after the session",
    "Could not reach the office by phone",
)
# (title, standard, driver, months ago raised, state, months ago decided or implemented)
IDEAS = (
    ("Call the day the registration arrives", ASSESSMENT_CALL, "", 9, "implemented", 6),
    ("Send session reminders by WeChat", "", "timeliness", 8, "implemented", 5),
    ("Answer enquiries from a shared mailbox", ENQUIRY_ANSWERED, "", 5, "implemented", 3),
    ("Bilingual name cards for group sessions", "", "courtesy", 4, "approved", 3),
    ("Print packages at the partner venue", "", "outcome", 3, "dropped", 2),
    ("Evening phone sessions for working clients", "", "fairness", 1, "raised", 0),
)


class DemoQuality:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def fill(self, actor: Actor, seed: int = 1, today: date | None = None) -> int:
        """Add the history once (nothing when surveys exist); returns the rows added."""
        today = today or date.today()
        rng = random.Random(seed + 18)
        working = WorkingCalendar()
        with self.ctx.write(actor) as db:
            if db.scalar(select(func.count()).select_from(SurveyResponse)):
                return 0
            staff = list(
                db.scalars(
                    select(Counsellor.id)
                    .where(Counsellor.role != Role.ADMINISTRATOR.value)
                    .order_by(Counsellor.username)
                )
            )
            rows: list[object] = []
            reminders = today - timedelta(days=150)  # the WeChat reminders idea, implemented
            for days_ago in range(365, 0, -1):
                day = today - timedelta(days=days_ago)
                if not working.is_working_day(day) or rng.random() < 0.5:
                    continue
                kind = rng.choice(("group", "group", "one_on_one", "phone"))
                for _ in range(rng.randint(1, 4)):
                    lift = 0.7 if day >= reminders else 0.0

                    def score(base: float, lift: float = lift) -> int | None:
                        if rng.random() < 0.05:
                            return None
                        return max(1, min(5, round(rng.gauss(base + lift, 0.8))))

                    rows.append(
                        SurveyResponse(
                            answered_on=day,
                            session_kind=kind,
                            timeliness=score(3.4),
                            knowledge=score(4.3, 0),
                            courtesy=score(4.5, 0),
                            fairness=score(4.2, 0),
                            outcome=score(3.9, 0.2),
                            overall=score(4.0, 0.3),
                            comments=rng.choice(COMMENTS),
                        )
                    )
            numbers: dict[int, int] = {}
            for days_ago in range(360, 0, -1):
                if rng.random() > 0.2:
                    continue
                day = today - timedelta(days=days_ago)
                if not working.is_working_day(day):
                    continue
                numbers[day.year] = number = numbers.get(day.year, 0) + 1
                kind = rng.choices(("enquiry", "complaint", "compliment"), (6, 2, 1))[0]
                item = FeedbackItem(
                    reference=f"FB-{day.year}-{number:04d}",
                    kind=kind,
                    channel=rng.choice(("email", "telephone", "mail", "in_person")),
                    received_on=day,
                    handler_id=rng.choice(staff) if staff else None,
                    summary=rng.choice(COMPLAINTS if kind == "complaint" else ENQUIRIES)
                    if kind != "compliment"
                    else "Thanks for the clear session",
                )
                # Mostly within the standards (2 working days to answer or acknowledge,
                # 20 to resolve), with some misses.
                lag = working.add_working_days(day, rng.choices((1, 2, 3, 4), (52, 38, 7, 3))[0])
                if kind == "enquiry" and lag < today:
                    item.answered_on = lag
                elif kind == "complaint":
                    if lag < today:
                        item.acknowledged_on = lag
                    took = rng.randint(5, 18) if rng.random() < 0.88 else rng.randint(21, 30)
                    resolved = working.add_working_days(day, took)
                    if resolved < today:
                        item.resolved_on = resolved
                        item.response = "Apologised and explained what we changed."
                rows.append(item)
            for i, (title, key, driver, raised, state, moved) in enumerate(IDEAS):
                project = ImprovementProject(
                    title=title,
                    raised_by=staff[i % len(staff)] if staff else None,
                    raised_on=today - timedelta(days=30 * raised + 3),
                    standard_key=key,
                    driver=driver,
                    state=state,
                )
                if state == "implemented":
                    project.implemented_on = today - timedelta(days=30 * moved)
                    project.decided_on = project.raised_on + timedelta(days=14)
                elif state in ("approved", "dropped"):
                    project.decided_on = today - timedelta(days=30 * moved)
                rows.append(project)
            db.add_all(rows)
            return len(rows)
