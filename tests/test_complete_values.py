"""complete(..., values=provider): value suggestions for string fields, within a deadline (SPEC 7).

A provider is called as `values(field, prefix, limit)` where a value of a string field may stand
(not after `like`, whose value is a pattern); it may be slow, stuck, broken or answer nonsense,
and completion still answers. Times are compared with the deadline, with a wide margin for a busy
machine, against providers that take far longer than either.
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querydsl import Suggestion, complete, parse
from querydsl.memory import TARGET as MEMORY
from querydsl.searchbox.provider import VALUE_LIMIT, WORKERS, provided

NAMES = ["Дана Ким", "Данияр", "Олжас", "дана%", "and", "Dana"]
MARGIN = 1.0  # seconds a busy machine may add to a deadline; providers below sleep for 30


class Recorder:
    """A provider that remembers its calls and answers `answer`."""

    def __init__(self, answer: Iterable[object] = NAMES) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str, int]] = []

    def __call__(self, field: str, prefix: str, limit: int) -> Iterable[object]:
        self.calls.append((field, prefix, limit))
        return self.answer


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """An event stuck providers wait on, set when the test ends so that their threads go free."""
    event = threading.Event()
    yield event
    event.set()
    deadline = time.monotonic() + 30
    while provided(lambda *_: ["free"], "client", "", 10, 0.5) != ["free"]:
        assert time.monotonic() < deadline, "the workers never went free"


def values_of(text: str, provider: Any, **options: Any) -> list[str]:
    return [s.text for s in complete(text, values=provider, **options) if s.kind == "value"]


# ---- what is offered where ------------------------------------------------------------------


def test_values_start_with_the_prefix_and_read_back() -> None:
    provider = Recorder()
    assert complete("payer:Да", values=provider) == [
        Suggestion('"Дана Ким"', "value", (6, 8), "client"),
        Suggestion("Данияр", "value", (6, 8), "client"),
        Suggestion("дана%", "value", (6, 8), "client"),
    ]
    assert provider.calls == [("client", "Да", VALUE_LIMIT)]  # canonical name, prefix as typed


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("client = ", ""),
        ("client == Ол", "Ол"),
        ("client:", ""),
        ("client in (", ""),
        ("client in (x, d", "d"),
        ("shop = 1 and payer_email = ", ""),
        ("(client = an", "an"),
    ],
)
def test_the_provider_is_asked_where_a_string_value_stands(text: str, prefix: str) -> None:
    provider = Recorder()
    found = values_of(text, provider)
    assert len(provider.calls) == 1 and provider.calls[0][1] == prefix
    expected = [n for n in NAMES if n.casefold().startswith(prefix.casefold())]
    assert [parse(f"client = {v}").filter.values[0] for v in found] == expected  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "cli",
        "client",
        "client like ",  # a pattern, not a value
        "client like да",
        "amount = ",
        "created_date = ",
        "post_link = ",
        "client != ",  # the Homebank payload cannot say it (unsupported_not)
        "client = a ",
        "client = a and ",
        "order by ",
        "zzz = ",
    ],
)
def test_the_provider_is_not_asked_where_no_string_value_stands(text: str) -> None:
    provider = Recorder()
    assert complete(text, values=provider) == complete(text)
    assert provider.calls == []


def test_a_target_that_says_more_is_asked_more() -> None:
    assert values_of("client != Да", Recorder(), target=MEMORY) == ['"Дана Ким"', "Данияр", "дана%"]


def test_values_come_after_the_rest_and_keep_a_cursor_inside_a_word() -> None:
    text = "client = Даxyz and amount > 5"
    found = complete(text, 11, values=Recorder(["Даxyz", "Дана"]))
    assert found == [
        Suggestion("Даxyz", "value", (9, 14), "client"),  # ends as the word does: replaces it
        Suggestion("Дана", "value", (9, 11), "client"),
    ]


# ---- what a provider may answer -------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["a", 1, None, b"b", "b", ("c",), "a", ""], ["a", "b"]),  # strings once; no empty one
        ("abc", []),  # a string alone is no list of values
        (b"abc", []),
        (None, []),
        (42, []),
        ((f"v{n}" for n in range(50)), [f"v{n}" for n in range(VALUE_LIMIT)]),
        (itertools.count(), []),  # never ends, holds no string: read so far, then given up
        (itertools.cycle(["x"]), ["x"]),
        (["\ud800", "a\x00b", "x" * 20_000, "*"], ['"a\\u0000b"', '"*"']),
    ],
)
def test_what_a_provider_answers_is_read_for_strings(answer: object, expected: list[str]) -> None:
    assert values_of("client = ", lambda *_: answer) == expected


def test_each_value_reads_back_as_itself() -> None:
    odd = ['a"b', "a b", "true", "5", "2024-01-01", "a..b", "(x)", "it's", "tab\there", "😀"]
    found = values_of("client = ", lambda *_: odd)
    assert [parse(f"client = {v}").filter.values[0] for v in found] == odd  # type: ignore[union-attr]


def fails(*_: object) -> list[str]:
    raise RuntimeError("the store is down")


def exits(*_: object) -> list[str]:
    sys.exit(3)


@pytest.mark.parametrize("provider", [fails, exits, 5, None, lambda: ["no arguments taken"]])
def test_a_provider_that_fails_adds_nothing(provider: Any) -> None:
    assert complete("client = ", values=provider) == complete("client = ")
    assert complete("client in (a, ", values=provider) == complete("client in (a, ")


@pytest.mark.parametrize("deadline", [-1, float("nan"), "soon", None, True, [0.2]])
def test_a_deadline_that_is_no_duration_adds_nothing(deadline: Any) -> None:
    assert complete("client = ", values=Recorder(), deadline=deadline) == []


def test_an_endless_deadline_waits_for_the_provider() -> None:
    assert values_of("client = О", Recorder(), deadline=float("inf")) == ["Олжас"]


# ---- late providers -------------------------------------------------------------------------


def test_a_late_provider_adds_nothing_and_is_not_waited_for(gate: threading.Event) -> None:
    def slow(*_: object) -> list[str]:
        gate.wait(30)
        return ["late"]

    for deadline in (0.05, 0.3):
        started = time.monotonic()
        found = complete("client = ", values=slow, deadline=deadline)
        took = time.monotonic() - started
        assert found == []
        assert deadline <= took < deadline + MARGIN


def test_the_default_deadline_is_a_fifth_of_a_second(gate: threading.Event) -> None:
    started = time.monotonic()
    assert complete("client = ", values=lambda *_: [gate.wait(30)]) == []
    assert 0.2 <= time.monotonic() - started < 0.2 + MARGIN


def test_stuck_providers_never_queue_up_a_later_one(gate: threading.Event) -> None:
    """With every worker busy with a late call, a provider is not asked; once they finish, it is."""
    for _ in range(WORKERS):
        assert complete("client = ", values=lambda *_: [gate.wait(30)], deadline=0.01) == []
    provider = Recorder()
    started = time.monotonic()
    assert values_of("client = ", provider, deadline=5) == []
    assert time.monotonic() - started < MARGIN and provider.calls == []
    gate.set()
    deadline = time.monotonic() + 30
    while not values_of("client = ", provider, deadline=5):
        assert time.monotonic() < deadline, "the workers never went free"


# ---- laws -----------------------------------------------------------------------------------

ANSWERS = st.lists(
    st.one_of(st.text(st.sampled_from("аДдaA b%\"'\\"), max_size=6), st.integers(), st.none()),
    max_size=30,
)


@given(st.sampled_from(["", "д", "Д", "a", "да"]), ANSWERS)
def test_the_offered_values_are_the_distinct_matching_strings(
    prefix: str, answer: list[Any]
) -> None:
    found = values_of(f"client = {prefix}", lambda *_: answer)
    strings = [v for v in answer if isinstance(v, str) and v]
    matching = [v for v in dict.fromkeys(strings) if v.casefold().startswith(prefix.casefold())]
    assert [parse(f"client = {v}").filter.values[0] for v in found] == matching[:VALUE_LIMIT]  # type: ignore[union-attr]


@given(st.text(max_size=30), st.integers(-2, 40), ANSWERS)
def test_values_only_add_to_completion(text: str, cursor: int, answer: list[Any]) -> None:
    """Never raises; what completion offers without a provider comes first, then values."""
    found = complete(text, cursor, values=lambda *_: answer)
    without = complete(text, cursor)
    assert found[: len(without)] == without
    assert all(s.kind == "value" for s in found[len(without) :])
