"""The fast paths of values.py agree with the field-by-field constructions they replace.

`reference_parse_datetime` and `reference_format_datetime` (tests/reference_stages.py) are the
implementations before the fast paths (datetime.fromisoformat, a two-digit table): every string
our regexes accept or refuse must give the same datetime or the same ValueProblem both ways.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from reference_stages import reference_format_datetime, reference_parse_datetime

from querydsl.language.values import ValueProblem, format_datetime, parse_datetime

# ---- strategies: mostly valid, often just out of range ------------------------------------


def _digits(count: int, high: int) -> st.SearchStrategy[str]:
    """`count` digits, biased to values up to `high` (and a little past it)."""
    limit = 10**count - 1
    near = st.integers(0, min(limit, high + 2))
    return st.one_of(near, st.integers(0, limit)).map(lambda n: f"{n:0{count}d}")


years = st.one_of(st.sampled_from(["0001", "0000", "9999", "2018", "2024"]), _digits(4, 9999))
dates = st.builds(lambda y, m, d: f"{y}-{m}-{d}", years, _digits(2, 12), _digits(2, 31))
offsets = st.one_of(
    st.none(),
    st.sampled_from(["Z", "z", "+00:00", "-00:00", "+23:59", "-23:59", "+24:00", "+00:60"]),
    st.builds(lambda s, h, m: f"{s}{h}:{m}", st.sampled_from("+-"), _digits(2, 23), _digits(2, 59)),
)
fractions = st.one_of(st.none(), st.integers(1, 6).flatmap(lambda n: _digits(n, 10**n - 1)))


@st.composite
def datetimes_text(draw: st.DrawFn) -> str:
    text = draw(dates) + draw(st.sampled_from("Tt")) + draw(_digits(2, 23)) + ":"
    text += draw(_digits(2, 59))
    if draw(st.booleans()):
        text += ":" + draw(_digits(2, 59))
        fraction = draw(fractions)
        text += "" if fraction is None else "." + fraction
    offset = draw(offsets)
    return text + ("" if offset is None else offset)


@st.composite
def relatives(draw: st.DrawFn) -> str:
    anchor = draw(st.sampled_from(["now", "today", "yesterday", "NOW", "Today", "yesterDAY"]))
    if draw(st.booleans()):
        return anchor
    amount = draw(st.one_of(st.integers(0, 400), st.integers(0, 999_999_999)))
    unit = draw(st.sampled_from("smhdwSMHDW"))
    return f"{anchor}{draw(st.sampled_from('+-'))}{amount}{unit}"


texts = st.one_of(
    dates,
    datetimes_text(),
    relatives(),
    st.text(alphabet="0123456789-:T+zZ.now", max_size=30),
)
zones = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=6)),
        timezone(timedelta(hours=-5, minutes=-30)),
        ZoneInfo("Asia/Almaty"),
        ZoneInfo("America/New_York"),
        ZoneInfo("UTC"),
    ]
)
clocks = st.datetimes(
    min_value=datetime(1, 1, 10), max_value=datetime(9999, 12, 20), timezones=st.just(UTC)
)


def outcome(parse: object, text: str, zone: tzinfo, now: datetime) -> tuple[object, ...]:
    """What a parse gives: the value with its tzinfo and fold, or the problem's words."""
    try:
        value = parse(text, zone, now)  # type: ignore[operator]
    except ValueProblem as problem:
        cause = type(problem.__cause__).__name__ if problem.__cause__ else None
        return ("problem", problem.message, problem.hint, cause)
    return ("value", value, value.tzinfo, value.fold)


# ---- the properties -----------------------------------------------------------------------


@given(texts, zones, clocks)
@example("2022-08-19T14:43:00+06:00", UTC, datetime(2024, 3, 10, tzinfo=UTC))
@example("2018-01-01t10:00:00.1z", UTC, datetime(2024, 3, 10, tzinfo=UTC))
@example("2018-01-01T10:00+00:60", UTC, datetime(2024, 3, 10, tzinfo=UTC))
@example("2018-01-01T24:00", UTC, datetime(2024, 3, 10, tzinfo=UTC))
@example("0001-01-01T00:00+00:01", UTC, datetime(2024, 3, 10, tzinfo=UTC))
@example("9999-12-31T23:59-00:01", UTC, datetime(2024, 3, 10, tzinfo=UTC))
@example("2018-02-29", ZoneInfo("Asia/Almaty"), datetime(2024, 3, 10, tzinfo=UTC))
@example("now-999999999w", UTC, datetime(2024, 3, 10, tzinfo=UTC))
def test_parse_datetime_agrees_with_the_reference(text: str, zone: tzinfo, now: datetime) -> None:
    assert outcome(parse_datetime, text, zone, now) == outcome(
        reference_parse_datetime, text, zone, now
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-01-01", datetime(2018, 1, 1, tzinfo=UTC)),
        ("2018-01-01T10:00", datetime(2018, 1, 1, 10, tzinfo=UTC)),
        ("2018-01-01t10:00:05.5", datetime(2018, 1, 1, 10, 0, 5, 500000, tzinfo=UTC)),
        ("2018-01-01T10:00:05.000001z", datetime(2018, 1, 1, 10, 0, 5, 1, tzinfo=UTC)),
        ("2018-01-01T10:00:00.123456Z", datetime(2018, 1, 1, 10, 0, 0, 123456, tzinfo=UTC)),
        ("2018-01-01T06:00+06:00", datetime(2018, 1, 1, tzinfo=UTC)),
        ("2018-01-01T00:00-23:59", datetime(2018, 1, 1, 23, 59, tzinfo=UTC)),
        ("now-7d", datetime(2024, 3, 3, 12, 30, tzinfo=UTC)),
        ("today+2H", datetime(2024, 3, 10, 2, tzinfo=UTC)),
    ],
)
def test_parse_datetime_examples(text: str, expected: datetime) -> None:
    value = parse_datetime(text, UTC, datetime(2024, 3, 10, 12, 30, tzinfo=UTC))
    assert value == expected and value.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018-01-01T10:00+00:60", "'+00:60' is not a valid UTC offset"),
        ("2018-01-01T10:00-24:00", "'-24:00' is not a valid UTC offset"),
        (
            "2018-01-01T24:00",
            "'2018-01-01T24:00' is not a valid date or time: hour must be in 0..23",
        ),
        ("2018-02-30", "'2018-02-30' is not a valid date or time: day is out of range for month"),
        (
            "now-999999999w",
            "'now-999999999w' is not a valid date or time: it falls outside years 1 to 9999",
        ),
        (
            "2018-13-01T00:00Z",
            "'2018-13-01T00:00Z' is not a valid date or time: month must be in 1..12",
        ),
    ],
)
def test_parse_datetime_refusals(text: str, message: str) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_datetime(text, UTC, datetime(2024, 3, 10, tzinfo=UTC))
    assert raised.value.message == message


@given(st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=6))])))
@example(datetime(1, 1, 1, tzinfo=UTC))
@example(datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC))
@example(datetime(2018, 1, 1, 0, 0, 0, 1, tzinfo=UTC))
def test_format_datetime_agrees_with_the_reference(value: datetime) -> None:
    try:
        expected = reference_format_datetime(value)
    except OverflowError:
        with pytest.raises(OverflowError):
            format_datetime(value)
        return
    assert format_datetime(value) == expected
