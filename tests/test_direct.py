"""The direct reader (text straight to the API's objects) agrees with the full pipeline.

Both must give the same payload byte for byte, or the same diagnostics (tests/payload_paths.py
takes each path). Texts come from the valid-query strategies, the benchmark corpus, mutations,
and token soup made of the schema's fields, so that every place where the direct reader gives up
is reached.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from payload_paths import assert_paths_agree
from text_mutations import mutated

from querydsl.language.descent import MAX_NESTING
from querydsl.language.rules import DEFAULT_LIMITS
from querydsl.strategies import query_texts
from tests.data.corpus import corpus

PIECES = [
    "amount", "Amount", "payout_amount", "created_date", "created", "payoutDate", "payer_email",
    "email", "post_link", "ррн", "nosuch", "1abc",
    "and", "AND", "or", "not", "between", "in", "like", "order", "sort", "by", "asc", "desc",
    "page", "size", "true", "FALSE",
    "(", ")", "[", "]", ",", "=", "==", "!=", "<", ">=", ":", "..", "*",
    "5", "5.0", "-1.5", "0", "2018-01-01", "2018-02-30", "2018-01-01T10:00Z", "now-7d", "today",
    "4405...1234", "dana%", "'x y'", '"a\\"b"', "'\\q'", "'5'",
]  # fmt: skip
SOUP = st.lists(
    st.tuples(st.sampled_from([" ", "", "\n"]), st.sampled_from(PIECES)), max_size=14
).map(lambda pairs: "".join(gap + piece for gap, piece in pairs))
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "default_period": st.sampled_from(["30d", "12h"]),
        "page": st.integers(0, 3),
        "size": st.integers(1, 3),
        "tz": st.sampled_from(["UTC", "Asia/Almaty"]),
    },
)


@given(query_texts(compilable=True), OPTIONS)
def test_every_compilable_query_is_read_directly(text: str, options: dict[str, Any]) -> None:
    assert assert_paths_agree(text, **options)


@given(query_texts(), OPTIONS)
def test_any_valid_query_gets_the_same_answer(text: str, options: dict[str, Any]) -> None:
    assert_paths_agree(text, **options)


@given(mutated(query_texts(compilable=True), PIECES), OPTIONS)
def test_mutated_queries_get_the_same_answer(text: str, options: dict[str, Any]) -> None:
    assert_paths_agree(text, **options)


@given(SOUP, OPTIONS)
@example("email = a or email = b or email in (c, a)", {})
@example("(amount = 5 or amount = 5.0) or amount in (-0, 0)", {})
@example("not post_link = false and post_link != true", {})
@example("not amount < 5 and not created > 2018-01-01", {})
@example("amount:5..* and created_date:*..2018-01-01", {})
@example("created_date between 2018-01-01 and 2018-02-01 and amount = 1", {})
@example("((amount = 1 and (email = x)))", {"default_period": "30d"})
@example("", {"default_period": "30d", "page": 2})
@example("order by amount desc, email page 1 size 2", {"default_period": "30d", "size": 3})
def test_token_soup_gets_the_same_answer(text: str, options: dict[str, Any]) -> None:
    assert_paths_agree(text, **options)


@pytest.mark.parametrize("entry", corpus(), ids=lambda entry: entry.text[:40])
def test_every_corpus_query_is_read_directly(entry: Any) -> None:
    assert assert_paths_agree(entry.text)


# As many different values as an `in` may hold.
ALL_DIFFERENT = ", ".join(map(str, range(DEFAULT_LIMITS.max_in_values)))


@pytest.mark.parametrize(
    "text",
    [
        "amount = 1 or email = x",  # an `or` of two fields: unsupported_or
        "email = a or email = b and amount = 1",  # an `or` over an `and`
        "not (amount < 5)",  # `not` over a group
        "not not amount < 5",
        "amount not in (1, 2)",  # unsupported_not
        "not email = x",
        "amount != 5",
        "amount:*..*",  # a range with no bound
        "amount:*..5 or amount:5..*",
        "amount = '5'",  # a quoted number
        "nosuch = 1",
        "created_date between 2018-02-01..2018-01-01",  # inverted
        "email like abc",  # no wildcard
        "email between a..b",  # method_not_allowed
        "amount in ()",
        "order by amount, Amount",
        "page 1 page 2",
        "size 0",
        "created_date >= now-1d and",  # cut short while typing
        "email = 'a\\qb'",
        "email = x\u200b",  # a refused character
        "(" * (MAX_NESTING + 1) + "amount = 1" + ")" * (MAX_NESTING + 1),
        " and ".join(["amount = 1"] * (DEFAULT_LIMITS.max_conditions + 1)),
        "amount in (" + ", ".join(["1"] * (DEFAULT_LIMITS.max_in_values + 1)) + ")",
        f"amount in ({ALL_DIFFERENT}) or amount = 1000",  # merged: one value too many
        "email = " + "x" * DEFAULT_LIMITS.max_length,
    ],
    ids=lambda text: text[:40],
)
def test_the_rest_is_left_to_the_full_pipeline(text: str) -> None:
    assert not assert_paths_agree(text, default_period="30d")


@pytest.mark.parametrize(
    "text",
    [
        "(" * MAX_NESTING + "amount = 1" + ")" * MAX_NESTING,
        " and ".join(["amount = 1"] * DEFAULT_LIMITS.max_conditions),
        "amount in (" + ", ".join(["1"] * DEFAULT_LIMITS.max_in_values) + ")",
        f"amount in ({ALL_DIFFERENT}) or amount = 0",  # merged: one value again
        "amount = 1\n\tand email = x\r\n",
    ],
    ids=lambda text: text[:40],
)
def test_limits_are_reached_directly(text: str) -> None:
    assert assert_paths_agree(text, default_period="30d")
