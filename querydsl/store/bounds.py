"""A query's numbers fitted to the store's decimal column, with the same meaning on its rows.

DuckDB compares a `DECIMAL(38, 10)` column with a value of another scale by casting both to a
wider type, which fails for large stored amounts (or, past 38 digits, goes through floating
point). Every amount the store holds is a multiple of 10^-10 below 10^27 in size, so each number
of a condition can be moved to that grid without changing which rows hold: `> x` is `> floor(x)`,
`>= x` is `>= ceil(x)`, `< x` is `< ceil(x)`, `<= x` is `<= floor(x)`, and `= x` for an `x` off
the grid or out of range matches nothing, as `= 10^27` does (a `between` with no step of the
grid inside it, as `between 10^27..10^27`). Bounds past the range are clamped to it.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import attrs

from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Expr, Method, Not, Or, Query
from querydsl.language.errors import QueryError, too_deep
from querydsl.language.schema import FieldType
from querydsl.memory.records import as_number
from querydsl.store.rows import BOUND, EXACT, STEP

_NUMBER_FIELDS = frozenset(
    field.name for field in HOMEBANK.fields if field.type is FieldType.NUMBER
)
_DOWN = (Method.GT, Method.LE)
_UP = (Method.GE, Method.LT)


def fitted(query: Query) -> Query:
    """The query with every number on the store's grid (the same rows match).

    >>> from querydsl import parse
    >>> query = fitted(parse("amount > 10.00000000005 and amount = 0.5"))
    >>> [condition.values for condition in query.filter.operands]
    [(Decimal('10.0000000000'),), (Decimal('0.5000000000'),)]
    """
    if query.filter is None:
        return query
    try:
        return attrs.evolve(query, filter=_fit(query.filter))
    except RecursionError:  # a hand-built query nested past what the stack can walk
        raise QueryError([too_deep()]) from None


def _fit(expr: Expr) -> Expr:
    if isinstance(expr, Condition):
        field = HOMEBANK.lookup(expr.field)
        if field is None or field.name not in _NUMBER_FIELDS:
            return expr
        return attrs.evolve(expr, values=_values(expr.method, expr.values))
    if isinstance(expr, Not):
        return attrs.evolve(expr, operand=_fit(expr.operand))
    if isinstance(expr, And | Or):
        return attrs.evolve(expr, operands=tuple(_fit(operand) for operand in expr.operands))
    return expr


def _values(method: Method, values: tuple[object, ...]) -> tuple[Decimal, ...]:
    numbers = [_decimal(value) for value in values]
    if method is Method.BETWEEN:
        low, high = _rounded(numbers[0], ROUND_CEILING), _rounded(numbers[1], ROUND_FLOOR)
        return (low, high) if low <= high else (_NOTHING, _NOTHING)  # no step between them
    if method in _DOWN:
        return (_rounded(numbers[0], ROUND_FLOOR),)
    if method in _UP:
        return (_rounded(numbers[0], ROUND_CEILING),)
    return tuple(_on_grid(number) for number in numbers)  # = and in


def _decimal(value: object) -> Decimal:
    number = as_number(value)
    assert number is not None  # a checked query's numbers are ints or finite Decimals
    return number if isinstance(number, Decimal) else Decimal(number)


def _clamped(number: Decimal) -> Decimal:
    return -BOUND if number < -BOUND else BOUND if number > BOUND else number


def _rounded(number: Decimal, rounding: str) -> Decimal:
    return _clamped(number).quantize(STEP, rounding=rounding, context=EXACT)


def _on_grid(number: Decimal) -> Decimal:
    """The number at the store's scale, or 10^27 (which no stored amount equals)."""
    if -BOUND < number < BOUND:
        stepped = number.quantize(STEP, rounding=ROUND_FLOOR, context=EXACT)
        if stepped == number:
            return stepped
    return _NOTHING


#: A number no stored amount equals: the first magnitude past the store's range.
_NOTHING = BOUND.quantize(STEP, context=EXACT)
