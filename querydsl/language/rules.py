"""The rules text, payloads and hand-built queries share, each written once.

Limits and options, how many values a method takes, the `like` and `between` rules, and paging
(how many digits a number may write is values.py's, with the numbers). Each reader (check.py for
text, homebank/walk.py and fastpath.py for payloads, wellformed.py for hand-built queries) says
where a problem is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeGuard

import attrs

from querydsl.carddata.redact import redact_text, shown, to_type
from querydsl.language.ast import Method, Value
from querydsl.language.datetimes import Relative
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.schema import Schema
from querydsl.language.values import ValueProblem


def _positive_or_none(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A limit is a positive whole number, or None for no limit (bool is no number)."""
    if value is not None and (type(value) is not int or value < 1):
        written = str(value) if type(value) is int else type(value).__name__
        message = f"`{attribute.name}` must be a positive whole number or None, not {written}"
        hint = "None means no limit"
        raise QueryError([Diagnostic("invalid_value", message, hint=hint)])


#: The default limits as numbers, for what serves the defaults alone (the direct reader, complete,
#: tokens).
DEFAULT_MAX_LENGTH, DEFAULT_MAX_CONDITIONS, DEFAULT_MAX_IN_VALUES, DEFAULT_MAX_DEPTH = (
    10_000, 200, 1_000, 50
)  # fmt: skip


def _limit(default: int) -> Any:
    return attrs.field(default=default, validator=_positive_or_none)


@attrs.frozen
class Limits:
    """How much a query may hold; past any of these the answer is `limit_exceeded`.

    None is no limit; anything but a positive int or None is `invalid_value`, raised here.

    >>> Limits(max_length=None).max_length is None
    True
    """

    max_length: int | None = _limit(DEFAULT_MAX_LENGTH)
    max_conditions: int | None = _limit(DEFAULT_MAX_CONDITIONS)
    max_in_values: int | None = _limit(DEFAULT_MAX_IN_VALUES)
    max_depth: int | None = _limit(DEFAULT_MAX_DEPTH)


DEFAULT_LIMITS = Limits()


def exceeded(limit: int | None, count: int) -> TypeGuard[int]:
    """Whether `count` is past `limit`, where None is no limit (and then `limit` is an int).

    >>> exceeded(2, 3), exceeded(3, 3), exceeded(None, 10**9)
    (True, False, False)
    """
    return limit is not None and count > limit


def bad_options(schema: object, limits: object = DEFAULT_LIMITS) -> list[Diagnostic]:
    """`invalid_value` for a `schema=` that is no Schema and `limits=` that are no Limits.

    >>> [d.message for d in bad_options(None)]
    ['`schema` must be a querydsl.Schema, not NoneType']
    """
    if (
        type(schema) is Schema and type(limits) is Limits
    ):  # the common case, at the cost of two checks
        return []
    found = []
    for name, value, kind in (("schema", schema, Schema), ("limits", limits, Limits)):
        if not isinstance(value, kind):
            message = f"`{name}` must be a querydsl.{kind.__name__}, not {type(value).__name__}"
            found.append(Diagnostic("invalid_value", message))
    return found


def require_options(schema: object, limits: object = DEFAULT_LIMITS) -> None:
    """Raise QueryError with `bad_options`, if there are any."""
    found = bad_options(schema, limits)
    if found:
        raise QueryError(found)


# ---- values -------------------------------------------------------------------------------

#: How many values each method takes (None: one or more, up to Limits.max_in_values).
METHOD_ARITY: dict[Method, int | None] = {
    method: None if method is Method.IN else 2 if method is Method.BETWEEN else 1
    for method in Method
}

# ---- negation -----------------------------------------------------------------------------

#: The method that holds where a comparison does not: `not f > v` is `f <= v`.
NEGATED = {Method.LT: Method.GE, Method.GE: Method.LT, Method.GT: Method.LE, Method.LE: Method.GT}


# ---- like and between ---------------------------------------------------------------------

# A value that reads back as itself without quotes (roughly: the hints only need to be safe).
_BARE = re.compile(r"[^\s\"'(),\\]+")
_CARD_MASK = re.compile(r"[0-9]{4,6}(?:\.{3,4}|[*Xx]+)[0-9]{4}")  # grammars/querydsl.lark


def _bounds_inverted(low: Value, high: Value, now: datetime | None) -> bool:
    """Whether `low > high`; relative bounds are resolved at `now`, and with no clock (a
    hand-built query) not judged here: the target judges them as it resolves them."""
    if type(low) is Relative or type(high) is Relative:
        if now is None:
            return False
        try:
            low = low.resolve(now) if type(low) is Relative else low
            high = high.resolve(now) if type(high) is Relative else high
        except ValueProblem:  # outside the years at that moment: reported as such elsewhere
            return False
    return low > high  # type: ignore[operator]


def broken_rule(
    method: Method, values: Sequence[Value], written: str, now: datetime | None = None
) -> tuple[str, str, str] | None:
    """The rule of `like` or `between` that typed values break, as (code, message, hint).

    Text and payloads share these rules; each caller says where the problem is.

    >>> broken_rule(Method.LIKE, ["dana"], "dana")[0]
    'like_without_wildcard'
    """
    if method is Method.LIKE and "%" not in str(values[0]):
        # `dana*` is another language's `dana%`; a card mask keeps its stars
        wildcards = "*" in written and not _CARD_MASK.fullmatch(written)
        # Quoted whole when it holds a card number, for to_type to see it and refuse: cut, one
        # across the cut keeps too few digits to be seen, and would be offered to type.
        cut = 40 if redact_text(written) == written else len(written)
        pattern = written.replace("*", "%")[: cut + 1] if wildcards else written[:cut] + "%"
        if not _BARE.fullmatch(pattern):  # as it must be written to read back as one value
            pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
        hint = (
            to_type(f"the wildcard is %, not *: write {pattern}", "the wildcard is %, not *")
            if wildcards
            else to_type(
                f"write {pattern} to match values starting with it, or use =",
                "add a % wildcard to match values starting with it, or use =",
            )
        )
        return "like_without_wildcard", "`like` needs a % wildcard in its value", hint
    if method is Method.BETWEEN and _bounds_inverted(values[0], values[1], now):
        message = "the lower bound of the range is above the upper bound"
        return "inverted_range", message, "swap the two bounds"
    return None


# ---- paging -------------------------------------------------------------------------------

MAX_PAGING = 2**31 - 1  # the API documents no bound; a 32-bit integer is what it can take
#: The lowest page and the lowest size (SPEC 1.3: a page from 0, a size from 1).
PAGING_LOWEST = {"page": 0, "size": 1}
#: The paging rule in words, for text, payloads, options and hand-built queries alike.
PAGING_RULE = {
    name: f"{name} must be a whole number from {lowest} to {MAX_PAGING}"
    for name, lowest in PAGING_LOWEST.items()
}
_DIGITS = re.compile(r"0*([0-9]{1,10})", re.ASCII)  # leading zeros do not count


def paging_problem(name: str, value: object) -> str | None:
    """Why `value` is no `page` or `size` (an int in range; bool is no int), or None.

    >>> paging_problem("size", 0)
    'size must be a whole number from 1 to 2147483647'
    """
    if type(value) is int and PAGING_LOWEST[name] <= value <= MAX_PAGING:
        return None
    return PAGING_RULE[name]


def paging_number(name: str, text: str) -> int | str:
    """The page or size a query's `text` stands for, or why it is not one.

    >>> paging_number("page", "2"), paging_number("page", "two")
    (2, "page must be a whole number from 0 to 2147483647, not 'two'")
    """
    digits = _DIGITS.fullmatch(text)
    number = int(digits.group(1)) if digits is not None else -1  # -1: no whole number
    if not PAGING_LOWEST[name] <= number <= MAX_PAGING:  # as paging_problem, without its call
        return f"{PAGING_RULE[name]}, not {shown(text)}"
    return number
