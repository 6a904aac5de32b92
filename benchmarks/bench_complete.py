"""Benchmark: complete() and tokens() on 200-character search-box inputs, as on every keystroke.

Run from the repository root with querydsl importable (`pip install -e .` or `PYTHONPATH=.`):
`python benchmarks/bench_complete.py`. Goal: complete() under 1 ms (median).
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable

from querydsl import complete, tokens

REPEATS = 2000

# Each input is 200 characters and ends where a keystroke would be answered.
_BASE = (
    "created_date between 2024-01-01..2024-02-01 and payer_email like dana% and "
    "amount >= 1000 and shop_id in (a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6, 7f1e) and "
    "post_link = true and "
)


def _at(tail: str) -> str:
    """Whole conditions from _BASE (and fillers), then `tail`: 200 characters in all."""
    text = _BASE + "amount > 1 and " * 10
    while len(text) + len(tail) > 200:
        text = text[: text.rindex(" and ", 0, len(text) - 5) + 5]
    return (text + tail).rjust(200)  # leading spaces make up the rest


INPUTS = {
    "field start": _at("pay"),
    "after a field": _at("created_date "),
    "datetime value": _at("payout_date >= n"),
    "after a condition": _at("description like x% o"),
    "order by": _at("amount > 5 order by amount desc, "),
}


def cases() -> list[tuple[str, Callable[[], object]]]:
    """complete() at five positions, and tokens(), on 200-character inputs."""
    runs: list[tuple[str, Callable[[], object]]] = []
    for name, text in INPUTS.items():
        assert len(text) == 200, (name, len(text))
        runs.append((f"complete: {name}", functools.partial(complete, text)))
    runs.append(("tokens", lambda: tokens(INPUTS["after a condition"])))
    return runs


if __name__ == "__main__":
    runs = cases()
    for _, run in runs:
        run()  # warm the caches: the grammar and tables load once per process
    timings: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _repeat in range(REPEATS):
        for name, run in runs:
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:28} median {median * 1e6:7.1f} µs  (200 characters, {REPEATS} runs)")
    worst = max(statistics.median(v) for n, v in timings.items() if n.startswith("complete"))
    print(f"slowest complete() median: {worst * 1000:.3f} ms (goal: under 1 ms)")
