"""Relative times and periods: `now-7d`, `today`, `yesterday+3h` read, kept as written
(`Relative`) and resolved against a clock; `30d` periods for `default_period` (SPEC 1.6)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

import attrs

from querydsl.carddata.redact import shown

RELATIVE = re.compile(r"(now|today|yesterday)(?:([+-])([0-9]{1,9})([smhdw]))?", re.ASCII | re.I)
_SHIFTED = re.compile(r"(?:now|today|yesterday)[+-]", re.ASCII | re.I)
PERIOD = re.compile(r"([0-9]{1,9})([smhdw])", re.ASCII | re.I)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_ONE = {unit: timedelta(**{name: 1}) for unit, name in _UNITS.items()}


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
        return timedelta(**{_UNITS[match[2].lower()]: int(match[1])})
    except OverflowError:
        raise ValueProblem(f"{shown(text)} is too long a period") from None


# values.py reads relative times in parse_datetime and re-exports these names, and this module
# resolves through values.py: each imports the other last, once its own names exist, so either
# may be imported first. Both are read at call time only.
from querydsl.language.values import (  # noqa: E402
    ValueProblem,
    _zone_name,
    get_zone,
    parse_datetime,
)
