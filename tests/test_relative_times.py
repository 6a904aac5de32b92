"""SPEC 1.6: relative times stay relative. The query keeps `now-7d`, `today` and `yesterday` as
written (normalised), canonical text writes them back, and only a target resolves them, with
its call's `now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import querydsl
from querydsl import Condition, Engine, Method, Query, QueryError, Relative

MAY_FIRST = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LATER = MAY_FIRST + timedelta(days=40, hours=3)


def _values(query: Query) -> tuple[object, ...]:
    assert isinstance(query.filter, Condition)
    return query.filter.values


def _searched(payload: dict[str, object]) -> list[str]:
    parameters = payload["searchParameters"]
    assert isinstance(parameters, list)
    return [value for parameter in parameters for value in parameter["searchParameter"]]


@pytest.mark.parametrize(
    ("text", "kept", "written"),
    [
        ("NOW-7D", Relative("now", -7, "d"), "now-7d"),
        ("today", Relative("today"), "today"),
        ("Yesterday+3H", Relative("yesterday", 3, "h"), "yesterday+3h"),
        ("now+0d", Relative("now"), "now"),
        ("today-1W", Relative("today", -1, "w"), "today-1w"),
    ],
)
def test_the_query_keeps_a_relative_time_and_canonical_text_writes_it_back(
    text: str, kept: Relative, written: str
) -> None:
    query = querydsl.parse(f"created_date >= {text}", now=MAY_FIRST)
    assert _values(query) == (kept,)
    assert querydsl.to_text(query) == f"created_date >= {written}"
    assert querydsl.parse(querydsl.to_text(query), now=LATER) == query


def test_a_saved_query_means_the_last_7_days_whenever_it_runs() -> None:
    saved = querydsl.to_text(querydsl.parse("created_date >= now-7d", now=MAY_FIRST))
    query = querydsl.parse(saved)
    assert _searched(querydsl.to_payload(query, now=MAY_FIRST)) == ["2024-04-24T12:00:00Z"]
    assert _searched(querydsl.to_payload(query, now=LATER)) == ["2024-06-03T15:00:00Z"]


def test_today_is_midnight_in_the_zone_the_query_was_read_in() -> None:
    query = querydsl.parse("created_date >= today", tz="Asia/Almaty")
    assert _values(query) == (Relative("today", zone="Asia/Almaty"),)
    assert querydsl.parse("created_date >= today") != query  # another zone, another meaning
    # resolved in Almaty whatever zone the target is called with
    payload = querydsl.to_payload(query, now=MAY_FIRST, tz="UTC")
    assert _searched(payload) == ["2024-04-30T19:00:00Z"]
    assert querydsl.to_text(query) == "created_date >= today"


def test_every_target_resolves_with_its_own_now() -> None:
    query = querydsl.parse("created_date >= yesterday")
    record = {"created_date": datetime(2024, 4, 30, 6, tzinfo=UTC)}
    assert querydsl.matches(query, record, now=MAY_FIRST)
    assert not querydsl.matches(query, record, now=LATER)
    assert querydsl.evaluate(query, [record], now=LATER) == []
    assert querydsl.explain(query, now=MAY_FIRST) == "created at or after 30 Apr 2024 00:00 UTC"
    assert querydsl.explain(query, now=LATER) == "created at or after 9 Jun 2024 00:00 UTC"


def test_the_sql_target_resolves_with_its_own_now() -> None:
    from querydsl.sql import where

    query = querydsl.parse("created_date >= now-7d")
    assert where(query, now=MAY_FIRST).params == (datetime(2024, 4, 24, 12, tzinfo=UTC),)
    assert where(query, now=LATER).params == (datetime(2024, 6, 3, 15, tzinfo=UTC),)


def test_a_hand_built_relative_time_is_a_value_of_a_datetime_field() -> None:
    query = Query(Condition("created_date", Method.GE, (Relative("now", -30, "d"),)))
    assert querydsl.to_text(query) == "created_date >= now-30d"
    assert _searched(querydsl.to_payload(query, now=MAY_FIRST)) == ["2024-04-01T12:00:00Z"]


@pytest.mark.parametrize(
    "value",
    [
        Relative("NOW", -7, "d"),  # not normalised: it would not read back as itself
        Relative("now", -7, "y"),
        Relative("tomorrow"),
        Relative("today", zone="Mars/Base"),
        Relative("now", 3, ""),
    ],
)
def test_a_malformed_hand_built_relative_time_is_refused(value: Relative) -> None:
    query = Query(Condition("created_date", Method.GE, (value,)))
    with pytest.raises(QueryError) as raised:
        querydsl.to_text(query)
    assert [d.code for d in raised.value.diagnostics] == ["invalid_value"]


def test_a_relative_time_past_the_years_at_the_targets_now_is_invalid_value() -> None:
    query = Query(Condition("created_date", Method.GE, (Relative("now", -1, "d"),)))
    start_of_time = datetime(1, 1, 1, 12, tzinfo=UTC)
    assert [d.code for d in querydsl.check(query, now=start_of_time)] == ["invalid_value"]
    with pytest.raises(QueryError) as raised:
        querydsl.matches(query, {}, now=start_of_time)
    assert [d.code for d in raised.value.diagnostics] == ["invalid_value"]


def test_a_range_with_a_relative_bound_is_judged_at_each_resolution() -> None:
    before_one = datetime(2024, 5, 1, 0, 30, tzinfo=UTC)  # now-1h is still yesterday
    text = "created_date between today..now-1h"
    assert querydsl.check(text, now=MAY_FIRST) == []
    assert [d.code for d in querydsl.check(text, now=before_one)] == ["inverted_range"]
    query = querydsl.parse(text, now=MAY_FIRST)
    assert [d.code for d in querydsl.check(query, now=before_one)] == ["inverted_range"]
    assert querydsl.to_text(query) == text  # a hand-built or saved range is judged by a target


def test_a_parsed_query_with_relative_times_is_remembered_whatever_the_clock() -> None:
    engine = Engine()
    text = "created_date >= now-7d and amount > 5"
    assert engine.parse(text) is engine.parse(text)  # read once, with no `now`
    assert engine.parse(text, now=MAY_FIRST) == engine.parse(text, now=LATER)


def test_from_payload_gives_absolute_datetimes() -> None:
    payload = querydsl.to_payload("created_date >= now-7d", now=MAY_FIRST)
    assert _values(querydsl.from_payload(payload)) == (datetime(2024, 4, 24, 12, tzinfo=UTC),)


_RELATIVE = st.builds(
    lambda base, amount, unit: f"{base}{amount:+d}{unit}" if amount else base,
    st.sampled_from(["now", "today", "yesterday", "NOW", "Today"]),
    st.integers(-400, 400),
    st.sampled_from(["s", "m", "h", "d", "w", "D", "H"]),
)
_MOMENTS = st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))
_ZONES = st.sampled_from(["UTC", "Asia/Almaty", "Europe/Berlin", "America/Santiago"])


@given(_RELATIVE, _MOMENTS, _MOMENTS, _ZONES)
def test_resolving_later_is_reading_the_text_at_that_moment(
    written: str, read_at: datetime, run_at: datetime, tz: str
) -> None:
    # The law of SPEC 1.6: a query read at one moment and run at another finds what its text
    # finds when read and run at the second; and its canonical text reads back as itself.
    text = f"created_date >= {written}"
    query = querydsl.parse(text, tz=tz, now=read_at)
    assert querydsl.to_payload(query, now=run_at) == querydsl.to_payload(text, tz=tz, now=run_at)
    assert querydsl.parse(querydsl.to_text(query), tz=tz, now=run_at) == query
