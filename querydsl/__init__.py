"""querydsl: search payment transactions in words.

>>> payload = to_payload("created_date between 2018-01-01..2018-02-01 and payer_email like dana%")
>>> payload["searchParameters"][1]
{'name': 'payer_email', 'method': 'like', 'searchParameter': ['dana%']}
"""

from __future__ import annotations

from datetime import datetime

from querydsl.homebank.payload import from_payload, validate_payload
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Or, Order, Query
from querydsl.language.errors import Diagnostic, QueryError, SchemaError
from querydsl.language.rules import DEFAULT_LIMITS, Limits
from querydsl.language.schema import Field, FieldType, Schema
from querydsl.language.text import to_text
from querydsl.memory import evaluate, matches
from querydsl.pipeline import parse_text, to_payload
from querydsl.searchbox.complete import Suggestion, complete
from querydsl.searchbox.explain import explain
from querydsl.searchbox.highlight import Token, tokens

__version__ = "0.1.0"

__all__ = [
    "HOMEBANK",
    "And",
    "Condition",
    "Diagnostic",
    "Direction",
    "Expr",
    "Field",
    "FieldType",
    "Limits",
    "Method",
    "Not",
    "Or",
    "Order",
    "Query",
    "QueryError",
    "Schema",
    "SchemaError",
    "Suggestion",
    "Token",
    "check",
    "complete",
    "evaluate",
    "explain",
    "from_payload",
    "matches",
    "parse",
    "to_payload",
    "to_text",
    "tokens",
    "validate_payload",
]


def parse(
    text: str,
    *,
    schema: Schema = HOMEBANK,
    tz: str = "UTC",
    now: datetime | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Query:
    """Parse and check a query; raise QueryError with every problem found.

    >>> parse("amount >= 1000 order by created_date desc").order[0].direction
    <Direction.DESC: 'DESC'>
    """
    return parse_text(text, schema, tz, now, limits)


def check(
    text: str,
    *,
    default_period: str | None = None,
    page: int | None = None,
    size: int | None = None,
    schema: Schema = HOMEBANK,
    tz: str = "UTC",
    now: datetime | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Diagnostic]:
    """The diagnostics `to_payload(text, **options)` would raise; empty when it would succeed.

    It takes to_payload's options, by keyword.

    >>> [d.code for d in check("amout > 5")]
    ['unknown_field', 'missing_period']
    """
    try:
        to_payload(
            text,
            default_period=default_period,
            page=page,
            size=size,
            schema=schema,
            tz=tz,
            now=now,
            limits=limits,
        )
    except QueryError as error:
        return list(error.diagnostics)
    return []
