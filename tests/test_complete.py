"""complete(): what may come next at the cursor, position by position (SPEC 7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querydsl import HOMEBANK, Suggestion, complete
from querydsl.language.datetimes import parse_datetime
from querydsl.language.schema import Field, FieldType, Schema

CANONICAL = [field.name for field in HOMEBANK.fields]
ALIASES = [alias for field in HOMEBANK.fields for alias in field.aliases]


def texts(text: str, cursor: int | None = None) -> list[str]:
    return [s.text for s in complete(text, cursor)]


# ---- Where a field may start ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   ", "amount > 5 and ", "amount > 5 or ", "not ", "(", "amount > 5 and (not "],
)
def test_fields_where_a_condition_starts_canonical_names_before_aliases(text: str) -> None:
    suggestions = complete(text)
    fields = [s for s in suggestions if s.kind == "field"]
    assert [s.text for s in fields] == CANONICAL + ALIASES
    assert all(s.span == (len(text), len(text)) for s in suggestions)
    assert fields[0].detail == "datetime"
    assert next(s for s in fields if s.text == "email").detail == "alias of payer_email"


def test_the_empty_query_also_offers_not_order_by_and_paging() -> None:
    tail = [s.text for s in complete("") if s.kind == "keyword"]
    assert tail == ["not", "order by", "page", "size"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("am", ["amount"]),
        ("AM", ["amount"]),
        ("pay", ["payer_phone", "payer_email", "payout_date", "payout_amount", "payer"]),
        ("payerE", ["payer_email"]),  # case and underscores do not count
        ("payer_e", ["payer_email"]),
        ("р", ["ррн"]),
        ("amount > 5 and cr", ["created_date", "created"]),
        ("amount > 5 and in", ["invoice_id", "installment_id", "invoice", "installment"]),
        ("zzz", []),
    ],
)
def test_a_partial_field_filters_by_prefix(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_the_span_is_the_partial_word() -> None:
    assert complete("amount > 5 and cre")[0] == Suggestion(
        "created_date", "field", (15, 18), "datetime"
    )


# ---- After a field: only what its type allows ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("payer_email ", ["=", "like", "in", ":"]),
        ("email ", ["=", "like", "in", ":"]),
        ("amount ", ["=", ">=", "<=", ">", "<", "between", "in", ":"]),
        ("created_date ", ["between", ">=", "<=", ">", "<", "=", ":"]),
        ("post_link ", ["=", "!=", ":"]),
        ("payer_email l", ["like"]),
        ("amount b", ["between"]),
        ("created_date i", []),  # datetime fields have no `in`
        ("payer_email not ", []),  # the API negates no `in` (unsupported_not)
        ("order by amount desc, payout_date d", ["desc"]),
    ],
)
def test_operators_after_a_field(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_operators_are_operator_kind_with_a_detail() -> None:
    first = complete("amount ")[0]
    assert (first.kind, first.detail) == ("operator", "equals")


def test_an_unknown_field_gets_every_operator() -> None:
    assert "like" in texts("amout ") and "between" in texts("amout ")


# ---- Values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("post_link = ", ["true", "false"]),
        ("post_link:", ["true", "false"]),
        ("post_link = t", ["true"]),
        ("post_link = F", ["false"]),
        ("created_date >= n", ["now", "now-1h", "now-7d", "now-30d"]),
        ("created_date between now-7d and y", ["yesterday"]),
        ("created_date between 2024-01-01..", texts("created_date > ")),
        ("amount = ", []),  # numbers and strings have no fixed values
        ("payer_email in (a, ", []),
    ],
)
def test_values_by_type(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Values after a method the field's type refuses would only lead to method_not_allowed.
        ("created_date in (", []),
        ("created_date in (today, ", []),
        ("created_date like ", []),
        ("post_link between ", []),
        ("post_link > ", []),
        ("post_link != ", ["true", "false"]),
        ("post_link not in (", []),
        # Nothing that leads only to unsupported_not: the API negates no `in`, and `=` only on
        # true/false fields (SPEC 1.2).
        ("created_date not ", []),
        ("post_link not ", []),
        ("amount not ", []),
        ("shop not i", []),
        ("nosuchfield not ", ["in"]),  # an unknown field is the problem there
        ("created_date != ", []),
        # A range (`f:a..b`, `f between a and b`) only where the type takes `between`.
        ("post_link:true ", ["and", "or", "order by", "page", "size"]),
        ("payer_email:x ", ["and", "or", "order by", "page", "size"]),
        ("post_link:true..", []),
        ("payer_email between a ", []),
        ("amount:1 ", ["..", "and", "or", "order by", "page", "size"]),
        ("amount between 1 ", ["..", "and"]),
        ("created_date:today..", ["today", "now"]),  # nothing that can fall before it
    ],
)
def test_nothing_the_field_refuses_is_offered(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


# The upper bound of a range is offered only where it cannot fall before the lower one, at any
# clock and in any zone: a day lasts 23 to 25 hours where clocks change, and `today` is midnight,
# 0 to 25 hours before `now`. A date's zone may be 14 hours either side of UTC.
ALL_TIMES = ["today", "yesterday", "now", "now-1h", "now-7d", "now-30d", "today-1w"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("created_date between now-1d..", ["now", "now-1h"]),
        ("created_date between now-1d and ", ["now", "now-1h"]),
        ("created_date:now-1d..", ["now", "now-1h"]),
        ("created_date between now..", ["now"]),
        # `today..now-1h` is inverted from midnight to one o'clock; `today..yesterday` always.
        ("created_date between today..", ["today", "now"]),
        ("created_date between yesterday..", ["today", "yesterday", "now", "now-1h"]),
        # 7 calendar days may be 167 hours: `today-1w..now-7d` can be inverted just after midnight.
        ("created_date between today-1w..", ["today", "yesterday", "now", "now-1h", "today-1w"]),
        ("created_date between now-30d..", ALL_TIMES),
        (
            "created_date between now-7d and ",
            [t for t in ALL_TIMES if t not in ("now-30d", "today-1w")],
        ),
        # A date long past takes every relative time, one to come none; so does the year 9999.
        ("created_date between 2000-01-01..", ALL_TIMES),
        ("created_date between 2999-01-01..", []),
        ("created_date between 9999-12-31T23:59Z..", []),
        # A lower bound that is no time has its own diagnostic: everything is offered after it.
        ("created_date between soon..", ALL_TIMES),
        ("created_date between now-1y..", ALL_TIMES),
        ("created_date between today-999999999w..", ALL_TIMES),
    ],
)
def test_the_upper_bound_offered_keeps_the_range_in_order(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_no_offered_upper_bound_inverts_the_range_at_any_hour() -> None:
    # Every half hour from two days before each clock change of 2024 to nine days after it, in
    # zones whose clocks change (some at midnight): each offered upper bound resolves at or after
    # the lower one.
    lowers = ["now-1d", "today", "yesterday", "today-1w", "now-7d", "now"]
    offered = {lower: texts(f"created_date between {lower}..") for lower in lowers}
    year = [datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n) for n in range(24 * 366)]
    for tz in ["Europe/Berlin", "America/Santiago", "Asia/Beirut", "America/Havana"]:
        zone = ZoneInfo(tz)
        changes = [
            b
            for a, b in pairwise(year)
            if a.astimezone(zone).utcoffset() != b.astimezone(zone).utcoffset()
        ]
        assert len(changes) == 2
        for change in changes:
            for step in range(-96, 432):
                now = change + step * timedelta(minutes=30)
                at = {text: parse_datetime(text, zone, now) for text in [*ALL_TIMES, "now-1d"]}
                for lower in lowers:
                    assert all(at[lower] <= at[upper] for upper in offered[lower]), (lower, tz, now)


def test_datetime_values_are_relative_times() -> None:
    suggestions = complete("created_date > ")
    assert [s.text for s in suggestions][:3] == ["today", "yesterday", "now"]
    assert "now-7d" in [s.text for s in suggestions]
    assert {s.kind for s in suggestions} == {"value"}


def test_between_offers_the_range_or_and() -> None:
    assert texts("created_date between 2024-01-01 ") == ["..", "and"]


# ---- After a condition, order and paging ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("amount > 5 ", ["and", "or", "order by", "page", "size"]),
        ('payer_email = "a b" ', ["and", "or", "order by", "page", "size"]),
        ("(amount > 5 ", ["and", "or"]),
        ("amount > 5 a", ["and"]),
        ("amount > 5 O", ["or", "order by"]),
        ("amount > 5 s", ["sort by", "size"]),
        ("amount > 5 order ", ["by"]),
        ("amount > 5 order by amount ", ["asc", "desc", "page", "size"]),
        ("order by amount desc ", ["page", "size"]),
        ("amount > 5 page 2 ", ["size"]),
        ("amount > 5 size 2 ", ["page"]),
        ("page 1 size 2 ", []),
    ],
)
def test_keywords_after_a_condition(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_fields_after_order_by_skip_fields_already_ordered() -> None:
    after_by = texts("amount > 5 order by ")
    assert after_by[: len(CANONICAL)] == CANONICAL
    after_comma = texts("amount > 5 order by amount desc, ")
    assert "amount" not in after_comma and "created_date" in after_comma
    assert "not" not in after_by  # `not` starts a condition, never an order key


# ---- The cursor -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cursor", "expected_first", "span"),
    [
        ("amount > 5 and  order by amount", 15, "created_date", (15, 15)),
        ("amount > 5 and cr order by amount", 17, "created_date", (15, 17)),
        ("amount > 5", 6, "=", None),  # just after `amount`: the word itself
        ("amount > 5", 7, "=", (7, 7)),  # after the space: operators
        ("payer_email like x%", 14, "like", (12, 16)),  # the whole word under the cursor
        ("post_link =  and amount > 5", 12, "true", (12, 12)),
        ("amou", 2, "amount", (0, 2)),  # `amount` does not end in `ou`: the rest stays
    ],
)
def test_a_cursor_in_the_middle_ignores_the_text_after_its_word(
    text: str, cursor: int, expected_first: str, span: tuple[int, int] | None
) -> None:
    suggestions = complete(text, cursor)
    if span is None:  # a whole word under the cursor offers itself
        assert [s.text for s in suggestions] == ["amount"]
        return
    assert suggestions[0].text == expected_first
    assert suggestions[0].span == span


@pytest.mark.parametrize(("cursor", "clamped"), [(-5, 0), (0, 0), (999, 11), (11, 11)])
def test_the_cursor_is_clamped(cursor: int, clamped: int) -> None:
    text = "amount > 5 "
    suggestions = complete(text, cursor)
    assert suggestions == complete(text, clamped)
    assert suggestions and {s.span for s in suggestions} == {(clamped, clamped)}


# ---- Broken text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'payer_email = "dana',  # unterminated string before the cursor
        "amount ! ",
        "amount \x00",
        "amount > 5 5 ",  # syntax error before the cursor
        "a = 1 ORb",
        ")",
    ],
)
def test_broken_text_before_the_cursor_gives_nothing(text: str) -> None:
    assert complete(text) == []


def test_broken_text_after_the_cursor_does_not_matter() -> None:
    assert texts('amount > 5 and  "broken', 15)[0] == "created_date"


def test_another_schema() -> None:
    schema = Schema((Field("kind", FieldType.BOOLEAN, ("k",)), Field("total", FieldType.NUMBER)))
    assert [s.text for s in complete("", schema=schema)][:3] == ["kind", "total", "k"]
    assert [s.text for s in complete("k = ", schema=schema)] == ["true", "false"]


# ---- Properties -------------------------------------------------------------------------------

QUERYISH = st.lists(
    st.sampled_from(
        [*"ab_ =<>!:.,()[]\"'%*-07 \t\n", "and ", "in ", "amount ", "post_link ", "order by "]
    ),
    max_size=20,
).map("".join)


@given(text=st.one_of(st.text(max_size=60), QUERYISH), cursor=st.integers(-100, 100) | st.none())
def test_complete_never_raises_and_spans_cover_the_word_at_the_cursor(
    text: str, cursor: int | None
) -> None:
    suggestions = complete(text, cursor)
    at = len(text) if cursor is None else max(0, min(cursor, len(text)))
    for suggestion in suggestions:
        start, end = suggestion.span
        assert 0 <= start <= at <= end <= len(text)
        assert not any(char.isspace() or char in "()[],\"'=<>!:" for char in text[at:end])
        assert ".." not in text[at:end]
        assert suggestion.kind in ("field", "operator", "keyword", "value")
        assert suggestion.text.casefold().startswith(text[start:at].casefold()) or (
            suggestion.kind == "field"
        )
        if start == at:  # nothing typed yet: nothing after the cursor is replaced either
            assert end == at
        if end > at:  # past the cursor only to replace a word the suggestion ends with
            assert suggestion.text.casefold().endswith(text[at:end].casefold())


def test_past_the_length_limit_there_is_nothing_to_suggest() -> None:
    text = "amount > 1 and " * 700
    assert len(text) > 10_000
    assert complete(text) == []
    assert complete(text, 15)[0].text == "created_date"  # the cursor decides, not the length


@pytest.mark.parametrize("cursor", ["3", True, 1.5, [3]])
def test_a_cursor_that_is_no_position_suggests_nothing(cursor: object) -> None:
    assert complete("amount", cursor) == []  # type: ignore[arg-type]
    assert complete("amount", 3)  # a position does


@pytest.mark.parametrize(
    ("text", "cursor", "accepted"),
    [
        ("cre > today", 3, "created_date > today"),
        ("amount > 5 o amount < 9", 12, "amount > 5 or amount < 9"),
        ("amount > 5 ordr", 13, "amount > 5 ordr"),  # `or` does not end in `dr`: nothing lost
        ("payer_email l dana%", 13, "payer_email like dana%"),
    ],
)
def test_accepting_a_suggestion_replaces_the_whole_word(
    text: str, cursor: int, accepted: str
) -> None:
    start, end = complete(text, cursor)[0].span
    assert text[:start] + complete(text, cursor)[0].text + text[end:] == accepted
