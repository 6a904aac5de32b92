"""Dates, datetimes and relative times as SPEC 1.1 and 1.4 define them, checked against Python's
own calendar: every written time is that instant in UTC, or invalid_value on its token.

The expected instant is built here from the parts the test wrote (never by reading the text
back), with `datetime` and `zoneinfo`: a date is the first instant of that day in `tz`, a
datetime without offset is in `tz` and refused where the zone's clocks skip it or pass it twice,
`now±N` is elapsed time, `today`/`yesterday` ± days or weeks are calendar days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from querydsl import Condition, Method, Query, QueryError, check, to_payload

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)

# Fixed offsets, a zone with DST at 02:00 and one whose clocks jump over midnight.
ZONES = ["UTC", "Etc/GMT-6", "Asia/Kolkata", "Asia/Almaty", "America/New_York", "America/Santiago"]


def written_value(text: str, tz: str = "UTC", now: datetime = NOW) -> str:
    """The one searchParameter value `created_date = text` compiles to."""
    payload = to_payload(f"created_date = {text}", tz=tz, now=now)
    (value,) = payload["searchParameters"][0]["searchParameter"]
    return str(value)


def in_payload(instant: datetime) -> str:
    """SPEC 1.4's JSON value: UTC `YYYY-MM-DDTHH:MM:SSZ`, `.ffffff` only when non-zero."""
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


# ---- a table of forms ------------------------------------------------------------------------

FORMS = [
    ("lower t, short fraction", "2018-01-01t10:00:05.5", "2018-01-01T10:00:05.500000Z"),
    ("one microsecond, lower z", "2018-01-01T10:00:05.000001z", "2018-01-01T10:00:05.000001Z"),
    ("six fraction digits", "2018-01-01T10:00:00.123456Z", "2018-01-01T10:00:00.123456Z"),
    ("the lowest offset", "2018-01-01T00:00-23:59", "2018-01-01T23:59:00Z"),
    ("the highest offset", "2018-01-01T23:59+23:59", "2018-01-01T00:00:00Z"),
    ("the first day", "0001-01-01", "0001-01-01T00:00:00Z"),
    ("a year of three digits", "0999-12-31T23:59:59.999999Z", "0999-12-31T23:59:59.999999Z"),
    ("the last second", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
    ("a leap day", "2024-02-29", "2024-02-29T00:00:00Z"),
    ("unit in upper case", "today+2H", "2024-03-10T02:00:00Z"),
    ("anchor in mixed case", "yesterDAY", "2024-03-09T00:00:00Z"),
    ("now plus nothing", "NOW+0s", "2024-03-10T12:30:00Z"),
    ("weeks after now", "now-2w", "2024-02-25T12:30:00Z"),
]


@pytest.mark.parametrize(("text", "utc"), [r[1:] for r in FORMS], ids=[r[0] for r in FORMS])
def test_a_written_time_is_its_instant_in_utc(text: str, utc: str) -> None:
    assert written_value(text) == utc


# ---- any date or datetime, valid or just out of range --------------------------------------


def _digits(count: int, high: int) -> st.SearchStrategy[int]:
    """A number of `count` digits, mostly up to `high` and a little past it."""
    return st.one_of(st.integers(0, min(10**count - 1, high + 2)), st.integers(0, 10**count - 1))


class Written(NamedTuple):
    """The parts of a date or datetime as written; `offset` is None, "Z" or (sign, hh, mm)."""

    year: int
    month: int
    day: int
    time: tuple[int, int, int, int] | None  # hour, minute, second, microsecond
    offset: str | tuple[int, int, int] | None
    text: str


@st.composite
def written_times(draw: st.DrawFn) -> Written:
    year = draw(st.one_of(st.sampled_from([0, 1, 2018, 2024, 9999]), _digits(4, 9999)))
    month, day = draw(_digits(2, 12)), draw(_digits(2, 31))
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if draw(st.booleans()):
        return Written(year, month, day, None, None, text)
    hour, minute = draw(_digits(2, 23)), draw(_digits(2, 59))
    text += f"{draw(st.sampled_from('Tt'))}{hour:02d}:{minute:02d}"
    second = micro = 0
    if draw(st.booleans()):
        second = draw(_digits(2, 59))
        text += f":{second:02d}"
        if draw(st.booleans()):
            places = draw(st.integers(1, 6))
            fraction = draw(st.integers(0, 10**places - 1))
            text += f".{fraction:0{places}d}"
            micro = fraction * 10 ** (6 - places)
    offset: str | tuple[int, int, int] | None = draw(
        st.one_of(
            st.none(),
            st.sampled_from(["Z", "z"]),
            st.tuples(st.sampled_from([1, -1]), _digits(2, 23), _digits(2, 59)),
        )
    )
    if isinstance(offset, str):
        text, offset = text + offset, "Z"
    elif offset is not None:
        sign, hours, minutes = offset
        text += f"{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}"
    return Written(year, month, day, (hour, minute, second, micro), offset, text)


def first_instant_of(day: date, zone: tzinfo) -> datetime:
    """The first instant whose local date in `zone` is `day` (its midnight, unless the clocks
    jump over midnight: then the moment they land)."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
    candidates = [midnight.replace(fold=fold).astimezone(UTC) for fold in (0, 1)]
    return min(c for c in candidates if c.astimezone(zone).date() == day)


def expected_instant(written: Written, zone: tzinfo) -> datetime | None:
    """The instant SPEC 1.4 gives the written parts in `zone`, or None where it refuses them."""
    try:
        if written.time is None:
            return first_instant_of(date(written.year, written.month, written.day), zone)
        at: tzinfo = zone
        if written.offset == "Z":
            at = UTC
        elif isinstance(written.offset, tuple):
            sign, hours, minutes = written.offset
            if hours > 23 or minutes > 59:
                return None
            at = timezone(sign * timedelta(hours=hours, minutes=minutes))
        local = datetime(written.year, written.month, written.day, *written.time, tzinfo=at)
        # Read before and after a change of the clocks: two answers mean skipped or repeated.
        first, second = (local.replace(fold=fold).astimezone(UTC) for fold in (0, 1))
    except (ValueError, OverflowError):
        return None
    return first if first == second else None


@given(written_times(), st.sampled_from(ZONES))
@example(Written(2018, 1, 1, (10, 0, 0, 0), (1, 0, 60), "2018-01-01T10:00+00:60"), "UTC")
@example(Written(2018, 1, 1, (24, 0, 0, 0), None, "2018-01-01T24:00"), "UTC")
@example(Written(1, 1, 1, (0, 0, 0, 0), (1, 0, 1), "0001-01-01T00:00+00:01"), "UTC")
@example(Written(9999, 12, 31, (23, 59, 0, 0), (-1, 0, 1), "9999-12-31T23:59-00:01"), "UTC")
@example(Written(1, 1, 1, None, None, "0001-01-01"), "Etc/GMT-6")  # before year 1 in UTC
@example(Written(2018, 2, 29, None, None, "2018-02-29"), "Asia/Almaty")
@example(Written(2024, 3, 10, (2, 30, 0, 0), None, "2024-03-10T02:30"), "America/New_York")
@example(Written(2024, 11, 3, (1, 30, 0, 0), None, "2024-11-03T01:30"), "America/New_York")
@example(Written(2024, 9, 8, None, None, "2024-09-08"), "America/Santiago")  # no midnight
def test_a_date_or_datetime_is_its_instant_or_invalid_value(written: Written, tz: str) -> None:
    text = f"created_date = {written.text}"
    instant = expected_instant(written, ZoneInfo(tz))
    if instant is None:
        start = len("created_date = ")
        found = [(d.code, d.span) for d in check(text, tz=tz, now=NOW)]
        assert found == [("invalid_value", (start, len(text)))]
    else:
        assert written_value(written.text, tz) == in_payload(instant)


# ---- relative times ------------------------------------------------------------------------

UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Relative(NamedTuple):
    anchor: str  # as written, in any case
    shift: tuple[int, str] | None  # signed amount and unit (as written)

    @property
    def text(self) -> str:
        if self.shift is None:
            return self.anchor
        amount, unit = self.shift
        return f"{self.anchor}{'-' if amount < 0 else '+'}{abs(amount)}{unit}"


relatives = st.builds(
    Relative,
    st.sampled_from(["now", "today", "yesterday", "NOW", "Today", "yesterDAY"]),
    st.one_of(
        st.none(),
        st.tuples(
            st.one_of(st.integers(-400, 400), st.integers(-999_999_999, 999_999_999)),
            st.sampled_from("smhdwSMHDW"),
        ),
    ),
)
clocks = st.datetimes(
    min_value=datetime(1, 1, 10), max_value=datetime(9999, 12, 20), timezones=st.just(UTC)
)


def expected_relative(relative: Relative, zone: tzinfo, now: datetime) -> datetime | None:
    """The instant SPEC 1.1 gives a relative time, or None when it falls outside years 1-9999."""
    anchor = relative.anchor.lower()
    amount, unit = relative.shift if relative.shift is not None else (0, "s")
    unit = unit.lower()
    try:
        if anchor == "now":
            return now + timedelta(**{UNITS[unit]: amount})
        day = now.astimezone(zone).date() - timedelta(days=1 if anchor == "yesterday" else 0)
        if unit in ("d", "w"):  # calendar days from that day's start
            return first_instant_of(day + timedelta(**{UNITS[unit]: amount}), zone)
        return first_instant_of(day, zone) + timedelta(**{UNITS[unit]: amount})  # elapsed time
    except (ValueError, OverflowError):
        return None


@given(relatives, st.sampled_from(ZONES), clocks)
@example(Relative("now", (-999_999_999, "w")), "UTC", NOW)
@example(Relative("today", (2, "H")), "UTC", NOW)
@example(Relative("today", (1, "d")), "America/New_York", datetime(2024, 3, 10, 12, tzinfo=UTC))
@example(Relative("today", (3, "h")), "America/New_York", datetime(2024, 3, 10, 12, tzinfo=UTC))
@example(
    Relative("yesterday", (24, "h")), "America/New_York", datetime(2024, 11, 3, 12, tzinfo=UTC)
)
@example(Relative("today", None), "Asia/Almaty", datetime(2018, 10, 26, 20, tzinfo=UTC))
@example(Relative("today", None), "America/Santiago", datetime(2024, 9, 8, 12, tzinfo=UTC))
@example(Relative("yesterday", None), "Etc/GMT-6", datetime(1, 1, 10, tzinfo=UTC))
def test_a_relative_time_is_its_instant_or_invalid_value(
    relative: Relative, tz: str, now: datetime
) -> None:
    text = f"created_date = {relative.text}"
    instant = expected_relative(relative, ZoneInfo(tz), now)
    if instant is None:
        start = len("created_date = ")
        found = [(d.code, d.span) for d in check(text, tz=tz, now=now)]
        assert found == [("invalid_value", (start, len(text)))]
    else:
        assert written_value(relative.text, tz, now) == in_payload(instant)


# ---- datetimes built by hand are written the same way --------------------------------------


@given(
    st.datetimes(
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=6)), timezone(-timedelta(hours=5, minutes=30)),
             ZoneInfo("America/New_York")]
        )
    )
)  # fmt: skip
@example(datetime(1, 1, 1, tzinfo=UTC))
@example(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=6))))  # before year 1 in UTC
@example(datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC))
@example(datetime(2018, 1, 1, 0, 0, 0, 1, tzinfo=UTC))
@example(datetime(9999, 12, 31, 23, 0, tzinfo=timezone(-timedelta(hours=5, minutes=30))))
def test_a_hand_built_datetime_is_written_as_its_instant_in_utc(value: datetime) -> None:
    query = Query(Condition("created_date", Method.GE, (value,)))
    try:
        instant = value.astimezone(UTC)
    except OverflowError:  # no UTC time to write: refused, not crashed
        with pytest.raises(QueryError) as raised:
            to_payload(query)
        assert [d.code for d in raised.value.diagnostics] == ["invalid_value"]
        return
    (parameter,) = to_payload(query)["searchParameters"]
    assert parameter["searchParameter"] == [in_payload(instant)]
