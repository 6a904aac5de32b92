"""Options of the wrong type are diagnostics (`invalid_value`), never an AttributeError."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import querydsl
from querydsl import QueryError

TEXT = "created_date >= 2024-01-01 and amount > 5"
PAYLOAD = querydsl.to_payload(TEXT)
WRONG = [None, "homebank", 5, [], {"fields": ()}]

# Those that raise QueryError, and those that return diagnostics instead.
RAISING: dict[str, Callable[..., object]] = {
    "to_payload": lambda **o: querydsl.to_payload(TEXT, **o),
    "parse": lambda **o: querydsl.parse(TEXT, **o),
    "from_payload": lambda **o: querydsl.from_payload(PAYLOAD, **o),
}
RETURNING: dict[str, Callable[..., list[Any]]] = {
    "check": lambda **o: querydsl.check(TEXT, **o),
    "validate_payload": lambda **o: querydsl.validate_payload(PAYLOAD, **o),
}


def _messages(diagnostics: list[Any]) -> list[tuple[str, str]]:
    return [(d.code, d.message.split(" must ")[0]) for d in diagnostics]


def diagnostics_of(use: str, **options: object) -> list[Any] | None:
    """What `use` says about the options: returned by those that never raise, or raised by the
    others (None when they raise nothing)."""
    if use in RETURNING:
        return RETURNING[use](**options)
    try:
        RAISING[use](**options)
    except QueryError as error:
        return list(error.diagnostics)
    return None


@pytest.mark.parametrize("option", ["schema", "limits"])
@pytest.mark.parametrize("value", WRONG, ids=repr)
@pytest.mark.parametrize("use", sorted(RAISING | RETURNING))
def test_a_wrong_schema_or_limits_is_invalid_value(use: str, value: object, option: str) -> None:
    found = diagnostics_of(use, **{option: value})
    assert found is not None and _messages(found) == [("invalid_value", f"`{option}`")]


@pytest.mark.parametrize("value", WRONG, ids=repr)
def test_explain_complete_and_tokens_with_a_wrong_schema(value: Any) -> None:
    for query in (TEXT, querydsl.parse(TEXT)):
        with pytest.raises(QueryError) as caught:
            querydsl.explain(query, schema=value)
        assert _messages(caught.value.diagnostics) == [("invalid_value", "`schema`")]
    assert querydsl.complete("amount > 5 a", schema=value) == []  # never raises
    assert querydsl.tokens(TEXT, schema=value) == querydsl.tokens(TEXT)  # kinds ignore it


def test_both_wrong_are_both_reported() -> None:
    found = querydsl.check(TEXT, schema=None, limits=None)
    assert _messages(found) == [("invalid_value", "`schema`"), ("invalid_value", "`limits`")]


@pytest.mark.parametrize(
    ("tz", "hint"),
    [
        (ZoneInfo("Asia/Almaty"), "pass tz='Asia/Almaty'"),
        (timezone(timedelta(hours=6)), "use an IANA name such as 'Asia/Almaty'"),
        (6, "use an IANA name such as 'Asia/Almaty'"),
    ],
    ids=repr,
)
def test_a_time_zone_object_is_told_to_be_a_name(tz: object, hint: str) -> None:
    (diagnostic,) = querydsl.check("created_date > today", tz=tz)  # type: ignore[arg-type]
    kind = type(tz).__name__
    assert (diagnostic.code, diagnostic.message) == (
        "invalid_value",
        f"`tz` is a time zone's name (a str), not {kind}",
    )
    assert diagnostic.hint == hint


@pytest.mark.parametrize(
    ("now", "period"),
    [
        (datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))), "1d"),  # 10000 in UTC
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), "1s"),  # year 0 in UTC
        (datetime(1, 1, 2, tzinfo=UTC), "2d"),
    ],
)
def test_a_default_period_past_the_ends_of_time_is_invalid_value(
    now: datetime, period: str
) -> None:
    text = "amount > 5"
    (diagnostic,) = querydsl.check(text, default_period=period, now=now)
    assert diagnostic.code == "invalid_value"
    assert diagnostic.message == "the default period falls outside the years 1 to 9999 (in UTC)"
    with pytest.raises(QueryError):
        querydsl.to_payload(text, default_period=period, now=now)


@pytest.mark.parametrize("period", ["0d", "0s", "000h", " 0w "])
def test_an_empty_default_period_is_invalid_value(period: str) -> None:
    # `between now..now` searches nothing: SPEC 1.5 asks for a period, and zero is none.
    (diagnostic,) = querydsl.check("amount > 5", default_period=period)
    assert (diagnostic.code, diagnostic.message) == (
        "invalid_value",
        f"{period!r} is an empty period",
    )
    with pytest.raises(QueryError):
        querydsl.to_payload("amount > 5", default_period=period)
    # Only a zero count is empty: one of the smallest unit is a period.
    assert querydsl.check("amount > 5", default_period="1s") == []
