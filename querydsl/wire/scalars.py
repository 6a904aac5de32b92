"""Strict scalar hooks for both providers: no coercion, and messages that never echo the value."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from querydsl.wire.jsontext import WrittenNumber, json_type

Hook = TypeVar("Hook", bound=Callable[[Any, Any], Any])
#: Both providers' datetimes: `YYYY-MM-DDThh:mm:ss`, up to six fraction digits, `Z` or an offset.
DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)


class ResponseProblem(ValueError):
    """One value that does not fit its field; the message never repeats the value."""

    def __init__(self, code: str, message: str, *, key: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.key, self.hint = code, message, key, hint


#: Structure hooks whose answer depends on the value alone (no state, nothing kept): a model's
#: fast path may call one, give up, and leave the value to the detailed walk, which calls it again.
PURE_HOOKS: set[Callable[[Any, Any], Any]] = set()


def pure_hook(hook: Hook) -> Hook:
    """Mark a structure hook as depending on its value alone (see `PURE_HOOKS`).

    >>> @pure_hook
    ... def upper(value, _):
    ...     return value.upper()
    >>> upper in PURE_HOOKS
    True
    """
    PURE_HOOKS.add(hook)
    return hook


@pure_hook
def structure_str(value: Any, _: object) -> str:
    """A string, as it is."""
    if isinstance(value, str):
        return value
    raise ResponseProblem("invalid_shape", f"expected a string, got {json_type(value)}")


@pure_hook
def structure_int(value: Any, _: object) -> int:
    """An integer; `True` and `1.0` are not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ResponseProblem("invalid_shape", f"expected an integer, got {json_type(value)}")


@pure_hook
def structure_bool(value: Any, _: object) -> bool:
    """`true` or `false`; `0` and `"false"` are not booleans."""
    if isinstance(value, bool):
        return value
    raise ResponseProblem("invalid_shape", f"expected true or false, got {json_type(value)}")


@pure_hook
def structure_decimal(value: Any, _: object) -> Decimal:
    """A finite number as an exact Decimal: from JSON text, every digit as written."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ResponseProblem("invalid_shape", f"expected a number, got {json_type(value)}")
    if type(value) is WrittenNumber:  # from JSON text: every digit as written
        number = Decimal(value.text)
    else:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ResponseProblem("invalid_value", "expected a finite number")
    return number


def unstructure_decimal(number: Decimal) -> int | float:
    """Integers came in as JSON integers and go back as integers; everything else as a float."""
    return int(number) if number.as_tuple().exponent == 0 else float(number)


@pure_hook
def structure_datetime(value: Any, _: object) -> datetime:
    """An aware datetime written in the documented form only (`DATETIME`)."""
    if not isinstance(value, str):
        raise ResponseProblem(
            "invalid_shape", f"expected a date and time string, got {json_type(value)}"
        )
    if not DATETIME.fullmatch(value):
        # Python's fromisoformat also reads `2022-09-15T08Z`, week dates and `+03` offsets.
        message = "expected an ISO 8601 date and time such as 2018-10-27T15:08:14+06:00"
        if DATETIME.fullmatch(value + "Z"):
            message = "the date and time has no UTC offset"
        raise ResponseProblem("invalid_value", message)
    try:
        return datetime.fromisoformat(value)
    except ValueError:  # a day or an hour that does not exist
        raise ResponseProblem("invalid_value", "the date and time does not exist") from None
