"""The calendar: month view with 500 sessions, a busy counsellor's week, proposals for 5 000.

One database (built once into benchmarks/.data/) holds 5 000 assessed clients waiting for a
session, 500 sessions in one month (group sessions with their lists, one-on-ones and phone
sessions) and a counsellor with 60 sessions in one week. Each view figure is the best of 5:
loading the period's sessions through the services and painting the view (``grab()``).
"""

from __future__ import annotations

import os
import random
import tempfile
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.common import DATA_DIR, report

CST = ZoneInfo("Asia/Shanghai")
MONTH = date(2027, 3, 1)
BUSY_WEEK = date(2027, 3, 15)  # a Monday
CLIENTS = 5_000
BOOKED = 1_000  # clients already on the calendar (not proposed again)


def build(path: Path) -> None:
    from ciip_desktop.models import (
        CalendarSession,
        Client,
        Counsellor,
        Enrollment,
        NeedsAssessment,
        Venue,
        new_id,
    )
    from ciip_desktop.services.context import Actor, ServiceContext
    from ciip_desktop.services.demo import DemoService
    from ciip_desktop.store import Database

    db = Database.open(path)
    ctx = ServiceContext.open(db)
    DemoService(ctx).fill(Actor.system(), clients=0)  # staff and venues
    rng = random.Random(7)
    cities = ["Guangzhou", "Shenzhen", "Beijing", "Shanghai", "Hangzhou", "Chengdu"]
    with ctx.write(Actor.system()) as s:
        staff = [c.id for c in s.query(Counsellor).all()]
        venues = {v.city: v.id for v in s.query(Venue)}
        ids = []  # the first CLIENTS wait for a session; the others fill the calendar
        for n in range(CLIENTS + BOOKED):
            cid = new_id()
            ids.append(cid)
            s.add(
                Client(
                    id=cid, file_no=f"GZA-2027-{n + 1:05d}", office_id=ctx.replica.office_id,
                    family_name="Wang", given_name=f"Client{n}", chinese_name="王" + str(n),
                    city_of_residence=rng.choice(cities), received_on=date(2027, 1, 5),
                    signature_on_file=True,
                    status="assessed" if n < CLIENTS else "group_attended",
                )
            )  # fmt: skip
            s.add(
                NeedsAssessment(
                    client_id=cid, complete=True, destination_province="ON",
                    destination_city="Toronto",
                    expected_departure=MONTH + timedelta(days=rng.randint(-20, 200)),
                )
            )  # fmt: skip
        made = 0
        day = MONTH
        while made < 500:
            for k in range(17):
                start = datetime.combine(day, time(8 + k % 10, 0), tzinfo=CST)
                kind = ("group", "one_on_one", "phone")[k % 3]
                city = ("Guangzhou", "Beijing", "Shanghai")[k % 3]
                row = CalendarSession(
                    kind=kind, city=city, venue_id=venues.get(city) if kind == "group" else None,
                    lead_counsellor_id=staff[k % len(staff)], capacity=30 if kind == "group" else 1,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=420 if kind == "group" else 45),
                    client_id=None if kind == "group" else ids[CLIENTS + made % BOOKED],
                    client_time_zone="America/Toronto" if kind == "phone" else "",
                )  # fmt: skip
                s.add(row)
                s.flush()
                if kind == "group":
                    for j in range(25):
                        s.add(
                            Enrollment(
                                session_id=row.id, client_id=ids[CLIENTS + (made * 25 + j) % BOOKED]
                            )
                        )
                made += 1
            day += timedelta(days=1)
        busy = staff[0]
        for d in range(5):
            for h in range(12):
                start = datetime.combine(BUSY_WEEK + timedelta(days=d), time(8, 0), tzinfo=CST)
                start += timedelta(minutes=50 * h)
                s.add(
                    CalendarSession(
                        kind="one_on_one", lead_counsellor_id=busy, capacity=1, starts_at=start,
                        ends_at=start + timedelta(minutes=45), client_id=ids[CLIENTS + d * 12 + h],
                    )
                )  # fmt: skip
    db.close()


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    DATA_DIR.mkdir(exist_ok=True)
    path = DATA_DIR / "calendar-5000.sqlite3"
    if not path.exists():
        started = clock.perf_counter()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build(partial)
        partial.rename(path)
        print(f"  (built {path.name} in {clock.perf_counter() - started:.1f} s)", flush=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CIIP_HOME"] = home
        _measure(path)


def _measure(path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import ServiceContext
    from ciip_desktop.store import Database
    from ciip_desktop.ui.calendar.screen import CalendarScreen

    app = QApplication.instance() or QApplication([])
    db = Database.open(path)
    try:
        ctx = ServiceContext.open(db)
        services = Services.build(ctx)
        actor = ctx.counsellor_actor()
        screen = CalendarScreen(services, actor, today=MONTH + timedelta(days=14))
        screen.resize(1400, 860)
        screen.show()
        screen.wait_loaded()
        app.processEvents()

        def month() -> None:
            screen.refresh()
            screen.wait_loaded()  # read on the worker, then shown
            screen.month.grab()

        shown = len(screen.month.sessions)
        best = min(_times(month, 5))
        report(f"month view, {shown} sessions (load + paint)", best, "ms", None, "< 100 ms")
        busy_id = services.calendar.sessions.days(BUSY_WEEK, BUSY_WEEK)[-1].lead_counsellor_id
        screen.counsellor.setCurrentIndex(screen.counsellor.findData(busy_id))
        screen.show_view("week")
        screen.go_to(BUSY_WEEK + timedelta(days=2))
        screen.wait_loaded()

        def week() -> None:
            screen.refresh()
            screen.wait_loaded()  # read on the worker, then shown
            screen.week.grab()

        best = min(_times(week, 5))
        n = len(screen.week.sessions)
        report(f"busy counsellor's week, {n} sessions (load + paint)", best, "ms", None, "< 100 ms")
        today = MONTH - timedelta(days=30)
        proposals = services.calendar.proposals
        samples = _times(lambda: proposals.propose(today), 3)
        count = len(proposals.propose(today))
        report(f"proposals for {count:,} assessed clients", min(samples), "s", None, "< 1 s")
        screen.close()  # joins the screen's reading thread
        screen.deleteLater()
        app.processEvents()
    finally:
        db.close()


def _times(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = clock.perf_counter()
        fn()
        out.append(clock.perf_counter() - start)
    return out
