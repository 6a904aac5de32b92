"""from_payload: payload -> Query -> payload gives the payload back, values canonicalised."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querydsl import (
    And,
    Condition,
    Direction,
    Limits,
    Method,
    Order,
    Query,
    QueryError,
    check,
    from_payload,
    parse,
    to_payload,
    to_text,
    validate_payload,
)
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.schema import FieldType
from querydsl.strategies import payloads, queries
from tests.payload_mutations import seed_request, seed_request_text

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def round_trip(value: object) -> dict[str, Any]:
    return to_payload(from_payload(value))


def test_the_seed_request_round_trips_exactly() -> None:
    seed = seed_request()
    assert json.dumps(round_trip(seed)) == json.dumps(seed)  # key order too
    assert json.dumps(round_trip(seed_request_text())) == json.dumps(seed)


def test_the_seed_request_as_a_query() -> None:
    start, end = datetime(2017, 11, 19, tzinfo=UTC), datetime(2018, 11, 20, tzinfo=UTC)
    assert from_payload(seed_request()) == Query(
        And(
            (
                Condition("created_date", Method.BETWEEN, (start, end)),
                Condition("description", Method.IN, ("description",)),
                Condition("payer_email", Method.LIKE, ("danatugumbayeva%",)),
            )
        ),
        (Order("payer_email", Direction.ASC), Order("description", Direction.DESC)),
        page=1,
        size=2,
    )
    assert to_text(from_payload(seed_request())) == (
        "created_date between 2017-11-19T00:00:00Z..2018-11-20T00:00:00Z"
        " and description in (description) and payer_email like danatugumbayeva%"
        " order by payer_email, description desc page 1 size 2"
    )


def _period(*extra: dict[str, Any], **parts: Any) -> dict[str, Any]:
    when = {"name": "created_date", "method": ">=", "searchParameter": ["2024-01-01T00:00:00Z"]}
    return {"searchParameters": [when, *extra], **parts}


def test_one_condition_is_just_the_condition() -> None:
    query = from_payload(_period())
    assert query == Query(Condition("created_date", Method.GE, (NOW,)))
    assert (query.page, query.size, query.order) == (None, None, ())


def test_values_become_typed() -> None:
    query = from_payload(
        _period(
            {"name": "amount", "method": "in", "searchParameter": ["10.50", "-0"]},
            {"name": "post_link", "method": "=", "searchParameter": ["false"]},
            {"name": "payer_phone", "method": "=", "searchParameter": ["077012"]},
        )
    )
    assert isinstance(query.filter, And)
    period, amount, post_link, phone = query.filter.operands
    assert isinstance(period, Condition) and period.values[0].tzinfo is UTC  # type: ignore[union-attr]
    assert amount == Condition("amount", Method.IN, (Decimal("10.5"), Decimal("0")))
    assert post_link == Condition("post_link", Method.EQ, (False,))
    assert phone == Condition("payer_phone", Method.EQ, ("077012",))  # raw text, never a number


@pytest.mark.parametrize(
    ("field", "written", "canonical"),
    [
        ("amount", "10.50", "10.5"),
        ("amount", "-0.00", "0"),
        ("amount", "007", "7"),
        ("amount", "1000", "1000"),
        ("created_date", "2024-01-01T06:00:00+06:00", "2024-01-01T00:00:00Z"),
        ("created_date", "2024-01-01t00:00z", "2024-01-01T00:00:00Z"),
        ("created_date", "2024-01-01T00:00:00.500000Z", "2024-01-01T00:00:00.500000Z"),
        ("created_date", "2024-01-01T00:00:00.5-00:30", "2024-01-01T00:30:00.500000Z"),
        ("client", " Дана %", " Дана %"),
    ],
)
def test_values_are_canonicalised(field: str, written: str, canonical: str) -> None:
    method = "like" if "%" in written else ">="
    condition = {"name": field, "method": method, "searchParameter": [written]}
    value = {"searchParameters": [condition], "orderParameters": []}
    if field != "created_date":
        value = _period(condition, orderParameters=[])
    expected = copy.deepcopy(value)
    expected["searchParameters"][-1]["searchParameter"] = [canonical]
    assert round_trip(value) == expected
    assert round_trip(round_trip(value)) == round_trip(value)


@pytest.mark.parametrize("blank", [{}, {"orderParameters": None}, {"orderParameters": []}])
def test_blank_order_parameters_come_back_empty(blank: dict[str, Any]) -> None:
    assert round_trip(_period(**blank))["orderParameters"] == []


def test_paging_only_when_present() -> None:
    assert "paging" not in round_trip(_period())
    assert round_trip(_period(paging={"page": 0, "size": 7}))["paging"] == {"page": 0, "size": 7}


def test_invalid_payloads_raise_query_error() -> None:
    with pytest.raises(QueryError) as caught:
        from_payload('{"searchParameters": []}')
    assert [d.code for d in caught.value.diagnostics] == ["missing_period"]
    assert isinstance(caught.value, ValueError)


# ---- properties ------------------------------------------------------------------------------


@given(queries(compilable=True))
def test_compiled_queries_validate_and_round_trip(query: Query) -> None:
    try:
        compiled = to_payload(query, now=NOW)
    except QueryError as error:  # a query without created_date
        assert [d.code for d in error.diagnostics] == ["missing_period"]
        compiled = to_payload(query, now=NOW, default_period="30d")
    assert validate_payload(compiled) == []
    assert to_payload(from_payload(compiled)) == compiled


@given(payloads())
def test_payloads_round_trip_exactly(value: dict[str, Any]) -> None:
    query = from_payload(value)
    assert json.dumps(to_payload(query)) == json.dumps(value)
    assert from_payload(json.dumps(value)) == query
    assert from_payload(json.dumps(value).encode()) == query


@given(payloads())
def test_decompiled_text_reads_back(value: dict[str, Any]) -> None:
    query = from_payload(value)
    assert parse(to_text(query)) == query
    assert to_payload(to_text(query)) == value


def test_decompiled_text_with_a_control_character_reads_back() -> None:
    value = _period({"name": "shop_id", "method": "=", "searchParameter": ["\x1b\u00ad"]})
    assert parse(to_text(from_payload(value))) == from_payload(value)


def _offsets() -> st.SearchStrategy[timezone]:
    return st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )


@st.composite
def _rewritten(draw: st.DrawFn, text: str, kind: FieldType) -> str:
    """Another spelling of a canonical value that reads as the same value."""
    if kind is FieldType.NUMBER:
        sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
        zeros = "0" * draw(st.integers(0, 3))
        tail = "0" * draw(st.integers(0, 3))
        if tail and "." not in digits:
            tail = "." + tail
        return sign + zeros + digits + tail
    if kind is FieldType.DATETIME:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        try:
            return moment.astimezone(draw(_offsets())).isoformat()
        except (OverflowError, ValueError):  # year 1 or 9999 pushed out of range
            return text
    return text


@given(payloads(), st.data())
def test_rewritten_values_round_trip_to_the_canonical_payload(
    value: dict[str, Any], data: st.DataObject
) -> None:
    """Any spelling of the same values gives back the canonical payload, and stays there."""
    written = copy.deepcopy(value)
    for condition in written["searchParameters"]:
        field = HOMEBANK.lookup(condition["name"])
        assert field is not None
        condition["searchParameter"] = [
            data.draw(_rewritten(v, field.type)) for v in condition["searchParameter"]
        ]
    once = round_trip(written)
    assert once == value
    assert round_trip(once) == once


# README: a number writes out in at most 100 000 digits (a query could not hold more). Leading
# zeros are not written; a fraction's trailing zeros are, as from_payload keeps them.
LONG_NUMBERS = [
    ("9" * 100_000, True),
    ("-" + "9" * 100_000, True),
    ("000" + "9" * 100_000, True),
    ("0." + "0" * 99_998 + "1", True),
    ("1." + "0" * 99_999, True),
    ("9" * 100_001, False),
    ("-" + "9" * 100_001, False),
    ("0." + "0" * 99_999 + "1", False),
    ("1." + "0" * 100_000, False),
    ("9" * 100_000 + ".5", False),
]
LONG_NUMBER_IDS = [f"{number[:4]}...({len(number)} chars)" for number, _ in LONG_NUMBERS]


@pytest.mark.parametrize(("number", "valid"), LONG_NUMBERS, ids=LONG_NUMBER_IDS)
def test_a_payload_number_is_valid_exactly_when_it_round_trips(number: str, valid: bool) -> None:
    value = _period({"name": "amount", "method": "=", "searchParameter": [number]})
    found = [(d.code, d.path) for d in validate_payload(value)]
    assert [(d.code, d.path) for d in validate_payload(json.dumps(value))] == found
    if valid:
        assert found == []
        once = round_trip(value)
        assert Decimal(once["searchParameters"][1]["searchParameter"][0]) == Decimal(number)
        assert round_trip(once) == once
        return
    assert found == [("invalid_value", "/searchParameters/1/searchParameter/0")]
    with pytest.raises(QueryError) as caught:
        from_payload(value)
    assert caught.value.diagnostics == tuple(validate_payload(value))


@pytest.mark.parametrize(("number", "valid"), LONG_NUMBERS, ids=LONG_NUMBER_IDS)
def test_a_text_number_follows_the_same_bound(number: str, valid: bool) -> None:
    text = f"created_date >= 2024-01-01 and amount = {number}"
    # Only a raised length limit lets such a text in (room for the canonical date's time too).
    limits = Limits(max_length=len(text) + 50)
    found = check(text, limits=limits)
    if not valid:
        start = text.index(number)
        assert [(d.code, d.span) for d in found] == [("invalid_value", (start, len(text)))]
        return
    assert found == []
    payload = to_payload(text, limits=limits)
    assert validate_payload(payload) == []  # what to_payload writes, validate_payload accepts
    query = parse(text, limits=limits)
    assert parse(to_text(query), limits=limits) == query
    assert to_payload(query, limits=limits) == payload
