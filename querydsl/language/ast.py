"""The checked query: frozen, slotted attrs nodes with typed values; spans stay out of equality."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TypeAlias

import attrs

from querydsl.carddata.cardrepr import redacted_repr
from querydsl.language.datetimes import Relative
from querydsl.language.slots import fast_init

#: Where something is in the text: (start, end) character offsets.
Span: TypeAlias = tuple[int, int]
#: A typed value: raw text for string fields, Decimal, aware UTC datetime, a relative time
#: (`now-7d`, resolved only by a target: SPEC 1.6), or bool.
Value: TypeAlias = str | Decimal | datetime | Relative | bool


class Method(enum.Enum):
    """A search method as the Homebank API names it.

    >>> Method("between"), Method.GE.value
    (<Method.BETWEEN: 'between'>, '>=')
    """

    # Enum's __hash__ is Python code in 3.11 (hash of the name); members are singletons compared
    # by identity, so the identity hash agrees with == and costs no Python call in sets and dicts.
    __hash__ = object.__hash__

    EQ = "="
    LT = "<"
    GT = ">"
    LE = "<="
    GE = ">="
    BETWEEN = "between"
    IN = "in"
    LIKE = "like"


#: Other spellings people use for a method (`gte` for `>=`), for did-you-mean hints.
METHOD_SYNONYMS = {
    "==": "=", "eq": "=", "equals": "=", "lt": "<", "gt": ">", "le": "<=", "lte": "<=",
    "ge": ">=", "gte": ">=", "=<": "<=", "=>": ">=", "range": "between", "contains": "like",
}  # fmt: skip
#: A method as the API spells it: `"between"` -> Method.BETWEEN.
METHOD_BY_TEXT = {method.value: method for method in Method}
#: The method each method keyword of the text names (by its terminal: `BETWEEN`).
METHOD_OF_KEYWORD = {"BETWEEN": Method.BETWEEN, "IN": Method.IN, "LIKE": Method.LIKE}
#: The method of each comparison operator in text (`!=` is `=` under a `not`).
COMPARE_METHOD = {
    "=": Method.EQ,
    "==": Method.EQ,
    "!=": Method.EQ,  # negated
    "<": Method.LT,
    ">": Method.GT,
    "<=": Method.LE,
    ">=": Method.GE,
}


class Direction(enum.Enum):
    """A sort direction, as the API's `typeOrder` spells it.

    >>> from querydsl import to_payload
    >>> to_payload("created_date > 2024-01-01 order by amount desc")["orderParameters"]
    [{'field': 'amount', 'typeOrder': 'DESC'}]
    """

    __hash__ = object.__hash__  # identity, as for Method

    ASC = "ASC"
    DESC = "DESC"


@redacted_repr
@fast_init
@attrs.frozen
class Condition:
    """`field method values`: one search parameter (card numbers masked in its repr).

    >>> Condition("amount", Method.GE, (Decimal("1000"),))
    Condition(field='amount', method=<Method.GE: '>='>, values=(Decimal('1000'),))
    """

    field: str
    method: Method
    values: tuple[Value, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    field_span: Span | None = attrs.field(default=None, eq=False, repr=False)
    method_span: Span | None = attrs.field(default=None, eq=False, repr=False)
    value_spans: tuple[Span, ...] = attrs.field(default=(), eq=False, repr=False)


@fast_init
@attrs.frozen
class And:
    """All of the operands (two or more) hold.

    >>> from querydsl import to_text
    >>> big = Condition("amount", Method.GE, (Decimal("1000"),))
    >>> to_text(Query(And((big, Condition("post_link", Method.EQ, (True,))))))
    'amount >= 1000 and post_link = true'
    """

    operands: tuple[Expr, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    operator_spans: tuple[Span, ...] = attrs.field(default=(), eq=False, repr=False)


@fast_init
@attrs.frozen
class Or:
    """At least one of the operands (two or more) holds.

    >>> from querydsl import parse
    >>> [shop.values for shop in parse("shop = a or shop = b").filter.operands]
    [('a',), ('b',)]
    """

    operands: tuple[Expr, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    operator_spans: tuple[Span, ...] = attrs.field(default=(), eq=False, repr=False)


@fast_init
@attrs.frozen
class Not:
    """The operand does not hold (`not c`, `f != v`, `f not in (...)`).

    >>> from querydsl import parse
    >>> parse("payer_email != a@b.kz").filter
    Not(operand=Condition(field='payer_email', method=<Method.EQ: '='>, values=('a@b.kz',)))
    """

    operand: Expr
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    operator_span: Span | None = attrs.field(default=None, eq=False, repr=False)


Expr: TypeAlias = Condition | And | Or | Not


@fast_init
@attrs.frozen
class Order:
    """One sort key.

    >>> from querydsl import to_text
    >>> to_text(Query(order=(Order("created_date", Direction.DESC), Order("amount"))))
    'order by created_date desc, amount'
    """

    field: str
    direction: Direction = Direction.ASC
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@fast_init
@attrs.frozen
class Query:
    """A whole query: an optional filter, sort keys, and optional paging.

    >>> from querydsl import parse
    >>> query = parse("amount >= 1000 order by created_date desc page 2 size 50")
    >>> query.filter.field, query.order[0].field, query.page, query.size
    ('amount', 'created_date', 2, 50)
    """

    filter: Expr | None = None
    order: tuple[Order, ...] = ()
    page: int | None = None
    size: int | None = None
