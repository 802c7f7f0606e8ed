"""Start to a usable main window on 5 000 and 50 000 clients vs a bare Qt window.

Each run is a fresh process, timed from just before it is launched (interpreter start
included) on the offscreen platform. The app reports three moments (``CIIP_STARTUP_REPORT``):

* first paint: the window frame, menus, navigation and the screens, painted once;
* usable window: the client list's first page painted — real rows read from the database
  (``store/first_page.py``, standard-library ``sqlite3``, read-only), the count of every
  client — and the GUI thread free: rows can be selected and scrolled (the ids after the
  first page follow from the worker a few tens of ms later, without resetting the list),
  the search box and filters take input. With a current database this is the first paint
  itself. What is not there yet: the selected client's record and the Clients commands
  (new, import, export), and a search typed this early is answered only once the services
  are loaded (it waits for them on the worker, never on the GUI thread);
* services attached: SQLAlchemy, the database's checks and the services loaded on the
  worker, the record pane and the commands in place. Reported, without a budget, so the
  distance between the two stays visible.

The app starts from compiled bytecode, as an installed one does (pip compiles it at install
time; ``make run`` writes it on the first start): the run compiles the package first, since an
editable checkout run with ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module
from source on each start (40-70 ms), which no counsellor's laptop does. The floor's PySide6
is compiled already.

The office measured is one where nobody signs in (the benchmark databases' accounts have
their passwords cleared): where counsellors sign in, no client is shown before the sign-in,
so the first paint is the window and its sign-in, and the list follows the password.

The floor is a bare QApplication with an empty QMainWindow, shown and painted once; it
runs in turn with the app (floor, app, floor, app ...), so that a busy machine slows both.
"""

from __future__ import annotations

import compileall
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ciip_desktop
from benchmarks.common import demo_database, report

FLOOR_SCRIPT = """
import json, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab()
open(sys.argv[1], "w").write(json.dumps({"first_paint": time.time()}))
"""
REPEAT = 7


def _moments(cmd: list[str], env: dict[str, str], report_file: Path) -> dict[str, float]:
    report_file.unlink(missing_ok=True)
    launched = time.time()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    times: dict[str, float] = json.loads(report_file.read_text(encoding="utf-8"))
    return {name: stamp - launched for name, stamp in times.items()}


def run() -> None:
    compileall.compile_dir(Path(ciip_desktop.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "moments.json"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "CIIP_HOME": tmp,
            "CIIP_STARTUP_REPORT": str(out),
        }
        floor_cmd = [sys.executable, "-c", FLOOR_SCRIPT, str(out)]
        _moments(floor_cmd, env, out)  # warm the OS file cache once
        png = str(Path(tmp) / "shot.png")
        for clients in (5_000, 50_000):
            db = _nobody_signs_in(demo_database(clients))
            cmd = [sys.executable, "-m", "ciip_desktop", "--db", str(db), "--screenshot", png]
            _moments(cmd, env, out)
            # The floor and the app take turns, so that other work on the machine weighs on
            # both alike; each figure is the median of its runs.
            floors, samples = [], []
            for _ in range(REPEAT):
                floors.append(_moments(floor_cmd, env, out)["first_paint"])
                samples.append(_moments(cmd, env, out))
            floor = statistics.median(floors)
            first = statistics.median(s["first_paint"] for s in samples)
            ready = statistics.median(s["ready"] for s in samples)
            attached = statistics.median(s["attached"] for s in samples)
            report(
                f"start to first paint of the main window, {clients:,} clients",
                first,
                "s",
                floor,
                "<= 2.5x floor",
            )
            report(
                f"start to a usable window (client list painted), {clients:,} clients",
                ready,
                "s",
                floor,
                "< 1.0 s and <= 2.5x floor",
            )
            report(
                f"start to the services attached (record, commands), {clients:,} clients",
                attached,
                "s",
                floor,
                "none (after the usable window)",
            )


def _nobody_signs_in(db: Path) -> Path:
    """Clear the demo accounts' passwords: the office measured is one without sign-in."""
    con = sqlite3.connect(db)
    try:
        with con:
            con.execute("UPDATE counsellor SET password_hash = ''")
    finally:
        con.close()
    return db
