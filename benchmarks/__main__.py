"""Run every benchmark: `make bench` (or `python -m benchmarks [name ...]`)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "bench_startup",
    "bench_search",
    "bench_client_list",
    "bench_calendar",
    "bench_packages",
    "bench_quality",
    "bench_sync",
    "bench_cipher",
]


def main(argv: list[str]) -> int:
    names = argv or BENCHMARKS
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}: {module.__doc__.strip().splitlines()[0] if module.__doc__ else ''}")
        module.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
