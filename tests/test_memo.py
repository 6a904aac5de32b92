"""The memo: repeated text is remembered, but never across the clock, and never shared mutably."""

from __future__ import annotations

import copy
import gc
import time
import tracemalloc
from datetime import UTC, datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

import querydsl
from querydsl import engine
from querydsl.homebank.compiler import FrozenPayload
from querydsl.memo import Memo, Seen, footprint, uses_clock

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)
FIXED = "created_date >= 2024-01-01 and amount > 5"


def test_a_remembered_payload_is_a_fresh_copy_each_time() -> None:
    first = querydsl.to_payload(FIXED)
    first["searchParameters"][0]["searchParameter"].append("tampered")
    first["orderParameters"].append({"field": "x", "typeOrder": "ASC"})
    second = querydsl.to_payload(FIXED)
    assert second == {
        "searchParameters": [
            {"name": "created_date", "method": ">=", "searchParameter": ["2024-01-01T00:00:00Z"]},
            {"name": "amount", "method": ">", "searchParameter": ["5"]},
        ],
        "orderParameters": [],
    }
    assert second is not querydsl.to_payload(FIXED)


def test_a_payload_is_kept_from_the_second_time_its_text_comes() -> None:
    text = "created_date >= 2024-01-02 and amount in (1, 2)"
    key = (text, NOW, "UTC", None, None, None)
    first = querydsl.to_payload(text, now=NOW)
    assert engine.DEFAULT._payloads.get(key) is None  # once: only that it came (Engine._seen)
    expected = copy.deepcopy(first)
    first["searchParameters"][1]["searchParameter"].append("3")
    second = querydsl.to_payload(text, now=NOW)
    assert isinstance(engine.DEFAULT._payloads.get(key), FrozenPayload)
    second["searchParameters"][1]["searchParameter"].append("4")
    second["searchParameters"][0]["name"] = "tampered"
    assert second is not first
    assert querydsl.to_payload(text, now=NOW) == expected


def test_seen_remembers_the_latest_keys_and_forgets_the_older_half() -> None:
    seen = Seen(4)
    assert [seen.first_time(key) for key in ("a", "b", "a")] == [True, True, False]
    for key in ("c", "d", "e"):  # past 4 keys, the older half ("a", "b") goes at once
        assert seen.first_time(key)
    assert [seen.first_time(key) for key in ("c", "d", "e", "a")] == [False, False, False, True]
    seen.clear()
    assert seen.first_time("e")
    with pytest.raises(TypeError):
        seen.first_time(["a list"])


def _tamper(value: object) -> None:
    """Change every dict and list inside `value`, in place."""
    if isinstance(value, dict):
        for inner in value.values():
            _tamper(inner)
        value["tampered"] = True
    elif isinstance(value, list):
        for inner in value:
            _tamper(inner)
        value.append("tampered")


def test_a_payload_from_the_memo_shares_nothing_with_it() -> None:
    text = "created_date >= 2024-01-03 and amount in (1, 2) order by payer_email page 2"
    expected = querydsl.to_payload(text, now=NOW, size=5)
    querydsl.to_payload(text, now=NOW, size=5)  # kept from the second time
    for _ in range(2):
        hit = querydsl.to_payload(text, now=NOW, size=5)
        assert hit == expected and hit["orderParameters"] and "paging" in hit
        _tamper(hit)
    assert querydsl.to_payload(text, now=NOW, size=5) == expected


def test_remembered_errors_are_raised_again_with_their_text() -> None:
    for _ in range(2):
        try:
            querydsl.to_payload("created_date >= 2024-01-01 and amout > 5")
        except querydsl.QueryError as error:
            assert [d.code for d in error.diagnostics] == ["unknown_field"]
            assert error.text == "created_date >= 2024-01-01 and amout > 5"
        else:
            raise AssertionError("expected a QueryError")


class Text(str):
    """A str subclass, as a caller's own text type may be."""


def test_a_str_subclass_reads_like_its_text_every_time() -> None:
    for _ in range(3):
        assert querydsl.to_payload(Text(FIXED)) == querydsl.to_payload(FIXED)
        with pytest.raises(querydsl.QueryError) as caught:
            querydsl.to_payload(Text("amount >"))
        assert caught.value.text == "amount >"
        assert [d.code for d in caught.value.diagnostics] == ["syntax_error"]


def test_text_naming_the_clock_follows_the_clock() -> None:
    text = "created_date >= now-1d"
    first = querydsl.to_payload(text)["searchParameters"][0]["searchParameter"][0]
    time.sleep(0.002)
    second = querydsl.to_payload(text)["searchParameters"][0]["searchParameter"][0]
    assert first != second


def test_a_default_period_follows_the_clock() -> None:
    first = querydsl.to_payload("amount > 5", default_period="1d")
    time.sleep(0.002)
    second = querydsl.to_payload("amount > 5", default_period="1d")
    assert first != second


def test_a_fixed_now_is_part_of_the_key() -> None:
    text = "created_date >= now-1d"
    a = querydsl.to_payload(text, now=NOW)["searchParameters"][0]["searchParameter"]
    b = querydsl.to_payload(text, now=datetime(2024, 5, 2, 12, tzinfo=UTC))
    assert a == ["2024-04-30T12:00:00Z"]
    assert b["searchParameters"][0]["searchParameter"] == ["2024-05-01T12:00:00Z"]


def test_options_are_part_of_the_key() -> None:
    plain = querydsl.to_payload(FIXED)
    paged = querydsl.to_payload(FIXED, page=3)
    almaty = querydsl.to_payload(FIXED, tz="Asia/Almaty")
    assert "paging" not in plain and paged["paging"] == {"page": 3, "size": 20}
    assert almaty["searchParameters"][0]["searchParameter"] == ["2023-12-31T18:00:00Z"]


def test_parse_returns_the_same_immutable_query_for_the_same_text() -> None:
    assert querydsl.parse(FIXED) is querydsl.parse(FIXED)


def test_the_memo_is_bounded_and_forgets_the_oldest() -> None:
    memo = Memo(3)
    for key in "abcd":
        memo.put(key, key.upper())
    assert [memo.get(k) for k in "abcd"] == [None, "B", "C", "D"]
    memo.put(["unhashable"], 1)  # ignored, not an error
    with pytest.raises(TypeError):  # the callers catch it: an unhashable option is never kept
        memo.get(["unhashable"])


def test_uses_clock_is_conservative() -> None:
    assert uses_clock("created_date >= NOW-7d")
    assert uses_clock("description = snowy")  # a false alarm only costs a recomputation
    assert not uses_clock(FIXED)


@pytest.mark.parametrize("option", ["page", "size"])
@pytest.mark.parametrize("other", [True, 1.0, Decimal(1)])
def test_an_option_of_another_type_equal_to_a_remembered_one_is_checked(
    option: str, other: object
) -> None:
    # True == 1.0 == Decimal(1) == 1, with one hash: a key made of them would find page=1's entry.
    text = f"created_date >= 2024-01-03 and amount > {len(option) + (option == 'size')}"
    for _ in range(3):
        querydsl.to_payload(text, **{option: 1})  # remembered
    with pytest.raises(querydsl.QueryError) as caught:
        querydsl.to_payload(text, **{option: other})
    assert [d.code for d in caught.value.diagnostics] == ["invalid_paging"]
    assert [d.code for d in querydsl.check(text, **{option: other})] == ["invalid_paging"]


NEW_YORK = ZoneInfo("America/New_York")


class FrozenClock(datetime):
    """A datetime subclass, as freezegun and pendulum give."""


@pytest.mark.parametrize("kind", [datetime, FrozenClock])
@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_an_hour_the_clock_goes_back_is_two_moments(zone: str, kind: type[datetime]) -> None:
    # 01:30 on 3 Nov 2024 in New York comes twice (fold 0 and 1): equal datetimes, an hour apart.
    aware = zone == "UTC"
    first = kind(2024, 11, 3, 1, 30, tzinfo=NEW_YORK if aware else None)
    second = first.replace(fold=1)
    assert first == second and hash(first) == hash(second)
    text = "created_date >= now"
    for _ in range(3):
        earlier = querydsl.to_payload(text, now=first, tz=zone)
        parsed = querydsl.parse(text, now=first, tz=zone)
    later = querydsl.to_payload(text, now=second, tz=zone)
    assert earlier["searchParameters"][0]["searchParameter"] == ["2024-11-03T05:30:00Z"]
    assert later["searchParameters"][0]["searchParameter"] == ["2024-11-03T06:30:00Z"]
    # SPEC 1.6: the parsed query keeps `now` as written, the same at either moment
    assert querydsl.parse(text, now=second, tz=zone) == parsed


def test_an_unambiguous_now_is_still_remembered() -> None:
    now = datetime(2024, 11, 3, 3, 30, tzinfo=NEW_YORK)  # after the change: one moment
    text = "created_date >= now and amount > 7"
    for _ in range(2):
        querydsl.to_payload(text, now=now)
    assert type(engine.DEFAULT._payloads.get((text, now, "UTC", None, None, None))) is FrozenPayload


def test_the_memo_is_bounded_by_the_bytes_it_holds() -> None:
    memo = Memo(size=100, budget=1_000)
    for key in range(50):
        memo.put(key, str(key), cost=300)
    assert memo.held == 900
    assert [key for key in range(50) if memo.get(key) is not None] == [47, 48, 49]
    memo.put("huge", "x", cost=1_001)  # more than the whole budget: never kept, nothing evicted
    assert memo.get("huge") is None and memo.held == 900
    memo.put(49, "again", cost=100)  # the same key again: its new cost replaces the old one
    assert memo.held == 700 and memo.get(49) == "again"
    memo.clear()
    assert memo.held == 0


def _in_lists(seed: int) -> str:
    """A valid text of about 9 000 characters: a period and three `in` lists of 999 numbers."""
    numbers = ",".join(str((seed + i) % 90 + 10) for i in range(999))  # distinct for each seed
    lists = (f"amount in ({numbers})" for _ in range(3))
    return f"created_date >= 2024-01-01 and {' and '.join(lists)}"


def test_big_results_are_kept_within_the_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # 6 000 such texts once took a process from 18 MB to 3.2 GB: a memo of 4 096 entries held
    # every one. Each result is counted as it is kept, and the oldest go while they do not fit.
    parsed, payloads = Memo(budget=2 * 2**20), Memo(budget=2 * 2**20)
    monkeypatch.setattr(engine.DEFAULT, "_parsed", parsed)
    monkeypatch.setattr(engine.DEFAULT, "_payloads", payloads)
    texts = [_in_lists(seed) for seed in range(12)]
    for text in texts:
        assert querydsl.parse(text) is querydsl.parse(text)  # kept, at least for a while
        for _ in range(2):  # a payload is kept from the second time
            querydsl.to_payload(text, now=NOW)
    for memo in (parsed, payloads):
        assert 0 < memo.held <= memo.budget
    kept = [text for text in texts if parsed.get((text, None, "UTC")) is not None]
    assert kept and kept == texts[-len(kept) :] and len(kept) < len(texts)
    assert parsed.held == sum(footprint(text, querydsl.parse(text)) for text in kept)


@pytest.mark.parametrize(
    "text",
    [
        FIXED,
        _in_lists(1),
        "created_date >= 2024-01-01 and " + " and ".join(f"amount > {i}" for i in range(190)),
        "created_date >= 2024-01-01 and (" + " or ".join(f"amount = {i}" for i in range(190)) + ")",
        "created_date >= 2024-01-01 and description in (" + ", ".join("ab" * 200) + ")",
        "created_date in (" + ", ".join(f"2024-01-{1 + i % 28:02d}" for i in range(900)) + ")",
        "created_date >= 2024-01-01 and description = '" + "\U0001f600" * 9_000 + "'",
        " and ".join(f"amout > {i}" for i in range(190)),  # 190 diagnostics
    ],
    ids=["small", "in lists", "conditions", "or", "strings", "dates", "wide text", "errors"],
)
@pytest.mark.parametrize("kind", ["query", "payload"])
def test_what_an_entry_is_counted_is_at_least_what_it_holds(text: str, kind: str) -> None:
    # The budget bounds memory only if no entry holds more than it is counted: measured here
    # with tracemalloc (what Python allocated for the key's text and the result kept).
    def result_of(text: str) -> object:
        try:
            return (
                querydsl.parse(text)
                if kind == "query"
                else FrozenPayload(querydsl.to_payload(text, now=NOW))
            )
        except querydsl.QueryError as error:
            return error.diagnostics

    result_of(text + " ")  # the first call of a kind builds caches: not measured
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        key_text = (text + " ")[:-1]  # a text of its own, as a caller's is
        with (  # nothing kept behind
            mock.patch.object(engine.DEFAULT, "_parsed", Memo(size=0)),
            mock.patch.object(engine.DEFAULT, "_payloads", Memo(size=0)),
        ):
            result = result_of(key_text)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held <= footprint(key_text, result), held


def test_text_over_the_length_limit_is_never_kept() -> None:
    # 300 texts of 1 MB each once held 305 MB as keys of remembered errors.
    text = "amount = 1 and " * 700
    assert len(text) > 10_000  # the default limit
    for _ in range(2):
        with pytest.raises(querydsl.QueryError):
            querydsl.parse(text)
        with pytest.raises(querydsl.QueryError):
            querydsl.to_payload(text)
    assert engine.DEFAULT._parsed.get((text, None, "UTC")) is None
    assert engine.DEFAULT._payloads.get((text, None, "UTC", None, None, None)) is None
