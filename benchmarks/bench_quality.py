"""Service quality: the dashboard for a year of an office of 100 000 clients (< 300 ms) and
the monthly standards report as a PDF (< 1 s).

The bulk database (benchmarks/.data) gets a completed needs assessment for nine clients in
ten, 1 to 12 working days after their registration, inserted in bulk; the dashboard figure
is the Dashboard tab built offscreen (measuring every case of the 12 months, the table and
the QtCharts trend), the report figure is ``ciip report standards`` without the process
start-up.

The dashboard's floor is the one read it cannot avoid, in plain ``sqlite3`` on the same
file: each registration of the span joined to its finished call and counted, with no
working-day arithmetic, no Python per row and no Qt. The ratio to it stays meaningful on a
loaded machine; the load (``os.getloadavg``) is printed with the figures.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import demo_database, report, timed

CLIENTS = 100_000


def _with_assessments(source: Path, target: Path) -> None:
    shutil.copy(source, target)
    rng = random.Random(18)
    con = sqlite3.connect(target)
    rows = []
    for client_id, received in con.execute("SELECT id, received_on FROM client"):
        if received is None or rng.random() < 0.1:
            continue
        day = date.fromisoformat(received) + timedelta(days=rng.randint(1, 16))
        rows.append((str(uuid.uuid4()), client_id, day.isoformat()))
    con.executemany(
        "INSERT INTO needs_assessment (id, created_at, updated_at, hlc, deleted, client_id, "
        "assessed_on, complete, destination_province, destination_city, intended_noc, "
        "career_goals, education_level, education_field, english_test, english_scores, "
        "french_test, french_scores, accompanying_family, concerns, session_preference, notes) "
        "VALUES (?, '2026-01-01 00:00:00', '2026-01-01 00:00:00', '', 0, ?, ?, 1, "
        "'', '', '', '', '', '', '', '', '', '', '', '', '', '')",
        rows,
    )
    con.commit()
    con.close()


def _floor(path: Path, first: date, last: date) -> float:
    """Median seconds of the bare join the dashboard's biggest figure rests on."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA cache_size = -65536")
    con.execute("PRAGMA mmap_size = 268435456")
    query = (
        "SELECT count(*), count(a.assessed_on) FROM client c LEFT JOIN needs_assessment a"
        " ON a.client_id = c.id AND a.deleted = 0 AND a.complete = 1"
        " WHERE c.deleted = 0 AND c.received_on BETWEEN ? AND ?"
    )
    span = (first.isoformat(), last.isoformat())
    samples = timed(lambda: con.execute(query, span).fetchall(), 5)
    con.close()
    return statistics.median(samples)


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ciip_desktop.documents.fonts import body_font
    from ciip_desktop.documents.report_table import report_pdf
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import ServiceContext
    from ciip_desktop.services.quality.reports import standards_report
    from ciip_desktop.services.quality.service import month_bounds, months_back
    from ciip_desktop.store import Database
    from ciip_desktop.ui.quality.dashboard_page import DashboardPage

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quality.sqlite3"
        _with_assessments(demo_database(CLIENTS), path)
        db = Database.open(path)
        try:
            services = Services.build(ServiceContext.open(db))
            quality = services.quality
            today = quality.today()
            quality.calendar()  # the holiday tables load once, as on the first screen
            body_font()

            def dashboard() -> None:
                page = DashboardPage(quality)
                app.processEvents()
                page.deleteLater()

            samples = timed(dashboard, 5)
            first = month_bounds(months_back(today, 12)[0])[0] - timedelta(days=70)
            floor = _floor(path, first, today)
            report(
                "dashboard, 12 months, 100 000 clients (median)",
                statistics.median(samples),
                "ms",
                floor,
                "< 300 ms",
            )
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"  (load average {load} on {os.cpu_count()} cores)")
            month = f"{today.year:04d}-{today.month:02d}"
            previous = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
            samples = timed(lambda: report_pdf(standards_report(quality, previous)), 5)
            report(
                "monthly standards report, PDF (median)",
                statistics.median(samples),
                "ms",
                None,
                "< 1000 ms",
            )
            del month
        finally:
            db.close()
