"""Checked query to canonical text: the inverse of parsing, so `parse(to_text(q)) == q`."""

from __future__ import annotations

import re

from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Or, Query, Value
from querydsl.language.grammar import BARE_VALUE_TERMINALS, token_table
from querydsl.language.lexer import FORBIDDEN, LexError, lex
from querydsl.language.types import type_of_value
from querydsl.language.wellformed import written

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
# What cannot stand inside quotes as itself: the quote, the backslash, and what the lexer refuses.
_NEEDS_ESCAPE = re.compile(f'[\\\\"\n\t]|{FORBIDDEN.pattern}')


def to_text(query: Query) -> str:
    """Canonical text: lowercase keywords, canonical field names, single spaces.

    >>> from querydsl import parse
    >>> to_text(parse("Amount:10.50..* ORDER BY email"))
    'amount >= 10.5 order by payer_email'
    """
    return written(query, _query_text)  # a hand-built query may be anything


def _query_text(query: Query) -> str:
    parts = []
    if query.filter is not None:
        parts.append(expr_text(query.filter))
    if query.order:
        keys = ", ".join(
            o.field + (" desc" if o.direction is Direction.DESC else "") for o in query.order
        )
        parts.append(f"order by {keys}")
    if query.page is not None:
        parts.append(f"page {query.page}")
    if query.size is not None:
        parts.append(f"size {query.size}")
    return " ".join(parts)


def expr_text(expr: Expr) -> str:
    """One filter expression as canonical text."""
    if isinstance(expr, Condition):
        return _condition(expr, negated=False)
    if isinstance(expr, Not):
        operand = expr.operand
        if isinstance(operand, Condition) and operand.method in (Method.EQ, Method.IN):
            return _condition(operand, negated=True)
        inner = expr_text(operand)
        return f"not ({inner})" if isinstance(operand, (And, Or)) else f"not {inner}"
    joiner = " and " if isinstance(expr, And) else " or "
    # Same-kind children and `or` under `and` need parentheses to read back as written.
    wrap = (And, Or) if isinstance(expr, And) else (Or,)
    return joiner.join(
        f"({expr_text(o)})" if isinstance(o, wrap) else expr_text(o) for o in expr.operands
    )


def _condition(condition: Condition, *, negated: bool) -> str:
    field, method, values = condition.field, condition.method, condition.values
    if method is Method.IN:
        keyword = "not in" if negated else "in"
        return f"{field} {keyword} ({', '.join(value_text(v) for v in values)})"
    if method is Method.BETWEEN:
        return f"{field} between {value_text(values[0])}..{value_text(values[1])}"
    operator = "!=" if negated else method.value
    return f"{field} {operator} {value_text(values[0])}"


def value_text(value: Value) -> str:
    """A value as it reads back: its type's string, bare when it lexes as the same single word.

    >>> from decimal import Decimal
    >>> value_text("dana%"), value_text("a b"), value_text(Decimal("10.50"))
    ('dana%', '"a b"', '10.5')
    """
    writer = type_of_value(value)
    text = writer.format(value)
    return text if writer.bare or _reads_bare(text) else quote(text)


def _reads_bare(text: str) -> bool:
    if not text or text == "*" or _NEEDS_ESCAPE.search(text):
        return False
    try:
        tokens = lex(token_table(), text)
    except LexError:
        return False
    return len(tokens) == 1 and tokens[0][0] in BARE_VALUE_TERMINALS and tokens[0][1] == text


def quote(text: str) -> str:
    """`text` in double quotes, escaped so that the lexer reads back exactly `text`."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"
