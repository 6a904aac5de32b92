"""Shared test settings: hypothesis runs without deadlines on shared, noisy machines; time is
measured as growth (`assert_linear`), never against a clock."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, settings

from querydsl import QueryError, engine

T = TypeVar("T")

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150
)
settings.register_profile("ci", parent=settings.get_profile("default"), max_examples=300)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # copies of ../shared/seeds
# The brief's example query, and its payload written out by hand.
BRIEF_QUERY = "created_date between 2018-01-01..2018-02-01 and payer_email like dana%"
BRIEF_PAYLOAD = {
    "searchParameters": [
        {
            "name": "created_date",
            "method": "between",
            "searchParameter": ["2018-01-01T00:00:00Z", "2018-02-01T00:00:00Z"],
        },
        {"name": "payer_email", "method": "like", "searchParameter": ["dana%"]},
    ],
    "orderParameters": [],
}


def assert_linear(call: Callable[[T], object], make: Callable[[int], T], n: int) -> None:
    """Assert that `call(make(2 * n))` takes under three times as long as `call(make(n))`.

    Linear work doubles, quadratic work quadruples, and backtracking explodes; a busy machine
    slows some runs but not the fastest of several. So the two sizes run in turn, five times
    each (twice, once that took a second), and their fastest runs are compared; a round that
    fails is run again, twice at most. Each run repeats the call until it lasts a millisecond
    (the clock's grain does not count), with the memos emptied before each call (every call
    does the work) and no garbage collection. A QueryError counts as an answer. Choose sizes on
    the same side of every limit: a text refused at 2n but not at n does other work.
    """
    inputs = make(n), make(2 * n)
    calls = max(1, round(1e-3 / max(_seconds(call, inputs[0], 1), 1e-7)))
    ratios = []
    for _ in range(3):
        fastest = [float("inf"), float("inf")]
        started = time.perf_counter()
        for turn in range(5):
            for size, given in enumerate(inputs):
                fastest[size] = min(fastest[size], _seconds(call, given, calls))
            if turn and time.perf_counter() - started > 1:  # long runs vary less
                break
        ratios.append(fastest[1] / fastest[0])
        if ratios[-1] < 3:
            return
    raise AssertionError(f"twice the input took {min(ratios):.1f} times as long (best of 3)")


def _seconds(call: Callable[[T], object], given: T, times: int) -> float:
    """How long `times` calls of `call(given)` take, without the memos or garbage collection."""
    total = 0.0
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(times):
            engine.forget()
            start = time.perf_counter()
            with suppress(QueryError):
                call(given)
            total += time.perf_counter() - start
    finally:
        if collecting:
            gc.enable()
    return total
