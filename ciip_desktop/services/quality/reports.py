"""The monthly reports fit for public posting: bilingual (English and Chinese) tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ciip_desktop.documents.report_table import ReportTable
from ciip_desktop.i18n import N_, load_catalog
from ciip_desktop.services.quality.service import QualityService, month_bounds, months_back

LANGUAGES = ("en", "zh_CN")


def both(message: str) -> str:
    """``message`` in English, then in Chinese, on two lines."""
    return "\n".join(in_language(lang)(message) for lang in LANGUAGES)


def in_language(lang: str) -> Callable[[str], str]:
    if lang == "en":
        return lambda m: m
    return load_catalog(lang).gettext


def _percent(value: float) -> str:
    return f"{round(value * 100)} %"


def check_month(month: str) -> str:
    """``month`` if it is a valid YYYY-MM, else ValueError."""
    month_bounds(month)
    return month


def standards_report(quality: QualityService, month: str) -> ReportTable:
    """Each standard: target, achievement, number of cases, and a short plain note."""
    figures = quality.achievement([month])
    rows: list[list[str]] = []
    for standard in quality.catalogue.standards():
        if not standard.active:
            continue
        figure = figures.get((standard.key, month, ""))
        target = N_("{share} of cases within {n} working days")
        if standard.ahead:
            target = N_("{share} of cases at least {n} working days ahead")
        target_text = "\n".join(
            in_language(lang)(target).format(
                share=_percent(standard.required_share), n=standard.target_days
            )
            for lang in LANGUAGES
        )
        if figure is None or figure.share is None:
            achieved, count = "—", "0"
            note = both(N_("No case was decided this month."))
        else:
            achieved, count = _percent(figure.share), str(figure.decided)
            message = (
                N_("Target met: {met} of {n} cases on time.")
                if figure.share >= standard.required_share
                else N_("Below target: {met} of {n} cases on time; we are working on it.")
            )
            note = "\n".join(
                in_language(lang)(message).format(met=figure.met, n=figure.decided)
                for lang in LANGUAGES
            )
        rows.append(
            [
                "\n".join(in_language(lang)(standard.name) for lang in LANGUAGES),
                target_text,
                achieved,
                count,
                note,
            ]
        )
    first, last = month_bounds(month)
    return ReportTable(
        title=both(N_("Service standards: how we did in {month}")).format(month=month),
        lines=[
            both(
                N_(
                    "Measured from our own records, in working days: weekends, public "
                    "holidays and office closures are not counted, makeup workdays are."
                )
            ).replace("\n", " "),
            f"{first.isoformat()} – {last.isoformat()} · {quality.today().isoformat()}",
        ],
        headers=[
            both(N_("Standard")),
            both(N_("Target")),
            both(N_("Achieved")),
            both(N_("Cases")),
            both(N_("Note")),
        ],
        rows=rows,
    )


def _interval(low: float | None, high: float | None) -> str:
    return "—" if low is None or high is None else f"{low:.2f} – {high:.2f}"


def survey_report(quality: QualityService, month: str) -> ReportTable:
    """The month's survey results by driver against the three months before it."""
    from ciip_desktop.services.quality.surveys import DRIVERS

    first, last = month_bounds(month)
    earlier = month_bounds(months_back(first, 4)[0])[0]
    rows: list[list[str]] = []
    for driver, name in DRIVERS.items():
        now = quality.surveys.by_driver(first, last)[driver]
        moved = quality.surveys.before_after(first, driver, earlier)
        if moved.low is None or moved.high is None or moved.difference is None:
            verdict = both(N_("Too few responses to tell."))
        elif moved.clear:
            verdict = both(N_("A clear change (its 95 % interval leaves out zero)."))
        else:
            verdict = both(N_("No clear change: the difference may be chance."))
        difference = "—" if moved.difference is None else f"{moved.difference:+.2f}"
        rows.append(
            [
                both(name),
                str(now.n),
                "—" if now.mean is None else f"{now.mean:.2f}",
                _interval(now.low, now.high),
                f"{difference} ({_interval(moved.low, moved.high)})",
                verdict,
            ]
        )
    return ReportTable(
        title=both(N_("Client satisfaction: {month}")).format(month=month),
        lines=[
            both(
                N_(
                    "Scores from 1 to 5 on paper surveys after sessions; the change compares "
                    "this month with the three months before, with a 95 % interval."
                )
            ).replace("\n", " ")
        ],
        headers=[
            both(N_("Driver")),
            both(N_("Responses")),
            both(N_("Mean (1-5)")),
            both(N_("95 % interval")),
            both(N_("Change (95 % interval)")),
            both(N_("Note")),
        ],
        rows=rows,
    )


def improvements_report(quality: QualityService, month: str) -> ReportTable:
    """Ideas raised and implemented in the month and the year to it, and each project's
    before/after on what it aimed at."""
    from ciip_desktop.services.quality.improvements import STATES
    from ciip_desktop.services.quality.surveys import DRIVERS

    first, last = month_bounds(month)
    service = quality.improvements
    raised, done = service.counts(first, last)
    year_raised, year_done = service.counts(date(last.year - 1, last.month, 1), last)
    titles = {s.key: s.name for s in quality.catalogue.standards()}
    rows: list[list[str]] = []
    for p in service.projects():
        if p.raised_on > last:
            continue
        effect = service.effect(p)
        aims = both(titles[p.standard_key]) if p.standard_key in titles else ""
        if p.driver in DRIVERS:
            aims = both(DRIVERS[p.driver])
        result = "—"
        for moved, percent in ((effect.standard, True), (effect.driver, False)):
            if moved is not None and moved.before.mean is not None and moved.after.mean is not None:
                note = N_("a clear change") if moved.clear else N_("not a clear change yet")
                values = (
                    f"{_percent(moved.before.mean)} → {_percent(moved.after.mean)}"
                    if percent
                    else f"{moved.before.mean:.2f} → {moved.after.mean:.2f}"
                )
                result = f"{values} (n={moved.before.n}/{moved.after.n})\n{both(note)}"
        rows.append(
            [
                p.title,
                p.raised_on.isoformat(),
                aims,
                both(STATES.get(p.state, p.state)),
                p.implemented_on.isoformat() if p.implemented_on else "",
                result,
            ]
        )
    counts = N_(
        "{month}: {raised} ideas raised, {done} implemented; 12 months: {y_raised}, {y_done}."
    )
    return ReportTable(
        title=both(N_("Improvement projects: {month}")).format(month=month),
        lines=[
            " / ".join(
                in_language(lang)(counts).format(
                    month=month, raised=raised, done=done, y_raised=year_raised, y_done=year_done
                )
                for lang in LANGUAGES
            )
        ],
        headers=[
            both(N_("Idea")),
            both(N_("Raised on")),
            both(N_("Aims at")),
            both(N_("State")),
            both(N_("Implemented")),
            both(N_("Before → after")),
        ],
        rows=rows,
    )
