"""Start to a usable main window (rendered once) on 5 000 and 50 000 clients vs a bare Qt window.

Both sides run as fresh processes and render their window to a PNG offscreen, so the floor
pays for the interpreter, Qt's start and one paint exactly as the app does.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import demo_database, report

FLOOR_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab().save(sys.argv[1])
"""
REPEAT = 5


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CIIP_HOME": tmp}
        png = str(Path(tmp) / "shot.png")
        floor = statistics.median(
            _wall([sys.executable, "-c", FLOOR_SCRIPT, png], env) for _ in range(REPEAT)
        )
        for clients in (5_000, 50_000):
            db = demo_database(clients)
            cmd = [sys.executable, "-m", "ciip_desktop", "--db", str(db), "--screenshot", png]
            _wall(cmd, env)  # warm the OS file cache once
            value = statistics.median(_wall(cmd, env) for _ in range(REPEAT))
            report(
                f"start to main window, {clients:,} clients",
                value,
                "s",
                floor,
                "< 1.0 s and <= 2.5x floor",
            )
