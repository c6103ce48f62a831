"""Pure arithmetic on aggregated numbers: rates, nearest-rank percentiles from a GROUP BY
distribution, day histograms and the Wilson score interval. No queries here."""

from __future__ import annotations

import math
from collections.abc import Iterable

# z for a two-sided 95% interval.
Z95 = 1.959963984540054
RATE_DIGITS = 4
MEAN_DIGITS = 2
# Working-day bins for the time to notice and to delivery: within 5 HK, within the 10 HK of
# Pasal 22(7), within the 17 HK of an extension (Pasal 22(8)), beyond.
HISTOGRAM_BINS: tuple[tuple[str, int, int | None], ...] = (
    ("0-5", 0, 5),
    ("6-10", 6, 10),
    ("11-17", 11, 17),
    ("over_17", 18, None),
)


def rate(numerator: int, denominator: int) -> float | None:
    """`numerator / denominator` rounded to 4 decimals, or None when there is nothing to divide."""
    return round(numerator / denominator, RATE_DIGITS) if denominator else None


def mean(value: float | None) -> float | None:
    return round(float(value), MEAN_DIGITS) if value is not None else None


def nearest_rank(distribution: list[tuple[int, int]], percent: float) -> int | None:
    """The nearest-rank percentile: the smallest value v such that at least `percent`% of the
    observations are <= v, i.e. the value at rank ceil(percent/100 * N) in ascending order.

    `distribution` is `[(value, count), ...]` as returned by one GROUP BY query, so this works the
    same on SQLite and PostgreSQL. The median is the 50th percentile under this definition (the
    lower middle value for an even N); it is always an observed value, never an interpolation.
    """
    pairs = sorted(distribution)
    total = sum(count for _value, count in pairs)
    if not total:
        return None
    rank = max(1, math.ceil(percent / 100 * total))
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    return pairs[-1][0]  # unreachable: seen == total >= rank at the end


def histogram(distribution: Iterable[tuple[int, int]]) -> dict[str, int]:
    counts = {label: 0 for label, _low, _high in HISTOGRAM_BINS}
    for value, count in distribution:
        for label, low, high in HISTOGRAM_BINS:
            if value >= low and (high is None or value <= high):
                counts[label] += count
                break
    return counts


def day_summary(distribution: list[tuple[int, int]], average: float | None) -> dict:
    """Count, mean, median, 90th percentile and histogram of one working-day measure."""
    return {
        "count": sum(count for _value, count in distribution),
        "mean": mean(average),
        "median": nearest_rank(distribution, 50),
        "p90": nearest_rank(distribution, 90),
        "histogram": histogram(distribution),
    }


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (95% by default), rounded to 4 decimals.

    Unlike the normal approximation it stays inside [0, 1] and is honest for small n, so ranking
    units by its lower bound does not reward a unit for 2 answers out of 2.
    """
    if trials <= 0:
        return None
    p = successes / trials
    z2 = z * z
    centre = p + z2 / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    scale = 1 + z2 / trials
    low, high = (centre - spread) / scale, (centre + spread) / scale
    return round(max(low, 0.0), RATE_DIGITS), round(min(high, 1.0), RATE_DIGITS)
