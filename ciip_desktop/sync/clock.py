"""Hybrid logical clock: stamps that follow wall time yet never go backwards (DESIGN §4).

A stamp is the text ``WWWWWWWWWWWWWWW.CCCCC`` (milliseconds since the epoch, counter),
fixed-width so that comparing the text compares the stamps. The counter never outgrows
its five digits: past 99 999 stamps in one millisecond the clock moves to the next
millisecond instead, so every stamp keeps the width and the text order stays the time
order whatever the rate.

A remote stamp is observed (later local stamps sort after it) only up to ``MAX_DRIFT_MS``
ahead of this laptop's wall clock: a laptop whose clock is a year ahead must not drag every
later stamp of the office with it. :meth:`HybridLogicalClock.observe` says when it bounded
a stamp, so the sync can record it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

_WALL_DIGITS = 15
_COUNTER_DIGITS = 5
COUNTER_MAX = 10**_COUNTER_DIGITS - 1
# How far ahead of our wall clock a remote stamp may pull our clock: ten minutes.
MAX_DRIFT_MS = 10 * 60 * 1000


def encode(wall_ms: int, counter: int) -> str:
    if counter > COUNTER_MAX:
        wall_ms, counter = wall_ms + counter // (COUNTER_MAX + 1), counter % (COUNTER_MAX + 1)
    return f"{wall_ms:0{_WALL_DIGITS}d}.{counter:0{_COUNTER_DIGITS}d}"


def decode(stamp: str) -> tuple[int, int]:
    wall, _, counter = stamp.partition(".")
    return int(wall), int(counter or 0)


def stamp_time(stamp: str) -> datetime:
    """The wall time of a stamp: a row's ``updated_at`` is its last stamp's time, the same on
    every replica."""
    wall, _ = decode(stamp)
    return datetime.fromtimestamp(wall / 1000, UTC)


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
            elif self._counter >= COUNTER_MAX:
                self._wall, self._counter = self._wall + 1, 0
            else:
                self._counter += 1
            return encode(self._wall, self._counter)

    def resume(self, last: str) -> None:
        """Move past a stamp this replica issued in another process (same database)."""
        if last:
            self._advance(*decode(last))

    def observe(self, remote: str) -> bool:
        """Move past a stamp seen in a remote change, so later local stamps sort after it.

        Returns False when the stamp is further ahead of the wall clock than
        ``MAX_DRIFT_MS``: the clock then moves only to that bound.
        """
        wall, counter = decode(remote)
        limit = self._now_ms() + MAX_DRIFT_MS
        if wall > limit:
            self._advance(limit, 0)
            return False
        self._advance(wall, counter)
        return True

    def observe_many(self, stamps: Sequence[str]) -> int:
        """:meth:`observe` every stamp of a batch at once; returns how many were bounded."""
        if not stamps:
            return 0
        bound = encode(self._now_ms() + MAX_DRIFT_MS, COUNTER_MAX)
        self.observe(max(stamps))
        return sum(1 for stamp in stamps if stamp > bound)

    def _advance(self, wall: int, counter: int) -> None:
        with self._lock:
            if (wall, counter) > (self._wall, self._counter):
                self._wall, self._counter = wall, counter
