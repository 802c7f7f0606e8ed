"""Start to a usable main window on 5 000 and 50 000 clients vs a bare Qt window.

Each run is a fresh process, timed from just before it is launched (interpreter start
included) on the offscreen platform. The app reports two moments (``CIIP_STARTUP_REPORT``):
its first paint (window frame, menus, navigation and the placeholder screens, before the
database is opened) and the ready window (the client list's first page painted). The floor
is a bare QApplication with an empty QMainWindow, shown and painted once.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
        floor = statistics.median(
            _moments(floor_cmd, env, out)["first_paint"] for _ in range(REPEAT)
        )
        png = str(Path(tmp) / "shot.png")
        for clients in (5_000, 50_000):
            db = demo_database(clients)
            cmd = [sys.executable, "-m", "ciip_desktop", "--db", str(db), "--screenshot", png]
            _moments(cmd, env, out)
            samples = [_moments(cmd, env, out) for _ in range(REPEAT)]
            first = statistics.median(s["first_paint"] for s in samples)
            ready = statistics.median(s["ready"] for s in samples)
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
