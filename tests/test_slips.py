"""The usual slips behind a syntax error get a hint that fixes them (querydsl/slips.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querydsl import check, to_payload

P = "created_date > 2024-01-01 and "


def only_hint(text: str) -> str | None:
    (diagnostic,) = check(text)
    return diagnostic.hint


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        # a value with spaces, on a string field
        ("description = hello world", 'put it in quotes: "hello world"'),
        ("description = new york and amount > 5", 'put it in quotes: "new york"'),
        ("description = a b c", 'put it in quotes: "a b c"'),
        ("payer_email like dana smith", 'put it in quotes: "dana smith"'),
        ("description = dana smith amount > 5", 'put it in quotes: "dana smith"'),
        ("description = say \\ hi", r'put it in quotes: "say \\ hi"'),
        # a missing `and`
        ("description = foo amount > 5", "join conditions with `and` or `or`"),
        # signs from elsewhere, or the wrong way round
        ("amount => 5", "write `>=`"),
        ("amount =< 5", "write `<=`"),
        ("amount <> 5", "write `!=`"),
        ("amount ≥ 5", "write `>=`"),
        ("amount > 5 && amount < 9", "write `and`"),
        ("amount > 5 || amount < 9", "write `or`"),
        ("amount > 1 order by amount descending", "write `desc`"),
        ("amount > 1 order by amount ascending", "write `asc`"),
        ("amount > 5 limit 10", "write `size`"),
        # numbers, dates and times written another way
        ("amount > 1,000", "write numbers without separators"),
        ("amount > 1 000", "write numbers without spaces"),
        ("amount>=5and amount < 3", "put a space before `and`"),
        ("payout_date > now - 7d", "write a relative time without spaces: now-7d"),
        ("payout_date > today + 1 d", "write a relative time without spaces: today+1d"),
        ("payout_date > 2024-01-01 10:00", "write a date and time with a T: 2024-01-01T10:00"),
        ("payout_date > 2024-01-01T10:00:00+06", "2024-01-01T10:00:00Z or 2024-01-01T10:00+06:00"),
        ("payout_date > 2024-01-01T10:00+0600", "2024-01-01T10:00:00Z or 2024-01-01T10:00+06:00"),
        # lists and ranges
        ("amount between 5, 10", "write a range as between a..b or between a and b"),
        ("amount between (5, 10)", "write a range as between a..b"),
        ("amount in 5..10", "write the values in parentheses, f in (a, b)"),
        ("payer_email:(a, b)", "for a list of values, write f in (a, b)"),
        ("amount in (1 2)", "separate the values with commas"),
        # order and paging
        ("amount > 1 page 2 order by amount", "`order by` comes before `page` and `size`"),
        # quotes
        ("payer_email = “dana smith”", "use straight quotes"),
        ("payer_email = O'Brien", '''quote the whole value: "O'Brien"'''),
        ("payer_email = O'Brien' and amount > 1", '''quote the whole value: "O'Brien'"'''),
    ],
)
def test_a_slip_gets_a_hint_that_fixes_it(written: str, hint: str) -> None:
    found = only_hint(P + written)
    assert found is not None and hint in found, found


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("payout_date >= 2024-01-01 x", None),  # a date field: quotes would not help
        ("amount = abc def", None),  # a number field
        ("amount > 5 6 7", "write numbers without spaces"),  # a number field: maybe 567
        ("shop_id = abc a", None),  # a search box, typing `and`
        ("shop_id = abc O", None),  # ... or `order`
        ("payout_date:2021-06-07T00:48 a", None),  # `48` is part of a datetime
        ("unknown_field = a b", None),  # not known to be a string field
        ("amount > 1 order by shop_id d", None),  # `desc` begun; no list's `,` is wanted
        # on a string field, words from elsewhere are words of the value: quote them
        ("description = credit limit exceeded", 'quotes: "credit limit exceeded"'),
        ("description = Johnson & Johnson", 'quotes: "Johnson & Johnson"'),
        ("description = a ≥ b", 'quotes: "a ≥ b"'),
        ("description = x descending", 'quotes: "x descending"'),
        ("payer_phone = 777 123 45 67", 'quotes: "777 123 45 67"'),  # not `1000, not 1 000`
        ("description = foo amount", "join conditions with `and` or `or`"),
        # a relative time's period is the one written, in any unit word
        ("payout_date > today - 1 day", "today-1d"),
        ("payout_date > now - 2 hours", "now-2h"),
        ("payout_date > now - 30 min", "now-30m"),
        ("payout_date > now - soon", "now-N and a unit of s, m, h, d or w"),
        # a quote inside a value: the value ends at a bracket or comma, too
        ("(description = O'Brien)", 'quote the whole value: "O\'Brien"'),
        ("description in (a, O'Brien)", 'quote the whole value: "O\'Brien"'),
    ],
)
def test_each_slip_hint_fits_where_it_is_given(written: str, hint: str | None) -> None:
    found = only_hint(P + written)
    assert found == hint if hint is None else (found is not None and hint in found), found


def test_the_quoted_hint_reads_back_as_the_words() -> None:
    hint = only_hint(P + "description = hello world")
    assert hint is not None
    quoted = hint.rsplit(": ", 1)[1]
    payload = to_payload(P + "description = " + quoted)
    assert payload["searchParameters"][1]["searchParameter"] == ["hello world"]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("description = new york", None),  # york is no typo of or
        ("description = hello world", None),  # nor world of order
        ("amount > 5 adn amount < 9", "did you mean `and`?"),
        ("amount > 5 ordr by amount", "did you mean `order`?"),
    ],
)
def test_keyword_typos_begin_with_the_keywords_letter(written: str, hint: str | None) -> None:
    found = only_hint(P + written) or ""
    assert ("did you mean" in found) == (hint is not None)
    assert hint is None or hint in found


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("payer_email like dana*", "the wildcard is %, not *: write dana%"),
        ("payer_email like *dana*", "the wildcard is %, not *: write %dana%"),
        ("payer_email like dana", "write dana% to match values starting with it"),
        ("card_mask like 400303******9282", "write 400303******9282% to match"),  # mask stars
    ],
)
def test_like_hints_name_the_wildcard(written: str, hint: str) -> None:
    found = only_hint(P + written)
    assert found is not None and hint in found


# Hints are masked as every message is: one that offers a card number to type would offer its
# masked form, which searches for another value. It says what to do without the value instead.
SPACED_PANS = st.from_regex(r"[1-9][0-9]{3}( [0-9]{4}){3}", fullmatch=True)
PANS = st.from_regex(r"[1-9][0-9]{12,18}", fullmatch=True)


@given(
    st.one_of(
        st.tuples(SPACED_PANS, st.just("description = {}")),
        st.tuples(SPACED_PANS, st.just("payer_email like {} and amount > 5")),
        st.tuples(PANS, st.just("description = x {} and amount > 5")),
        st.tuples(PANS, st.just("payer_email like {} x")),
    )
)
def test_a_quoting_hint_never_offers_a_masked_value(case: tuple[str, str]) -> None:
    pan, written = case
    hint = only_hint(P + written.format(pan))
    assert hint == "to search for a value with spaces, put the whole value in quotes"


@given(PANS)
def test_a_quote_in_a_card_number_is_no_masked_value_to_type(pan: str) -> None:
    hint = only_hint(P + f"description = {pan}'s")
    assert hint == "a quote inside a value starts a string; quote the whole value"


@given(PANS, st.sampled_from(["", "*"]))
def test_a_like_hint_never_offers_a_masked_value(pan: str, star: str) -> None:
    hint = only_hint(P + f"payer_email like {pan}{star}")
    assert hint is not None and pan[:6] not in hint
    assert ("% wildcard" if star == "" else "the wildcard is %, not *") in hint
