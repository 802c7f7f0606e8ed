"""Hybrid logical clock: stamps that follow wall time yet never go backwards (DESIGN §4).

A stamp is the text ``WWWWWWWWWWWWWWW.CCCCC`` (milliseconds since the epoch, counter),
fixed-width so that comparing the text compares the stamps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_WALL_DIGITS = 15
_COUNTER_DIGITS = 5


def encode(wall_ms: int, counter: int) -> str:
    return f"{wall_ms:0{_WALL_DIGITS}d}.{counter:0{_COUNTER_DIGITS}d}"


def decode(stamp: str) -> tuple[int, int]:
    wall, _, counter = stamp.partition(".")
    return int(wall), int(counter or 0)


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridLogicalClock:
    """Thread-safe clock for one replica, resumed from the last stamp it issued."""

    def __init__(self, last: str = "", now_ms: Callable[[], int] = _wall_ms) -> None:
        self._now_ms = now_ms
        self._wall, self._counter = decode(last) if last else (0, 0)
        self._lock = threading.Lock()

    @property
    def last(self) -> str:
        return encode(self._wall, self._counter)

    def tick(self) -> str:
        """A new stamp greater than every stamp this clock has issued or observed."""
        with self._lock:
            now = self._now_ms()
            if now > self._wall:
                self._wall, self._counter = now, 0
            else:
                self._counter += 1
            return encode(self._wall, self._counter)

    def observe(self, remote: str) -> None:
        """Move past a stamp seen in a remote change, so later local stamps sort after it."""
        wall, counter = decode(remote)
        with self._lock:
            if (wall, counter) > (self._wall, self._counter):
                self._wall, self._counter = wall, counter
