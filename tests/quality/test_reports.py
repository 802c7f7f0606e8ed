"""`ciip report …`: the reports written as PDF and CSV, then read back."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from quality_support import Records

from ciip_desktop.cli import main
from ciip_desktop.models import Counsellor, Role
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.quality.surveys import SurveyAnswers


@pytest.fixture
def office(ctx: ServiceContext, counsellor: Actor, tmp_path: Path) -> Path:
    records = Records(ctx, counsellor)
    on_time = records.client(date(2025, 6, 10))
    records.assessed(on_time, date(2025, 6, 12))
    late = records.client(date(2025, 6, 9))
    records.assessed(late, date(2025, 6, 30))
    with ctx.write(Actor.system()) as session:  # reports are a supervisor's (`ciip` acts as one)
        session.add(
            Counsellor(
                office_id=ctx.replica.office_id,
                username="chief",
                display_name="Chief",
                role=Role.SUPERVISOR.value,
            )
        )
    return tmp_path / "ciip.sqlite3"


def _csv(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_standards_report_as_csv(office: Path, tmp_path: Path) -> None:
    out = tmp_path / "standards.csv"
    assert (
        main(["--db", str(office), "report", "standards", "--month", "2025-06", "--out", str(out)])
        == 0
    )
    rows = _csv(out)
    assert rows[0][0].startswith("Standard / ")
    call = next(r for r in rows if r[0].startswith("Needs-assessment call"))
    assert call[2:4] == ["50 %", "2"]
    assert "1 of 2 cases on time" in call[4]


def test_standards_report_as_bilingual_pdf(office: Path, tmp_path: Path) -> None:
    out = tmp_path / "standards.pdf"
    assert (
        main(["--db", str(office), "report", "standards", "--month", "2025-06", "--out", str(out)])
        == 0
    )
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Service standards: how we did in 2025-06" in text
    assert "服务标准" in text
    assert "50 %" in text


def test_workload_report(office: Path, tmp_path: Path) -> None:
    out = tmp_path / "workload.csv"
    assert (
        main(["--db", str(office), "report", "workload", "--month", "2025-06", "--out", str(out)])
        == 0
    )
    rows = _csv(out)
    registrations = {r[1]: r[2] for r in rows if r[0].startswith("Registrations")}
    assert registrations["2025-06"] == "2"
    assert any(r[0].startswith("Forecast registrations") for r in rows)


def test_a_bad_month_or_file_type_is_one_sentence(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.csv"
    assert (
        main(["--db", str(office), "report", "standards", "--month", "2025-13", "--out", str(out)])
        != 0
    )
    assert "not a month" in capsys.readouterr().err
    bad = tmp_path / "r.txt"
    assert (
        main(["--db", str(office), "report", "standards", "--month", "2025-06", "--out", str(bad)])
        != 0
    )
    assert ".pdf or .csv" in capsys.readouterr().err
    assert not out.exists() and not bad.exists()


def test_survey_and_improvement_reports(
    office: Path, tmp_path: Path, services: Services, counsellor: Actor
) -> None:
    for day in range(1, 11):
        services.quality.surveys.record(
            counsellor, SurveyAnswers(date(2025, 6, day), {"courtesy": 5, "overall": 4})
        )
    services.quality.improvements.raise_idea(counsellor, "Shorter forms", date(2025, 6, 3))
    survey = tmp_path / "survey.csv"
    assert (
        main(["--db", str(office), "report", "survey", "--month", "2025-06", "--out", str(survey)])
        == 0
    )
    courtesy = next(r for r in _csv(survey) if r[0].startswith("Courtesy"))
    assert courtesy[1:3] == ["10", "5.00"]
    assert "Too few responses" in courtesy[5]  # nothing in the three months before
    ideas = tmp_path / "ideas.pdf"
    assert (
        main(
            [
                "--db",
                str(office),
                "report",
                "improvements",
                "--month",
                "2025-06",
                "--out",
                str(ideas),
            ]
        )
        == 0
    )
    text = "".join(page.extract_text() for page in pypdf.PdfReader(ideas).pages)
    assert "Shorter forms" in text and "1 ideas raised" in text
