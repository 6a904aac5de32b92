"""The laws of the filter language, as hypothesis properties (SPEC 1.2, 1.4, 1.6, 3)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from spec_tables import SPEC_METHODS

from querydsl import (
    HOMEBANK,
    Condition,
    Diagnostic,
    FieldType,
    Method,
    Not,
    Query,
    QueryError,
    check,
    parse,
    to_payload,
    to_text,
)
from querydsl.language.errors import CODES
from querydsl.language.text import value_text
from querydsl.strategies import conditions, payloads, queries, query_texts, values

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)
CANONICAL = {field.name: field for field in HOMEBANK.fields}


def assert_well_formed(payload: dict[str, Any]) -> None:
    """SPEC 1.5: the shape, key order, canonical names, known methods and arity of a payload."""
    assert list(payload) in (
        ["paging", "searchParameters", "orderParameters"],
        ["searchParameters", "orderParameters"],
    )
    if "paging" in payload:
        paging = payload["paging"]
        assert list(paging) == ["page", "size"]
        assert type(paging["page"]) is int and paging["page"] >= 0
        assert type(paging["size"]) is int and paging["size"] >= 1
    assert payload["searchParameters"], "the Homebank API needs at least the period"
    for parameter in payload["searchParameters"]:
        assert list(parameter) == ["name", "method", "searchParameter"]
        field = CANONICAL[parameter["name"]]
        method = Method(parameter["method"])
        assert method in SPEC_METHODS[field.type]
        given_values = parameter["searchParameter"]
        assert all(type(value) is str for value in given_values)
        if method is Method.BETWEEN:
            assert len(given_values) == 2
        elif method is Method.IN:
            assert len(given_values) >= 1
        else:
            assert len(given_values) == 1
        if method is Method.LIKE:
            assert "%" in given_values[0]
    assert any(p["name"] == "created_date" for p in payload["searchParameters"])
    seen = set()
    for order in payload["orderParameters"]:
        assert list(order) == ["field", "typeOrder"]
        assert order["field"] in CANONICAL and order["field"] not in seen
        assert order["typeOrder"] in ("ASC", "DESC")
        seen.add(order["field"])


# ---- Round trip (SPEC 1.6) ---------------------------------------------------------------------


@given(queries())
def test_parse_reads_back_what_to_text_writes(query: Query) -> None:
    text = to_text(query)
    assert parse(text) == query
    assert to_text(parse(text)) == text


@given(queries(compilable=True))
def test_round_trip_keeps_the_payload(query: Query) -> None:
    payload = to_payload(query, default_period="30d", now=NOW)
    assert to_payload(to_text(query), default_period="30d", now=NOW) == payload


@given(query_texts(fields=["amount", "created_date", "post_link"]))
def test_query_texts_parse(text: str) -> None:
    assert to_text(parse(text)) == text


# ---- Public strategies ------------------------------------------------------------------------


@given(payloads())
def test_payloads_are_well_formed(payload: dict[str, Any]) -> None:
    assert_well_formed(payload)


@given(queries(compilable=True))
def test_compilable_queries_compile(query: Query) -> None:
    assert_well_formed(to_payload(query, default_period="7d", now=NOW))


@given(payloads(fields=["shop", "amount"], methods=["=", "in", ">", "<="]))
def test_payloads_respect_fields_and_methods(payload: dict[str, Any]) -> None:
    assert_well_formed(payload)
    for parameter in payload["searchParameters"]:
        assert parameter["name"] in ("shop_id", "amount", "created_date")
        assert parameter["method"] in ("=", "in", ">", "<=")
    assert {o["field"] for o in payload["orderParameters"]} <= {"shop_id", "amount"}


def leaves(expr: Any) -> list[Condition]:
    if expr is None:
        return []
    if isinstance(expr, Condition):
        return [expr]
    if isinstance(expr, Not):
        return leaves(expr.operand)
    return [leaf for operand in expr.operands for leaf in leaves(operand)]


@given(queries(fields=["email", "amount"], methods=[Method.LIKE, "<"], max_conditions=3))
def test_queries_respect_fields_and_methods(query: Query) -> None:
    for condition in leaves(query.filter):
        assert (condition.field, condition.method) in (
            ("payer_email", Method.LIKE),
            ("amount", Method.LT),
        )
    for order in query.order:
        assert order.field in ("payer_email", "amount")


@given(conditions(fields=["amount", "payout_date"], methods=["between"]))
def test_between_bounds_are_ordered(condition: Any) -> None:
    low, high = condition.values
    assert low <= high


@given(values(FieldType.DATETIME))
def test_datetime_values_are_aware_utc(value: Any) -> None:
    assert isinstance(value, datetime) and value.utcoffset() is not None
    assert not value.utcoffset()


def test_strategies_reject_unknown_names() -> None:
    from hypothesis.errors import InvalidArgument

    with pytest.raises(InvalidArgument):
        queries(fields=["nope"])
    with pytest.raises(InvalidArgument):
        queries(methods=["~"])
    with pytest.raises(InvalidArgument):
        queries(fields=["post_link"], methods=["like"])


@pytest.mark.parametrize("heavy", ["hypothesis", "lark"])
def test_import_querydsl_does_not_import(heavy: str) -> None:
    # hypothesis is optional; Lark is imported by the first parse (import time, issue 6).
    code = f"import sys, querydsl; assert {heavy!r} not in sys.modules, 'imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# ---- check accepts exactly what SPEC 1.2 and 1.4 allow ---------------------------------------

FIELD_OF = {
    FieldType.STRING: "payer_email",
    FieldType.NUMBER: "amount",
    FieldType.DATETIME: "payout_date",
    FieldType.BOOLEAN: "post_link",
}
SINGLE = {Method.EQ: "=", Method.LT: "<", Method.GT: ">", Method.LE: "<=", Method.GE: ">="}
COUNTS = {Method.IN: (0, 1, 3), Method.BETWEEN: (1, 2, 3)}
COMBINATIONS = [
    (field_type, method, count)
    for field_type in FieldType
    for method in Method
    for count in COUNTS.get(method, (0, 1, 2))
]
# Plain text, so that this law is about methods and arity only.
PLAIN = st.text("abcxyz019@._-", min_size=1, max_size=8)


def test_each_type_allows_the_methods_the_spec_lists() -> None:
    assert {kind: kind.methods for kind in FieldType} == SPEC_METHODS


def expected_codes(field_type: FieldType, method: Method, count: int) -> list[str]:
    if method is Method.BETWEEN and count != 2:
        return ["syntax_error"]
    if method not in (Method.IN, Method.BETWEEN) and count != 1:
        return ["syntax_error"]
    if method not in SPEC_METHODS[field_type]:
        return ["method_not_allowed"]
    if method is Method.IN and count == 0:
        return ["arity"]
    return []


@pytest.mark.parametrize(
    ("field_type", "method", "count"),
    COMBINATIONS,
    ids=[f"{t.value}-{m.value}-{n}" for t, m, n in COMBINATIONS],
)
@settings(max_examples=5)
@given(data=st.data())
def test_check_accepts_exactly_the_spec(
    field_type: FieldType, method: Method, count: int, data: st.DataObject
) -> None:
    field = FIELD_OF[field_type]
    if field_type is FieldType.STRING:
        one: st.SearchStrategy[Any] = PLAIN.map(lambda s: s + "%" if method is Method.LIKE else s)
    elif method is Method.LIKE:
        one = st.just("x%")
    else:
        one = values(field_type)
    drawn = data.draw(st.lists(one, min_size=count, max_size=count))
    if method is Method.BETWEEN and count == 2 and drawn[0] > drawn[1]:
        drawn.reverse()
    tokens = [
        v if isinstance(v, str) and field_type is not FieldType.STRING else value_text(v)
        for v in drawn
    ]
    if method in SINGLE:
        condition = f"{field} {SINGLE[method]} {' '.join(tokens)}"
    elif method is Method.LIKE:
        condition = f"{field} like {' '.join(tokens)}"
    elif method is Method.BETWEEN:
        # Spaces around `..`: a text value may end with a dot, and `a...b` reads as `a` `..` `.b`.
        condition = f"{field} between {' .. '.join(tokens)}"
    else:
        condition = f"{field} in ({', '.join(tokens)})"
    text = "created_date >= 2024-01-01 and " + condition
    assert [d.code for d in check(text, now=NOW)] == expected_codes(field_type, method, count)


# ---- Any text: only QueryError, spans inside the text ----------------------------------------

TOKENS = [
    # keywords, in several cases
    "and", "or", "not", "between", "in", "like", "order", "sort", "by", "asc", "desc",
    "page", "size", "true", "false", "AND", "Or", "NoT", "BETWEEN",
    # fields, aliases, unknown and dotted names
    "created_date", "amount", "payer_email", "post_link", "shop", "email", "ррн", "date",
    "payout_date", "customer.email", "amout", "_x",
    # operators and punctuation
    "=", "==", "!=", "<", ">", "<=", ">=", ":", "..", ",", "(", ")", "[", "]", "!", "*", "%",
    # values
    "1", "-0", "10.50", "1e5", "NaN", "Infinity", "99999999999999999999999999999999",
    "9" * 400, "2018-02-30", "2024-01-01", "2024-01-01T10:00Z", "2024-01-01T10:00:00.123456+06:00",
    "0001-01-01", "9999-12-31T23:59:59Z", "now-7d", "today", "yesterday+1w", "now-999999999w",
    "4003...9282", "400303******9282", "dana%", "a@b.kz", "+77029085001", "Дана%", "中文", "😀",
    '"quoted"', "'single'", '"\\u0041"', '"\\u001b"', '"\\ud83d"', '"\\ud83d\\ude00"', '"\\q"',
    # broken quotes, escapes, control and invisible characters
    '"', "'", "\\", "\x00", "\x1b", "\u202e", "\u200b", "\u00a0", "\ud800", "\r", "\ufeff",
]  # fmt: skip
SEPARATORS = ["", " ", " ", " ", "\t", "\n"]
SOUP = st.one_of(
    st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), max_size=30).map(
        lambda pairs: "".join(token + gap for token, gap in pairs)
    ),
    st.text(max_size=60),
)


def assert_diagnostics_in_text(
    diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], text: str
) -> None:
    assert diagnostics
    for diagnostic in diagnostics:
        assert diagnostic.code in CODES
        if diagnostic.span is not None:
            start, end = diagnostic.span
            assert 0 <= start <= end <= len(text)


@given(SOUP, st.sampled_from([None, "30d"]))
def test_any_text_gives_a_payload_or_diagnostics(text: str, period: str | None) -> None:
    try:
        payload = to_payload(text, now=NOW, default_period=period)
    except QueryError as error:
        assert_diagnostics_in_text(error.diagnostics, text)
        str(error)  # rendering never fails either
        assert check(text, now=NOW, default_period=period) == list(error.diagnostics)
    else:
        assert_well_formed(payload)
        assert check(text, now=NOW, default_period=period) == []


@given(SOUP)
def test_any_text_parses_or_raises_query_error(text: str) -> None:
    try:
        query = parse(text, now=NOW)
    except QueryError as error:
        assert_diagnostics_in_text(error.diagnostics, text)
    else:
        assert parse(to_text(query), now=NOW) == query


@given(st.lists(st.sampled_from(TOKENS[:60]), max_size=12))
def test_keyword_soup_with_a_period(words: list[str]) -> None:
    text = "created_date >= 2024-01-01 and " + " ".join(words)
    try:
        payload = to_payload(text, now=NOW)
    except QueryError as error:
        assert_diagnostics_in_text(error.diagnostics, text)
    else:
        assert_well_formed(payload)


def test_huge_numbers_are_exact() -> None:
    digits = "9" * 400
    text = f"created_date >= 2024-01-01 and amount in ({digits}, -{digits}.{digits})"
    payload = to_payload(text, now=NOW)
    assert payload["searchParameters"][1]["searchParameter"] == [digits, f"-{digits}.{digits}"]
    assert Decimal(payload["searchParameters"][1]["searchParameter"][0]) == Decimal(digits)
