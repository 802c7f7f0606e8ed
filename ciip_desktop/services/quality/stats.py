"""Means with honest 95 % confidence intervals, and the difference of two means (Welch), so
that a small sample is not sold as a change."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ciip_desktop.services.quality.forecast import t95


@dataclass(frozen=True)
class Mean:
    n: int
    mean: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Change:
    before: Mean
    after: Mean
    difference: float | None
    low: float | None
    high: float | None

    @property
    def clear(self) -> bool:
        """True when the 95 % interval of the difference leaves out zero."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def _variance(values: Sequence[float], mean: float) -> float:
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def mean_interval(values: Sequence[float]) -> Mean:
    n = len(values)
    if n == 0:
        return Mean(0, None, None, None)
    mean = sum(values) / n
    if n == 1:
        return Mean(1, mean, None, None)
    half = t95(n - 1) * math.sqrt(_variance(values, mean) / n)
    return Mean(n, mean, mean - half, mean + half)


def change(before: Sequence[float], after: Sequence[float]) -> Change:
    """After minus before, with Welch's 95 % interval (no equal-variance assumption)."""
    b, a = mean_interval(before), mean_interval(after)
    if b.mean is None or a.mean is None:
        return Change(b, a, None, None, None)
    difference = a.mean - b.mean
    if b.n < 2 or a.n < 2:
        return Change(b, a, difference, None, None)
    vb = _variance(before, b.mean) / b.n
    va = _variance(after, a.mean) / a.n
    se = math.sqrt(va + vb)
    if se == 0:
        return Change(b, a, difference, difference, difference)
    df_denominator = va**2 / (a.n - 1) + vb**2 / (b.n - 1)
    df = int((va + vb) ** 2 / df_denominator)
    half = t95(max(df, 1)) * se
    return Change(b, a, difference, difference - half, difference + half)
