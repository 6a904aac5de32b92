"""Text and options to a checked query or a payload: option checks, memo, stages in order."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from querydsl.homebank.compiler import FrozenPayload, Lowered, assemble, compile_query, unsayable
from querydsl.homebank.direct import direct_tokens, read_lowered
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import Query
from querydsl.language.check import Binding, binding
from querydsl.language.errors import Diagnostic, QueryError, too_deep
from querydsl.language.lalr import Mismatch
from querydsl.language.lexer import RawToken
from querydsl.language.options import check_paging, option, text_zone_and_clock, zone_and_clock
from querydsl.language.parser import TooDeep, parse_syntax
from querydsl.language.rules import (
    DEFAULT_LIMITS,
    Limits,
    exceeded,
    require_options,
)
from querydsl.language.schema import Schema
from querydsl.language.syntax import SyntaxFailure
from querydsl.language.syntax_errors import unexpected_token
from querydsl.language.values import get_zone, parse_period
from querydsl.language.wellformed import problems
from querydsl.memo import Memo, footprint, uses_clock

# Results by (text, options), for the default schema and limits: a search box repeats itself.
# Text that names the clock is remembered only when the caller fixes `now`.
PARSED = Memo()
PAYLOADS = Memo()
#: What PAYLOADS keeps for a text seen once.
SEEN = object()


def _rememberable(text: str, now: object, tz: object, default_period: object = None) -> bool:
    """Whether a result may be kept: it stays the same as the clock moves, and `now` is one
    moment. (01:30 on the night a clock goes back is two moments, `fold` 0 and 1, which
    compare equal and hash alike: a result for either would be found for the other.)
    Text over the length limit is never kept: it is refused at once, and would hold its text."""
    if exceeded(DEFAULT_LIMITS.max_length, len(text)):
        return False
    if now is None:
        return default_period is None and not uses_clock(text)
    if not isinstance(now, datetime):
        return True  # an error, the same every time
    try:
        clock = now if now.tzinfo is not None else now.replace(tzinfo=get_zone(tz))  # type: ignore[arg-type]
        return clock.utcoffset() == clock.replace(fold=1 - clock.fold).utcoffset()
    except (ValueError, OverflowError):  # a bad zone: an error, the same every time
        return True


def _diagnose(
    text: str,
    schema: Schema,
    zone: tzinfo,
    clock: datetime,
    limits: Limits,
    lexed: list[RawToken] | None = None,
) -> Binding | Diagnostic:
    """The text bound, or the one problem that stops it before binding (its length, its syntax,
    its depth): nothing after such a problem can be judged apart from it."""
    if exceeded(limits.max_length, len(text)):
        return _too_long(text, limits.max_length)
    try:
        syntax = parse_syntax(text, limits.max_depth, lexed)
        return binding(syntax, schema, zone, clock, limits)
    except SyntaxFailure as failure:
        return failure.diagnostic
    except Mismatch as mismatch:  # worded here, where the fields' types are known
        return unexpected_token(text, mismatch.token, mismatch.expected, schema)
    except TooDeep as deep:
        message = f"parentheses and `not` nest more than {limits.max_depth} levels deep"
        return Diagnostic("limit_exceeded", message, span=deep.span)
    except RecursionError:  # only with a raised depth limit: the binder recurses
        return too_deep()


def _in_text_order(diagnostics: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Diagnostics in the order of their places in the text; those about no place go last."""
    return tuple(sorted(diagnostics, key=lambda d: (d.span is None, d.span and d.span[0])))


def _too_long(text: str, max_length: int) -> Diagnostic:
    return Diagnostic(
        "limit_exceeded",
        f"the query is {len(text)} characters long; the limit is {max_length}",
        span=(max_length, len(text)),
    )


def parse_text(text: str, schema: Schema, tz: str, now: datetime | None, limits: Limits) -> Query:
    """The checked query of `text`, remembered by text and options; raises QueryError."""
    # Remembered only for the default schema and limits (a schema may be changed by its owner).
    key: tuple[object, ...] | None = None
    remembered: Query | tuple[Diagnostic, ...] | None = None
    if schema is HOMEBANK and limits is DEFAULT_LIMITS and isinstance(text, str):
        key = (text, now, tz)
        try:
            remembered = PARSED.get(key)
        except TypeError:  # an option that cannot be hashed: never remembered
            key = None
    if remembered is None:
        require_options(schema, limits)
        zone, clock = text_zone_and_clock(text, tz, now)
        found = _diagnose(text, schema, zone, clock, limits)
        if isinstance(found, Diagnostic):
            remembered = (found,)
        else:
            remembered = found.query or _in_text_order(found.diagnostics)
        if key is not None and _rememberable(text, now, tz):
            PARSED.put(key, remembered, footprint(text, remembered))
    if isinstance(remembered, Query):
        return remembered
    raise QueryError(remembered, text)


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

    Remembered by text and options for the default schema and limits (a fresh payload each time).

    >>> from datetime import UTC
    >>> to_payload("amount > 5", default_period="7d", now=datetime(2024, 1, 8, tzinfo=UTC))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'searchParameters': [{'name': 'amount', 'method': '>', 'searchParameter': ['5']},
      {'name': 'created_date', 'method': 'between',
       'searchParameter': ['2024-01-01T00:00:00Z', '2024-01-08T00:00:00Z']}],
     'orderParameters': []}
    """
    # The hot path of a search box: the same text again, with default schema and limits.
    key: tuple[object, ...] | None = None
    remembered: FrozenPayload | tuple[Diagnostic, ...] | object = None
    if (
        type(query_or_text) is str
        and schema is HOMEBANK
        and limits is DEFAULT_LIMITS
        and (page is None or type(page) is int)  # page=True or 1.0 would find page=1's entry
        and (size is None or type(size) is int)
    ):
        key = (query_or_text, now, tz, default_period, page, size)
        try:
            remembered = PAYLOADS.get(key)
        except TypeError:  # an option that cannot be hashed: never remembered
            key = None
        if type(remembered) is FrozenPayload:
            return remembered.thaw()
        if type(remembered) is tuple:
            raise QueryError(remembered, query_or_text)
    result = _compile(query_or_text, default_period, page, size, schema, tz, now, limits)
    if key is not None and _rememberable(query_or_text, now, tz, default_period):  # type: ignore[arg-type]
        # A payload is kept from the second time its text comes: most texts a search box sees
        # come once, and keeping each costs a twentieth of compiling it (and evicts another).
        kept: object = result
        if not isinstance(result, tuple):
            kept = SEEN if remembered is None else FrozenPayload(result)
        PAYLOADS.put(key, kept, footprint(query_or_text, kept))  # type: ignore[arg-type]
    if isinstance(result, tuple):
        raise QueryError(result, query_or_text if isinstance(query_or_text, str) else None)
    return result  # built for this call: nobody else holds it


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
    require_options(schema, limits)
    source: Query | Lowered | None
    if isinstance(query_or_text, Query):
        source = query_or_text
        _, clock = zone_and_clock(tz, now)
        found = problems(source, schema, limits)  # a hand-built query may be anything
        if found:
            return tuple(found)
    else:
        zone, clock = text_zone_and_clock(query_or_text, tz, now)
        source = lexed = None
        if schema is HOMEBANK and limits is DEFAULT_LIMITS:
            # The common query goes straight to the API's objects; the others, through the AST.
            lexed = direct_tokens(query_or_text)
            source = read_lowered(lexed, zone, clock) if lexed is not None else None
        if source is None:
            bound = _diagnose(query_or_text, schema, zone, clock, limits, lexed)
            if isinstance(bound, Diagnostic):
                return (bound,)
            if bound.query is None:
                return _bound_in_part(bound, schema, default_period is not None, limits)
            source = bound.query
    period = None
    if default_period is not None:
        period = option(parse_period, str(default_period))
    check_paging(page, size)
    if isinstance(source, Lowered):
        payload, diagnostics = assemble(
            source, now=clock, default_period=period, page=page, size=size
        )
    else:
        try:
            payload, diagnostics = compile_query(
                source,
                schema,
                now=clock,
                default_period=period,
                page=page,
                size=size,
                limits=limits,
            )
        except RecursionError:  # only with a raised depth limit: lowering recurses
            return (too_deep(),)
    return payload if payload is not None else _in_text_order(diagnostics)


def _bound_in_part(
    bound: Binding, schema: Schema, defaulted: bool, limits: Limits
) -> tuple[Diagnostic, ...]:
    """Every problem of a text that did not bind: its own, and the API's with the rest of it
    (`defaulted`: the caller gives a default period, read only once the text binds)."""
    try:
        rest = unsayable(bound.remains, bound.unbound, schema, defaulted=defaulted, limits=limits)
    except RecursionError:  # only with a raised depth limit: lowering recurses
        rest = []
    return _in_text_order([*bound.diagnostics, *rest])
