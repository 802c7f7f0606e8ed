"""The monthly reports fit for public posting: bilingual (English and Chinese) tables."""

from __future__ import annotations

from collections.abc import Callable

from ciip_desktop.documents.report_table import ReportTable
from ciip_desktop.i18n import N_, load_catalog
from ciip_desktop.services.quality.service import QualityService, month_bounds

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
