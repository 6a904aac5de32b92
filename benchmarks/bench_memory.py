"""Benchmark: `evaluate` over 100 000 records against a hand-written comprehension of its filter.

Run from the repository root with querydsl importable (`pip install -e .` or `PYTHONPATH=.`):
`python benchmarks/bench_memory.py`. Goal (issue 19): `evaluate` at most 2x the comprehension.

The records are dicts with the Homebank fields, and the same data as `homebank.Operation` records
(attrs, as `load_operations` gives them). Amounts are Decimals, times carry the +06:00 offset of
the seed's responses, some values are None. The comprehension says what SPEC 9 says, by hand: a
None or missing value fails its condition. Both sides are timed in turn, in the same process.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python benchmarks/bench_memory.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from querydsl import evaluate, parse
from querydsl.homebank import load_operations

RECORDS = 100_000
REPEATS = 11
ALMATY = timezone(timedelta(hours=6))
START = datetime(2024, 1, 1, tzinfo=ALMATY)

#: The filters, each as a query and as a comprehension of the same meaning, over dicts and over
#: attributes. The first is what a Homebank search holds (a period, an amount, a pattern, an `or`,
#: a `not`); the second leaves the times out, where the comparison itself costs least.
QUERY = (
    "created_date >= 2024-03-01T00:00:00+06:00 and amount > 500 "
    "and (payer_email like dana% or shop_id in (s1, s2)) and not post_link = true"
)
NO_TIMES = "amount > 500 and payer_email like dana% and not post_link = true"
MARCH = datetime(2024, 3, 1, tzinfo=ALMATY)
LEAST = Decimal(500)
SHOPS = frozenset({"s1", "s2"})


def by_hand(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        r
        for r in rows
        if (d := r.get("created_date")) is not None
        and d >= MARCH
        and (a := r.get("amount")) is not None
        and a > LEAST
        and (
            ((e := r.get("payer_email")) is not None and e.startswith("dana"))
            or r.get("shop_id") in SHOPS
        )
        and r.get("post_link") is not True
    ]


def by_hand_attributes(rows: list[Any]) -> list[Any]:
    return [
        r
        for r in rows
        if (d := r.created_date) is not None
        and d >= MARCH
        and (a := r.amount) is not None
        and a > LEAST
        and (((e := r.payer_email) is not None and e.startswith("dana")) or r.shop_id in SHOPS)
        and r.post_link is not True
    ]


def no_times_by_hand(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        r
        for r in rows
        if (a := r.get("amount")) is not None
        and a > LEAST
        and (e := r.get("payer_email")) is not None
        and e.startswith("dana")
        and r.get("post_link") is not True
    ]


def no_times_by_hand_attributes(rows: list[Any]) -> list[Any]:
    return [
        r
        for r in rows
        if (a := r.amount) is not None
        and a > LEAST
        and (e := r.payer_email) is not None
        and e.startswith("dana")
        and r.post_link is not True
    ]


def records(count: int = RECORDS) -> list[dict[str, Any]]:
    """Deterministic records: about one in five matches the filter."""
    pick = random.Random(19)
    names = ("dana", "Dana", "aidos", "dan_a", "madina")
    rows = []
    for index in range(count):
        rows.append(
            {
                # from text, as JSON gives it: each time has an offset object of its own
                "created_date": datetime.fromisoformat(
                    (START + timedelta(minutes=pick.randrange(0, 200_000))).isoformat()
                ),
                "amount": Decimal(pick.randrange(0, 200_000)) / 100
                if pick.random() > 0.05
                else None,
                "payer_email": f"{pick.choice(names)}{index}@mail.kz",
                "shop_id": pick.choice(("s1", "s2", "s3", "s4", "s5")),
                "post_link": pick.random() < 0.3,
            }
        )
    return rows


def operations(rows: list[dict[str, Any]]) -> list[Any]:
    """The same data as `homebank.Operation` records, loaded from the seed's response shape."""
    root = Path(__file__).resolve().parents[1]
    seed = (root / "tests/fixtures/seeds/homebank-operations-api.txt").read_text(encoding="utf-8")
    start = seed.index("Response in a form of JSON:") + len("Response in a form of JSON:")
    import json

    template = json.loads(seed[start : seed.index("Response with an error")])["records"][0]
    loaded = []
    for row in rows:
        record = dict(template)
        record["createdDate"] = row["created_date"].isoformat()
        record["amount"] = row["amount"] if row["amount"] is not None else 0
        record["payerEmail"] = row["payer_email"]
        record["shopID"] = row["shop_id"]
        record["postLink"] = "true" if row["post_link"] else "false"
        loaded.append(record)
    return list(load_operations({"totalCount": len(loaded), "records": loaded}).records)


def cases() -> list[tuple[str, Callable[[], object]]]:
    """evaluate() and the comprehension, for each filter, over dicts and over Operation records."""
    rows = records()
    models = operations(rows)
    runs: list[tuple[str, Callable[[], object]]] = []
    for label, text, over_dicts, over_models in (
        ("times", QUERY, by_hand, by_hand_attributes),
        ("no times", NO_TIMES, no_times_by_hand, no_times_by_hand_attributes),
    ):
        query = parse(text)  # parsed once, as a caller running one query over many lists would
        assert evaluate(query, rows) == over_dicts(rows)
        assert evaluate(query, models) == over_models(models)
        runs += [
            (f"{label}, dicts: by hand", partial(over_dicts, rows)),
            (f"{label}, dicts: evaluate", partial(evaluate, query, rows)),
            (f"{label}, Operation: by hand", partial(over_models, models)),
            (f"{label}, Operation: evaluate", partial(evaluate, query, models)),
        ]
    runs.append(("times, dicts: evaluate(text)", partial(evaluate, QUERY, rows)))
    return runs


if __name__ == "__main__":
    runs = cases()
    timings: dict[str, list[float]] = {name: [] for name, _ in runs}
    for repeat in range(REPEATS):  # interleaved, so drift in the machine hits all alike
        for name, run in runs[repeat % len(runs) :] + runs[: repeat % len(runs)]:
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, median in medians.items():
        print(f"{name:30} median {median * 1000:8.1f} ms  ({RECORDS} records, {REPEATS} runs)")
    for label in ("times, dicts", "times, Operation", "no times, dicts", "no times, Operation"):
        ratio = medians[f"{label}: evaluate"] / medians[f"{label}: by hand"]
        print(f"{label:20} evaluate / by hand = {ratio:.2f}x (goal: at most 2x)")
