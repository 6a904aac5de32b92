"""The options every target takes: the time zone, the clock, and paging; QueryError for bad ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import TypeVar

from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.rules import paging_problem
from querydsl.language.values import ValueProblem, get_zone

T = TypeVar("T")

#: The page and size a target uses when paging is asked for but one of them is not given.
DEFAULT_PAGE = 1
DEFAULT_SIZE = 20


def option(read: Callable[[str], T], value: str) -> T:
    """What `read` makes of an option's value; QueryError for a value it refuses, raised outside
    the handler: an error raised while handling another keeps it (`__context__`), and the value
    it refused with it, for a logger to print."""
    try:
        return read(value)
    except ValueProblem as problem:
        refused = problem
    raise QueryError([Diagnostic("invalid_value", refused.message, hint=refused.hint)])


def clock(zone: tzinfo, now: datetime | None) -> datetime:
    """`now` as an aware datetime (a naive one is in `zone`), or the clock's time when None.

    >>> clock(UTC, datetime(2024, 1, 1)).isoformat()
    '2024-01-01T00:00:00+00:00'
    """
    if now is None:
        return datetime.now(UTC)
    if not isinstance(now, datetime):
        raise QueryError([Diagnostic("invalid_value", "`now` must be a datetime")])
    return now if now.tzinfo is not None else now.replace(tzinfo=zone)


def zone_and_clock(tz: str, now: datetime | None) -> tuple[tzinfo, datetime]:
    """The time zone and the clock the options name; raises QueryError for bad ones."""
    zone = option(get_zone, tz)
    return zone, clock(zone, now)


def text_zone_and_clock(text: object, tz: str, now: datetime | None) -> tuple[tzinfo, datetime]:
    """Refuse what is no text (invalid_shape); then the zone and the clock, as zone_and_clock."""
    if not isinstance(text, str):
        raise QueryError(
            [Diagnostic("invalid_shape", f"a query is text, not {type(text).__name__}")]
        )
    return zone_and_clock(tz, now)


def check_paging(page: object, size: object) -> None:
    """Raise QueryError for a `page=` or `size=` option that breaks the paging rule."""
    if page is None and size is None:
        return
    problems = [
        Diagnostic("invalid_paging", problem)
        for name, value in (("page", page), ("size", size))
        if value is not None and (problem := paging_problem(name, value)) is not None
    ]
    if problems:
        raise QueryError(problems)
