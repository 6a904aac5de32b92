"""Hand-built queries: whatever a Query holds, a QueryError that points into it, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import querydsl
from querydsl import QueryError
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Direction, Method, Not, Or, Order, Query
from querydsl.language.rules import Limits
from querydsl.language.wellformed import problems
from querydsl.strategies import queries

D, JAN = Decimal, datetime(2024, 1, 1, tzinfo=UTC)
NEW_YORK, PLUS_ONE = ZoneInfo("America/New_York"), timezone(timedelta(hours=1))
PERIOD = Condition("created_date", Method.GT, (JAN,))
USES: dict[str, Callable[[Any], object]] = {
    "to_payload": lambda query: querydsl.to_payload(query, default_period="1d"),
    "to_text": querydsl.to_text,
    "explain": querydsl.explain,
}


def amount(method: Method, *values: Any) -> Query:
    return Query(Condition("amount", method, values))


# The AST classes, typed Any: these tests build on purpose what the annotations forbid.
AnyQuery: Any = Query
AnyCondition: Any = Condition
AnyOrder: Any = Order
AnyNot: Any = Not

# (why, query, code, path): what every use of the query reports.
EVERY_USE = [
    ("an int, not a Decimal", amount(Method.GT, 5), "invalid_value", "/filter/values/0"),
    ("not a number", amount(Method.GT, D("NaN")), "invalid_value", "/filter/values/0"),
    # Small to hold, a billion digits to write: refused before anything writes them.
    ("1E+999999999", amount(Method.GT, D("1E+999999999")), "invalid_value", "/filter/values/0"),
    ("1E-999999999", amount(Method.GT, D("1E-999999999")), "invalid_value", "/filter/values/0"),
    (
        "100 001 digits",
        amount(Method.IN, D(1), D("1E+100000")),
        "invalid_value",
        "/filter/values/1",
    ),
    ("naive", amount(Method.GT, datetime(2024, 1, 1)), "invalid_value", "/filter/values/0"),
    # Aware, but in year 10000 (or 0) once in UTC, where the payload and the text write it.
    (
        "9999-12-31T22:00 in New York",
        Query(Condition("created_date", Method.LT, (datetime(9999, 12, 31, 22, tzinfo=NEW_YORK),))),
        "invalid_value",
        "/filter/values/0",
    ),
    (
        "0001-01-01T00:00+01:00",
        Query(Condition("created_date", Method.GT, (datetime(1, 1, 1, tzinfo=PLUS_ONE),))),
        "invalid_value",
        "/filter/values/0",
    ),
    # Half a surrogate pair is no character: no JSON for the API, no text that reads back.
    (
        "a lone surrogate",
        Query(Condition("payer_email", Method.EQ, ("a\ud800",))),
        "invalid_value",
        "/filter/values/0",
    ),
    (
        "a lone low surrogate in a like",
        Query(Condition("client", Method.LIKE, ("\udc00%",))),
        "invalid_value",
        "/filter/values/0",
    ),
    (
        "a lone surrogate second in an in",
        Query(Condition("shop_id", Method.IN, ("a", "b\udfff"))),
        "invalid_value",
        "/filter/values/1",
    ),
    ("one bound", amount(Method.BETWEEN, D(1)), "arity", "/filter/values"),
    ("two values for >", amount(Method.GT, D(1), D(2)), "arity", "/filter/values"),
    ("an empty in", amount(Method.IN), "arity", "/filter/values"),
    ("inverted", amount(Method.BETWEEN, D(2), D(1)), "inverted_range", "/filter/values"),
    (
        "values in a list",
        Query(AnyCondition("amount", Method.IN, [D(1)])),
        "invalid_shape",
        "/filter/values",
    ),
    (
        "a method by name",
        Query(AnyCondition("amount", ">", (D(1),))),
        "invalid_shape",
        "/filter/method",
    ),
    (
        "a field that is no name",
        Query(AnyCondition(7, Method.GT, (D(1),))),
        "invalid_shape",
        "/filter/field",
    ),
    ("an empty or", Query(Or(())), "invalid_shape", "/filter/operands"),
    ("an and of one", Query(And((PERIOD,))), "invalid_shape", "/filter/operands"),
    ("not over nothing", Query(AnyNot(None)), "invalid_shape", "/filter/operand"),
    ("a filter that is text", AnyQuery("amount > 5"), "invalid_shape", "/filter"),
    ("a negative page", Query(PERIOD, page=-5), "invalid_paging", "/page"),
    ("a size of zero", Query(PERIOD, size=0), "invalid_paging", "/size"),
    ("a page that is text", AnyQuery(PERIOD, page="2"), "invalid_paging", "/page"),
    (
        "a direction by name",
        Query(PERIOD, (AnyOrder("amount", "ASC"),)),
        "invalid_shape",
        "/order/0",
    ),
    (
        "sorted twice",
        Query(PERIOD, (Order("amount"), Order("amount"))),
        "duplicate_order",
        "/order/1/field",
    ),
    ("order as a list", AnyQuery(PERIOD, [Order("amount")]), "invalid_shape", "/order"),
]
# ... and what only to_payload reports: it knows the schema and the limits.
EMAIL = "payer_email"
TO_PAYLOAD = [
    (
        "unknown field",
        Query(Condition("amout", Method.GT, (D(5),))),
        "unknown_field",
        "/filter/field",
    ),
    ("an alias", Query(Condition("email", Method.EQ, ("a",))), "unknown_field", "/filter/field"),
    (
        "number for string",
        Query(Condition(EMAIL, Method.EQ, (D(1),))),
        "invalid_value",
        "/filter/values/0",
    ),
    ("string for number", amount(Method.EQ, "5"), "invalid_value", "/filter/values/0"),
    ("bool for number", amount(Method.EQ, True), "invalid_value", "/filter/values/0"),
    (
        "> on string",
        Query(Condition(EMAIL, Method.GT, ("a",))),
        "method_not_allowed",
        "/filter/method",
    ),
    (
        "like, no %",
        Query(Condition(EMAIL, Method.LIKE, ("a",))),
        "like_without_wildcard",
        "/filter/values",
    ),
    ("unknown order field", Query(PERIOD, (Order("amout"),)), "unknown_field", "/order/0/field"),
]


@pytest.mark.parametrize("use", list(USES))
def test_what_is_no_query_at_all_is_invalid_shape(use: str) -> None:
    with pytest.raises(QueryError) as caught:
        USES[use](None)
    assert [d.code for d in caught.value.diagnostics] == ["invalid_shape"]


@pytest.mark.parametrize(
    ("why", "query", "code", "path"), EVERY_USE, ids=[row[0] for row in EVERY_USE]
)
@pytest.mark.parametrize("use", list(USES))
def test_every_use_of_a_bad_query_says_what_and_where(
    use: str, why: str, query: Any, code: str, path: str
) -> None:
    with pytest.raises(QueryError) as caught:
        USES[use](query)
    assert [(d.code, d.path) for d in caught.value.diagnostics] == [(code, path)]


@pytest.mark.parametrize(
    ("why", "query", "code", "path"), TO_PAYLOAD, ids=[row[0] for row in TO_PAYLOAD]
)
def test_to_payload_checks_a_query_against_the_schema(
    why: str, query: Query, code: str, path: str
) -> None:
    with pytest.raises(QueryError) as caught:
        USES["to_payload"](query)
    assert [(d.code, d.path) for d in caught.value.diagnostics] == [(code, path)]


def test_the_limits_apply_to_a_query_too() -> None:
    small = Limits(max_conditions=2, max_in_values=2, max_depth=1)
    for query, path in (
        (Query(And((PERIOD, PERIOD, PERIOD))), "/filter/operands/2"),
        (amount(Method.IN, D(1), D(2), D(3)), "/filter/values"),
        (Query(Not(Not(PERIOD))), "/filter/operand/operand"),
    ):
        assert [(d.code, d.path) for d in problems(query, HOMEBANK, small)] == [
            ("limit_exceeded", path)
        ]


@given(queries())
def test_every_valid_query_is_well_formed(query: Query) -> None:
    assert problems(query, HOMEBANK) == []


# Any objects where a query's parts go: what code that builds queries by hand might pass.
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
    st.decimals(),
    st.datetimes(timezones=st.none() | st.just(UTC)),
    st.sampled_from(["amount", "payer_email", "created_date", "post_link", "email"]),
)
CONDITIONS = st.builds(
    Condition,
    st.sampled_from(["amount", "payer_email", "created_date", "post_link", "email"]) | JUNK,
    st.sampled_from(Method) | JUNK,
    st.lists(JUNK, max_size=3).map(tuple) | JUNK,
)
EXPRS = st.recursive(
    CONDITIONS | JUNK,
    lambda inner: st.one_of(
        st.builds(And, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Or, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Not, inner),
    ),
    max_leaves=6,
)
HAND_BUILT = st.builds(
    Query,
    EXPRS,
    st.lists(st.builds(Order, JUNK, st.sampled_from(Direction) | JUNK), max_size=2).map(tuple)
    | JUNK,
    st.none() | JUNK,
    st.none() | JUNK,
)


@given(HAND_BUILT)
def test_a_hand_built_query_gets_a_payload_the_validator_accepts_or_a_query_error(
    query: Query,
) -> None:
    for use in USES.values():
        try:
            result = use(query)
        except QueryError as error:
            assert error.diagnostics and all(d.path is not None for d in error.diagnostics)
            continue
        if isinstance(result, dict):
            assert querydsl.validate_payload(result) == []
            assert querydsl.to_payload(querydsl.from_payload(result), default_period="1d") == result


def _nots(depth: int) -> Query:
    expr: Any = Condition("amount", Method.GT, (D(1),))
    for _ in range(depth):
        expr = Not(expr)
    return Query(expr)


def test_nesting_past_the_stack_is_limit_exceeded_not_a_crash() -> None:
    raised = Limits(max_length=10**6, max_depth=10**6)
    text = "created_date > 2024-01-01 and " + "not " * 5_000 + "amount > 1"
    uses: list[Callable[[], object]] = [
        lambda: querydsl.parse(text, limits=raised),
        lambda: querydsl.to_payload(text, limits=raised),
        lambda: querydsl.to_text(_nots(5_000)),
        lambda: querydsl.explain(_nots(5_000)),
        lambda: querydsl.to_payload(_nots(5_000), default_period="1d", limits=raised),
    ]
    for use in uses:
        with pytest.raises(QueryError) as caught:
            use()
        assert [d.code for d in caught.value.diagnostics] == ["limit_exceeded"]
    assert [d.code for d in querydsl.check(text, limits=raised)] == ["limit_exceeded"]


def test_a_query_parsed_with_a_raised_depth_limit_still_reads_back() -> None:
    text = "created_date > 2024-01-01 and " + "not " * 120 + "amount > 1"
    query = querydsl.parse(text, limits=Limits(max_depth=200))
    assert querydsl.parse(querydsl.to_text(query), limits=Limits(max_depth=200)) == query
    assert querydsl.explain(query).count("not") == 120


@pytest.mark.parametrize("number", ["1E+99999", "-1E-99999", "9" * 100_000])
def test_a_number_of_the_most_digits_is_written_in_full(number: str) -> None:
    query = Query(And((PERIOD, Condition("amount", Method.EQ, (D(number),)))))
    written = querydsl.to_payload(query)["searchParameters"][1]["searchParameter"][0]
    assert D(written) == D(number)
    assert len(written.lstrip("-").replace(".", "")) == 100_000
