"""querydsl: search payment transactions in words.

>>> payload = to_payload("created_date between 2018-01-01..2018-02-01 and payer_email like dana%")
>>> payload["searchParameters"][1]
{'name': 'payer_email', 'method': 'like', 'searchParameter': ['dana%']}
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from querydsl.ast import And, Condition, Direction, Expr, Method, Not, Or, Order, Query
from querydsl.check import DEFAULT_LIMITS, MAX_PAGING, Limits, bind
from querydsl.complete import Suggestion, complete
from querydsl.errors import Diagnostic, QueryError, SchemaError
from querydsl.explain import explain
from querydsl.highlight import Token, tokens
from querydsl.homebank.compiler import compile_query, copy_payload
from querydsl.homebank.payload import from_payload, validate_payload
from querydsl.memo import Memo, uses_clock
from querydsl.parser import SyntaxFailure, TooDeep, parse_syntax
from querydsl.schema import HOMEBANK, Field, FieldType, Schema
from querydsl.text import to_text
from querydsl.values import ValueProblem, get_zone, parse_period

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
    "explain",
    "from_payload",
    "parse",
    "to_payload",
    "to_text",
    "tokens",
    "validate_payload",
]


# Results by (text, options), for the default schema and limits: a search box repeats itself.
# Text that names the clock is remembered only when the caller fixes `now`.
_PARSED = Memo()
_PAYLOADS = Memo()


def _memo_key(text: object, schema: Schema, limits: Limits, now: object, *rest: object) -> Any:
    """The memo key, or None when results for these options are not remembered."""
    if schema is not HOMEBANK or limits is not DEFAULT_LIMITS or not isinstance(text, str):
        return None
    return (text, now, *rest)


def _timeless(text: str, now: object, default_period: object = None) -> bool:
    """Whether the result stays the same as the clock moves (only such results are kept)."""
    return now is not None or (default_period is None and not uses_clock(text))


def _option_error(problem: ValueProblem) -> QueryError:
    return QueryError([Diagnostic("invalid_value", problem.message, hint=problem.hint)])


def _clock(zone: tzinfo, now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if not isinstance(now, datetime):
        raise QueryError([Diagnostic("invalid_value", "`now` must be a datetime")])
    return now if now.tzinfo is not None else now.replace(tzinfo=zone)


def _diagnose(
    text: str, schema: Schema, tz: str, now: datetime | None, limits: Limits
) -> tuple[Query | None, list[Diagnostic], datetime]:
    if not isinstance(text, str):
        raise QueryError(
            [Diagnostic("invalid_shape", f"a query is text, not {type(text).__name__}")]
        )
    try:
        zone = get_zone(tz)
    except ValueProblem as problem:
        raise _option_error(problem) from None
    clock = _clock(zone, now)
    if len(text) > limits.max_length:
        return None, [_too_long(text, limits)], clock
    try:
        syntax = parse_syntax(text, limits.max_depth)
    except SyntaxFailure as failure:
        return None, [failure.diagnostic], clock
    except TooDeep as too_deep:
        message = f"parentheses and `not` nest more than {limits.max_depth} levels deep"
        return None, [Diagnostic("limit_exceeded", message, span=too_deep.span)], clock
    query, diagnostics = bind(syntax, schema, zone, clock, limits)
    return query, diagnostics, clock


def _too_long(text: str, limits: Limits) -> Diagnostic:
    return Diagnostic(
        "limit_exceeded",
        f"the query is {len(text)} characters long; the limit is {limits.max_length}",
        span=(limits.max_length, len(text)),
    )


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
    key = _memo_key(text, schema, limits, now, tz)
    remembered = _PARSED.get(key) if key is not None else None
    if remembered is None:
        query, diagnostics, _ = _diagnose(text, schema, tz, now, limits)
        remembered = query if query is not None else tuple(diagnostics)
        if key is not None and _timeless(text, now):
            _PARSED.put(key, remembered)
    if isinstance(remembered, Query):
        return remembered
    raise QueryError(remembered, text)


def check(text: str, **options: Any) -> list[Diagnostic]:
    """The diagnostics `to_payload(text, **options)` would raise; empty when it would succeed.

    >>> [d.code for d in check("amout > 5")]
    ['unknown_field']
    """
    try:
        to_payload(text, **options)
    except QueryError as error:
        return list(error.diagnostics)
    return []


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
    """The Homebank `/operations` request payload for a query or its text.

    >>> to_payload("amount > 5", default_period="7d", now=datetime(2024, 1, 8, tzinfo=UTC))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'searchParameters': [{'name': 'amount', 'method': '>', 'searchParameter': ['5']},
      {'name': 'created_date', 'method': 'between',
       'searchParameter': ['2024-01-01T00:00:00Z', '2024-01-08T00:00:00Z']}],
     'orderParameters': []}
    """
    text = query_or_text if isinstance(query_or_text, str) else None
    key = _memo_key(text, schema, limits, now, tz, default_period, page, size)
    remembered = _PAYLOADS.get(key) if key is not None else None
    if remembered is None:
        remembered = _compile(query_or_text, default_period, page, size, schema, tz, now, limits)
        if key is not None and _timeless(query_or_text, now, default_period):  # type: ignore[arg-type]
            _PAYLOADS.put(key, remembered)
    if isinstance(remembered, tuple):
        raise QueryError(remembered, text)
    return copy_payload(remembered)


def _compile(
    query_or_text: Query | str,
    default_period: str | None,
    page: int | None,
    size: int | None,
    schema: Schema,
    tz: str,
    now: datetime | None,
    limits: Limits,
) -> dict[str, Any] | tuple[Diagnostic, ...]:
    """The payload, or the diagnostics that stop it (raises QueryError only for bad options)."""
    if isinstance(query_or_text, Query):
        query = query_or_text
        try:
            clock = _clock(get_zone(tz), now)
        except ValueProblem as problem:
            raise _option_error(problem) from None
    else:
        parsed, diagnostics, clock = _diagnose(query_or_text, schema, tz, now, limits)
        if parsed is None:
            return tuple(diagnostics)
        query = parsed
    period = None
    if default_period is not None:
        try:
            period = parse_period(str(default_period))
        except ValueProblem as problem:
            raise _option_error(problem) from None
    _check_paging(page, size)
    payload, diagnostics = compile_query(
        query, schema, now=clock, default_period=period, page=page, size=size
    )
    return payload if payload is not None else tuple(diagnostics)


def _check_paging(page: object, size: object) -> None:
    if page is None and size is None:
        return
    problems = []
    for name, value, lowest in (("page", page, 0), ("size", size, 1)):
        if value is None:
            continue
        if type(value) is not int or not lowest <= value <= MAX_PAGING:
            problems.append(
                Diagnostic(
                    "invalid_paging",
                    f"{name} must be a whole number from {lowest} to {MAX_PAGING}",
                )
            )
    if problems:
        raise QueryError(problems)
