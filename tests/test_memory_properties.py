"""SPEC 9 as laws: `matches` agrees with a predicate written here from the spec, `evaluate` with
filter + sorted + slice, and no record, however hostile, gets anything but a SchemaError out.

The reference below reads the spec in the plainest way: a recursive walk over the query, `like` by
dynamic programming, numbers as Decimals, datetimes as the time since the epoch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from conftest import assert_linear
from hypothesis import assume, given
from hypothesis import strategies as st

from querydsl import HOMEBANK, FieldType, QueryError, SchemaError, evaluate, matches
from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Or, Query
from querydsl.memory.predicate import like_matcher
from querydsl.strategies import queries

# ---- the reference, from SPEC 9 --------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: The type of each field, by its canonical name (the name a checked query holds).
TYPES = {field.name: field.type for field in HOMEBANK.fields}


def field_value(record: object, name: str) -> object:
    """SPEC 9: a mapping by key, anything else by attribute; a dotted name walks."""
    value = record
    for part in name.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
    return value


def instant(moment: datetime) -> timedelta:
    """The time from the epoch to an aware datetime (a naive one has none: TypeError)."""
    return moment - _EPOCH


def comparable(kind: FieldType, value: Any) -> Any:
    """A value as SPEC 9 compares it: numbers by value, datetimes by instant."""
    if kind is FieldType.NUMBER:
        return Decimal(value)
    if kind is FieldType.DATETIME:
        return instant(value)
    return value


def like(pattern: str, text: str) -> bool:
    """`%` matches any run of characters, every other character only itself: the textbook DP."""
    # matched[j]: pattern[:i] matches text[:j]
    matched = [True] + [False] * len(text)
    for char in pattern:
        if char == "%":
            for j in range(1, len(text) + 1):
                matched[j] = matched[j] or matched[j - 1]
        else:
            matched = [False] + [matched[j] and text[j] == char for j in range(len(text))]
    return matched[len(text)]


def holds(expr: Expr, record: object) -> bool:
    if isinstance(expr, Not):
        return not holds(expr.operand, record)
    if isinstance(expr, And):
        return all(holds(operand, record) for operand in expr.operands)
    if isinstance(expr, Or):
        return any(holds(operand, record) for operand in expr.operands)
    kind = TYPES[expr.field]
    value = field_value(record, expr.field)
    if value is None:
        return False
    if expr.method is Method.LIKE:
        return like(str(expr.values[0]), str(value))
    mine = comparable(kind, value)
    theirs = [comparable(kind, given) for given in expr.values]
    return {
        Method.EQ: lambda: mine == theirs[0],
        Method.IN: lambda: mine in theirs,
        Method.LT: lambda: mine < theirs[0],
        Method.GT: lambda: mine > theirs[0],
        Method.LE: lambda: mine <= theirs[0],
        Method.GE: lambda: mine >= theirs[0],
        Method.BETWEEN: lambda: theirs[0] <= mine <= theirs[1],
    }[expr.method]()


def reference(
    query: Query, records: list[Any], page: int | None, size: int | None, paging: str
) -> list[Any]:
    """Filter, then sort (the last key first, each stable, None after the rest), then slice."""
    found = [r for r in records if query.filter is None or holds(query.filter, r)]
    for key in reversed(query.order):
        kind = TYPES[key.field]
        present = [r for r in found if field_value(r, key.field) is not None]
        absent = [r for r in found if field_value(r, key.field) is None]
        present.sort(key=lambda r: comparable(kind, field_value(r, key.field)),
                     reverse=key.direction is Direction.DESC)  # fmt: skip
        found = present + absent
    page = query.page if page is None else page
    size = query.size if size is None else size
    if page is None and size is None:
        return found
    page, size = 1 if page is None else page, 20 if size is None else size
    start = page if paging == "skip" else (max(page, 1) - 1) * size
    return found[start : start + size]


# ---- records near the query's values ---------------------------------------------------------

ZONES = [ZoneInfo(name) for name in ("Europe/London", "America/New_York", "Asia/Almaty",
                                     "Australia/Lord_Howe", "Pacific/Kiritimati")]  # fmt: skip
OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


def constants(expr: Expr | None) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    stack = [expr] if expr is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, Condition):
            found.setdefault(node.field, []).extend(node.values)
        elif isinstance(node, Not):
            stack.append(node.operand)
        else:
            stack.extend(node.operands)
    return found


@st.composite
def near(draw: st.DrawFn, kind: FieldType, seen: list[Any]) -> Any:
    """A value of the field's type: often one of the query's, or just beside it, written anew."""
    if kind is FieldType.BOOLEAN:
        return draw(st.booleans())
    if kind is FieldType.STRING:
        if seen and draw(st.booleans()):
            text = str(draw(st.sampled_from(seen)))
            edit = draw(st.sampled_from(["same", "cut", "wild", "upper", "more"]))
            if edit == "cut":
                return text[: draw(st.integers(0, len(text)))]
            if edit == "wild":  # the pattern itself, or its % filled in
                return text.replace("%", draw(st.sampled_from(["", "%", "_", "x%x", "ab"])))
            if edit == "upper":
                return text.swapcase()
            if edit == "more":
                return text + draw(st.sampled_from(["", "a", "%", "_"]))
            return text
        return draw(st.text(st.sampled_from("aAb%_é\n"), max_size=6))
    if kind is FieldType.NUMBER:
        if seen and draw(st.booleans()):
            number = Decimal(draw(st.sampled_from(seen)))
            number += draw(st.sampled_from([0, 0, 1, -1, Decimal("0.001")]))
            if number == number.to_integral_value() and draw(st.booleans()):
                return int(number)
            return number.quantize(Decimal(1).scaleb(min(number.as_tuple().exponent, 0) - 2)) \
                if draw(st.booleans()) and abs(number) < 10**20 else number  # fmt: skip
        return draw(st.integers(-5, 5) | st.decimals(-10, 10, places=2))
    moment: datetime = (
        draw(st.sampled_from(seen))
        if seen and draw(st.booleans())
        else draw(st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30), timezones=st.just(UTC)))
    )
    moment += draw(st.sampled_from([timedelta(0), timedelta(microseconds=1),
                                    -timedelta(microseconds=1), timedelta(hours=1)]))  # fmt: skip
    zone = draw(st.sampled_from([UTC, *ZONES]) | OFFSETS)
    with contextlib.suppress(OverflowError):  # near year 1 or 9999: it stays in UTC
        moment = moment.astimezone(zone)
    if draw(st.booleans()) and isinstance(zone, ZoneInfo):  # the other side of a repeated hour
        moment = moment.replace(fold=1 - moment.fold)
    return moment


@attrs.define
class Record:
    """An attrs record with every Homebank field."""

    created_date: Any = None
    shop_id: Any = None
    invoice_id: Any = None
    account_id: Any = None
    payer_phone: Any = None
    payer_email: Any = None
    reference: Any = None
    post_link: Any = None
    amount: Any = None
    card_mask: Any = None
    client: Any = None
    installment_id: Any = None
    transaction_type_id: Any = None
    payout_date: Any = None
    payout_amount: Any = None
    description: Any = None


@st.composite
def records_for(draw: st.DrawFn, query: Query) -> list[Any]:
    seen = constants(query.filter)
    names = sorted({*seen, *(key.field for key in query.order)})
    rows: list[Any] = []
    for _ in range(draw(st.integers(0, 8))):
        row: dict[str, Any] = {}
        for name in names:
            choice = draw(st.integers(0, 5))
            if choice == 0:
                continue  # missing
            row[name] = None if choice == 1 else draw(near(TYPES[name], seen.get(name, [])))
        rows.append(Record(**row) if draw(st.booleans()) else row)
    return rows


GENERAL = queries(max_conditions=5)
pages = st.none() | st.integers(0, 4)
sizes = st.none() | st.integers(1, 4)


@given(st.data())
def test_matches_agrees_with_the_spec(data: st.DataObject) -> None:
    query = data.draw(GENERAL)
    for record in data.draw(records_for(query)):
        expected = query.filter is None or holds(query.filter, record)
        assert matches(query, record) is expected


@given(st.data(), pages, sizes, st.sampled_from(["page", "skip"]))
def test_evaluate_is_filter_sort_and_slice(
    data: st.DataObject, page: int | None, size: int | None, paging: str
) -> None:
    query = data.draw(GENERAL)
    records = data.draw(records_for(query))
    found = evaluate(query, records, page=page, size=size, paging=paging)
    expected = reference(query, records, page, size, paging)
    assert [id(r) for r in found] == [id(r) for r in expected]


@given(st.data())
def test_text_and_query_agree(data: st.DataObject) -> None:
    from querydsl import to_text

    query = data.draw(queries(max_conditions=3))
    records = data.draw(records_for(query))
    assert evaluate(to_text(query), records) == evaluate(query, records)


@given(st.text(st.sampled_from("ab%_"), max_size=8), st.text(st.sampled_from("ab_"), max_size=10))
def test_like_agrees_with_the_dynamic_programme(pattern: str, text: str) -> None:
    assume("%" in pattern)
    assert matches(Query(Condition("client", Method.LIKE, (pattern,))), {"client": text}) is (
        like(pattern, text)
    )
    assert like_matcher(pattern)(text) is like(pattern, text)


def test_like_takes_linear_time_on_the_worst_pattern() -> None:
    # `%a%a%a...%b` against a run of a's: a backtracking matcher takes time to the power of the %s
    pattern = "%" + "a%" * 20 + "b"
    query = Query(Condition("client", Method.LIKE, (pattern,)))
    assert_linear(lambda text: matches(query, {"client": text}), lambda n: "a" * n, 20_000)


def test_a_huge_int_is_compared_in_near_linear_time() -> None:
    # Decimal(int) is quadratic in the digits; a record may hold any int
    assert_linear(lambda n: matches("amount > 5", {"amount": n}), lambda n: 7 ** (n * 10), 20_000)
    assert matches("amount > 5", {"amount": 10**100_000})
    assert not matches("amount < 5", {"amount": 10**100_000})
    assert matches("amount in (5)", {"amount": -(10**100_000) + 10**100_000 + 5})


def test_evaluate_takes_linear_time_in_the_records() -> None:
    query = "amount > 5 and client like a%b order by amount desc"
    assert_linear(
        lambda rows: evaluate(query, rows),
        lambda n: [{"amount": i % 11, "client": "a" * (i % 3) + "b"} for i in range(n)],
        20_000,
    )


# ---- the exception contract --------------------------------------------------------------------


class Boom(Exception):
    pass


def _raise(*_: object, **__: object) -> Any:
    raise Boom("4111111111111111")


class HostileGetattr:
    def __getattr__(self, name: str) -> Any:
        _raise()


class HostileProperty:
    amount = property(_raise)
    client = property(lambda self: (_ for _ in ()).throw(RecursionError()))


class HostileMapping(Mapping[str, Any]):
    def __getitem__(self, key: str) -> Any:
        _raise()

    def __iter__(self) -> Any:
        _raise()

    def __len__(self) -> int:
        _raise()

    def get(self, key: str, default: Any = None) -> Any:
        _raise()


class LyingClass:
    """Says it is a str (and a mapping) through `__class__`; it is neither."""

    __class__ = property(lambda self: str)  # type: ignore[assignment]


class RaisingClass:
    """Whose `__class__` raises: even asking whether it is a mapping fails."""

    __class__ = property(_raise)  # type: ignore[assignment]


class HostileZone(timezone.__base__):  # type: ignore[misc,name-defined]
    def utcoffset(self, _: object) -> Any:
        _raise()


class WrongZone(timezone.__base__):  # type: ignore[misc,name-defined]
    def utcoffset(self, _: object) -> Any:
        return "6 hours"


class HostileText(str):
    def __eq__(self, other: object) -> bool:
        _raise()
        return False

    __hash__ = str.__hash__
    startswith = _raise  # type: ignore[assignment]


class HostileDecimal(Decimal):
    __lt__ = __gt__ = __le__ = __ge__ = __eq__ = _raise  # type: ignore[assignment]
    __hash__ = Decimal.__hash__
    is_finite = _raise  # type: ignore[assignment]


class HostileDatetime(datetime):
    year = property(_raise)  # type: ignore[assignment]


class HostileKey(str):
    """A dict key equal in hash to a field's name, whose comparison raises."""

    def __eq__(self, other: object) -> bool:
        _raise()
        return False

    def __hash__(self) -> int:
        return hash("amount")


HOSTILE_VALUES = [
    1.5, "5", True, None, [1], {}, object(), Decimal("NaN"), Decimal("sNaN"), Decimal("-Inf"),
    datetime(2024, 1, 1), datetime(2024, 1, 1, tzinfo=HostileZone()),
    datetime(2024, 1, 1, tzinfo=WrongZone()), HostileText("a"), HostileDecimal(5),
    HostileDatetime(2024, 1, 1, tzinfo=UTC), LyingClass(), RaisingClass(), HostileGetattr(),
    10**5000, datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23))), b"a", 3 + 0j,
]  # fmt: skip
HOSTILE_RECORDS = [
    HostileGetattr(), HostileProperty(), HostileMapping(), LyingClass(), RaisingClass(), None, 5,
    "amount",
    {HostileKey("amount"): 1}, [("amount", 1)], type, Boom(),
]  # fmt: skip


def one_of_list(items: list[Any]) -> st.SearchStrategy[Any]:
    """An item, drawn by index: hypothesis would hash the items (and hostile ones raise)."""
    return st.integers(0, len(items) - 1).map(items.__getitem__)


@st.composite
def hostile_records(draw: st.DrawFn) -> Any:
    if draw(st.booleans()):
        return draw(one_of_list(HOSTILE_RECORDS))
    names = ["amount", "client", "created_date", "post_link", "payout_amount", "payer_email"]
    row = {name: draw(one_of_list(HOSTILE_VALUES)) for name in draw(st.sets(
        st.sampled_from(names)))}  # fmt: skip
    return Record(**row) if draw(st.booleans()) else row


@given(queries(fields=["amount", "client", "created_date", "post_link", "payout_amount",
                       "payer_email"], max_conditions=4),
       st.lists(hostile_records(), max_size=5))  # fmt: skip
def test_only_query_errors_leave_whatever_the_records(query: Query, records: list[Any]) -> None:
    calls = [lambda: evaluate(query, records), *(lambda r=r: matches(query, r) for r in records)]
    for call in calls:
        try:
            result = call()
        except SchemaError as error:
            assert error.diagnostics
            assert error.__context__ is None and error.__cause__ is None
            assert "4111111111111111" not in str(error)
        else:
            assert isinstance(result, (bool, list))


def test_a_records_error_points_at_the_first_bad_record() -> None:
    bad = [{"amount": 1}, HostileProperty(), {"amount": 1.5}]
    with pytest.raises(SchemaError) as raised:
        evaluate("amount > 0", bad)
    assert [d.path for d in raised.value.diagnostics] == ["/1/amount"]
    assert raised.value.__context__ is None


@given(st.data())
def test_a_wrong_type_is_reported_at_the_first_record_that_has_one(data: st.DataObject) -> None:
    query = data.draw(queries(fields=["amount", "client"], max_conditions=3))
    assume(query.filter is not None)
    records = data.draw(records_for(query))
    wrong = {"amount": "1", "client": 1}
    named = sorted(constants(query.filter))
    at = data.draw(st.integers(0, len(records)))
    name = data.draw(st.sampled_from(named))
    records.insert(at, {name: wrong[name]})
    with pytest.raises(SchemaError) as raised:
        evaluate(query, records)
    assert raised.value.diagnostics[0].path == f"/{at}/{name}"


@pytest.mark.parametrize("text", ["amount > 5", "client like a%", "created_date > 2024-01-01"])
def test_a_query_error_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        evaluate(text, [{"amount": object(), "client": object(), "created_date": object()}])
    with pytest.raises(QueryError):
        matches(text, {"amount": object(), "client": object(), "created_date": object()})


class HostileIterable:
    def __iter__(self) -> Any:
        _raise()


@pytest.mark.parametrize(
    "make", [RaisingClass, HostileMapping, HostileIterable, LyingClass, lambda: iter([1, 2])]
)
def test_records_that_are_hostile_are_a_query_error(make: Callable[[], Any]) -> None:
    try:
        evaluate("amount > 5", make())
    except QueryError as error:
        assert error.__context__ is None and "4111111111111111" not in str(error)
