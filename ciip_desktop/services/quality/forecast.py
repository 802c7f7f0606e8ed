"""A forecast of monthly registrations: a straight-line trend fitted by least squares, with
a 95 % prediction interval so a few noisy months are not sold as a certain future."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Two-sided 95 % Student t quantiles by degrees of freedom (1..30); 1.96 beyond.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t95(df: int) -> float:
    if df < 1:
        return math.inf
    return _T95[df - 1] if df <= len(_T95) else 1.96


@dataclass(frozen=True)
class Forecast:
    expected: float
    low: float
    high: float


def linear_forecast(series: Sequence[float], ahead: int) -> list[Forecast]:
    """The next ``ahead`` values of ``series`` (one a month, oldest first)."""
    n = len(series)
    if n == 0:
        return [Forecast(0.0, 0.0, 0.0) for _ in range(ahead)]
    if n < 3:
        mean = sum(series) / n
        return [Forecast(mean, 0.0, math.inf) for _ in range(ahead)]
    xs = range(n)
    x_mean = (n - 1) / 2
    y_mean = sum(series) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    slope = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, series, strict=True)) / sxx
    intercept = y_mean - slope * x_mean
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, series, strict=True))
    sigma = math.sqrt(residual / (n - 2))
    t = t95(n - 2)
    result = []
    for step in range(1, ahead + 1):
        x = n - 1 + step
        expected = intercept + slope * x
        spread = t * sigma * math.sqrt(1 + 1 / n + (x - x_mean) ** 2 / sxx)
        result.append(Forecast(expected, max(0.0, expected - spread), expected + spread))
    return result
