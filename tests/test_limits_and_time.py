"""Limits of None, a default period past the condition limit, and the local times a zone skips or
repeats (SPEC 1.4, 3): each an exact diagnostic, never a crash and never a silent guess."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import querydsl
from querydsl import Limits, QueryError, check, from_payload, parse, to_payload, validate_payload
from querydsl.homebank import json_schema
from querydsl.language.rules import DEFAULT_LIMITS

NOW = datetime(2024, 6, 1, tzinfo=UTC)
P = "created_date >= 2024-01-01 and "
NAMES = ["max_length", "max_conditions", "max_in_values", "max_depth"]

# ---- Limits: None is no limit; anything else but a positive int is refused when made ----------

# For each limit, a query one past its default.
PAST_THE_DEFAULT = {
    "max_length": P + 'description = "' + "x" * 10_000 + '"',
    "max_conditions": P + " and ".join(["amount = 1"] * 200),
    "max_in_values": P + "shop in (" + ", ".join(f"s{i}" for i in range(1_001)) + ")",
    "max_depth": P + "(" * 51 + "amount = 1" + ")" * 51,
}


@pytest.mark.parametrize("name", NAMES)
def test_none_is_no_limit(name: str) -> None:
    text = PAST_THE_DEFAULT[name]
    assert [d.code for d in check(text, now=NOW)] == ["limit_exceeded"]
    limits = Limits(**{name: None})
    assert check(text, now=NOW, limits=limits) == []
    payload = to_payload(text, now=NOW, limits=limits)
    # What to_payload writes, the validator takes back with the same limits; a hand-built
    # query (the parsed one) goes through the same limits too.
    assert validate_payload(payload, limits=limits) == []
    assert to_payload(from_payload(payload, limits=limits), now=NOW, limits=limits) == payload
    assert to_payload(parse(text, now=NOW, limits=limits), now=NOW, limits=limits) == payload


def test_no_limits_at_all() -> None:
    limits = Limits(max_length=None, max_conditions=None, max_in_values=None, max_depth=None)
    text = " and ".join(PAST_THE_DEFAULT.values())
    assert check(text, now=NOW, limits=limits) == []
    assert validate_payload(to_payload(text, now=NOW, limits=limits), limits=limits) == []


def test_the_json_schema_of_no_limit_has_no_max_items() -> None:
    def max_items(schema: Any) -> list[object]:
        if isinstance(schema, dict):
            found = [schema["maxItems"]] if "maxItems" in schema else []
            return found + [n for value in schema.values() for n in max_items(value)]
        if isinstance(schema, list):
            return [n for value in schema for n in max_items(value)]
        return []

    assert {200, 1_000} <= set(max_items(json_schema()))
    unlimited = Limits(max_conditions=None, max_in_values=None)
    assert not {200, 1_000} & set(max_items(json_schema(limits=unlimited)))


@pytest.mark.parametrize("value", [0, -1, True, False, 1.0, 2.5, "10"])
@pytest.mark.parametrize("name", NAMES)
def test_a_limit_that_is_no_positive_whole_number_is_refused_when_made(
    name: str, value: object
) -> None:
    for make in (lambda: Limits(**{name: value}), lambda: attrs.evolve(Limits(), **{name: value})):
        with pytest.raises(QueryError) as caught:
            make()
        (diagnostic,) = caught.value.diagnostics
        assert diagnostic.code == "invalid_value"
        assert diagnostic.message.startswith(f"`{name}` must be a positive whole number or None")


def test_the_smallest_limit_is_one() -> None:
    one = Limits(max_length=1, max_conditions=1, max_in_values=1, max_depth=1)
    assert check(P.removesuffix(" and "), now=NOW, limits=attrs.evolve(one, max_length=None)) == []


# ---- the default period must fit the condition limit ------------------------------------------

TWO_HUNDRED = " and ".join(["amount = 1"] * 200)


@pytest.mark.parametrize("limits", [DEFAULT_LIMITS, Limits()], ids=["direct", "full"])
def test_a_default_period_past_the_condition_limit_is_limit_exceeded(limits: Limits) -> None:
    # 200 conditions and the default period would be 201 search parameters: a payload
    # validate_payload refuses. to_payload says so instead of writing it.
    found = check(TWO_HUNDRED, default_period="30d", now=NOW, limits=limits)
    assert [(d.code, d.span) for d in found] == [("limit_exceeded", None)]
    assert found[0].message.endswith("a payload may hold at most 200")
    # One fewer leaves room: 200 search parameters, which the validator takes.
    payload = to_payload(TWO_HUNDRED.removeprefix("amount = 1 and "), default_period="30d", now=NOW)
    assert len(payload["searchParameters"]) == 200
    assert validate_payload(payload) == []


def test_a_hand_built_query_and_small_limits_keep_room_for_the_period_too() -> None:
    with pytest.raises(QueryError) as caught:
        to_payload(parse(TWO_HUNDRED), default_period="30d", now=NOW)
    assert [d.code for d in caught.value.diagnostics] == ["limit_exceeded"]
    two = Limits(max_conditions=2)
    assert [d.code for d in check("amount = 1 and shop = a", default_period="1d", limits=two)] == [
        "limit_exceeded"
    ]
    payload = to_payload("amount = 1", default_period="1d", now=NOW, limits=two)
    assert validate_payload(payload, limits=two) == []


# ---- local times a zone skips or repeats (SPEC 1.4) -------------------------------------------

# (text, tz, message's end, the two values the hint offers): the hint names the zone's offsets
# either side of the change, earlier first.
NO_ONE_INSTANT = [
    ("2024-03-31T02:30", "Europe/Berlin", "does not exist in Europe/Berlin: its clocks skip "
     "that time", ("2024-03-31T02:30+01:00", "2024-03-31T02:30+02:00")),
    ("2024-10-27T02:30", "Europe/Berlin", "happens twice in Europe/Berlin: its clocks go back "
     "over it", ("2024-10-27T02:30+02:00", "2024-10-27T02:30+01:00")),
    ("2024-10-27T02:00:00.5", "Europe/Berlin", "happens twice in Europe/Berlin: its clocks go back "
     "over it", ("2024-10-27T02:00:00.5+02:00", "2024-10-27T02:00:00.5+01:00")),
    ("2024-03-10T02:59", "America/New_York", "does not exist in America/New_York: its clocks skip "
     "that time", ("2024-03-10T02:59-05:00", "2024-03-10T02:59-04:00")),
    # Cuba moves its clocks at midnight: the first hour of the day is skipped, or comes twice.
    ("2024-03-10T00:30", "America/Havana", "does not exist in America/Havana: its clocks skip "
     "that time", ("2024-03-10T00:30-05:00", "2024-03-10T00:30-04:00")),
    ("2024-11-03T00:30", "America/Havana", "happens twice in America/Havana: its clocks go back "
     "over it", ("2024-11-03T00:30-04:00", "2024-11-03T00:30-05:00")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tz", "message", "written"), NO_ONE_INSTANT)
def test_a_local_time_the_zone_skips_or_repeats_is_invalid_value(
    text: str, tz: str, message: str, written: tuple[str, str]
) -> None:
    query = f"created_date >= {text}"
    (diagnostic,) = check(query, tz=tz, now=NOW)
    assert diagnostic.code == "invalid_value"
    assert diagnostic.span == (16, len(query))
    assert diagnostic.message == f"{text} {message}"
    assert diagnostic.hint is not None and diagnostic.hint.startswith("write the offset: ")
    assert [value in diagnostic.hint for value in written] == [True, True]
    assert diagnostic.hint.index(written[0]) < diagnostic.hint.index(written[1])
    # Either value of the hint is a fix that works, and they are two instants an hour apart.
    instants = [
        to_payload(f"created_date >= {value}", tz=tz)["searchParameters"][0]["searchParameter"][0]
        for value in written
    ]
    first, second = (datetime.fromisoformat(instant) for instant in instants)
    assert abs(first - second) == timedelta(hours=1)
    with pytest.raises(QueryError):  # the same text through every way in
        parse(query, tz=tz, now=NOW)
    with pytest.raises(QueryError):
        querydsl.explain(query, tz=tz, now=NOW)


@pytest.mark.parametrize(
    ("text", "tz", "utc"),
    [
        # Just outside the skipped and repeated hours: one instant each.
        ("2024-03-31T01:59:59", "Europe/Berlin", "2024-03-31T00:59:59Z"),
        ("2024-03-31T03:00", "Europe/Berlin", "2024-03-31T01:00:00Z"),
        ("2024-10-27T01:59", "Europe/Berlin", "2024-10-26T23:59:00Z"),
        ("2024-10-27T03:00", "Europe/Berlin", "2024-10-27T02:00:00Z"),
        # An offset makes any local time one instant.
        ("2024-10-27T02:30+02:00", "Europe/Berlin", "2024-10-27T00:30:00Z"),
        ("2024-10-27T02:30+01:00", "Europe/Berlin", "2024-10-27T01:30:00Z"),
        # A date is the start of its day: where clocks jump over midnight (Chile from 00:00 to
        # 01:00 -03, Lebanon from 00:00 to 01:00 +03), the moment they land; where midnight
        # comes twice (Cuba, back from 01:00 -04 to 00:00 -05), the first.
        ("2024-09-08", "America/Santiago", "2024-09-08T04:00:00Z"),
        ("2024-03-31", "Asia/Beirut", "2024-03-30T22:00:00Z"),
        ("2024-11-03", "America/Havana", "2024-11-03T04:00:00Z"),
    ],
)
def test_a_time_that_names_one_instant_is_that_instant(text: str, tz: str, utc: str) -> None:
    payload = to_payload(f"created_date >= {text}", tz=tz)
    assert payload["searchParameters"][0]["searchParameter"] == [utc]


def test_a_date_the_zone_skipped_whole_is_invalid_value() -> None:
    # Samoa crossed the date line at the end of 29 December 2011: the 30th never came there.
    (diagnostic,) = check("created_date >= 2011-12-30", tz="Pacific/Apia")
    assert (diagnostic.code, diagnostic.span) == ("invalid_value", (16, 26))
    assert (
        diagnostic.message
        == "2011-12-30 does not exist in Pacific/Apia: its clocks skipped that day"
    )
    assert check("created_date >= 2011-12-31", tz="Pacific/Apia") == []


@pytest.mark.parametrize(
    ("text", "tz", "now", "utc"),
    [
        # A relative time is the clock's, never the user's words: it always resolves. `today`
        # on the day Chile's clocks jump over midnight starts when they land.
        ("today", "America/Santiago", datetime(2024, 9, 8, 12, tzinfo=UTC), "2024-09-08T04:00:00Z"),
        ("today-1d", "America/Santiago", datetime(2024, 9, 9, 12, tzinfo=UTC),
         "2024-09-08T04:00:00Z"),
        # `yesterday` in Samoa on 31 December 2011 is the day it skipped, which starts (and
        # ends) when the 31st begins.
        ("yesterday", "Pacific/Apia", datetime(2011, 12, 31, 12, tzinfo=UTC),
         "2011-12-30T10:00:00Z"),
        # Hours are elapsed time from the start of the day (23:00 UTC): 04:00 on Berlin's clocks.
        ("today+3h", "Europe/Berlin", datetime(2024, 3, 31, 12, tzinfo=UTC),
         "2024-03-31T02:00:00Z"),
    ],
)  # fmt: skip
def test_a_relative_time_in_a_changing_zone_resolves(
    text: str, tz: str, now: datetime, utc: str
) -> None:
    payload = to_payload(f"created_date >= {text}", tz=tz, now=now)
    assert payload["searchParameters"][0]["searchParameter"] == [utc]


def test_a_payload_carries_no_local_time() -> None:
    # A payload's datetimes carry Z or an offset, so the rule has nothing to refuse there.
    (diagnostic,) = [
        d
        for d in validate_payload(
            {"searchParameters": [{"name": "created_date", "method": ">=",
                                   "searchParameter": ["2024-10-27T02:30:00"]}]}
        )
    ]  # fmt: skip
    assert (diagnostic.code, diagnostic.path) == (
        "invalid_value",
        "/searchParameters/0/searchParameter/0",
    )
    query = from_payload(to_payload("created_date >= 2024-10-27T02:30+01:00", tz="Europe/Berlin"))
    assert querydsl.to_text(query) == "created_date >= 2024-10-27T01:30:00Z"


ZONES = ["Europe/Berlin", "America/New_York", "America/Havana", "America/Santiago", "Asia/Beirut"]


def _clock_changes(tz: str) -> list[datetime]:
    """The instants of 2024 at which the zone's offset changes (to the hour)."""
    zone = ZoneInfo(tz)
    hours = [datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n) for n in range(24 * 366)]
    return [
        b
        for a, b in pairwise(hours)
        if a.astimezone(zone).utcoffset() != b.astimezone(zone).utcoffset()
    ]


CHANGES = {tz: _clock_changes(tz) for tz in ZONES}


@given(st.sampled_from(ZONES), st.integers(0, 1), st.integers(-180, 180))
def test_a_local_time_is_taken_exactly_when_it_names_one_instant(
    tz: str, which: int, minutes: int
) -> None:
    # Wall-clock minutes within three hours of a clock change of 2024.
    zone = ZoneInfo(tz)
    change = CHANGES[tz][which]
    local = (change.astimezone(zone) + timedelta(minutes=minutes)).replace(tzinfo=None)
    # Every instant whose wall clock in the zone reads `local`, found by reading instants back.
    instants = {
        moment
        for fold in (0, 1)
        if (moment := local.replace(tzinfo=zone, fold=fold).astimezone(UTC))
        .astimezone(zone)
        .replace(tzinfo=None)
        == local
    }
    text = f"created_date >= {local:%Y-%m-%dT%H:%M}"
    found = check(text, tz=tz, now=NOW)
    if len(instants) == 1:
        assert found == []
        value = to_payload(text, tz=tz)["searchParameters"][0]["searchParameter"][0]
        assert datetime.fromisoformat(value) == instants.pop()
    else:  # none (skipped) or two (repeated)
        assert [d.code for d in found] == ["invalid_value"]


# ---- relative times: the units there are ------------------------------------------------------


@pytest.mark.parametrize("value", ["now-1y", "today-3mo", "now-7", "yesterday+2months", "NOW-1Y"])
def test_a_relative_time_with_another_unit_is_told_the_units(value: str) -> None:
    (diagnostic,) = check(f"created_date > {value}")
    assert diagnostic.code == "invalid_value"
    assert diagnostic.message == f"{value!r} is not a relative time: the units are s m h d w"
    assert diagnostic.hint is not None and "now-365d" in diagnostic.hint
    assert check("created_date > now-365d") == []  # the hint's fix works


def test_a_word_that_is_no_relative_time_keeps_the_general_hint() -> None:
    (diagnostic,) = check("created_date > nowish")
    assert diagnostic.message == "'nowish' is not a date or time"
