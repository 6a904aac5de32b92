"""`matches` and `evaluate`: a query run over Python records, sorted and paged (SPEC 9)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from querydsl.carddata.redact import shown
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import Direction, Order, Query
from querydsl.language.errors import Diagnostic, QueryError, SchemaError, too_deep
from querydsl.language.options import DEFAULT_PAGE, DEFAULT_SIZE, check_paging, zone_and_clock
from querydsl.language.rules import DEFAULT_LIMITS, require_options
from querydsl.language.schema import Field, Schema
from querydsl.language.wellformed import problems
from querydsl.memo import Memo
from querydsl.memory.predicate import Predicate, compile_filter, reader
from querydsl.memory.records import Normal, kind_of
from querydsl.pipeline import parse_text

#: The ways `evaluate` reads `page`: the page number, or how many records to skip (the seed's
#: own wording for `page`: "the number of entries that must be skipped").
PAGING = ("page", "skip")


def matches(
    query_or_text: Query | str,
    record: object,
    *,
    schema: Schema = HOMEBANK,
    tz: str = "UTC",
    now: datetime | None = None,
) -> bool:
    """Whether `record` (a mapping, or an object with attributes) matches the query's filter.

    >>> from decimal import Decimal
    >>> matches("amount > 10 and payer_email like dana%", {"amount": Decimal("10.5"),
    ...                                                    "payer_email": "dana@b.kz"})
    True
    >>> matches("not amount > 5", {})   # a missing field: every condition on it is false
    True
    """
    query = _checked(query_or_text, schema, tz, now)
    return _predicate(query, schema).test(record)


def evaluate(
    query_or_text: Query | str,
    records: Iterable[object],
    *,
    schema: Schema = HOMEBANK,
    tz: str = "UTC",
    now: datetime | None = None,
    page: int | None = None,
    size: int | None = None,
    paging: str = "page",
) -> list[object]:
    """The records that match, in their order, then sorted by the query's order clause and paged.

    `page` and `size` override the query's; `paging="skip"` reads `page` as records to skip.

    >>> rows = [{"client": "b", "amount": 1}, {"client": "a", "amount": 7}, {"client": "c"}]
    >>> evaluate("amount >= 0 or client = c order by amount desc", rows)
    [{'client': 'a', 'amount': 7}, {'client': 'b', 'amount': 1}, {'client': 'c'}]
    >>> evaluate("order by client size 1", rows, page=2)
    [{'client': 'b', 'amount': 1}]
    """
    query = _checked(query_or_text, schema, tz, now)
    if type(paging) is not str or paging not in PAGING:
        given = shown(paging) if isinstance(paging, str) else kind_of(paging)
        message = f'`paging` must be "page" or "skip", not {given}'
        raise QueryError([Diagnostic("invalid_value", message)])
    check_paging(page, size)
    # by type(): a hostile object's `__class__` may raise
    if issubclass(type(records), (str, bytes, bytearray, Mapping)):
        message = f"records are an iterable of records, not {kind_of(records)}"
        hint = "for one record, use matches()" if issubclass(type(records), Mapping) else None
        raise QueryError([Diagnostic("invalid_shape", message, hint=hint)])
    rows = _rows(records)
    found = _predicate(query, schema).select(rows)
    if query.order:
        found = _sorted(found, rows, query.order, schema)
    page = page if page is not None else query.page
    size = size if size is not None else query.size
    if page is None and size is None:
        return found
    page = DEFAULT_PAGE if page is None else page
    size = DEFAULT_SIZE if size is None else size
    start = page if paging == "skip" else max(page - 1, 0) * size
    return found[start : start + size]


def _checked(query_or_text: Query | str, schema: Schema, tz: str, now: datetime | None) -> Query:
    """The checked query of a text, or a hand-built query checked (raises QueryError)."""
    if not isinstance(query_or_text, Query):
        return parse_text(query_or_text, schema, tz, now, DEFAULT_LIMITS)
    require_options(schema)
    zone_and_clock(tz, now)
    found = problems(query_or_text, schema)
    if found:
        raise QueryError(found)
    return query_or_text


# Compiled filters by query, for `matches` in a loop: the parse memo gives the same Query object
# for the same text, so identity finds it without hashing the query.
_COMPILED = Memo(64)


def _predicate(query: Query, schema: Schema) -> Predicate:
    entry = _COMPILED.get(id(query))
    if entry is not None and entry[0] is query and entry[1] is schema:
        return entry[2]  # type: ignore[no-any-return]
    try:
        predicate = compile_filter(query.filter, schema)
    except RecursionError:  # a hand-built query nested past what the stack can walk
        predicate = None
    if predicate is None:
        raise QueryError([too_deep()])
    _COMPILED.put(id(query), (query, schema, predicate))
    return predicate


def _rows(records: Iterable[object]) -> Sequence[object]:
    """The records as a list or tuple; what iterating them raises becomes a SchemaError."""
    if type(records) in (list, tuple):
        return records  # type: ignore[return-value]
    failure = ""
    try:
        return list(records)
    except Exception as error:  # not iterable, or an iterator that fails
        failure = kind_of(error)
    message = f"the records could not be read: iterating them raised {failure}"
    raise SchemaError([Diagnostic("invalid_shape", message)])


def _sorted(
    hits: list[object], rows: Sequence[object], order: tuple[Order, ...], schema: Schema
) -> list[object]:
    """The matching records stably sorted by the order keys; None last in both directions."""
    fields: list[Field] = []
    for key in order:
        field = schema.lookup(key.field)
        assert field is not None  # a checked query names its schema's fields
        fields.append(field)
    careful = reader(fields)
    keys = [careful(record, rows) for record in hits]
    positions = list(range(len(hits)))
    for number in reversed(range(len(order))):  # the last key first: each sort is stable
        descending = order[number].direction is Direction.DESC
        column = [_sort_key(values[number], descending) for values in keys]
        positions.sort(key=column.__getitem__, reverse=descending)
    return [hits[position] for position in positions]


def _sort_key(value: Normal, descending: bool) -> tuple[int, Normal] | tuple[int]:
    """A key that puts None after every value, whichever way the sort goes."""
    if value is None:
        return (0,) if descending else (1,)
    return (1, value) if descending else (0, value)
