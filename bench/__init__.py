"""Benchmarks: `python -m bench` (not part of the tests).

Each benchmark reports the platform's figure next to its floor, measured in the same run on the
same database: the floor is the same data read with one hand-written SQL statement and
serialised with orjson, which no API can beat. Figures on a shared machine are only comparable
within one run, so the ratio is the number that matters.

A benchmark is a function taking the run's `Env` and returning `Result`s, registered with
`@register("name")` in a module of this package; every module here is imported by
`python -m bench`, so a new file (bench/feed.py, bench/draw.py, bench/credit.py …) plugs in by
itself.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Callable

BENCHMARKS: dict[str, tuple[int, Callable]] = {}


def register(name: str, *, order: int = 50, heavy: bool = False):
    """Register a benchmark. heavy: not run by default (e.g. the load test), only when named or with --all."""
    def deco(fn):
        fn.heavy = heavy
        BENCHMARKS[name] = (order, fn)
        return fn
    return deco


@dataclass
class Result:
    """One figure: the platform's value, its floor (if any) and the ratio value/floor."""

    name: str
    value: float
    unit: str
    floor: float | None = None
    target: str = ""
    note: str = ""
    higher_is_better: bool = False

    @property
    def ratio(self) -> float | None:
        if self.floor in (None, 0) or self.value == 0:
            return None
        return self.floor / self.value if self.higher_is_better else self.value / self.floor


@dataclass
class Timings:
    samples: list[float] = field(default_factory=list)  # seconds

    def add(self, s: float) -> None:
        self.samples.append(s)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p99_ms(self) -> float:
        xs = sorted(self.samples)
        return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))] * 1000

    @property
    def p50_ms(self) -> float:
        return self.median_ms
