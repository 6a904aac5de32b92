"""A search's statements reused for every query of the same shape: only the values are new.

The SQL text `compile_search` writes for DuckDB depends on the query's shape alone: its fields,
methods, `and`/`or`/`not` nesting, order and paging, how many values each condition has (an `in`
writes one `?` each) and, for an `=` or `in` on a keyed column, whether a value is `""` (which
decides the index lookup). Every value is a bound parameter and none is written into the text
(SPEC 10). So a search box's new text of a known shape (a moved date, another email) needs no
sqlglot build: the statements of the first query of that shape, with this query's values bound
in the order that compile would bind them. tests/test_store_shapes.py holds the reused
statements equal to a fresh compile for random queries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Expr, Method, Not, Or, Query
from querydsl.memory.records import normalizer
from querydsl.sql import Statement
from querydsl.sql.target import duckdb_glob
from querydsl.store.bounds import fitted
from querydsl.store.rows import KEYED
from querydsl.store.statements import Statements, compile_search, lookup

if TYPE_CHECKING:
    from collections.abc import Callable

#: The methods of an index lookup on a keyed column (`statements.lookup`).
_LOOKUP_METHODS = (Method.EQ, Method.IN)
#: How many shapes a store keeps.
_KEPT = 256


class Shapes:
    """Compiled statements by query shape (DuckDB, the store's table); not thread-safe alone
    (the store calls it under its lock).

    >>> from querydsl import parse
    >>> shapes = Shapes()
    >>> first = shapes.statements(parse("amount > 5 and client = a"), None, None, "page")
    >>> second = shapes.statements(parse("amount > 7 and client = b"), None, None, "page")
    >>> second.page.sql == first.page.sql, second.page.params
    (True, (Decimal('7.0000000000'), 'b'))
    """

    def __init__(self) -> None:
        self._kept: dict[object, Statements] = {}

    def statements(
        self, query: Query, page: int | None, size: int | None, paging: str
    ) -> Statements:
        """The statements `compile_search` writes for these arguments."""
        fit = fitted(query)  # raises as compile_search would
        try:
            shape = (_shape(fit.filter), fit.order, fit.page, fit.size, page, size, paging)
            known = self._kept.get(shape)
            params = None if known is None else bound_values(fit.filter)
        except RecursionError:  # a hand-built query nested past the stack: compile says what
            return compile_search(query, page, size, paging)
        if known is None or params is None:
            known = compile_search(query, page, size, paging)
            if len(self._kept) >= _KEPT:
                self._kept.clear()
            self._kept[shape] = known
            return known
        counted = known.counted
        return Statements(
            Statement(known.page.sql, params),
            Statement(known.count.sql, params),
            known.offset,
            known.limit,
            None if counted is None else Statement(counted.sql, params),
        )


def _shape(expr: Expr | None) -> object:
    """What of the filter decides the SQL text: everything but the values themselves."""
    if expr is None:
        return None
    if isinstance(expr, Condition):
        values = expr.values
        return (
            expr.field,
            expr.method,
            tuple(type(value) for value in values),
            expr.field in KEYED
            and expr.method in _LOOKUP_METHODS
            and all(value != "" for value in values),
        )
    if isinstance(expr, Not):
        return (Not, _shape(expr.operand))
    assert isinstance(expr, And | Or)
    return (type(expr), tuple(_shape(operand) for operand in expr.operands))


def bound_values(expr: Expr | None) -> tuple[object, ...]:
    """The values `compile_search` binds for a fitted filter, in the order it binds them: the
    index lookup's first, then the rest in the text's order."""
    if expr is None:
        return ()
    found: list[object] = []
    looked_up = lookup(expr)
    if looked_up is None:
        _collect(expr, found)
    else:
        key, rest = looked_up
        _collect(key, found)
        if rest is not None:
            _collect(rest, found)
    return tuple(found)


def _collect(expr: Expr, found: list[object]) -> None:
    if isinstance(expr, Condition):
        normalize = _normalizers(expr.field)
        if expr.method is Method.LIKE:
            found.append(duckdb_glob(str(normalize(expr.values[0]))))
        else:
            for value in expr.values:
                found.append(normalize(value))
    elif isinstance(expr, Not):
        _collect(expr.operand, found)
    else:
        assert isinstance(expr, And | Or)
        for operand in expr.operands:
            _collect(operand, found)


def _normalizers(name: str) -> Callable[[object], object]:
    field = HOMEBANK.lookup(name)
    assert field is not None  # a checked query names the schema's fields
    return normalizer(field.type)
