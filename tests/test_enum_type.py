"""The enum type (SPEC 8): a fixed set of values, methods `=` and `in`, did-you-mean on the rest.

Text may write a value in any case and it reads as listed (`Successful` is `successful`); a
payload writes it exactly as listed; a record's value is compared exactly.
"""

from __future__ import annotations

import pytest

import querydsl
from querydsl import Condition, Field, Method, Query, QueryError, Schema
from querydsl.homebank import from_payload, json_schema, validate_payload
from querydsl.language.types import EnumType

STATUS = EnumType("successful", "failed", "pending", "incomplete", "error")
SHOP = Schema((Field("status", STATUS), Field("amount", "number")))


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("status = successful", ("successful",)),
        ("status:failed", ("failed",)),
        ("status = 'pending'", ("pending",)),  # a quoted value is a value here
        ('status = "error"', ("error",)),
        ("status = Successful", ("successful",)),  # any case; read as listed
        ("status = INCOMPLETE", ("incomplete",)),
        ("status in (successful, Failed)", ("successful", "failed")),
    ],
)
def test_a_listed_value_in_any_case_reads_as_listed(text: str, values: tuple[str, ...]) -> None:
    condition = querydsl.parse(text, schema=SHOP).filter
    assert isinstance(condition, Condition)
    assert condition.values == values
    assert all(type(value) is str for value in condition.values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (code, the text the span covers, hint)
        ("status like succ%", [("method_not_allowed", "like", "status allows =, in")]),
        ("status > successful", [("method_not_allowed", ">", "status allows =, in")]),
        ("status >= failed", [("method_not_allowed", ">=", "status allows =, in")]),
        (
            "status between failed..error",
            [("method_not_allowed", "between", "status allows =, in")],
        ),
        ("status = sucessful", [("invalid_value", "sucessful", "did you mean 'successful'?")]),
        ("status in (failed, eror)", [("invalid_value", "eror", "did you mean 'error'?")]),
        ("status = 'pendng'", [("invalid_value", "'pendng'", "did you mean 'pending'?")]),
        ("status = zzz", [("invalid_value", "zzz", None)]),
        ("status = true", [("invalid_value", "true", None)]),
        (
            "status > sucessful",  # the values of a refused method are still read
            [
                ("method_not_allowed", ">", "status allows =, in"),
                ("invalid_value", "sucessful", "did you mean 'successful'?"),
            ],
        ),
    ],
)
def test_what_an_enum_field_refuses(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = querydsl.check(text, schema=SHOP)
    assert [
        (d.code, text[d.span[0] : d.span[1]] if d.span else None, d.hint) for d in found
    ] == expected


def test_an_unknown_value_names_the_values() -> None:
    (diagnostic,) = querydsl.check("status = zzz", schema=SHOP)
    assert (
        diagnostic.message == "'zzz' is not one of successful, failed, pending, incomplete, error"
    )


def test_text_writes_the_values_as_listed_and_reads_them_back() -> None:
    query = querydsl.parse("STATUS in (Successful, 'failed') or status = ERROR", schema=SHOP)
    text = querydsl.to_text(query)
    assert text == "status in (successful, failed) or status = error"
    assert querydsl.parse(text, schema=SHOP) == query


def test_a_value_that_needs_quotes_is_quoted() -> None:
    spaced = Schema((Field("state", EnumType("on hold", "done")),))
    query = querydsl.parse("state = 'On Hold'", schema=spaced)
    assert querydsl.to_text(query) == 'state = "on hold"'
    assert querydsl.parse(querydsl.to_text(query), schema=spaced) == query


def test_the_payload_carries_the_strings() -> None:
    payload = querydsl.to_payload("status in (Successful, failed) and amount > 5", schema=SHOP)
    assert payload["searchParameters"][0] == {
        "name": "status",
        "method": "in",
        "searchParameter": ["successful", "failed"],
    }
    assert validate_payload(payload, schema=SHOP) == []
    assert from_payload(payload, schema=SHOP) == querydsl.parse(
        "status in (successful, failed) and amount > 5", schema=SHOP
    )


SUCCESSFUL = "did you mean 'successful'?"


@pytest.mark.parametrize(
    ("method", "values", "expected"),
    [
        ("=", ["Successful"], [("invalid_value", "/searchParameter/0", SUCCESSFUL)]),
        ("in", ["failed", "sucess"], [("invalid_value", "/searchParameter/1", SUCCESSFUL)]),
        ("=", ["zzz"], [("invalid_value", "/searchParameter/0", None)]),
        ("like", ["s%"], [("method_not_allowed", "/method", "status allows =, in")]),
        (">", ["failed"], [("method_not_allowed", "/method", "status allows =, in")]),
    ],
)  # fmt: skip
def test_a_payload_writes_the_values_exactly(
    method: str, values: list[str], expected: list[tuple[str, str, str | None]]
) -> None:
    payload = {
        "searchParameters": [{"name": "status", "method": method, "searchParameter": values}]
    }
    found = validate_payload(payload, schema=SHOP)
    prefix = "/searchParameters/0"
    assert [(d.code, d.path.removeprefix(prefix) if d.path else None, d.hint) for d in found] == (
        expected
    )
    with pytest.raises(QueryError):
        from_payload(payload, schema=SHOP)


def test_the_json_schema_lists_the_values() -> None:
    conditions = json_schema(SHOP)["$defs"]["searchParameter"]["allOf"]
    status = next(c for c in conditions if c["if"]["properties"]["name"]["enum"] == ["status"])
    then = status["then"]["properties"]
    assert then["method"] == {"enum": ["=", "in"]}
    assert then["searchParameter"]["items"] == {"type": "string", "enum": list(STATUS.values)}


def test_completion_offers_the_values_and_the_methods() -> None:
    assert [s.text for s in querydsl.complete("status = ", schema=SHOP)] == list(STATUS.values)
    assert [s.text for s in querydsl.complete("status in (failed, P", schema=SHOP)] == ["pending"]
    assert [s.text for s in querydsl.complete("status ", schema=SHOP)] == ["=", "in", ":"]


def test_records_compare_exactly() -> None:
    records = [
        {"status": "successful", "amount": 100},
        {"status": "Successful", "amount": 100},  # not a listed spelling: no match
        {"status": "failed", "amount": 10},
        {"status": "refunded", "amount": 100},  # a value the list lacks is no error
        {"amount": 100},
    ]
    found = querydsl.evaluate(
        "status in (successful, failed) and amount > 50", records, schema=SHOP
    )
    assert found == [records[0]]
    assert querydsl.evaluate("not status = failed", records, schema=SHOP) == [
        records[0], records[1], records[3], records[4]
    ]  # fmt: skip


def test_a_hand_built_query_holds_listed_values() -> None:
    query = Query(Condition("status", Method.EQ, ("refunded",)))
    with pytest.raises(QueryError) as raised:
        querydsl.to_payload(query, schema=SHOP)
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.path) == ("invalid_value", "/filter/values/0")
    assert diagnostic.message == (
        "expected a str, one of successful, failed, pending, incomplete, error, not 'refunded'"
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((), "needs at least one value"),
        (("a", "A"), "differ only in case"),
        (("a", ""), "a query could not write it"),
        (("a", 1), "a query could not write it"),
        (("a", "b\u200bc"), "a query could not write it"),
    ],
)
def test_an_enum_a_query_could_not_use_is_refused(values: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EnumType(*values)  # type: ignore[arg-type]


def test_enums_are_equal_by_their_values() -> None:
    assert EnumType("a", "b") == EnumType("a", "b") != EnumType("b", "a")
    assert hash(EnumType("a", "b")) == hash(EnumType("a", "b"))
    assert repr(EnumType("a", "b")) == "EnumType('a', 'b')"
    assert EnumType("a").name == EnumType("a").value == "enum"
