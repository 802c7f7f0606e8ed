"""What encryption at rest costs: search as you type and start-up, encrypted vs plain, same data.

The encrypted database is the plain benchmark database converted with ``sqlcipher_export``
(as ``ciip security encrypt`` does) under a random key, with a key file wrapping it for the
demo administrator. Both are measured in the same run, taking turns; the plain figure is
the floor, so the ratio is what encryption adds.

* search as you type, p95: the queries of ``bench_search`` through ``ClientSearch``, each
  run on the plain database then on the encrypted one, caches warmed alike;
* start-up: a fresh ``ciip-desktop --screenshot`` process signing in as the demo
  administrator ($CIIP_USER/$CIIP_PASSWORD) on each, to the client list painted ("ready")
  and to the services attached. On both the list waits for the sign-in (its accounts have
  passwords); the encrypted start also unwraps the key (one more Argon2id) before opening.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ciip_desktop
from benchmarks.bench_search import FIRST_PAGE, queries
from benchmarks.common import demo_database, p95, report, timed
from ciip_desktop.services.clients import ClientSearch
from ciip_desktop.services.clients.types import ClientFilter
from ciip_desktop.services.context import ServiceContext
from ciip_desktop.services.security import db_keys
from ciip_desktop.services.security.demo_accounts import DEMO_PASSWORD
from ciip_desktop.store import Database, cipher

SIZES = tuple(int(n) for n in os.environ.get("CIIP_BENCH_CIPHER_SIZES", "10000,100000").split(","))
REPEAT = 5


def _encrypted_copy(plain: Path, folder: Path) -> tuple[Path, Path, bytes]:
    """A plain copy and an encrypted copy of ``plain`` in ``folder``, and the key."""
    plain_copy = folder / "plain.sqlite3"
    shutil.copyfile(plain, plain_copy)
    encrypted = folder / "encrypted.sqlite3"
    key = cipher.new_key()
    cipher.export(plain, None, encrypted, key)
    keys = db_keys.DatabaseKeys.new(encrypted, key)
    keys.grant("admin", DEMO_PASSWORD, key)
    keys.save()
    return plain_copy, encrypted, key


def _search_samples(
    plain: Path, encrypted: Path, key: bytes, qs: list[str]
) -> tuple[list[float], list[float]]:
    """Each query on the plain database, then on the encrypted one, in turn."""
    dbs = [Database.open(plain), Database.open(encrypted, key=key)]
    try:
        searches = [ClientSearch(ServiceContext.open(db)) for db in dbs]
        for q in qs[:20]:
            for search in searches:
                search.search(ClientFilter(text=q), limit=FIRST_PAGE)
        samples: tuple[list[float], list[float]] = ([], [])
        for q in qs:
            for search, out in zip(searches, samples, strict=True):
                out += timed(
                    lambda q=q, s=search: s.search(ClientFilter(text=q), limit=FIRST_PAGE), 1
                )
        return samples
    finally:
        for db in dbs:
            db.close()


def _start(db: Path, env: dict[str, str], out: Path, png: Path) -> dict[str, float]:
    out.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "ciip_desktop", "--db", str(db), "--screenshot", str(png)]
    launched = time.time()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    times: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))
    return {name: stamp - launched for name, stamp in times.items()}


def run() -> None:
    compileall.compile_dir(Path(ciip_desktop.__file__).parent, quiet=1)
    for clients in SIZES:
        source = demo_database(clients)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            started = time.perf_counter()
            plain, encrypted, key = _encrypted_copy(source, folder)
            print(f"  (encrypted copy made in {time.perf_counter() - started:.1f} s)", flush=True)
            qs = queries(str(plain))
            plain_samples, encrypted_samples = _search_samples(plain, encrypted, key, qs)
            report(
                f"search p95, encrypted vs plain, {clients:,} clients",
                p95(encrypted_samples),
                "ms",
                p95(plain_samples),
                "measured (no budget)",
            )
            out = folder / "moments.json"
            env = {
                **os.environ,
                "QT_QPA_PLATFORM": "offscreen",
                "CIIP_HOME": str(folder / "home"),
                "CIIP_STARTUP_REPORT": str(out),
                "CIIP_USER": "admin",
                "CIIP_PASSWORD": DEMO_PASSWORD,
            }
            png = folder / "shot.png"
            _start(plain, env, out, png)  # warm the file cache and the bytecode
            _start(encrypted, env, out, png)
            plain_runs, encrypted_runs = [], []
            for _ in range(REPEAT):  # taking turns: other work on the machine weighs on both
                plain_runs.append(_start(plain, env, out, png))
                encrypted_runs.append(_start(encrypted, env, out, png))
            for moment, label in (("ready", "client list painted"), ("attached", "services")):
                report(
                    f"start-up to {label}, encrypted vs plain, {clients:,}",
                    statistics.median(r[moment] for r in encrypted_runs),
                    "s",
                    statistics.median(r[moment] for r in plain_runs),
                    "measured (no budget)",
                )
