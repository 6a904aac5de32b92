"""Text to a checked query: its length, its syntax, its depth, then the binder; no memo.

Every reader of text (the engine, `explain`, the memory target) comes through here, so a text
means the same to each of them.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from querydsl.language.ast import Query
from querydsl.language.check import Binding, binder
from querydsl.language.errors import Diagnostic, QueryError, too_deep
from querydsl.language.lalr import Mismatch
from querydsl.language.options import text_zone_and_clock
from querydsl.language.parser import TooDeep, parse
from querydsl.language.rules import Limits, exceeded, require_options
from querydsl.language.schema import Schema
from querydsl.language.syntax import SyntaxFailure
from querydsl.language.target import Target


def diagnose(
    text: str,
    schema: Schema,
    zone: tzinfo,
    clock: datetime,
    limits: Limits,
    target: Target,
    keep_relative: bool = True,
) -> Binding | Diagnostic:
    """The text bound, or the one problem that stops it before binding (its length, its syntax,
    its depth): nothing after such a problem can be judged apart from it. A syntax error offers
    only what leads somewhere for the `target`.

    >>> from datetime import UTC
    >>> from querydsl.homebank.schema import HOMEBANK
    >>> from querydsl.language.target import SAYS_ALL
    >>> diagnose("amount >", HOMEBANK, UTC, datetime.now(UTC), Limits(), SAYS_ALL).code
    'syntax_error'
    """
    if exceeded(limits.max_length, len(text)):
        return Diagnostic(
            "limit_exceeded",
            f"the query is {len(text)} characters long; the limit is {limits.max_length}",
            span=(limits.max_length, len(text)),
        )
    try:
        return parse(text, limits.max_depth, binder(schema, zone, clock, limits, keep_relative))
    except SyntaxFailure as failure:
        return failure.diagnostic
    except Mismatch as mismatch:  # worded here, where the fields' types are known
        # On first use: the first payload of a process does not load the wording of errors.
        from querydsl.language.syntax_errors import unexpected_token

        return unexpected_token(text, mismatch, schema, target)
    except TooDeep as deep:
        message = f"parentheses and `not` nest more than {limits.max_depth} levels deep"
        return Diagnostic("limit_exceeded", message, span=deep.span)
    except RecursionError:  # only with a raised depth limit: replaying the driver's tree recurses
        return too_deep()


def in_text_order(diagnostics: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Diagnostics in the order of their places in the text; those about no place go last.

    >>> [d.code for d in in_text_order([Diagnostic("b", "", span=(4, 5)), Diagnostic("a", "")])]
    ['b', 'a']
    """
    return tuple(sorted(diagnostics, key=lambda d: (d.span is None, d.span and d.span[0])))


def read_query(
    text: str, schema: Schema, tz: str, now: datetime | None, limits: Limits, target: Target
) -> Query | tuple[Diagnostic, ...]:
    """The checked query of `text`, or its diagnostics in text order; QueryError for bad options.

    >>> from querydsl.homebank.schema import HOMEBANK
    >>> from querydsl.language.target import SAYS_ALL
    >>> read_query("amount > 5", HOMEBANK, "UTC", None, Limits(), SAYS_ALL).filter.field
    'amount'
    """
    require_options(schema, limits)
    zone, clock = text_zone_and_clock(text, tz, now)
    found = diagnose(text, schema, zone, clock, limits, target)
    if isinstance(found, Diagnostic):
        return (found,)
    return found.query or in_text_order(found.diagnostics)


def parse_query(
    text: str, schema: Schema, tz: str, now: datetime | None, limits: Limits, target: Target
) -> Query:
    """As `read_query`, raising QueryError with the diagnostics."""
    found = read_query(text, schema, tz, now, limits, target)
    if isinstance(found, Query):
        return found
    raise QueryError(found, text)
