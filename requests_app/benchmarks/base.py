"""The pieces every measure shares: result rows and a stopwatch."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


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
    run: Callable[[dict], list[Result]]


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
