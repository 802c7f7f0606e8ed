"""Shared helpers: cached demo databases, timing, and the one-line result format."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / ".data"


def demo_database(clients: int, seed: int = 1) -> Path:
    """A database of ``clients`` clients, built once in bulk and kept in benchmarks/.data/
    (one file per schema revision: a database of an older schema is not measured)."""
    from benchmarks.bulk_data import build
    from ciip_desktop.store.marks import SCHEMA_HEAD

    DATA_DIR.mkdir(exist_ok=True)
    path = DATA_DIR / f"bulk-{clients}-{seed}-{SCHEMA_HEAD}.sqlite3"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    for stale in DATA_DIR.glob(partial.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    build(partial, clients, seed)
    _checkpoint(partial)
    for extra in (partial.with_name(partial.name + s) for s in ("-wal", "-shm")):
        extra.unlink(missing_ok=True)
    shutil.move(partial, path)
    print(f"  (built {path.name} in {time.perf_counter() - started:.1f} s)", flush=True)
    return path


def _checkpoint(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def report(name: str, value: float, unit: str, floor: float | None, budget: str) -> None:
    ratio = f"{value / floor:5.2f}x floor ({floor * _scale(unit):.2f} {unit})" if floor else "—"
    print(f"{name:<58} {value * _scale(unit):9.2f} {unit:<3} {ratio:<28} budget: {budget}")


def _scale(unit: str) -> float:
    return {"s": 1.0, "ms": 1000.0, "MB": 1.0}.get(unit, 1.0)
