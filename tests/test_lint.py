"""Warnings (SPEC 7): `lint` marks a valid query that probably says something else than was meant.

A span is written as the text it covers (its first occurrence). Each warning's row also gives the
text with the fix its hint writes out applied, which must check and lint clean.

Decisions the tables pin:
- A quoted value is taken as meant: `client = "a%"` says the text is exactly `a%`.
- Only `=` (and `==`, `:`) warns: `in (a%, b)` is a list of texts, and `like` takes one pattern.
- A day is a date (`2024-01-01`) or `today`/`yesterday` moved by whole days or weeks: `today` is
  the midnight it starts with, as a date is. A time (`T00:00`, `now`, `today+3h`) is taken as meant.
- A condition under `not` is not judged (the Homebank payload refuses those `not`s anyway).
- Under an `or` the fix is a search of its own: the API joins no `like` with `or`.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from text_mutations import mutated

import querydsl
from querydsl import Limits, check, to_payload
from querydsl.cli import main
from querydsl.language.errors import render
from querydsl.language.text import value_text
from querydsl.searchbox.lint import WARNING_CODES, lint
from querydsl.strategies import query_texts

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)
P = " and created_date >= now-7d"  # keeps a text from being missing_period
LIKE = "to match a pattern, use `like`: `{}`; quote the value to match a `%`"
DAY = "to match the whole day, write a range: `{}`"
APART = (
    "to match a pattern, use `like`: `{}`, in a search of its own (the API joins no `like`"
    " with `or`); quote the value to match a `%`"
)

# text, span (as the text it covers), hint, the text with the fix applied (None: no one text)
WILDCARD_IN_EQUALS = [
    ("client = Дана%" + P, "client = Дана%", LIKE.format("client like Дана%"),
     "client like Дана%" + P),
    ("client:Дана%" + P, "client:Дана%", LIKE.format("client like Дана%"), "client like Дана%" + P),
    ("payer == x%y" + P, "payer == x%y", LIKE.format("payer like x%y"), "payer like x%y" + P),
    ("PAYER_EMAIL=%@b.kz" + P, "PAYER_EMAIL=%@b.kz", LIKE.format("PAYER_EMAIL like %@b.kz"),
     "PAYER_EMAIL like %@b.kz" + P),
    ("card = 4003%" + P, "card = 4003%", LIKE.format("card like 4003%"), "card like 4003%" + P),
    ("description = %" + P, "description = %", LIKE.format("description like %"),
     "description like %" + P),
    # A card number would be masked in the hint: the fix is said, not written out.
    ("client = 4111111111111111%" + P, "client = 4111111111111111%",
     "to match a pattern, use `like`; quote the value to match a `%`", None),
    ("(client = a% or client = b)" + P, "client = a%", APART.format("client like a%"), None),
]  # fmt: skip

INSTANT_EQUALITY = [
    ("created_date = 2024-01-01", "created_date = 2024-01-01",
     DAY.format("created_date:2024-01-01..2024-01-02"), "created_date:2024-01-01..2024-01-02"),
    ("date:2024-01-01", "date:2024-01-01", DAY.format("date:2024-01-01..2024-01-02"),
     "date:2024-01-01..2024-01-02"),
    ("created_date == 2024-02-28", "created_date == 2024-02-28",
     DAY.format("created_date:2024-02-28..2024-02-29"), "created_date:2024-02-28..2024-02-29"),
    ("payout_date = 2024-12-31" + P, "payout_date = 2024-12-31",
     DAY.format("payout_date:2024-12-31..2025-01-01"), "payout_date:2024-12-31..2025-01-01" + P),
    ("created_date = today", "created_date = today", DAY.format("created_date:today..today+1d"),
     "created_date:today..today+1d"),
    ("created_date = yesterday", "created_date = yesterday",
     DAY.format("created_date:yesterday..today"), "created_date:yesterday..today"),
    ("created_date = Today-1W", "created_date = Today-1W",
     DAY.format("created_date:Today-1W..today-6d"), "created_date:Today-1W..today-6d"),
    ("created_date = yesterday+2d", "created_date = yesterday+2d",
     DAY.format("created_date:yesterday+2d..today+2d"), "created_date:yesterday+2d..today+2d"),
    ("created_date = 9999-12-31", "created_date = 9999-12-31",
     DAY.format("created_date:9999-12-31..*"), "created_date:9999-12-31..*"),
]  # fmt: skip

QUIET = [
    "client like Дана%" + P,
    'client = "Дана%"' + P,
    "client = 'a%'" + P,
    "client in (a%, b)" + P,
    "client = Дана" + P,
    "client != a%" + P,  # the Homebank payload refuses it: lint gives check's error
    "created_date = 2024-01-01T00:00",
    "created_date = 2024-01-01T10:30+05:00",
    "created_date = now",
    "created_date = now-7d",
    "created_date = today+3h",
    "created_date >= 2024-01-01",
    "created_date <= today",
    "created_date:2024-01-01..2024-01-02",
    "created_date between 2024-01-01 and 2024-01-02",
    "amount = 5" + P,
    "post_link = true" + P,
    "not post_link = true" + P,
    "order by amount" + P,
]


def located(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return (start, start + len(needle))


@pytest.mark.parametrize(("text", "span", "hint", "fixed"), WILDCARD_IN_EQUALS)
def test_wildcard_in_equals(text: str, span: str, hint: str, fixed: str | None) -> None:
    found = lint(text, now=NOW)
    assert [(d.code, d.span, d.hint, d.severity) for d in found] == [
        ("wildcard_in_equals", located(text, span), hint, "warning")
    ]
    assert check(text, now=NOW) == []
    if fixed is not None:
        assert check(fixed, now=NOW) == lint(fixed, now=NOW) == []


@pytest.mark.parametrize(("text", "span", "hint", "fixed"), INSTANT_EQUALITY)
def test_instant_equality(text: str, span: str, hint: str, fixed: str) -> None:
    found = lint(text, now=NOW)
    assert [(d.code, d.span, d.hint, d.severity) for d in found] == [
        ("instant_equality", located(text, span), hint, "warning")
    ]
    assert check(text, now=NOW) == []
    assert check(fixed, now=NOW) == lint(fixed, now=NOW) == []


@pytest.mark.parametrize("text", QUIET)
def test_what_is_taken_as_meant(text: str) -> None:
    assert lint(text, now=NOW) == check(text, now=NOW)


def test_the_messages() -> None:
    (wildcard,) = lint("client = Дана%" + P)
    assert wildcard.message == "`=` matches the text 'Дана%' exactly: its `%` is no wildcard"
    (instant,) = lint("created_date = 2024-01-01")
    assert instant.message == (
        "`=` with a day matches one instant, the midnight it starts with, not the whole day"
    )


def test_every_warning_in_text_order() -> None:
    text = "(client = a% or client = b%) and created_date = 2024-01-01 and shop = x%"
    assert [(d.code, d.span) for d in lint(text)] == [
        ("wildcard_in_equals", located(text, "client = a%")),
        ("wildcard_in_equals", located(text, "client = b%")),
        ("instant_equality", located(text, "created_date = 2024-01-01")),
        ("wildcard_in_equals", located(text, "shop = x%")),
    ]


def test_the_day_fix_covers_the_day_in_the_query_zone() -> None:
    """The fix's range runs from the day's midnight to the next, in `tz` as the date is."""
    (warning,) = lint("created_date = 2024-06-01", tz="Asia/Almaty")
    assert warning.hint == DAY.format("created_date:2024-06-01..2024-06-02")
    payload = to_payload("created_date:2024-06-01..2024-06-02", tz="Asia/Almaty")
    assert payload["searchParameters"][0]["searchParameter"] == [
        "2024-05-31T19:00:00Z",
        "2024-06-01T19:00:00Z",
    ]


def test_options_are_checks() -> None:
    """lint takes check's options: with a default period the text is valid, and warned about."""
    text = "client = a%"
    assert [d.code for d in lint(text)] == ["missing_period"]
    assert [d.code for d in lint(text, default_period="7d")] == ["wildcard_in_equals"]
    assert lint(text, tz="Mars/Base") == check(text, tz="Mars/Base")
    assert lint(text, schema=None) == check(text, schema=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", sorted(WARNING_CODES))
def test_each_codes_example_gets_exactly_it(code: str) -> None:
    assert [d.code for d in lint(WARNING_CODES[code].example)] == [code]


def test_a_warning_is_drawn_with_its_caret_and_labelled() -> None:
    text = "client = Дана%" + P
    assert render(lint(text), text) == (
        "warning[wildcard_in_equals]: `=` matches the text 'Дана%' exactly:"
        " its `%` is no wildcard\n"
        "  client = Дана% and created_date >= now-7d\n"
        "  ^^^^^^^^^^^^^^\n"
        "  hint: " + LIKE.format("client like Дана%")
    )


def test_a_warning_shows_its_severity_and_an_error_does_not() -> None:
    (warning,) = lint("created_date = 2024-01-01")
    assert warning.to_dict()["severity"] == "warning"
    assert repr(warning).endswith(", severity='warning')")
    (error,) = check("amount > 5", default_period="7d", size=0)
    assert error.severity == "error"
    assert "severity" not in error.to_dict() and "severity" not in repr(error)


# ---- laws ---------------------------------------------------------------------------------------

PIECES = [
    "client", "shop", "created_date", "date", "payout_date", "amount", "post_link", "amout",
    "=", "==", ":", "!=", "like", "in", "not", "and", "or", "(", ")", ",", "..", "*",
    "a%", "Дана%", "%", '"a%"', "'x'", "2024-01-01", "2024-01-01T10:00", "today", "yesterday-1w",
    "now-7d", "today+3h", "2018-02-30", "9999-12-31", "5", "true", "order by", "size 0",
]  # fmt: skip
SOUP = st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join)
TEXTS = st.one_of(SOUP, query_texts(), mutated(query_texts(), PIECES), st.text(max_size=40))
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "default_period": st.sampled_from(["7d", "soon", 5]),
        "tz": st.sampled_from(["UTC", "Asia/Almaty", "Mars/Base", None]),
        "now": st.sampled_from([NOW, "yesterday", datetime(2024, 3, 31, 2, 30)]),
        "page": st.sampled_from([1, -1, True, "2"]),
        "size": st.sampled_from([10, 0]),
        "limits": st.sampled_from([Limits(max_conditions=2), Limits(max_length=None), "x"]),
        "schema": st.sampled_from([querydsl.HOMEBANK, None]),
    },
)


@given(st.one_of(TEXTS, st.none(), st.integers()), OPTIONS)
@example("client = a% and created_date = 2024-01-01", {})
@example("(" * 60 + "client = a%" + ")" * 60, {"default_period": "7d"})
def test_lint_never_raises_and_is_check_on_invalid_text(text: Any, options: dict[str, Any]) -> None:
    found = lint(text, **options)
    errors = check(text, **options)
    if errors:
        assert found == errors
        return
    assert all(d.severity == "warning" and d.code in WARNING_CODES for d in found)
    for diagnostic in found:
        assert diagnostic.span is not None and diagnostic.hint
        start, end = diagnostic.span
        assert 0 <= start < end <= len(text)


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=8))
def test_a_percent_warns_exactly_when_written_bare(around: str) -> None:
    value = around[: len(around) // 2] + "%" + around[len(around) // 2 :]
    written = value_text(value)
    found = lint(f"client = {written}{P}")
    assert [d.code for d in found] == ([] if written.startswith('"') else ["wildcard_in_equals"])


@given(st.dates(date(1, 1, 1), date(9999, 12, 30)))
def test_any_date_warns_with_the_next_day(day: date) -> None:
    (warning,) = lint(f"created_date = {day.isoformat()}")
    following = (day + timedelta(days=1)).isoformat()
    assert warning.hint == DAY.format(f"created_date:{day.isoformat()}..{following}")


# ---- the command line ---------------------------------------------------------------------------


def test_compile_prints_warnings_on_stderr_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    text = "client = Дана% and created_date = 2024-01-01"
    assert main(["compile", "--compact", text]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == to_payload(text)
    assert err == render(lint(text), text) + "\n"
    assert err.startswith("warning[wildcard_in_equals]: ")
    carets = " " * 19 + "^" * 25
    assert f"\n  client = Дана% and created_date = 2024-01-01\n  {carets}\n" in err


def test_compile_json_prints_warnings_with_their_severity(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "created_date = 2024-01-01"
    assert main(["compile", "--json", text]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == to_payload(text)
    assert json.loads(err) == [
        {
            "code": "instant_equality",
            "message": "`=` with a day matches one instant, the midnight it starts with, not the"
            " whole day",
            "span": [0, 25],
            "path": None,
            "hint": DAY.format("created_date:2024-01-01..2024-01-02"),
            "severity": "warning",
        }
    ]


def test_compile_says_nothing_more_without_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["compile", "created_date:2024-01-01..2024-01-02"],
        ["compile", "--json", "created_date > today"],
    ):
        assert main(args) == 0
        assert capsys.readouterr().err == ""


def test_compile_masks_card_numbers_in_a_warnings_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "--default-period", "7d", "client = 4111111111111111%"]) == 0
    err = capsys.readouterr().err
    assert "4111111111111111" not in err and "  client = 411111******1111%\n" in err


def test_lint_is_exported_at_the_top_level() -> None:
    assert "lint" in querydsl.__all__ and querydsl.lint is lint
