"""The memory target: a checked query run over Python records, sorted and paged (SPEC 9).

`querydsl.matches` and `querydsl.evaluate` read the text (the engine) and call this target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from querydsl.carddata.redact import shown
from querydsl.language.ast import Direction, Order, Query
from querydsl.language.errors import Diagnostic, QueryError, SchemaError, too_deep
from querydsl.language.options import DEFAULT_PAGE, DEFAULT_SIZE, check_paging
from querydsl.language.schema import Field, Schema
from querydsl.language.target import SaysAll
from querydsl.memory.predicate import Predicate, compile_filter, reader
from querydsl.memory.records import Normal, kind_of

#: The ways `evaluate` reads `page`: the page number, or how many records to skip (the seed's
#: own wording for `page`: "the number of entries that must be skipped").
PAGING = ("page", "skip")


class MemoryTarget(SaysAll):
    """Python records (SPEC 9): any `and`, `or` and `not` can be said."""

    def predicate(self, query: Query, schema: Schema) -> Predicate:
        """The query's filter compiled to a test of one record; QueryError past the stack.

        >>> from querydsl.homebank.schema import HOMEBANK
        >>> from querydsl.language.read import parse_query
        >>> from querydsl.language.target import SAYS_ALL
        >>> from querydsl.language.rules import Limits
        >>> query = parse_query("amount > 10", HOMEBANK, "UTC", None, Limits(), SAYS_ALL)
        >>> TARGET.predicate(query, HOMEBANK).test({"amount": 11})
        True
        """
        try:
            predicate = compile_filter(query.filter, schema)
        except RecursionError:  # a hand-built query nested past what the stack can walk
            predicate = None
        if predicate is None:
            raise QueryError([too_deep()])
        return predicate

    def select(
        self,
        query: Query,
        predicate: Predicate,
        records: Iterable[object],
        schema: Schema,
        *,
        page: int | None,
        size: int | None,
        paging: str,
    ) -> list[object]:
        """The records that match, in their order, then sorted by the query's order and paged:
        `page` and `size` override the query's; `paging="skip"` reads `page` as records to skip.
        """
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
        found = predicate.select(rows)
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


#: The memory target of `matches` and `evaluate`.
TARGET = MemoryTarget()


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
