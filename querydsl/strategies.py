"""Hypothesis strategies for valid queries, their canonical text and their Homebank payloads.

Importing this module needs `hypothesis` (`pip install querydsl[test]`); `import querydsl` does not.

>>> from hypothesis import given
>>> from querydsl import parse, to_text
>>> from querydsl.strategies import queries
>>> @given(queries(fields=["amount", "created_date"]))
... def test_round_trip(query):
...     assert parse(to_text(query)) == query
>>> test_round_trip()
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from querydsl.engine import engine_for
from querydsl.homebank.schema import HOMEBANK, PERIOD_FIELD
from querydsl.homebank.target import TARGET as HOMEBANK_TARGET
from querydsl.language.ast import (
    And,
    Condition,
    Direction,
    Expr,
    Method,
    Not,
    Or,
    Order,
    Query,
    Value,
)
from querydsl.language.rules import DEFAULT_LIMITS, MAX_PAGING, NEGATED, PAGING_LOWEST
from querydsl.language.schema import Field, FieldType, Schema, allowed_methods
from querydsl.language.text import to_text

__all__ = ["conditions", "payloads", "queries", "query_texts", "values"]

#: How deep `and`/`or`/`not` nest in generated filters. The text of a node at depth d nests
#: at most 2*d groups and negations, well inside the default limit of 50.
MAX_NESTING = 6
_ORDERED = (Method.LT, Method.GT, Method.LE, Method.GE)
# The moment payloads are computed at: generated values never refer to the clock.
_NOW = datetime(2024, 1, 1, tzinfo=UTC)


def values(field_type: FieldType, *, like: bool = False) -> st.SearchStrategy[Value]:
    """Valid values for a field of `field_type` (its own `strategy`); with `like`, strings that
    hold a `%`.

    Strings are any text without lone surrogates (control characters and quotes included:
    `to_text` escapes them); numbers are finite decimals; datetimes are aware UTC datetimes
    from year 1 to 9999, with microseconds sometimes; booleans are booleans; an enum's values
    are its own.

    >>> from hypothesis import given
    >>> from querydsl import FieldType
    >>> @given(values(FieldType.STRING, like=True))
    ... def test_wildcard(text):
    ...     assert "%" in text
    >>> test_wildcard()
    """
    return field_type.strategy(like=like)


def _condition(field: Field, method: Method) -> st.SearchStrategy[Condition]:
    """Conditions `field method values` with the arity and values SPEC 1.2 and 1.4 allow."""
    one = values(field.type, like=method is Method.LIKE)
    if method is Method.BETWEEN:
        pair = st.tuples(one, one).map(_ascending)
        return pair.map(lambda bounds: Condition(field.name, method, bounds))
    if method is Method.IN:
        many = st.lists(one, min_size=1, max_size=5).map(tuple)
        return many.map(lambda items: Condition(field.name, method, items))
    return one.map(lambda value: Condition(field.name, method, (value,)))


def _ascending(bounds: tuple[Value, Value]) -> tuple[Value, Value]:
    low, high = bounds
    return (high, low) if low > high else (low, high)  # type: ignore[operator]


def _resolve_fields(schema: Schema, fields: Iterable[str] | None) -> list[Field]:
    if fields is None:
        return list(schema.fields)
    if isinstance(fields, str):
        raise InvalidArgument("fields must be a list of names, not one string")
    resolved: list[Field] = []
    for name in fields:
        field = schema.lookup(name)
        if field is None:
            raise InvalidArgument(f"unknown field {name!r}")
        if field not in resolved:
            resolved.append(field)
    if not resolved:
        raise InvalidArgument("fields must name at least one field")
    return resolved


def _resolve_methods(methods: Iterable[Method | str] | None) -> frozenset[Method]:
    if methods is None:
        return frozenset(Method)
    if isinstance(methods, str):
        raise InvalidArgument("methods must be a list of methods, not one string")
    try:
        return frozenset(m if isinstance(m, Method) else Method(m) for m in methods)
    except ValueError as error:
        raise InvalidArgument(str(error)) from None


def _pairs(fields: list[Field], methods: frozenset[Method]) -> list[tuple[Field, Method]]:
    pairs = [(f, m) for f in fields for m in allowed_methods(f.type) if m in methods]
    if not pairs:
        raise InvalidArgument("no field allows any of the methods asked for")
    return pairs


def conditions(
    *,
    schema: Schema = HOMEBANK,
    fields: Iterable[str] | None = None,
    methods: Iterable[Method | str] | None = None,
) -> st.SearchStrategy[Condition]:
    """Valid conditions on `fields` (names or aliases) using `methods` (`"="` or `Method.EQ`).

    >>> from hypothesis import given
    >>> @given(conditions(fields=["amount"], methods=["between"]))
    ... def test_bounds(condition):
    ...     low, high = condition.values
    ...     assert low <= high
    >>> test_bounds()
    """
    pairs = _pairs(_resolve_fields(schema, fields), _resolve_methods(methods))
    return st.sampled_from(pairs).flatmap(lambda pair: _condition(*pair))


@st.composite
def _filters(
    draw: st.DrawFn, leaves: st.SearchStrategy[Condition], budget: int, depth: int
) -> Expr:
    """Any valid filter: conditions joined by `and`/`or` (two or more operands) and `not`."""
    if budget <= 1 or depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(leaves)
    kind = draw(st.sampled_from(("and", "or", "not")))
    if kind == "not":
        return Not(draw(_filters(leaves, budget, depth - 1)))
    count = draw(st.integers(2, min(4, budget)))
    shares = [budget // count] * count
    operands = tuple(draw(_filters(leaves, share, depth - 1)) for share in shares)
    return And(operands) if kind == "and" else Or(operands)


@st.composite
def _compilable_items(
    draw: st.DrawFn, pairs: list[tuple[Field, Method]], methods: frozenset[Method], budget: int
) -> Expr:
    """One operand of a compilable `and`: a condition, a pushable `not`, or a mergeable `or`."""
    choices = ["condition"]
    # A `not` the Homebank target pushes down, into a method the caller allows.
    negatable = [
        (f, m)
        for f, m in pairs
        if HOMEBANK_TARGET.negatable(f.type, m) and NEGATED.get(m, m) in methods
    ]
    if negatable:
        choices.append("not")
    mergeable = [
        (f, m)
        for f, m in pairs
        if m in (Method.EQ, Method.IN) and Method.IN in methods and Method.IN in f.type.methods
    ]
    if mergeable and budget >= 2:
        choices.append("or")
    kind = draw(st.sampled_from(choices))
    if kind == "not":
        return Not(draw(st.sampled_from(negatable).flatmap(lambda pair: _condition(*pair))))
    if kind == "or":
        field, _ = draw(st.sampled_from(mergeable))
        same_field = [m for f, m in mergeable if f == field]
        disjuncts = st.sampled_from(same_field).flatmap(lambda m: _condition(field, m))
        return Or(tuple(draw(st.lists(disjuncts, min_size=2, max_size=min(4, budget)))))
    return draw(st.sampled_from(pairs).flatmap(lambda pair: _condition(*pair)))


@st.composite
def _compilable_filters(
    draw: st.DrawFn,
    pairs: list[tuple[Field, Method]],
    methods: frozenset[Method],
    budget: int,
    depth: int,
) -> Expr:
    """A filter `to_payload` accepts: `and` groups (which flatten) of compilable items."""
    if budget <= 1 or depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(_compilable_items(pairs, methods, budget))
    count = draw(st.integers(2, min(4, budget)))
    return And(
        tuple(
            draw(_compilable_filters(pairs, methods, budget // count, depth - 1))
            for _ in range(count)
        )
    )


@st.composite
def _queries(
    draw: st.DrawFn,
    schema: Schema,
    fields: list[Field],
    methods: frozenset[Method],
    max_conditions: int,
    compilable: bool,
    period: bool,
) -> Query:
    pairs = _pairs(fields, methods)
    filter_: Expr | None = None
    if max_conditions >= 1 and draw(st.booleans() if not period else st.just(True)):
        budget = draw(st.integers(1, max_conditions))
        if compilable:
            filter_ = draw(_compilable_filters(pairs, methods, budget, MAX_NESTING))
        else:
            leaves = st.sampled_from(pairs).flatmap(lambda pair: _condition(*pair))
            filter_ = draw(_filters(leaves, budget, MAX_NESTING))
    period_field = schema.lookup(PERIOD_FIELD)
    if period and period_field is not None:
        period_methods = [m for m in allowed_methods(period_field.type) if m in methods]
        if not period_methods:
            raise InvalidArgument(
                f"payloads need a {PERIOD_FIELD} condition: allow one of its methods"
            )
        when = draw(st.sampled_from(period_methods).flatmap(lambda m: _condition(period_field, m)))
        if filter_ is None:
            filter_ = when
        else:
            operands = list(filter_.operands) if isinstance(filter_, And) else [filter_]
            operands.insert(draw(st.integers(0, len(operands))), when)
            filter_ = And(tuple(operands))
    names = [f.name for f in fields]
    keys = draw(st.lists(st.sampled_from(names), unique=True, max_size=min(3, len(names))))
    order = tuple(Order(name, draw(st.sampled_from(Direction))) for name in keys)
    page = draw(st.none() | st.integers(PAGING_LOWEST["page"], MAX_PAGING))
    size = draw(st.none() | st.integers(PAGING_LOWEST["size"], MAX_PAGING))
    return Query(filter_, order, page, size)


def queries(
    *,
    schema: Schema = HOMEBANK,
    fields: Iterable[str] | None = None,
    methods: Iterable[Method | str] | None = None,
    max_conditions: int = 6,
    compilable: bool = False,
) -> st.SearchStrategy[Query]:
    """Valid queries (checked ASTs): `parse(to_text(q)) == q` holds for each.

    `fields` (names or aliases) and `methods` (`"between"` or `Method.BETWEEN`) restrict the
    conditions; order keys use the same fields. With `compilable=True` every query is one that
    `to_payload` accepts when it has a period (`or` only merges `=`/`in` conditions on one string
    or number field, `not` only over `< > <= >=` or a boolean `=`), and the payload's methods stay
    within `methods` too.

    >>> from hypothesis import given
    >>> @given(queries(fields=["payer_email"], methods=["like"]))
    ... def test_likes(query):
    ...     assert "%" in to_text(query) or query.filter is None
    >>> test_likes()
    """
    if max_conditions < 0:
        raise InvalidArgument("max_conditions must be 0 or more")
    resolved, allowed = _resolve_fields(schema, fields), _resolve_methods(methods)
    _pairs(resolved, allowed)  # fail now, not at the first draw
    return _queries(schema, resolved, allowed, max_conditions, compilable, False)


def query_texts(
    *,
    schema: Schema = HOMEBANK,
    fields: Iterable[str] | None = None,
    methods: Iterable[Method | str] | None = None,
    max_conditions: int = 6,
    compilable: bool = False,
) -> st.SearchStrategy[str]:
    """The canonical text of valid queries (`to_text` of `queries(...)`): every one parses.

    >>> from hypothesis import given
    >>> from querydsl import parse
    >>> @given(query_texts(fields=["amount"]))
    ... def test_parses(text):
    ...     parse(text)
    >>> test_parses()
    """
    return queries(
        schema=schema,
        fields=fields,
        methods=methods,
        max_conditions=max_conditions,
        compilable=compilable,
    ).map(to_text)


def payloads(
    *,
    schema: Schema = HOMEBANK,
    fields: Iterable[str] | None = None,
    methods: Iterable[Method | str] | None = None,
    max_conditions: int = 6,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid Homebank `/operations` payloads: `to_payload` of compilable queries.

    Each holds a `created_date` condition (added even when `fields` leaves it out, since the API
    requires one), so `methods` must allow one of the datetime methods.

    >>> from hypothesis import given
    >>> @given(payloads(fields=["amount"]))
    ... def test_has_period(payload):
    ...     assert any(p["name"] == "created_date" for p in payload["searchParameters"])
    >>> test_has_period()
    """
    if max_conditions < 0:
        raise InvalidArgument("max_conditions must be 0 or more")
    resolved, allowed = _resolve_fields(schema, fields), _resolve_methods(methods)
    _pairs(resolved, allowed)
    return _queries(schema, resolved, allowed, max_conditions, True, True).map(
        lambda query: _payload(query, schema)
    )


def _payload(query: Query, schema: Schema) -> dict[str, Any]:
    return engine_for(schema, DEFAULT_LIMITS).to_payload(query, now=_NOW)
