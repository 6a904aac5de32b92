"""Text to values and back: decimals, booleans, time zones and periods (for types/builtin.py);
dates, datetimes and relative times are in datetimes.py."""

from __future__ import annotations

import re
from datetime import UTC, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from querydsl.carddata.redact import shown

NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
PERIOD = re.compile(r"([0-9]{1,9})([smhdw])", re.ASCII | re.I)
#: The units of a period or a relative time's shift, by letter.
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class ValueProblem(ValueError):
    """Why a token is not a value of the wanted type; the message is shown to the user."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


#: A Decimal as small as `1E+999999999` writes a billion digits: no number (in a text, a payload
#: or a hand-built query) may write more than this many.
MAX_NUMBER_DIGITS = 100_000


def digits_written(number: Decimal) -> int:
    """How many digits `number` takes written out without an exponent (`1E+9`: ten).

    >>> digits_written(Decimal("1E+9")), digits_written(Decimal("-0.050"))
    (10, 4)
    """
    digits, exponent = len(number.as_tuple().digits), int(number.as_tuple().exponent)
    return digits + exponent if exponent >= 0 else max(digits, 1 - exponent)


def require_unicode(text: str) -> None:
    """Raise ValueProblem for a lone surrogate: half of a pair, no character, no UTF-8 bytes,
    so neither JSON for the API nor text that reads back.

    >>> require_unicode("\U0001f600")
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueProblem(
            "the value holds a lone surrogate, which is not Unicode text",
            "use real characters, or both halves of a surrogate pair",
        ) from None


def parse_number(text: str) -> Decimal:
    """An exact decimal from `-?[0-9]+(\\.[0-9]+)?`, of at most MAX_NUMBER_DIGITS digits.

    >>> parse_number("10.50")
    Decimal('10.50')
    """
    if NUMBER.fullmatch(text) is None:
        raise ValueProblem(
            f"{shown(text)} is not a number",
            "write digits with an optional minus sign and decimal point, e.g. 1000 or 10.5",
        )
    number = Decimal(text)
    # No exponent: a number writes no more digits than its text has.
    if len(text) > MAX_NUMBER_DIGITS and digits_written(number) > MAX_NUMBER_DIGITS:
        raise ValueProblem(
            f"the number {shown(text)} has more than {MAX_NUMBER_DIGITS} digits",
            "leading zeros do not count; a fraction's trailing zeros do",
        )
    return number


def format_number(value: Decimal) -> str:
    """The canonical decimal: no exponent, no trailing zeros, `-0` is `0`.

    >>> [format_number(Decimal(text)) for text in ("-0.00", "1E+3", "10.50")]
    ['0', '1000', '10.5']
    """
    text = format(value, "f")  # exact for any precision; never uses the context
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def get_zone(name: str) -> tzinfo:
    """The time zone named `name` (IANA), or UTC for "UTC"."""
    if name in ("UTC", "utc", "Z"):
        return UTC
    if not isinstance(name, str):  # a ZoneInfo, say: its name is what is wanted
        key = getattr(name, "key", None)
        raise ValueProblem(
            f"`tz` is a time zone's name (a str), not {type(name).__name__}",
            f"pass tz={key!r}"
            if isinstance(key, str)
            else "use an IANA name such as 'Asia/Almaty'",
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):  # each quotes the name
        raise ValueProblem(
            f"unknown time zone {shown(str(name))}",
            "use an IANA name such as 'Asia/Almaty' or 'UTC'",
        ) from None


def parse_period(text: str) -> timedelta:
    """A duration such as `30d`, `12h` or `2w` (for `default_period`).

    >>> parse_period("30d")
    datetime.timedelta(days=30)
    """
    match = PERIOD.fullmatch(text.strip())
    if match is None:
        raise ValueProblem(
            f"{shown(text)} is not a period",
            "write a number and a unit s, m, h, d or w, e.g. '30d'",
        )
    if int(match[1]) == 0:  # `created_date between now..now`: an empty range searches nothing
        raise ValueProblem(f"{text!r} is an empty period", "write a period above zero, e.g. '30d'")
    try:
        return timedelta(**{UNITS[match[2].lower()]: int(match[1])})
    except OverflowError:
        raise ValueProblem(f"{shown(text)} is too long a period") from None


def parse_boolean(text: str) -> bool:
    """`true` or `false`, in any case."""
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ValueProblem(f"{shown(text)} is not a boolean", "write true or false")
