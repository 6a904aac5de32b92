"""Dates, datetimes and relative times: text to aware UTC instants and back (for types/builtin.py).

A date is the start of its day in the query's time zone, a datetime without an offset is read in
that zone too, and a relative time (`now-7d`, `today`, `yesterday+3h`) is kept as written
(`Relative`) until a target resolves it at its own `now` (SPEC 1.4, 1.6).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import attrs

from querydsl.carddata.redact import shown
from querydsl.language.values import UNITS, ValueProblem, get_zone

DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?",
    re.ASCII,
)
RELATIVE = re.compile(r"(now|today|yesterday)(?:([+-])([0-9]{1,9})([smhdw]))?", re.ASCII | re.I)
_SHIFTED = re.compile(r"(?:now|today|yesterday)[+-]", re.ASCII | re.I)
_ONE = {unit: timedelta(**{name: 1}) for unit, name in UNITS.items()}


def parse_datetime(text: str, zone: tzinfo, now: datetime) -> datetime:
    """An aware UTC datetime from a date, a datetime or a relative time.

    A date is the start of that day in `zone`; a datetime without an offset is in `zone` too,
    and refused where the zone's clocks skip it or pass it twice (SPEC 1.4).

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
    except OverflowError:  # Python's own wording here names C types
        message = f"{shown(text)} is not a valid date or time: it falls outside years 1 to 9999"
        raise ValueProblem(message) from None
    except ValueError as error:  # its own wording, which never quotes the text
        raise ValueProblem(f"{shown(text)} is not a valid date or time: {error}") from None
    if _SHIFTED.match(text):  # `now-1y`, `today-3mo`, `now-7`: a unit the language lacks
        raise ValueProblem(
            f"{shown(text)} is not a relative time: the units are s m h d w",
            "seconds, minutes, hours, days or weeks, e.g. now-7d or today-1w "
            "(for about a month write now-30d, a year now-365d)",
        )
    raise ValueProblem(
        f"{shown(text)} is not a date or time",
        "write a date (2018-01-01), a datetime (2018-01-01T10:00:00+06:00) "
        "or a relative time (now-7d, today, yesterday)",
    )


def _parse_date(text: str, zone: tzinfo) -> datetime:
    """The start of a `DATE`'s day in `zone`, in UTC."""
    if zone is UTC:
        # Fast path: the C parser builds the aware UTC midnight in one call (a third of the cost
        # of int() thrice and the constructor). It must agree with the constructor below, which
        # alone words the errors: see tests/test_datetime_values.py.
        try:
            return datetime.fromisoformat(text + "T00:00:00+00:00")
        except ValueError:
            pass
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
    return _day_start(date(year, month, day), zone, text)


def _day_start(day: date, zone: tzinfo, text: str | None = None) -> datetime:
    """The first instant of `day` in `zone`, in UTC: its midnight, or where the clocks jump over
    midnight (America/Santiago, 2024-09-08) the moment they land. A date names a day, never an
    hour, so it is never ambiguous. A day the zone skipped whole (Pacific/Apia, 2011-12-30) is
    refused when the query wrote it (`text`); `yesterday` on the day after starts at the jump."""
    at = datetime(day.year, day.month, day.day, tzinfo=zone)  # fold 0: read before any jump
    start = at.astimezone(UTC)
    if text is not None and zone is not UTC and start.astimezone(zone).date() != day:
        raise ValueProblem(
            f"{text} does not exist in {_zone_name(zone)}: its clocks skipped that day",
            "write another day, or a datetime with an offset",
        )
    return start


def _local_instant(local: datetime, zone: tzinfo, text: str) -> datetime:
    """A naive local date-time in `zone`, in UTC; refused (SPEC 1.4) where the clocks skip it
    (`2024-03-31T02:30` in Europe/Berlin) or pass it twice (`2024-10-27T02:30`)."""
    at = local.replace(tzinfo=zone)
    if zone is UTC:
        return at.astimezone(UTC)
    # Fold 0 reads with the offset before a change, fold 1 with the one after: they differ only
    # in a gap (clocks forward: the offset grows) or an overlap (clocks back: it shrinks).
    before, after = at.utcoffset(), at.replace(fold=1).utcoffset()
    if before is None or after is None or before == after:
        return at.astimezone(UTC)
    first, second = f"{text}{_offset(before)}", f"{text}{_offset(after)}"
    if after > before:
        message = f"{text} does not exist in {_zone_name(zone)}: its clocks skip that time"
        hint = f"write the offset: {first} or {second}"
    else:
        message = f"{text} happens twice in {_zone_name(zone)}: its clocks go back over it"
        hint = f"write the offset: {first} (the first time) or {second} (the second)"
    raise ValueProblem(message, hint)


def _offset(offset: timedelta) -> str:
    """`+02:00`: a UTC offset as a datetime's text writes it (whole minutes)."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _zone_name(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)


def _parse_full_datetime(match: re.Match[str], zone: tzinfo) -> datetime:
    """A `DATETIME` (already matched, so the accepted language is the regex's) in UTC."""
    offset = match[8]
    # Fast path: the C parser reads every form DATETIME accepts except a lowercase `z`, but it
    # also takes offsets such as +00:60 that we refuse: those, and any string it rejects, go to
    # the slow path, which alone words the errors. Checked in tests/test_datetime_values.py.
    if offset is None or offset == "Z" or (offset[1:3] <= "23" and offset[4:] <= "59"):
        try:
            parsed = datetime.fromisoformat(match.string)
        except ValueError:
            pass
        else:
            if offset is None:
                return _local_instant(parsed, zone, match.string)
            return parsed.astimezone(UTC)
    return _construct_full_datetime(match, zone)


def _construct_full_datetime(match: re.Match[str], zone: tzinfo) -> datetime:
    """The reference construction of a `DATETIME`, field by field, with our error messages."""
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    second = int(match[6] or 0)
    micro = int((match[7] or "").ljust(6, "0"))
    offset = match[8]
    if offset is None:
        local = datetime(year, month, day, hour, minute, second, micro)
        return _local_instant(local, zone, match.string)
    at: tzinfo
    if offset in ("Z", "z"):
        at = UTC
    else:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            raise ValueProblem(f"{offset!r} is not a valid UTC offset")
        sign = -1 if offset[0] == "-" else 1
        at = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=at).astimezone(UTC)


def relative_parts(match: re.Match[str]) -> tuple[bool, int, timedelta]:
    """A `RELATIVE` match as (from midnight, calendar days, elapsed time): `now-7d` is
    (False, 0, -7 days), `yesterday-1w` is (True, -8, 0), `today+3h` is (True, 0, 3 hours).

    Days and weeks after `today` or `yesterday` are calendar days (not always 24 hours); any other
    unit, and any unit after `now`, is elapsed time. Raises OverflowError past timedelta's range.

    >>> relative_parts(RELATIVE.fullmatch("yesterday-1w"))
    (True, -8, datetime.timedelta(0))
    """
    anchor, sign, digits, unit = match.groups()
    from_midnight = anchor.lower() != "now"
    days, elapsed = (-1 if anchor.lower() == "yesterday" else 0), timedelta(0)
    if sign is not None:
        amount = -int(digits) if sign == "-" else int(digits)
        unit = unit.lower()
        if unit in ("d", "w") and from_midnight:
            days += amount * (7 if unit == "w" else 1)
        else:
            # One unit times the amount is timedelta(<unit>=amount), overflow message included.
            elapsed = _ONE[unit] * amount
    return from_midnight, days, elapsed


@attrs.frozen
class Relative:
    """A moment counted from the clock, kept as written (SPEC 1.6): `now-7d`, `yesterday+3h`.

    A target resolves it against its call's `now`; `today` and `yesterday` are midnights in
    `zone`, the time zone the query was read in (`now` needs none: its zone is always UTC).
    Normalised: lowercase, no `+0` shift.

    >>> text = Relative("now", -7, "d")
    >>> str(text), text.resolve(datetime(2024, 1, 8, tzinfo=UTC)).isoformat()
    ('now-7d', '2024-01-01T00:00:00+00:00')
    """

    base: str  # now, today or yesterday
    amount: int = 0  # signed: `now-7d` is -7
    unit: str = ""  # s m h d w, or "" with no shift
    zone: str = "UTC"
    #: The clock it was read at and the instant it stood for then: reading checks that it stands
    #: for one, and the binder resolving it at that same clock need not count it again.
    _read_at: tuple[datetime, datetime] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    @classmethod
    def read(cls, text: str, zone: tzinfo) -> Relative | None:
        """The relative time `text` writes (any case), or None if it writes none."""
        match = RELATIVE.fullmatch(text)
        if match is None:
            return None
        base, sign, digits, unit = match.groups()
        amount = 0 if sign is None else int(digits) * (-1 if sign == "-" else 1)
        base = base.lower()
        name = "UTC" if base == "now" else _zone_name(zone)
        return cls(base, amount, unit.lower() if amount else "", name)

    def __str__(self) -> str:
        if not self.amount:
            return self.base
        return f"{self.base}{self.amount:+d}{self.unit}"

    def resolve(self, now: datetime) -> datetime:
        """The aware UTC instant this stands for at `now` (an aware datetime).

        Raises ValueProblem when that instant falls outside years 1 to 9999."""
        read_at = self._read_at
        if read_at is not None and read_at[0] is now:
            return read_at[1]
        return parse_datetime(str(self), get_zone(self.zone), now)

    def read_at(self, now: datetime, instant: datetime) -> Relative:
        """Itself, remembering that at `now` it stood for `instant` (what reading it found)."""
        object.__setattr__(self, "_read_at", (now, instant))
        return self


def _parse_relative(match: re.Match[str], zone: tzinfo, now: datetime) -> datetime:
    from_midnight, days, elapsed = relative_parts(match)
    base = now
    if from_midnight:
        local = now.astimezone(zone)
        base = datetime(local.year, local.month, local.day, tzinfo=zone)  # fold 0: as _day_start
        if days:
            base = _local_days_ago(base, -days, zone)
    # Elapsed time, counted in UTC: local clocks skip or repeat an hour when DST changes.
    return base.astimezone(UTC) + elapsed if match[2] is not None else base.astimezone(UTC)


def _local_days_ago(base: datetime, days: int, zone: tzinfo) -> datetime:
    """Midnight `days` calendar days before `base` in `zone` (days are not always 24 hours)."""
    day = date(base.year, base.month, base.day) - timedelta(days=days)
    return datetime(day.year, day.month, day.day, tzinfo=zone)


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
