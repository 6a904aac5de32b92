"""A query in plain English, one clause per condition."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

from querydsl.carddata.cardrepr import CARD_KEY, mask_card
from querydsl.carddata.redact import redact_text
from querydsl.homebank.schema import HOMEBANK
from querydsl.homebank.target import TARGET as HOMEBANK_TARGET
from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Or, Query, Value
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.options import zone_and_clock
from querydsl.language.read import parse_query
from querydsl.language.resolve import resolve
from querydsl.language.rules import DEFAULT_LIMITS, require_options
from querydsl.language.schema import Schema
from querydsl.language.types import format_value
from querydsl.language.values import format_number
from querydsl.language.wellformed import written

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PLAIN_DIRECTIONS = ("ascending", "descending")  # for a field the schema does not know
# (phrase when it holds, phrase when negated), by the kind of value compared.
_QUANTITY = {
    Method.EQ: ("is", "is not"),
    Method.LT: ("below", "not below"),
    Method.GT: ("above", "not above"),
    Method.LE: ("at most", "above"),
    Method.GE: ("at least", "below"),
    Method.BETWEEN: ("between", "not between"),
    Method.IN: ("is one of", "is none of"),
}
_TIME = {
    Method.EQ: ("at", "not at"),
    Method.LT: ("before", "not before"),
    Method.GT: ("after", "not after"),
    Method.LE: ("at or before", "after"),
    Method.GE: ("at or after", "before"),
    Method.BETWEEN: ("between", "not between"),
    Method.IN: ("at one of", "at none of"),
}


def explain(
    query_or_text: Query | str,
    *,
    schema: Schema = HOMEBANK,
    tz: str = "UTC",
    now: datetime | None = None,
) -> str:
    """What a query asks for, in plain English (card numbers masked); raises QueryError.

    Text is read as `parse(text, schema=schema, tz=tz, now=now)` reads it; relative times are
    resolved at `now`, as a target resolves them (SPEC 1.6); times are told in UTC, as the
    payload carries them.

    >>> explain("created_date between 2018-01-01..2018-02-01 and payer_email like dana%")
    ... # doctest: +NORMALIZE_WHITESPACE
    'created between 1 Jan 2018 00:00 UTC and 1 Feb 2018 00:00 UTC,
     payer email starting with "dana"'
    >>> explain("amount > 5 or amount < 1 order by amount desc page 2 size 50")
    'amount above 5 or amount below 1; sorted by amount (largest first); page 2, 50 per page'
    """
    require_options(schema)
    _, clock = zone_and_clock(tz, now)
    if isinstance(query_or_text, str):
        # as parse() reads it
        query = parse_query(query_or_text, schema, tz, now, DEFAULT_LIMITS, HOMEBANK_TARGET)
    elif isinstance(query_or_text, Query):
        query = query_or_text
    else:
        kind = type(query_or_text).__name__
        message = f"explain takes a query or its text, not {kind}"
        raise QueryError([Diagnostic("invalid_shape", message)])
    # it may be hand-built
    return written(query, lambda checked: _explain(resolve(checked, clock), schema))


def _explain(query: Query, schema: Schema) -> str:
    explainer = _Explainer(schema)
    parts = [explainer.top(query.filter) if query.filter is not None else "every transaction"]
    if query.order:
        keys = [explainer.order_key(o.field, o.direction) for o in query.order]
        parts.append("sorted by " + ", then by ".join(keys))
    paging = []
    if query.page is not None:
        paging.append(f"page {query.page}")
    if query.size is not None:
        paging.append(f"{query.size} per page")
    if paging:
        parts.append(", ".join(paging))
    return redact_text("; ".join(parts))  # card numbers masked, as in every message


class _Explainer:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    def top(self, expr: Expr) -> str:
        """At the top, `and` reads best as a list: "a, b, c"."""
        if isinstance(expr, And):
            return ", ".join(self.operand(o) for o in expr.operands)
        return self.expr(expr)

    def operand(self, expr: Expr) -> str:
        text = self.expr(expr)
        return f"({text})" if isinstance(expr, (And, Or)) else text

    def expr(self, expr: Expr) -> str:
        if isinstance(expr, Condition):
            return self.condition(expr, negated=False)
        if isinstance(expr, Not):
            if isinstance(expr.operand, Condition):
                return self.condition(expr.operand, negated=True)
            return f"not {self.operand(expr.operand)}"
        joiner = " and " if isinstance(expr, And) else " or "
        return joiner.join(self.operand(o) for o in expr.operands)

    def name(self, field_name: str) -> str:
        """`payer_email` -> "payer email"; a date field by its verb: `created_date` -> "created"."""
        field = self.schema.lookup(field_name)
        words = field_name
        if field is not None and field.type.python_type is datetime and words.endswith("_date"):
            words = words[: -len("_date")]
        return words.replace("_", " ").replace(".", " ")

    def order_key(self, field_name: str, direction: Direction) -> str:
        """`created date (newest first)`."""
        field = self.schema.lookup(field_name)
        words = field.type.order_words if field is not None else _PLAIN_DIRECTIONS
        how = words[direction is Direction.DESC]
        return f"{field_name.replace('_', ' ')} ({how})"

    def condition(self, condition: Condition, *, negated: bool) -> str:
        name = self.name(condition.field)
        method, values = condition.method, condition.values
        if CARD_KEY.fullmatch(condition.field):  # card data however it is written (`4111;2222...`)
            values = tuple(mask_card(v) if isinstance(v, str) else v for v in values)
        if method is Method.LIKE:
            return f"{name} {_like(str(values[0]), negated)}"
        is_time = bool(values) and isinstance(values[0], datetime)
        phrase = (_TIME if is_time else _QUANTITY)[method][negated]
        shown = [_value(value) for value in values]
        if method is Method.BETWEEN:
            return f"{name} {phrase} {shown[0]} and {shown[1]}"
        if method is Method.IN:
            if len(shown) == 1:
                return f"{name} {'is not' if negated else 'is'} {shown[0]}"
            return f"{name} {phrase} {', '.join(shown)}"
        return f"{name} {phrase} {shown[0]}"


def _like(pattern: str, negated: bool) -> str:
    inner = pattern.strip("%")
    no = "not " if negated else ""
    if not inner:
        return "with no value" if negated else "with any value"
    if "%" in inner:
        return f"{no}matching {_quote(pattern)}"
    if pattern.startswith("%") and pattern.endswith("%"):
        return f"{no}containing {_quote(inner)}"
    if pattern.endswith("%"):
        return f"{no}starting with {_quote(inner)}"
    return f"{no}ending with {_quote(inner)}"


def _value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime):
        return _when(value)
    return _quote(value if isinstance(value, str) else format_value(value))  # a type's own


def _quote(text: str) -> str:
    # Masked before escaping too: `4111\t1111...` escaped would no longer look like a card number.
    return json.dumps(redact_text(text), ensure_ascii=False)


def _when(value: datetime) -> str:
    """`1 Jan 2018 10:30 UTC` (seconds when not zero): the payload searches instants, so a
    date is its midnight, and saying only `1 Jan 2018` would promise the whole day."""
    at = value.astimezone(UTC)
    day = f"{at.day} {_MONTHS[at.month - 1]} {at.year}"
    clock = f"{at:%H:%M}" if not (at.second or at.microsecond) else f"{at:%H:%M:%S}"
    if at.microsecond:
        clock += f".{at.microsecond:06d}".rstrip("0")
    return f"{day} {clock} UTC"
