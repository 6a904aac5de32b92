"""`Engine` (SPEC 8): options held once, a memo of its own, the module functions as methods."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

import querydsl
from querydsl import Engine, Field, FieldType, Limits, QueryError, Schema
from querydsl.engine import DEFAULT, engine_for

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
TEXT = "created_date >= 2024-06-01 and amount > 5 order by amount desc size 10"
SMALL = Schema((Field("total", FieldType.NUMBER), Field("note", FieldType.STRING)))


def test_the_methods_answer_as_the_module_functions() -> None:
    engine = Engine()
    assert engine.parse(TEXT) == querydsl.parse(TEXT)
    assert engine.to_payload(TEXT, now=NOW) == querydsl.to_payload(TEXT, now=NOW)
    assert engine.check("amout > 5") == querydsl.check("amout > 5")
    records = [{"amount": Decimal(7)}, {"amount": 3}]
    assert engine.evaluate("amount > 5", records) == querydsl.evaluate("amount > 5", records)
    assert engine.matches("amount > 5", records[0]) is querydsl.matches("amount > 5", records[0])


def test_the_engine_time_zone_is_the_default_of_its_calls() -> None:
    almaty = Engine(tz="Asia/Almaty")
    text = "created_date >= 2024-06-01"
    assert almaty.to_payload(text) == querydsl.to_payload(text, tz="Asia/Almaty")
    assert almaty.to_payload(text, tz="UTC") == querydsl.to_payload(text)
    assert almaty.parse(text) == querydsl.parse(text, tz="Asia/Almaty")


def test_an_engine_has_its_own_schema_and_limits() -> None:
    engine = Engine(SMALL, limits=Limits(max_conditions=2))
    assert engine.matches("total > 5 and note like a%", {"total": 6, "note": "ab"})
    with pytest.raises(QueryError) as raised:
        engine.parse("total > 5 and total < 9 and note = a")
    assert [d.code for d in raised.value.diagnostics] == ["limit_exceeded"]
    # no created_date in this schema: the Homebank target asks for none
    assert [d.code for d in engine.check("amount > 5")] == ["unknown_field"]
    assert engine.to_payload("total > 5")["searchParameters"][0]["name"] == "total"


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"tz": "Mars/Base"}, "invalid_value"),
        ({"tz": 5}, "invalid_value"),
        ({"limits": None}, "invalid_value"),
        ({"schema": "homebank"}, "invalid_value"),
    ],
)
def test_bad_options_are_refused_when_the_engine_is_made(options: dict, code: str) -> None:
    with pytest.raises(QueryError) as raised:
        Engine(**options)
    assert [d.code for d in raised.value.diagnostics] == [code]


def test_equal_options_share_one_engine_and_its_memo() -> None:
    # Limits() equals the default limits without being them: it once lost the memo.
    assert engine_for(querydsl.HOMEBANK, Limits()) is DEFAULT
    assert engine_for(SMALL, Limits()) is engine_for(Schema(SMALL.fields), Limits())
    assert engine_for(SMALL, Limits()) is not engine_for(SMALL, Limits(max_depth=3))
    first = querydsl.parse("total > 5", schema=SMALL, limits=Limits())
    assert querydsl.parse("total > 5", schema=Schema(SMALL.fields), limits=Limits()) is first


def test_each_engine_remembers_apart() -> None:
    one, other = Engine(), Engine()
    assert one.parse(TEXT) is one.parse(TEXT)
    assert other.parse(TEXT) is not one.parse(TEXT)
    kept = one.parse(TEXT)
    one.forget()
    assert one.parse(TEXT) is not kept


def test_a_payload_is_fresh_each_time() -> None:
    engine = Engine()
    first = engine.to_payload(TEXT, now=NOW)
    first["searchParameters"].clear()
    for _ in range(3):  # the second call keeps the payload; the third finds it
        assert engine.to_payload(TEXT, now=NOW) == querydsl.to_payload(TEXT, now=NOW)


def test_the_repr_names_the_options() -> None:
    assert repr(Engine(SMALL, tz="Asia/Almaty")) == (
        "Engine(Schema(2 fields: total, note), limits=Limits(max_length=10000, "
        "max_conditions=200, max_in_values=1000, max_depth=50), tz='Asia/Almaty')"
    )
