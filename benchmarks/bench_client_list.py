"""Open the client list (first page painted) at 10 000 and 100 000 clients; peak memory.

Runs in a fresh process per size so that peak memory (``ru_maxrss``) is the list's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from benchmarks.common import demo_database, report

PROBE = r"""
import json, resource, sys, time
from PySide6.QtWidgets import QApplication
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.store import Database
from ciip_desktop.ui.clients.screen import ClientsScreen

app = QApplication(sys.argv[:1])
db = Database.open(__import__("pathlib").Path(sys.argv[1]))
ctx = ServiceContext.open(db)
services = Services.build(ctx)
actor = ctx.counsellor_actor(None)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
screen = ClientsScreen(services, actor)
screen.resize(1280, 800)
screen.show()
app.processEvents()
screen.grab()
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": peak / 1024, "before_mb": before / 1024}))
"""


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CIIP_HOME": tmp}
        for clients in (10_000, 100_000):
            db = demo_database(clients)
            samples = []
            for _ in range(3):
                out = subprocess.run(
                    [sys.executable, "-c", PROBE, str(db)],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                samples.append(json.loads(out.strip().splitlines()[-1]))
            best = min(samples, key=lambda s: s["seconds"])
            report(
                f"open client list, {clients:,} clients", best["seconds"], "ms", None, "< 200 ms"
            )
            report(
                f"peak memory with the list open, {clients:,} clients",
                best["peak_mb"],
                "MB",
                None,
                f"< 250 MB (process before the list: {best['before_mb']:.0f} MB)",
            )
