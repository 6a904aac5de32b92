"""SPEC 9, rule by rule: `matches` and `evaluate` over records, each case written from the spec."""

from __future__ import annotations

import enum
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from response_strategies import homebank_seed_text

import querydsl
from querydsl import Field, FieldType, QueryError, Schema, SchemaError, evaluate, matches
from querydsl.homebank import load_operations
from querydsl.language.ast import Condition, Method, Not, Query

D = Decimal
ALMATY, LONDON = timezone(timedelta(hours=6)), ZoneInfo("Europe/London")


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)  # type: ignore[misc]


# (query, record, matches?) — the record a dict with the schema's canonical names as keys.
RULES: list[tuple[str, dict[str, Any], bool]] = [
    # `=` on strings: code points exactly; case and composed forms count
    ("client = Dana", {"client": "Dana"}, True),
    ("client = Dana", {"client": "dana"}, False),
    ("client = Dana", {"client": "Dana "}, False),
    ('client = "é"', {"client": "é"}, True),
    ('client = "é"', {"client": "e\u0301"}, False),
    ("payer_phone = 077012", {"payer_phone": "77012"}, False),
    ("payer_phone = 077012", {"payer_phone": "077012"}, True),
    # numbers by value: int or Decimal, trailing zeros do not count
    ("amount = 10.50", {"amount": D("10.5")}, True),
    ("amount = 10.5", {"amount": D("10.500")}, True),
    ("amount = 10", {"amount": 10}, True),
    ("amount = 10", {"amount": D("10.00")}, True),
    ("amount = 10", {"amount": D("10.01")}, False),
    ("amount = -0", {"amount": 0}, True),
    # datetimes by instant, whatever the record's offset or zone
    ("created_date = 2024-01-01T06:00:00+06:00", {"created_date": utc(2024, 1, 1)}, True),
    ("created_date = 2024-01-01", {"created_date": datetime(2024, 1, 1, 6, tzinfo=ALMATY)}, True),
    ("created_date = 2024-01-01", {"created_date": datetime(2024, 1, 1, tzinfo=ALMATY)}, False),
    # 01:30 happens twice in London on 2024-10-27: first in summer time (00:30Z), then (01:30Z)
    ("created_date = 2024-10-27T00:30Z",
     {"created_date": datetime(2024, 10, 27, 1, 30, tzinfo=LONDON)}, True),
    ("created_date = 2024-10-27T01:30Z",
     {"created_date": datetime(2024, 10, 27, 1, 30, fold=1, tzinfo=LONDON)}, True),
    ("created_date = 2024-10-27T01:30Z",
     {"created_date": datetime(2024, 10, 27, 1, 30, tzinfo=LONDON)}, False),
    ("created_date >= 2024-10-27T01:00Z",
     {"created_date": datetime(2024, 10, 27, 1, 30, tzinfo=LONDON)}, False),
    # booleans
    ("post_link = true", {"post_link": True}, True),
    ("post_link = true", {"post_link": False}, False),
    ("post_link = false", {"post_link": False}, True),
    # < > <= >= on numbers and datetimes
    ("amount > 5", {"amount": 5}, False),
    ("amount > 5", {"amount": D("5.01")}, True),
    ("amount >= 5", {"amount": D("5.0")}, True),
    ("amount < 5", {"amount": -6}, True),
    ("amount <= -5.5", {"amount": D("-5.50")}, True),
    ("created_date > 2024-01-01", {"created_date": datetime(2024, 1, 1, 5, 59, tzinfo=ALMATY)},
     False),
    ("created_date < 2024-01-01", {"created_date": datetime(2024, 1, 1, 5, 59, tzinfo=ALMATY)},
     True),
    # between is inclusive at both ends
    ("amount between 1..2", {"amount": 1}, True),
    ("amount between 1..2", {"amount": D("2.00")}, True),
    ("amount between 1..2", {"amount": D("0.99")}, False),
    ("amount between 1..2", {"amount": D("2.01")}, False),
    ("created_date between 2024-01-01..2024-01-02", {"created_date": utc(2024, 1, 2)}, True),
    ("created_date between 2024-01-01..2024-01-02",
     {"created_date": datetime(2024, 1, 2, 6, 0, 1, tzinfo=ALMATY)}, False),
    ("created_date:2024-01-01..*", {"created_date": utc(2024, 1, 1)}, True),
    # in: equality with any of the values
    ("amount in (1, 2.5)", {"amount": D("2.50")}, True),
    ("amount in (1, 2.5)", {"amount": 2}, False),
    ("client in (a, b)", {"client": "b"}, True),
    ("client in (a, b)", {"client": "A"}, False),
    # like: the whole string; % any run, none too; every other character itself; case counts
    ("client like Дана%", {"client": "Дана Т."}, True),
    ("client like Дана%", {"client": "дана"}, False),
    ("client like dana%", {"client": "dana"}, True),
    ("client like b%", {"client": "ab"}, False),
    ("client like %b", {"client": "ba"}, False),
    ("client like %b%", {"client": "b"}, True),
    ("client like a%c", {"client": "ac"}, True),
    ("client like a%c", {"client": "abbc"}, True),
    ("client like a%c", {"client": "abcd"}, False),
    ("client like a%a", {"client": "a"}, False),
    ("client like a%a", {"client": "aa"}, True),
    ("client like a%b%c", {"client": "acbc"}, True),
    ("client like a%b%c", {"client": "acb"}, False),
    ("client like %", {"client": ""}, True),
    ("client like %%", {"client": "x"}, True),
    ("payer_email like a_b%", {"payer_email": "a_bc"}, True),
    ("payer_email like a_b%", {"payer_email": "axbc"}, False),
    ('client like "a.c%"', {"client": "abc"}, False),
    ('client like "a.c%"', {"client": "a.cd"}, True),
    ('client like "a*%"', {"client": "ab"}, False),
    ('client like "[ab]%"', {"client": "a"}, False),
    ('client like "[ab]%"', {"client": "[ab]"}, True),
    ('client like "a\\\\%"', {"client": "a\\b"}, True),
    ('client like "%\\n%"', {"client": "a\nb"}, True),
    # a missing field or None: every condition on it is false, and not is two-valued
    ("amount > 5", {}, False),
    ("amount > 5", {"amount": None}, False),
    ("amount = 5", {"amount": None}, False),
    ("client like %", {"client": None}, False),
    ("client in (a)", {}, False),
    ("post_link = false", {}, False),
    ("not amount > 5", {}, True),
    ("not amount > 5", {"amount": None}, True),
    ("not amount > 5", {"amount": 6}, False),
    ("amount != 5", {}, True),
    ("client not in (a, b)", {}, True),
    ("not post_link = true", {}, True),
    ("not (amount > 5 or client = x)", {}, True),
    ("not not amount > 5", {}, False),
    ("amount > 5 or client = x", {"client": "x"}, True),
    ("amount > 5 and client = x", {"client": "x"}, False),
    # what the Homebank API cannot say, the memory target can
    ("not client like a% or amount between 1..2 and not created_date > 2024-01-01",
     {"client": "b"}, True),
    # no filter: every record
    ("order by amount", {}, True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "record", "expected"), RULES)
def test_matches_follows_spec_9(text: str, record: dict[str, Any], expected: bool) -> None:
    assert matches(text, record) is expected


@pytest.mark.parametrize(("text", "record", "expected"), RULES)
def test_evaluate_keeps_what_matches(text: str, record: dict[str, Any], expected: bool) -> None:
    assert evaluate(text, [record]) == ([record] if expected else [])


@attrs.frozen
class Payment:
    amount: Decimal | int | None = None
    client: str | None = None
    created_date: datetime | None = None


class Plain:
    """Not attrs: any object's attributes are fields too."""

    def __init__(self, amount: object) -> None:
        self.amount = amount


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (Payment(amount=D("10.50")), True),
        (Payment(amount=D("10.49")), False),
        (Payment(), False),
        (Plain(11), True),
        (object(), False),  # no such attribute: missing
        (MappingProxyType({"amount": 11}), True),
        (defaultdict(lambda: 99, {"client": "a"}), False),  # read by key, nothing made up
        ({"Amount": 11, "amount_": 11}, False),  # a key is the canonical name exactly
        (None, False),
    ],
)
def test_a_record_is_an_object_or_a_mapping(record: object, expected: bool) -> None:
    assert matches("amount >= 10.5", record) is expected


def test_reading_a_defaultdict_adds_no_key() -> None:
    record: defaultdict[str, object] = defaultdict(lambda: 1)
    assert not matches("amount = 1", record)
    assert dict(record) == {}


SHOP = Schema(
    (
        Field("total", FieldType.NUMBER),
        Field("customer.email", FieldType.STRING, aliases=("email",)),
        Field("customer.address.city", FieldType.STRING, aliases=("city",)),
    )
)


@attrs.frozen
class Customer:
    email: str | None
    address: dict[str, str] | None = None


@attrs.frozen
class Order:
    customer: Customer | None
    total: int = 0


@pytest.mark.parametrize(
    ("text", "record", "expected"),
    [
        ("email = a@b.kz", {"customer": {"email": "a@b.kz"}}, True),
        ("email = a@b.kz", {"customer.email": "a@b.kz"}, False),  # the name is walked
        ("email = a@b.kz", Order(Customer("a@b.kz")), True),
        ("email = a@b.kz", {"customer": Customer("a@b.kz")}, True),  # mapping, then attribute
        ("city = Almaty", Order(Customer("x", {"city": "Almaty"})), True),  # and back
        ("email = a@b.kz", Order(None), False),
        ("not email = a@b.kz", Order(None), True),
        ("email = a@b.kz", {"customer": None}, False),
        ("email = a@b.kz", {"customer": "a@b.kz"}, False),  # a str has no attribute email
        ("city like %", {"customer": {"address": {}}}, False),
    ],
)
def test_a_dotted_name_walks_nested_records(text: str, record: object, expected: bool) -> None:
    assert matches(text, record, schema=SHOP) is expected


class Kind(enum.IntEnum):
    ONE = 1


class Text(str):
    def __eq__(self, other: object) -> bool:
        raise AssertionError("the record's own __eq__ is never asked")

    __hash__ = str.__hash__


class Moment(datetime):
    """A datetime subclass, as freezegun's and pendulum's are."""


@pytest.mark.parametrize(
    ("text", "record"),
    [
        ("amount = 1", {"amount": Kind.ONE}),  # an int subclass is an int
        ("amount = 1", {"amount": type("Exact", (Decimal,), {})("1.0")}),
        ("client = a", {"client": Text("a")}),
        ("client like a%", {"client": Text("ab")}),
        ("created_date = 2024-01-01", {"created_date": Moment(2024, 1, 1, tzinfo=UTC)}),
        ("created_date = 2024-01-01", {"created_date": Moment(2024, 1, 1, 6, tzinfo=ALMATY)}),
        ("amount = 1", {"amount": 1}),
    ],
)
def test_subclasses_of_the_field_types_are_values(text: str, record: dict[str, Any]) -> None:
    assert matches(text, record)


# (field, value, code): a value of another type is a SchemaError naming the record and field.
WRONG: list[tuple[str, object, str]] = [
    ("amount", 10.5, "invalid_shape"),  # a float is not int or Decimal
    ("amount", "10", "invalid_shape"),
    ("amount", True, "invalid_shape"),  # a bool is not a number
    ("amount", D("NaN"), "invalid_value"),
    ("amount", D("sNaN"), "invalid_value"),
    ("amount", D("Infinity"), "invalid_value"),
    ("amount", [1], "invalid_shape"),
    ("client", 5, "invalid_shape"),
    ("client", b"a", "invalid_shape"),
    ("created_date", datetime(2024, 1, 1), "invalid_value"),  # naive
    ("created_date", date(2024, 1, 1), "invalid_shape"),
    ("created_date", "2024-01-01T00:00:00Z", "invalid_shape"),
    ("post_link", 1, "invalid_shape"),
    ("post_link", "true", "invalid_shape"),
]
CONDITION = {
    "amount": "amount > 1",
    "client": "client = a",
    "created_date": "created_date > 2020-01-01",
    "post_link": "post_link = true",
}


@pytest.mark.parametrize(("name", "value", "code"), WRONG)
def test_a_value_of_another_type_is_a_schema_error(name: str, value: object, code: str) -> None:
    with pytest.raises(SchemaError) as raised:
        matches(CONDITION[name], {name: value})
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.path) == (code, f"/{name}")
    assert name in diagnostic.message

    fine = {"amount": 2, "client": "a", "created_date": utc(2024, 1, 1), "post_link": True}
    with pytest.raises(SchemaError) as raised:
        evaluate(CONDITION[name], [fine, fine, {**fine, name: value}, {**fine, name: value}])
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.path) == (code, f"/2/{name}")
    assert "record 2" in diagnostic.message


def test_every_bad_field_of_the_first_bad_record_is_named() -> None:
    records = [{"amount": 1}, {"amount": "1", "client": 1, "post_link": True}, {"amount": 1.0}]
    with pytest.raises(SchemaError) as raised:
        evaluate("amount > 1 or client = a or post_link = true", records)
    assert [d.path for d in raised.value.diagnostics] == ["/1/amount", "/1/client"]


def test_a_bad_value_counts_even_where_the_answer_is_known_without_it() -> None:
    # `or` could stop at its first operand: the type of every value the filter names is checked
    with pytest.raises(SchemaError):
        matches("amount > 1 or client = a", {"amount": 5, "client": 5})
    with pytest.raises(SchemaError):
        matches("amount > 1 and client = a", {"amount": 0, "client": 5})


def test_a_float_gets_a_hint() -> None:
    with pytest.raises(SchemaError) as raised:
        matches("amount > 1", {"amount": 1.5})
    assert "Decimal" in (raised.value.diagnostics[0].hint or "")


def test_an_order_field_is_checked_on_the_records_that_match() -> None:
    records = [{"amount": 1, "client": 5}, {"amount": 2, "client": "b"}, {"amount": 3, "client": 6}]
    assert evaluate("amount = 2 order by client", records) == [records[1]]
    with pytest.raises(SchemaError) as raised:
        evaluate("amount >= 2 order by client", records)
    assert [d.path for d in raised.value.diagnostics] == ["/2/client"]


def test_a_card_number_in_a_type_name_is_masked() -> None:
    hostile = type("Card4111111111111111", (), {})()
    with pytest.raises(SchemaError) as raised:
        matches("client = a", {"client": hostile})
    assert "4111111111111111" not in str(raised.value)


# ---- evaluate: order, then paging ------------------------------------------------------------

ROWS: list[dict[str, Any]] = [
    {"id": 0, "amount": 5, "client": "b"},
    {"id": 1, "client": "a"},
    {"id": 2, "amount": D("1.0"), "client": "B"},
    {"id": 3, "amount": 5, "client": "é"},
    {"id": 4, "amount": None, "client": "a"},
    {"id": 5, "amount": D("7"), "client": None},
]


def ids(records: list[Any]) -> list[int]:
    return [record["id"] for record in records]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [0, 1, 2, 3, 4, 5]),  # the records' own order
        ("amount >= 5", [0, 3, 5]),
        ("order by amount", [2, 0, 3, 5, 1, 4]),  # stable; None last
        ("order by amount asc", [2, 0, 3, 5, 1, 4]),
        ("order by amount desc", [5, 0, 3, 2, 1, 4]),  # stable; None last going down, too
        ("order by client", [2, 1, 4, 0, 3, 5]),  # code points: B < a < b < é
        ("order by client desc", [3, 0, 1, 4, 2, 5]),
        ("order by amount desc, client", [5, 0, 3, 2, 1, 4]),
        ("order by amount, client desc", [2, 3, 0, 5, 1, 4]),
        ("order by client, amount desc", [2, 1, 4, 0, 3, 5]),
        ("sort by client, amount", [2, 1, 4, 0, 3, 5]),  # 1 and 4: no amount, stable
        ("amount > 1 or client = a order by amount desc", [5, 0, 3, 1, 4]),
    ],
)
def test_evaluate_sorts_stably_with_none_last(text: str, expected: list[int]) -> None:
    assert ids(evaluate(text, ROWS)) == expected


def test_datetimes_sort_by_instant() -> None:
    rows = [
        {"id": 0, "created_date": datetime(2024, 1, 1, 5, tzinfo=ALMATY)},  # 2023-12-31T23:00Z
        {"id": 1, "created_date": utc(2024, 1, 1)},
        {"id": 2},
        {"id": 3, "created_date": datetime(2024, 1, 1, 1, 0, fold=1, tzinfo=LONDON)},
        {"id": 4, "created_date": datetime(1, 1, 1, 1, tzinfo=timezone(timedelta(hours=2)))},
    ]
    assert ids(evaluate("order by created_date", rows)) == [4, 0, 1, 3, 2]
    assert ids(evaluate("order by created_date desc", rows)) == [3, 1, 0, 4, 2]


def test_booleans_sort_false_first() -> None:
    rows = [{"id": 0, "post_link": True}, {"id": 1}, {"id": 2, "post_link": False}]
    assert ids(evaluate("order by post_link", rows)) == [2, 0, 1]


NUMBERED = [{"id": n} for n in range(45)]


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("", {}, list(range(45))),  # no paging asked: everything
        ("page 1 size 10", {}, list(range(10))),
        ("page 2 size 10", {}, list(range(10, 20))),
        ("page 0 size 10", {}, list(range(10))),  # page 0 is the first page, as page 1
        ("page 5 size 10", {}, list(range(40, 45))),
        ("page 6 size 10", {}, []),
        ("size 10", {}, list(range(10))),  # a missing page is 1
        ("page 2", {}, list(range(20, 40))),  # a missing size is 20
        ("page 3", {}, list(range(40, 45))),
        ("", {"page": 2, "size": 4}, [4, 5, 6, 7]),
        ("", {"size": 3}, [0, 1, 2]),
        ("", {"page": 3}, list(range(40, 45))),
        ("page 1 size 10", {"page": 2}, list(range(10, 20))),  # the caller's page wins
        ("page 2 size 10", {"size": 5}, list(range(5, 10))),  # the caller's size wins
        ("page 3 size 10", {"paging": "skip"}, list(range(3, 13))),  # skip 3 records
        ("", {"page": 0, "size": 2, "paging": "skip"}, [0, 1]),
        ("", {"page": 44, "paging": "skip"}, [44]),
        ("size 2", {"paging": "skip"}, [1, 2]),  # a missing page is 1: one skipped
        ("", {"page": 0, "paging": "skip"}, list(range(20))),
    ],
)
def test_evaluate_pages(text: str, options: dict[str, Any], expected: list[int]) -> None:
    assert ids(evaluate(text, NUMBERED, **options)) == expected


def test_paging_comes_after_the_filter_and_the_order() -> None:
    found = evaluate("id >= 0 order by id desc page 2 size 3", NUMBERED,
                     schema=Schema((Field("id", FieldType.NUMBER),)))  # fmt: skip
    assert ids(found) == [41, 40, 39]


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"paging": "pages"}, "invalid_value"),
        ({"paging": None}, "invalid_value"),
        ({"paging": "PAGE"}, "invalid_value"),
        ({"page": -1}, "invalid_paging"),
        ({"size": 0}, "invalid_paging"),
        ({"page": True}, "invalid_paging"),
        ({"size": 2.0}, "invalid_paging"),
        ({"page": 2**31}, "invalid_paging"),
        ({"tz": "Nowhere/City"}, "invalid_value"),
        ({"now": "today"}, "invalid_value"),
        ({"schema": None}, "invalid_value"),
    ],
)
def test_bad_options_are_query_errors(options: dict[str, Any], code: str) -> None:
    with pytest.raises(QueryError) as raised:
        evaluate("amount > 5", [], **options)
    assert [d.code for d in raised.value.diagnostics] == [code]


@pytest.mark.parametrize("records", ["abc", b"abc", {"amount": 5}, 5, None])
def test_records_that_are_no_list_of_records_are_refused(records: Any) -> None:
    with pytest.raises(QueryError) as raised:
        evaluate("amount > 5", records)
    assert [d.code for d in raised.value.diagnostics] == ["invalid_shape"]


def test_any_iterable_of_records_will_do() -> None:
    generated = ({"amount": n} for n in range(5))
    assert evaluate("amount > 2", generated) == [{"amount": 3}, {"amount": 4}]
    assert evaluate("amount > 2", ({"amount": 3},)) == [{"amount": 3}]


def test_an_iterator_that_fails_is_a_schema_error() -> None:
    def failing() -> Any:
        yield {"amount": 1}
        raise RuntimeError("4111111111111111")

    with pytest.raises(SchemaError) as raised:
        evaluate("amount > 0", failing())
    assert raised.value.__context__ is None and raised.value.__cause__ is None
    assert "4111111111111111" not in str(raised.value)


# ---- the query -------------------------------------------------------------------------------


def test_a_parsed_query_and_its_text_agree() -> None:
    text = "amount > 5 or client like a% order by client desc size 2"
    records = [{"amount": n, "client": c} for n, c in ((1, "ab"), (7, "x"), (2, "b"), (9, "y"))]
    assert evaluate(querydsl.parse(text), records) == evaluate(text, records)


def test_text_takes_tz_and_now_as_parse_does() -> None:
    now = datetime(2024, 5, 10, 12, tzinfo=UTC)
    record = {"created_date": datetime(2024, 5, 9, 23, tzinfo=UTC)}
    assert matches("created_date >= today", record, tz="Asia/Almaty", now=now)  # 05-09T18:00Z
    assert not matches("created_date >= today", record, now=now)
    assert matches("created_date >= now-13h", record, now=now)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("amout > 5", "unknown_field"),
        ("amount like 5%", "method_not_allowed"),
        ("amount >", "syntax_error"),
        (5, "invalid_shape"),
        (Query(Condition("amout", Method.GT, (D(5),))), "unknown_field"),
        (Query(Condition("amount", Method.GT, (5.0,))), "invalid_value"),  # type: ignore[arg-type]
        (Query(Condition("created_date", Method.GT, (datetime(2024, 1, 1),))), "invalid_value"),
    ],
)
def test_a_bad_query_is_a_query_error(query: Any, code: str) -> None:
    with pytest.raises(QueryError) as raised:
        matches(query, {})
    assert code in [d.code for d in raised.value.diagnostics]
    assert not isinstance(raised.value, SchemaError)


def test_a_hand_built_query_may_nest_deeply() -> None:
    condition: Any = Condition("amount", Method.GT, (D(5),))
    for _ in range(301):  # odd: `not` 301 times
        condition = Not(condition)
    assert matches(Query(condition), {"amount": 1})
    assert not matches(Query(condition), {"amount": 6})


def test_a_query_nested_past_the_stack_is_a_query_error() -> None:
    condition: Any = Condition("amount", Method.GT, (D(5),))
    for _ in range(100_000):
        condition = Not(condition)
    with pytest.raises(QueryError):
        matches(Query(condition), {"amount": 1})


def test_a_hand_built_datetime_in_any_zone_is_an_instant() -> None:
    query = Query(Condition("created_date", Method.EQ, (datetime(2024, 1, 1, 6, tzinfo=ALMATY),)))
    assert matches(query, {"created_date": utc(2024, 1, 1)})


# ---- the response models as records ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("amount >= 500", ["b9d46313-264e-41ec-814c-728dd51eb97f"]),
        ("created_date between 2018-10-01..2018-10-02", ["ac63c3b5-b369-42de-9ed3-d503a0840ee6"]),
        ("created_date:2018-10-27T09:08:14Z..*", ["b9d46313-264e-41ec-814c-728dd51eb97f"]),
        ("payer_email like dana% and post_link = false order by created_date",
         ["ac63c3b5-b369-42de-9ed3-d503a0840ee6", "b9d46313-264e-41ec-814c-728dd51eb97f"]),
        ("reference = 730681443792", ["b9d46313-264e-41ec-814c-728dd51eb97f"]),
        ("rrn = 730681443792 or not payout_amount > 100", ["b9d46313-264e-41ec-814c-728dd51eb97f",
                                                           "ac63c3b5-b369-42de-9ed3-d503a0840ee6"]),
        ("card = 4003...9282 order by amount size 1", ["ac63c3b5-b369-42de-9ed3-d503a0840ee6"]),
        ("payer_email like Dana%", []),
    ],
)  # fmt: skip
def test_the_seed_response_records_are_records(text: str, expected: list[str]) -> None:
    page = load_operations(homebank_seed_text())
    assert [record.id for record in evaluate(text, page.records)] == expected
