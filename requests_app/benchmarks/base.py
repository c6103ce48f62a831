"""The pieces every measure shares: result rows, the context, a stopwatch and repeated timing."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Result:
    """One figure: `key` is the stable JSON name, `label` what the table prints."""

    key: str
    label: str
    value: float | int | str
    unit: str = ""


@dataclass(frozen=True)
class Measure:
    name: str
    description: str
    run: Callable[[Context], list[Result]]
    # Measures on the synthetic province need it seeded first; `workdays` brings its own data.
    needs_data: bool = True


@dataclass
class Stopwatch:
    seconds: float = 0.0


@contextmanager
def stopwatch() -> Iterator[Stopwatch]:
    """Wall-clock time of the block, with the garbage collector paused as `timeit` does."""
    watch = Stopwatch()
    gc_was_enabled = gc.isenabled()
    gc.disable()
    start = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - start
        if gc_was_enabled:
            gc.enable()


@dataclass
class Context:
    """What every measure receives: the command's options and the seeded data set (or None)."""

    options: dict
    dataset: object | None = None

    @property
    def repeat(self) -> int:
        return max(int(self.options.get("repeat") or 1), 1)


@dataclass
class Timing:
    """Wall-clock samples of one operation and the SQL queries of its last run."""

    samples: list[float]
    queries: int

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        """Nearest-rank 95th percentile: with 10 samples, the largest."""
        ordered = sorted(self.samples)
        return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)] * 1000


def time_repeated(operation: Callable[[], object], repeat: int) -> tuple[Timing, object]:
    """Run `operation` `repeat` times; the queries are counted on every run, the last kept."""
    samples, queries, result = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured, stopwatch() as watch:
            result = operation()
        samples.append(watch.seconds)
        queries = len(captured)
    return Timing(samples, queries), result


def timing_results(key: str, label: str, timing: Timing) -> list[Result]:
    return [
        Result(f"{key}_median_ms", f"{label}: median", round(timing.median_ms, 2), "ms"),
        Result(f"{key}_p95_ms", f"{label}: p95", round(timing.p95_ms, 2), "ms"),
        Result(f"{key}_queries", f"{label}: SQL queries", timing.queries, "queries"),
    ]


def skipped(reason: str) -> list[Result]:
    """A measure that cannot run here says why, under the stable key `skipped`."""
    return [Result("skipped", "skipped", reason)]
