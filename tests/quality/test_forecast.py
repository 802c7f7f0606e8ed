"""The registrations forecast against series with a known trend."""

from __future__ import annotations

import math

from ciip_desktop.services.quality.forecast import linear_forecast, t95


def test_an_exact_trend_is_continued_with_no_spread() -> None:
    series = [10.0 + 3 * m for m in range(12)]  # 10, 13, ... 43
    ahead = linear_forecast(series, 3)
    assert [round(f.expected, 6) for f in ahead] == [46.0, 49.0, 52.0]
    assert all(math.isclose(f.low, f.expected) and math.isclose(f.high, f.expected) for f in ahead)


def test_noise_widens_the_interval_and_it_grows_with_the_horizon() -> None:
    noise = [2, -3, 1, 0, -2, 3, -1, 2, -2, 1, 0, -1]
    series = [50.0 + 2 * m + e for m, e in enumerate(noise)]
    first, _second, third = linear_forecast(series, 3)
    assert 70 < first.expected < 76  # the true next value is 74
    assert first.low < 74 < first.high
    assert third.high - third.low > first.high - first.low > 0


def test_too_short_a_history_promises_nothing() -> None:
    (only,) = linear_forecast([12.0, 15.0], 1)
    assert only.expected == 13.5 and only.high == math.inf
    assert t95(10) == 2.228 and t95(100) == 1.96
