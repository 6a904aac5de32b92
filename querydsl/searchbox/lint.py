"""Warnings: queries that are valid but probably not what was meant (SPEC 7).

`lint` reads the checked query, each condition with its spans, and the text as written: whether
a value was a date without a time, or was quoted, is the token's to say, not the typed value's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta

from querydsl.carddata.redact import redact_text, shown
from querydsl.engine import engine_for
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import Condition, Expr, Method, Not, Or, Query
from querydsl.language.codes import ErrorCode
from querydsl.language.datetimes import DATE, RELATIVE
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.rules import DEFAULT_LIMITS, Limits
from querydsl.language.schema import Schema
from querydsl.language.types import FieldType

_PERIOD = "created_date >= now-7d"  # keeps an example from being missing_period

#: Every warning code `lint` reports, in the order the documentation lists them, each with an
#: example that gets exactly it (tests/test_lint.py runs them) and its fix.
WARNING_CODES: Mapping[str, ErrorCode] = {
    "wildcard_in_equals": ErrorCode(
        "`=` (or `:`) with a bare string value holding `%`: `=` compares the whole text, so the"
        " `%` matches only a `%`, where `like` would take it as a wildcard. A quoted value is"
        " taken as meant: quoting says the text is exactly that.",
        f"client = Дана% and {_PERIOD}",
        'Use `like` (`client like Дана%`), or quote the value (`client = "Дана%"`) to match'
        " the `%` itself.",
    ),
    "instant_equality": ErrorCode(
        "`=` (or `:`) on a date and time field with a value that names a day (`2024-01-01`,"
        " `today`, `yesterday-1w`): a day means the instant at its start, so `=` matches that"
        " one midnight, not the day.",
        "created_date = 2024-01-01",
        "Write the day as a range to its next midnight: `created_date:2024-01-01..2024-01-02`."
        " A datetime with a time (`2024-01-01T10:30`) is taken as meant.",
    ),
}

_QUOTES = ("'", '"')
# The days in each unit a relative time that names a day may move by (`today-1w`).
_DAY_UNITS = {None: 0, "d": 1, "w": 7}
# Past this length (or where masking would change it) a hint says the fix without writing it out.
_LONGEST_EXAMPLE = 100


def lint(
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
    """Warnings for a valid query that probably says something else than was meant; for an
    invalid one, `check`'s errors. Takes `check`'s options; never raises.

    Each warning has `severity="warning"`, the span of its condition and a hint that fixes it.

    >>> [(d.code, d.span, d.hint) for d in lint("created_date = 2024-01-01")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('instant_equality', (0, 25),
      'to match the whole day, write a range: `created_date:2024-01-01..2024-01-02`')]
    >>> [d.code for d in lint("client = Дана% and amount > ten")]
    ['invalid_value', 'missing_period']
    """
    try:
        engine = engine_for(schema, limits)
    except QueryError as error:  # bad options: what check returns
        return list(error.diagnostics)
    errors = engine._check(text, default_period, page, size, tz, now)
    if errors:
        return errors
    query = engine._parse(text, tz, now)  # remembered: check read it already
    warnings = (_warning(*found, text, schema) for found in _conditions(query))
    return [warning for warning in warnings if warning is not None]


def _conditions(query: Query) -> Iterator[tuple[Condition, bool]]:
    """The conditions of the filter that no `not` holds, in text order, each with whether it
    is an operand of an `or`; without recursion, as a query may nest as deep as its limits
    allow."""
    pending: list[tuple[Expr, bool]] = [] if query.filter is None else [(query.filter, False)]
    while pending:
        expr, in_or = pending.pop()
        if isinstance(expr, Condition):
            yield expr, in_or
        elif not isinstance(expr, Not):  # under a `not` a fix would read otherwise
            either = isinstance(expr, Or)
            pending.extend((operand, either) for operand in reversed(expr.operands))


def _warning(condition: Condition, in_or: bool, text: str, schema: Schema) -> Diagnostic | None:
    """The warning a condition deserves, if any (`in_or`: it is an operand of an `or`)."""
    if condition.method is not Method.EQ or condition.span is None or not condition.value_spans:
        return None
    field = schema.lookup(condition.field)
    if field is None or condition.field_span is None:
        return None
    start, end = condition.value_spans[0]
    written = text[start:end]
    named = text[condition.field_span[0] : condition.field_span[1]]
    value = condition.values[0]
    if (
        isinstance(value, str)
        and "%" in value
        and Method.LIKE in field.type.methods
        and not written.startswith(_QUOTES)
    ):
        return _wildcard_in_equals(condition, value, f"{named} like {written}", in_or)
    if field.type is FieldType.DATETIME:
        following = _next_day(written)
        if following is not None:
            return _instant_equality(condition, f"{named}:{written}..{following}")
    return None


def _wildcard_in_equals(condition: Condition, value: str, fixed: str, in_or: bool) -> Diagnostic:
    # The API joins `=` and `in` with `or`, never `like`: then a pattern is a search of its own.
    apart = ", in a search of its own (the API joins no `like` with `or`)" if in_or else ""
    return Diagnostic(
        "wildcard_in_equals",
        f"`=` matches the text {shown(value)} exactly: its `%` is no wildcard",
        span=condition.span,
        hint=f"to match a pattern, use `like`{_example(fixed)}{apart};"
        " quote the value to match a `%`",
        severity="warning",
    )


def _instant_equality(condition: Condition, fixed: str) -> Diagnostic:
    return Diagnostic(
        "instant_equality",
        "`=` with a day matches one instant, the midnight it starts with, not the whole day",
        span=condition.span,
        hint=f"to match the whole day, write a range{_example(fixed)}",
        severity="warning",
    )


def _example(fixed: str) -> str:
    """`: `fixed`` for a hint, where it can be written out as it must be typed: short, with no
    backtick, and nothing a card number's masking would change."""
    if len(fixed) > _LONGEST_EXAMPLE or "`" in fixed or redact_text(fixed) != fixed:
        return ""
    return f": `{fixed}`"


def _next_day(written: str) -> str | None:
    """The start of the day after the day a value names, written as its kind is (a date, or a
    day relative to today); None for a value that names no day (a time, `now`).

    >>> _next_day("2024-02-28"), _next_day("yesterday"), _next_day("today-1w"), _next_day("now")
    ('2024-02-29', 'today', 'today-6d', None)
    """
    if DATE.fullmatch(written):
        try:
            return (date.fromisoformat(written) + timedelta(days=1)).isoformat()
        except OverflowError:  # the last day there is: its range runs to the end of time
            return "*"
    relative = RELATIVE.fullmatch(written)
    if relative is None:
        return None
    base, sign, count, unit = relative.groups()
    unit = None if unit is None else unit.lower()
    if base.lower() == "now" or unit not in _DAY_UNITS:
        return None
    days = (-1 if base.lower() == "yesterday" else 0) + 1
    if count is not None:
        days += (-1 if sign == "-" else 1) * int(count) * _DAY_UNITS[unit]
    return "today" if days == 0 else f"today{days:+d}d"
