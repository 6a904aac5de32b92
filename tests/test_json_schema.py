"""json_schema(): the request payload as JSON Schema 2020-12, agreeing with validate_payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given

from querydsl import Query, QueryError, to_payload, validate_payload
from querydsl.homebank import json_schema
from querydsl.strategies import payloads, queries
from tests.payload_mutations import BEYOND_JSON_SCHEMA, Mutation, mutations, seed_request

VALIDATOR = jsonschema.Draft202012Validator(json_schema())
PERIOD = {
    "name": "created_date",
    "method": "between",
    "searchParameter": ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"],
}


def payload(*conditions: dict[str, Any], **parts: Any) -> dict[str, Any]:
    return {"searchParameters": [PERIOD, *conditions], "orderParameters": [], **parts}


def cond(name: str, method: str, *values: Any) -> dict[str, Any]:
    return {"name": name, "method": method, "searchParameter": list(values)}


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    json.dumps(schema)  # plain JSON data


def test_the_seed_request_is_valid() -> None:
    assert list(VALIDATOR.iter_errors(seed_request())) == []


@given(payloads())
def test_generated_payloads_are_valid(value: dict[str, Any]) -> None:
    VALIDATOR.validate(value)


@given(queries(compilable=True))
def test_compiled_queries_are_valid(query: Query) -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    try:
        compiled = to_payload(query, now=now)
    except QueryError:
        compiled = to_payload(query, now=now, default_period="7d")
    VALIDATOR.validate(compiled)


@pytest.mark.parametrize(
    "value",
    [
        payload(cond("amount", "like", "1%")),  # method not allowed on the type
        payload(cond("post_link", "in", "true")),
        payload(cond("payer_email", "between", "a", "b")),
        payload(cond("created_date", "in", "2024-01-01T00:00:00Z")),
        payload(cond("amout", "=", "1")),  # unknown field
        payload(cond("email", "=", "a@b.kz")),  # alias, not canonical
        payload(cond("amount", "==", "1")),  # unknown method
        payload(cond("amount", "between", "1")),  # arity
        payload(cond("amount", "in")),
        payload(cond("amount", "=", "1", "2")),
        payload(cond("client", "like", "dana")),  # no wildcard
        payload(cond("amount", "=", "1e3")),  # value patterns
        payload(cond("amount", "=", "1000\n")),
        payload(cond("created_date", ">", "2024-01-01")),
        payload(cond("created_date", ">", "2024-13-01T00:00:00Z")),
        payload(cond("created_date", ">", "2024-01-01T00:00:00")),
        payload(cond("post_link", "=", "True")),
        payload(cond("amount", "=", 1)),  # not a string
        payload(cond("amount", "in", *["1"] * 1001)),  # limits
        payload(*[cond("amount", "=", "1")] * 200),
        {"searchParameters": [cond("amount", "=", "1")]},  # no period
        {"orderParameters": []},
        payload(paging={"page": -1, "size": 1}),  # paging
        payload(paging={"page": 0, "size": 0}),
        payload(paging={"page": 0, "size": 2**31}),
        payload(paging={"page": "1", "size": 1}),
        payload(paging={"page": True, "size": 1}),
        payload(paging={"page": 1}),
        payload(orderParameters=[{"field": "amount", "typeOrder": "asc"}]),  # order
        payload(orderParameters=[{"field": "amout", "typeOrder": "ASC"}]),
        payload(orderParameters=[{"field": "amount"}]),
        payload(filters=[]),  # additional properties
        payload({**cond("amount", "=", "1"), "value": "1"}),
        [],
    ],
)
def test_invalid_payloads_are_rejected(value: object) -> None:
    assert list(VALIDATOR.iter_errors(value)) != []
    assert validate_payload(value) != []


@given(mutations())
def test_the_schema_rejects_what_it_can_say(mutation: Mutation) -> None:
    """Every corruption JSON Schema can express is rejected; the rest are validate_payload's."""
    rejected = not VALIDATOR.is_valid(mutation.payload)
    assert rejected or mutation.kind in BEYOND_JSON_SCHEMA


@pytest.mark.parametrize(
    "value",
    [
        payload(cond("amount", "between", "10", "1")),  # order of bounds
        payload(cond("created_date", "<", "2018-02-30T00:00:00Z")),  # the calendar
        payload(cond("client", "=", "\ud800")),  # lone surrogates
        payload(paging={"page": 1.0, "size": 1}),  # JSON Schema counts 1.0 as an integer
        payload(
            orderParameters=[
                {"field": "amount", "typeOrder": "ASC"},
                {"field": "amount", "typeOrder": "DESC"},
            ]
        ),
    ],
)
def test_what_only_validate_payload_catches(value: dict[str, Any]) -> None:
    assert VALIDATOR.is_valid(value)
    assert validate_payload(value) != []
