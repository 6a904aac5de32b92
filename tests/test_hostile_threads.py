"""Threads: eight threads compiling different queries get the answers one thread gets.

querydsl remembers results by text and options (querydsl.memo); these tests run the same mix of
valid, invalid, clock-free and `now=` queries on one thread with an empty memo, then on eight
threads many times over (so that most calls hit the memo while others fill it), and compare.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from conftest import BRIEF_PAYLOAD, BRIEF_QUERY

import querydsl
from querydsl import QueryError, engine

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3)

QUERIES = [
    BRIEF_QUERY,
    "created_date:2024-01-01..* and amount >= 1000 order by amount desc page 2 size 50",
    "(email = a@b.kz or email = c@d.kz) and created_date >= 2024-01-01",
    "created_date >= now-7d and amount > 5",  # names the clock
    "created_date >= today and post_link != true",
    "created_date > yesterday and shop in (a, b, c)",
    "amout > 5 and created_date > 2024-01-01",  # unknown_field
    "amount > 5",  # missing_period
    "created_date = 2018-02-30",  # invalid_value
    "a = 1 ORb = 2",  # syntax_error
    "(" * 51 + "amount = 1" + ")" * 51,  # limit_exceeded
    "created_date > 2024-01-01 and description = " + "x" * 500,
] + [f"created_date > 2024-01-{day:02d} and amount > {day}" for day in range(1, 29)]

OPTIONS: list[dict[str, Any]] = [
    {},
    {"now": NOW},
    {"now": LATER},
    {"now": NOW, "tz": "Asia/Almaty"},
    {"default_period": "30d", "now": NOW},
    {"page": 3, "size": 10, "now": NOW},
]


def answer(text: str, options: dict[str, Any]) -> tuple[str, Any]:
    """What each public call says for (text, options); clock-dependent results need a `now`."""
    clock_free = "now" in options or not any(w in text for w in ("now", "today", "yesterday"))
    results: list[Any] = []
    try:
        payload = querydsl.to_payload(text, **options)
        results.append(("payload", payload))
    except QueryError as error:
        results.append(("error", [d.to_dict() for d in error.diagnostics]))
    parse_options = {k: v for k, v in options.items() if k in ("now", "tz")}
    try:
        query = querydsl.parse(text, **parse_options)
        results.append(("text", querydsl.to_text(query)))
    except QueryError as error:
        results.append(("error", [d.to_dict() for d in error.diagnostics]))
    results.append(("check", [d.to_dict() for d in querydsl.check(text, **options)]))
    results.append(("tokens", querydsl.tokens(text)))
    results.append(("complete", querydsl.complete(text)))
    return ("fixed" if clock_free else "clock", results)


def _clear_memos() -> None:
    engine.forget()


def test_eight_threads_answer_like_one() -> None:
    cases = list(itertools.product(range(len(QUERIES)), range(len(OPTIONS))))
    _clear_memos()
    expected = {case: answer(QUERIES[case[0]], OPTIONS[case[1]]) for case in cases}
    for round_ in range(3):
        if round_ == 1:
            _clear_memos()  # the threads fill the memo themselves, racing each other
        work = cases * 4
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(
                pool.map(lambda case: (case, answer(QUERIES[case[0]], OPTIONS[case[1]])), work)
            )
        for case, result in got:
            kind, values = result
            if kind == "fixed":
                assert values == expected[case][1], case
            else:  # the clock moves; only the shape of the answer must agree
                assert [k for k, _ in values] == [k for k, _ in expected[case][1]], case


def test_results_handed_out_are_not_shared() -> None:
    """A caller that changes its payload does not change what the next caller gets."""
    text = QUERIES[0]
    _clear_memos()

    def mutate(_: int) -> dict[str, Any]:
        payload = querydsl.to_payload(text)
        original = repr(payload)
        payload["searchParameters"][0]["searchParameter"].append("poison")
        payload["orderParameters"].append({"field": "x"})
        payload["extra"] = 1
        return {"before": original}

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = {result["before"] for result in pool.map(mutate, range(400))}
    assert len(seen) == 1
    assert "poison" not in next(iter(seen))
    assert querydsl.to_payload(text) == BRIEF_PAYLOAD  # written out by hand


def test_now_is_part_of_the_memo_key_across_threads() -> None:
    text = "created_date >= now-1d"
    _clear_memos()

    def compile_at(days: int) -> tuple[int, str]:
        payload = querydsl.to_payload(text, now=NOW + timedelta(days=days))
        return days, payload["searchParameters"][0]["searchParameter"][0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(compile_at, [day % 16 for day in range(800)]))
    for days, value in results:
        expected = (NOW + timedelta(days=days - 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert value == expected


def test_memo_eviction_under_threads_keeps_answers_right() -> None:
    """More distinct texts than the memo holds: evictions race with reads."""
    texts = [f"created_date > 2024-01-01 and amount > {n}" for n in range(6_000)]

    def compile_one(n: int) -> bool:
        payload = querydsl.to_payload(texts[n])
        return payload["searchParameters"][1]["searchParameter"] == [str(n)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(compile_one, list(range(6_000)) + list(range(5_999, -1, -1))))
