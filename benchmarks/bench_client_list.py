"""Open the client list (first page painted) at 10 000 and 100 000 clients; what the list costs.

Runs in a fresh process per sample. Memory is the list's own cost: the process's resident
memory (RSS, not its peak) just before the screen is made, subtracted from the RSS once its
first page is painted. Everything the process needed before (Qt, the services, the
database connection) is in both figures and so not counted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from benchmarks.common import demo_database, report

PROBE = r"""
import gc, json, os, sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QDeadlineTimer
from PySide6.QtWidgets import QApplication
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.store import Database
from ciip_desktop.ui.clients.screen import ClientsScreen

def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

app = QApplication(sys.argv[:1])
db = Database.open(Path(sys.argv[1]))
ctx = ServiceContext.open(db)
services = Services.build(ctx)
actor = ctx.counsellor_actor(None)
gc.collect()
before = rss_mb()
start = time.perf_counter()
screen = ClientsScreen(services, actor)
screen.resize(1280, 800)
screen.show()
deadline = time.perf_counter() + 30
while screen.model.rowCount() == 0 and time.perf_counter() < deadline:
    app.processEvents(QCoreApplication.ProcessEventsFlag.AllEvents, 5)
app.processEvents()
screen.grab()
elapsed = time.perf_counter() - start
rows = screen.model.rowCount()
gc.collect()
after = rss_mb()
screen.shutdown()
result = {"seconds": elapsed, "list_mb": after - before, "before_mb": before, "rows": rows}
print(json.dumps(result))
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
            if best["rows"] < clients:
                print(f"  (only {best['rows']} of {clients} rows listed: figures not valid)")
            report(
                f"memory the open list costs, {clients:,} clients",
                best["list_mb"],
                "MB",
                None,
                f"< 50 MB (process before the list: {best['before_mb']:.0f} MB RSS)",
            )
