"""querydsl: search payment transactions in words.

>>> payload = to_payload("created_date between 2018-01-01..2018-02-01 and payer_email like dana%")
>>> payload["searchParameters"][1]
{'name': 'payer_email', 'method': 'like', 'searchParameter': ['dana%']}
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from querydsl.client.errors import ApiError, ClientError, SignatureError, TransportError
from querydsl.engine import DEFAULT as DEFAULT_ENGINE
from querydsl.engine import Engine, engine_for
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Or, Order, Query
from querydsl.language.datetimes import Relative
from querydsl.language.errors import Diagnostic, QueryError, SchemaError
from querydsl.language.rules import DEFAULT_LIMITS, Limits
from querydsl.language.schema import Field, FieldType, Schema
from querydsl.language.text import to_text
from querydsl.language.types import EnumType, ValueType
from querydsl.lazy import exports

if TYPE_CHECKING:
    from querydsl.homebank.payload import from_payload, validate_payload
    from querydsl.searchbox.complete import Suggestion, complete
    from querydsl.searchbox.explain import explain
    from querydsl.searchbox.highlight import Token, tokens
    from querydsl.searchbox.lint import lint

__version__ = "0.1.0"

# Names whose modules load on first use: the first payload of a process does not pay for the
# search-box helpers or the payload reader.
_HOMES = {
    "from_payload": "querydsl.homebank.payload",
    "validate_payload": "querydsl.homebank.payload",
    "Suggestion": "querydsl.searchbox.complete",
    "complete": "querydsl.searchbox.complete",
    "explain": "querydsl.searchbox.explain",
    "Token": "querydsl.searchbox.highlight",
    "tokens": "querydsl.searchbox.highlight",
    "lint": "querydsl.searchbox.lint",
}


__getattr__, __dir__ = exports(__name__, _HOMES)


__all__ = [
    "HOMEBANK",
    "And",
    "ApiError",
    "ClientError",
    "Condition",
    "Diagnostic",
    "Direction",
    "Engine",
    "EnumType",
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
    "Relative",
    "Schema",
    "SchemaError",
    "SignatureError",
    "Suggestion",
    "Token",
    "TransportError",
    "ValueType",
    "check",
    "complete",
    "evaluate",
    "explain",
    "from_payload",
    "lint",
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
    return engine_for(schema, limits)._parse(text, tz, now)


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
        engine = engine_for(schema, limits)
    except QueryError as error:  # bad options: what to_payload would raise
        return list(error.diagnostics)
    return engine._check(text, default_period, page, size, tz, now)


def to_payload(
    query_or_text: Query | str,
    *,
    default_period: str | None = None,
    page: int | None = None,
    size: int | None = None,
    schema: Schema = HOMEBANK,
    tz: str = "UTC",
    now: datetime | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, Any]:
    """The Homebank `/operations` request payload for a query or its text; raises QueryError.

    Remembered by text and options (a fresh payload each time).

    >>> from datetime import UTC
    >>> to_payload("amount > 5", default_period="7d", now=datetime(2024, 1, 8, tzinfo=UTC))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'searchParameters': [{'name': 'amount', 'method': '>', 'searchParameter': ['5']},
      {'name': 'created_date', 'method': 'between',
       'searchParameter': ['2024-01-01T00:00:00Z', '2024-01-08T00:00:00Z']}],
     'orderParameters': []}
    """
    # A search box's hot path: the default engine without a call to find it (engine_for's
    # first test, inlined; a memo hit is about ten Python calls in all).
    engine = DEFAULT_ENGINE if schema is HOMEBANK and limits is DEFAULT_LIMITS else None
    return (engine or engine_for(schema, limits))._to_payload(
        query_or_text, default_period, page, size, tz, now
    )


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
    return engine_for(schema, DEFAULT_LIMITS).matches(query_or_text, record, tz=tz, now=now)


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
    """The records that match, in their order, then sorted by the query's order and paged.

    `page` and `size` override the query's; `paging="skip"` reads `page` as records to skip.

    >>> rows = [{"client": "b", "amount": 1}, {"client": "a", "amount": 7}, {"client": "c"}]
    >>> evaluate("amount >= 0 or client = c order by amount desc", rows)
    [{'client': 'a', 'amount': 7}, {'client': 'b', 'amount': 1}, {'client': 'c'}]
    >>> evaluate("order by client size 1", rows, page=2)
    [{'client': 'b', 'amount': 1}]
    """
    return engine_for(schema, DEFAULT_LIMITS).evaluate(
        query_or_text, records, tz=tz, now=now, page=page, size=size, paging=paging
    )
