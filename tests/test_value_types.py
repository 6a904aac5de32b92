"""Adding a value type is one class: a type no module of querydsl knows, registered here, is read,
checked, written, completed, explained and evaluated like the built-in ones."""

from __future__ import annotations

from datetime import datetime, tzinfo
from ipaddress import IPv4Address
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import querydsl
from querydsl import Condition, Field, FieldType, Method, Query, QueryError, Schema, SchemaError
from querydsl.homebank import from_payload, json_schema, validate_payload
from querydsl.language.types import TYPES, EnumType, ValueType, value_type
from querydsl.language.values import ValueProblem
from querydsl.strategies import queries


class IPv4Type(ValueType):
    """IPv4 addresses, ordered as numbers; written as dotted quads."""

    name = "ipv4"
    noun = "an IPv4 address"
    methods = frozenset({Method.EQ, Method.IN, Method.BETWEEN, Method.LT, Method.GE})
    python_type = IPv4Address
    python_noun = "an IPv4Address"
    suggestions = (("127.0.0.1", "this machine"),)

    def read(self, kind: str, text: str, zone: tzinfo, now: datetime) -> Any:
        return self.from_payload(text)

    def from_payload(self, text: str) -> Any:
        try:
            return IPv4Address(text)
        except ValueError:
            raise ValueProblem(f"{text!r} is not an IPv4 address", "write e.g. 10.0.0.1") from None

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[0-9]{1,3}(\.[0-9]{1,3}){3}$"}

    def strategy(self, *, like: bool = False) -> Any:
        return st.integers(0, 2**32 - 1).map(IPv4Address)


HOSTS = Schema((Field("addr", "ipv4", ("ip",)), Field("seen", "datetime")))


def test_the_type_is_registered_by_its_name() -> None:
    assert TYPES["ipv4"] is IPv4Type
    assert value_type("ipv4") is IPv4Type() is HOSTS.lookup("ip").type  # type: ignore[union-attr]
    assert IPv4Type() not in list(FieldType)  # FieldType lists the four it always listed


def test_a_name_is_registered_once_and_a_type_says_its_python_type() -> None:
    with pytest.raises(ValueError, match="registered already"):
        type("Again", (ValueType,), {"name": "ipv4", "python_type": IPv4Address})
    with pytest.raises(ValueError, match="python_type"):
        type("Vague", (ValueType,), {"name": "vague"})
    with pytest.raises(ValueError, match="must define read and from_payload"):
        type("Mute", (ValueType,), {"name": "mute", "python_type": bytes})
    with pytest.raises(ValueError, match="'ip6' is not a valid FieldType"):
        Field("addr", "ip6")  # type: ignore[arg-type]


def test_it_is_parsed_into_its_python_values() -> None:
    query = querydsl.parse("ip between 10.0.0.1..10.0.0.9 and addr in (1.2.3.4)", schema=HOSTS)
    assert query.filter == querydsl.And(
        (
            Condition("addr", Method.BETWEEN, (IPv4Address("10.0.0.1"), IPv4Address("10.0.0.9"))),
            Condition("addr", Method.IN, (IPv4Address("1.2.3.4"),)),
        )
    )


@pytest.mark.parametrize(
    ("text", "code", "covered", "hint"),
    [
        ("addr = 10.0.0.300", "invalid_value", "10.0.0.300", "write e.g. 10.0.0.1"),
        ("addr = '10.0.0.1'", "invalid_value", "'10.0.0.1'", "write the value without quotes"),
        ("addr like 10.%", "method_not_allowed", "like", "addr allows =, <, >=, between, in"),
        ("addr > 10.0.0.1", "method_not_allowed", ">", "addr allows =, <, >=, between, in"),
    ],
)
def test_it_is_checked_with_a_span_and_a_hint(
    text: str, code: str, covered: str, hint: str
) -> None:
    (diagnostic,) = querydsl.check(text, schema=HOSTS)
    assert (diagnostic.code, diagnostic.hint) == (code, hint)
    assert diagnostic.span is not None
    assert text[diagnostic.span[0] : diagnostic.span[1]] == covered


def test_a_quoted_value_is_named_by_the_types_noun() -> None:
    (diagnostic,) = querydsl.check("addr = '10.0.0.1'", schema=HOSTS)
    assert diagnostic.message == "a quoted value is text, and addr holds an IPv4 address"


def test_it_is_written_as_text_and_as_a_payload_and_read_back() -> None:
    text = "addr between 10.0.0.1..10.0.0.9 and seen > 2024-01-01"
    query = querydsl.parse(text, schema=HOSTS)
    assert (
        querydsl.to_text(query) == "addr between 10.0.0.1..10.0.0.9 and seen > 2024-01-01T00:00:00Z"
    )
    assert querydsl.parse(querydsl.to_text(query), schema=HOSTS) == query
    payload = querydsl.to_payload(text, schema=HOSTS)
    assert payload["searchParameters"][0] == {
        "name": "addr",
        "method": "between",
        "searchParameter": ["10.0.0.1", "10.0.0.9"],
    }
    assert from_payload(payload, schema=HOSTS) == query
    assert validate_payload(payload, schema=HOSTS) == []


def test_a_bad_payload_value_is_invalid_at_its_pointer() -> None:
    payload = {"searchParameters": [{"name": "addr", "method": "=", "searchParameter": ["10.0"]}]}
    [(code, path)] = [(d.code, d.path) for d in validate_payload(payload, schema=HOSTS)]
    assert (code, path) == ("invalid_value", "/searchParameters/0/searchParameter/0")


def test_its_json_schema_is_the_types_own() -> None:
    conditions = json_schema(HOSTS)["$defs"]["searchParameter"]["allOf"]
    addr = next(c for c in conditions if c["if"]["properties"]["name"]["enum"] == ["addr"])
    assert addr["then"]["properties"]["searchParameter"]["items"] == IPv4Type().json_schema()
    assert addr["then"]["properties"]["method"]["enum"] == ["=", "<", ">=", "between", "in"]


def test_completion_offers_its_methods_and_its_values() -> None:
    operators = [s.text for s in querydsl.complete("addr ", schema=HOSTS)]
    assert operators == ["=", ">=", "<", "between", "in", ":"]
    assert [(s.text, s.detail) for s in querydsl.complete("addr = ", schema=HOSTS)] == [
        ("127.0.0.1", "this machine")
    ]
    assert querydsl.complete("add", schema=HOSTS)[0].detail == "ipv4"


def test_it_is_explained() -> None:
    assert querydsl.explain("addr in (10.0.0.1, 10.0.0.2)", schema=HOSTS) == (
        'addr is one of "10.0.0.1", "10.0.0.2"'
    )


def test_records_are_matched_and_sorted_by_its_values() -> None:
    records = [{"addr": IPv4Address("10.0.0.20")}, {"addr": IPv4Address("10.0.0.3")}, {}]
    assert querydsl.matches("addr between 10.0.0.1..10.0.0.9", records[1], schema=HOSTS)
    assert not querydsl.matches("addr between 10.0.0.1..10.0.0.9", records[0], schema=HOSTS)
    assert querydsl.evaluate("addr >= 10.0.0.1 order by addr", records, schema=HOSTS) == [
        records[1],
        records[0],
    ]
    assert querydsl.evaluate("not addr = 10.0.0.3", records, schema=HOSTS) == [
        records[0],
        records[2],
    ]


def test_a_record_value_of_another_python_type_is_a_schema_error() -> None:
    with pytest.raises(SchemaError) as raised:
        querydsl.evaluate("addr = 10.0.0.1", [{"addr": "10.0.0.1"}], schema=HOSTS)
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.path == "/0/addr"
    assert "an ipv4 field takes an IPv4Address" in diagnostic.message


def test_a_hand_built_query_with_a_value_of_another_type_is_refused() -> None:
    query = Query(Condition("addr", Method.EQ, ("10.0.0.1",)))
    with pytest.raises(QueryError) as raised:
        querydsl.to_payload(query, schema=HOSTS)
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.path) == ("invalid_value", "/filter/values/0")
    assert diagnostic.message == "expected an IPv4Address, not str"


@given(queries(schema=HOSTS))
def test_generated_queries_read_back_from_their_text(query: Query) -> None:
    assert querydsl.parse(querydsl.to_text(query), schema=HOSTS) == query


def test_a_type_with_parameters_is_named_by_an_instance() -> None:
    with pytest.raises(
        ValueError, match=r"the enum type takes parameters: write EnumType\(\.\.\.\)"
    ):
        Field("status", "enum")  # type: ignore[arg-type]
    assert Field("status", EnumType("a", "b")) == Field("status", EnumType("a", "b"))
