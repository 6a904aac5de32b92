"""Token text to typed values and back: decimals, dates, datetimes, relative times, booleans."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from querydsl.ast import Value
from querydsl.redact import shown

NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?",
    re.ASCII,
)
RELATIVE = re.compile(r"(now|today|yesterday)(?:([+-])([0-9]{1,9})([smhdw]))?", re.ASCII | re.I)
PERIOD = re.compile(r"([0-9]{1,9})([smhdw])", re.ASCII | re.I)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_ONE = {unit: timedelta(**{name: 1}) for unit, name in _UNITS.items()}


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
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as error:
        raise ValueProblem(
            f"unknown time zone {shown(str(name))}",
            "use an IANA name such as 'Asia/Almaty' or 'UTC'",
        ) from error


def parse_datetime(text: str, zone: tzinfo, now: datetime) -> datetime:
    """An aware UTC datetime from a date, a datetime or a relative time.

    A date is midnight at the start of that day in `zone`; so is a datetime without an offset.

    >>> parse_datetime("2018-01-01", UTC, datetime.now(UTC))
    datetime.datetime(2018, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    try:
        if len(text) == 10 and DATE.fullmatch(text):  # a DATE has 10 characters: skip the regex
            return _parse_date(text, zone)
        if match := DATETIME.fullmatch(text):
            return _parse_full_datetime(match, zone)
        if match := RELATIVE.fullmatch(text):
            return _parse_relative(match, zone, now)
    except ValueProblem:
        raise
    except OverflowError as error:  # Python's own wording here names C types
        message = f"{shown(text)} is not a valid date or time: it falls outside years 1 to 9999"
        raise ValueProblem(message) from error
    except ValueError as error:
        raise ValueProblem(f"{shown(text)} is not a valid date or time: {error}") from error
    raise ValueProblem(
        f"{shown(text)} is not a date or time",
        "write a date (2018-01-01), a datetime (2018-01-01T10:00:00+06:00) "
        "or a relative time (now-7d, today, yesterday)",
    )


def _parse_date(text: str, zone: tzinfo) -> datetime:
    """Midnight of a `DATE` in `zone`, in UTC."""
    if zone is UTC:
        # Fast path: the C parser builds the aware UTC midnight in one call (a third of the cost
        # of int() thrice and the constructor). It must agree with the constructor below, which
        # alone words the errors: see tests/test_values_fast.py.
        try:
            return datetime.fromisoformat(text + "T00:00:00+00:00")
        except ValueError:
            pass
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
    return datetime(year, month, day, 0, 0, 0, 0, zone).astimezone(UTC)


def _parse_full_datetime(match: re.Match[str], zone: tzinfo) -> datetime:
    """A `DATETIME` (already matched, so the accepted language is the regex's) in UTC."""
    offset = match[8]
    # Fast path: the C parser reads every form DATETIME accepts except a lowercase `z`, but it
    # also takes offsets such as +00:60 that we refuse: those, and any string it rejects, go to
    # the slow path, which alone words the errors. Checked in tests/test_values_fast.py.
    if offset is None or offset == "Z" or (offset[1:3] <= "23" and offset[4:] <= "59"):
        try:
            parsed = datetime.fromisoformat(match.string)
        except ValueError:
            pass
        else:
            if offset is None:
                parsed = parsed.replace(tzinfo=zone)
            return parsed.astimezone(UTC)
    return _construct_full_datetime(match, zone)


def _construct_full_datetime(match: re.Match[str], zone: tzinfo) -> datetime:
    """The reference construction of a `DATETIME`, field by field, with our error messages."""
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    second = int(match[6] or 0)
    micro = int((match[7] or "").ljust(6, "0"))
    offset = match[8]
    if offset is None:
        at: tzinfo = zone
    elif offset in ("Z", "z"):
        at = UTC
    else:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            raise ValueProblem(f"{offset!r} is not a valid UTC offset")
        sign = -1 if offset[0] == "-" else 1
        at = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=at).astimezone(UTC)


def _parse_relative(match: re.Match[str], zone: tzinfo, now: datetime) -> datetime:
    anchor, sign, digits, unit = match.groups()
    anchor = anchor.lower()
    if anchor == "now":
        base = now
    else:
        local = now.astimezone(zone)
        base = datetime(local.year, local.month, local.day, tzinfo=zone)
        if anchor == "yesterday":
            base = _local_days_ago(base, 1, zone)
    if sign is not None:
        amount = -int(digits) if sign == "-" else int(digits)
        unit = unit.lower()
        if unit in ("d", "w") and anchor != "now":
            base = _local_days_ago(base, -amount * (7 if unit == "w" else 1), zone)
        else:
            # Elapsed time, counted in UTC: local clocks skip or repeat an hour when DST changes.
            # One unit times the amount is timedelta(<unit>=amount), overflow message included.
            return base.astimezone(UTC) + _ONE[unit] * amount
    return base.astimezone(UTC)


def _local_days_ago(base: datetime, days: int, zone: tzinfo) -> datetime:
    """Midnight `days` calendar days before `base` in `zone` (days are not always 24 hours)."""
    day = date(base.year, base.month, base.day) - timedelta(days=days)
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def parse_period(text: str) -> timedelta:
    """A duration such as `30d`, `12h` or `2w` (for `default_period`).

    >>> parse_period("30d")
    datetime.timedelta(days=30)
    """
    match = PERIOD.fullmatch(text.strip())
    if match is None:
        raise ValueProblem(
            f"{text!r} is not a period", "write a number and a unit s, m, h, d or w, e.g. '30d'"
        )
    try:
        return timedelta(**{_UNITS[match[2].lower()]: int(match[1])})
    except OverflowError as error:
        raise ValueProblem(f"{text!r} is too long a period") from error


def format_datetime(value: datetime) -> str:
    """UTC `YYYY-MM-DDTHH:MM:SSZ`, with `.ffffff` only when non-zero.

    >>> format_datetime(datetime(2018, 1, 1, tzinfo=UTC))
    '2018-01-01T00:00:00Z'
    """
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    # Two-digit strings from a table: half the cost of six `:02d` format specs.
    two = _TWO_DIGITS
    year, micro = value.year, value.microsecond
    fraction = f".{micro:06d}" if micro else ""
    return (
        f"{two[year // 100]}{two[year % 100]}-{two[value.month]}-{two[value.day]}"
        f"T{two[value.hour]}:{two[value.minute]}:{two[value.second]}{fraction}Z"
    )


_TWO_DIGITS = tuple(f"{number:02d}" for number in range(100))


def parse_boolean(text: str) -> bool:
    """`true` or `false`, in any case."""
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ValueProblem(f"{shown(text)} is not a boolean", "write true or false")


def format_value(value: Value) -> str:
    """A typed value's canonical string: what the payload carries and canonical text writes.

    >>> [format_value(v) for v in (True, Decimal("10.50"), datetime(2018, 1, 1, tzinfo=UTC))]
    ['true', '10.5', '2018-01-01T00:00:00Z']
    """
    # The most common typed value first (bool, Decimal and datetime share no instances).
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
