"""tokens(): highlighting for any text; every non-space character in exactly one token (SPEC 7)."""

from __future__ import annotations

import sys
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querydsl import Token, check, tokens
from querydsl.language.parser import parse_syntax
from querydsl.language.syntax import Comparison, Negation, Node, token_span
from querydsl.strategies import query_texts
from tests.data.corpus import corpus

SPACE = " \t\r\n"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokens(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "created_date between 2018-01-01..2018-02-01 and payer_email like dana%",
            [("field", "created_date"), ("keyword", "between"), ("date", "2018-01-01"),
             ("operator", ".."), ("date", "2018-02-01"), ("keyword", "and"),
             ("field", "payer_email"), ("keyword", "like"), ("value", "dana%")],
        ),
        (
            "created_date >= now-7d or created:2024-01-01T10:00Z..*",
            [("field", "created_date"), ("operator", ">="), ("date", "now-7d"),
             ("keyword", "or"), ("field", "created"), ("operator", ":"),
             ("date", "2024-01-01T10:00Z"), ("operator", ".."), ("value", "*")],
        ),
        (
            'shop_id in (a5bc, "x y") and not post_link = true',
            [("field", "shop_id"), ("keyword", "in"), ("punctuation", "("), ("value", "a5bc"),
             ("punctuation", ","), ("string", '"x y"'), ("punctuation", ")"),
             ("keyword", "and"), ("keyword", "not"), ("field", "post_link"),
             ("operator", "="), ("value", "true")],
        ),
        (
            "amount between 1 and 2 and card = 4003...9282 and phone != 077012",
            [("field", "amount"), ("keyword", "between"), ("number", "1"), ("keyword", "and"),
             ("number", "2"), ("keyword", "and"), ("field", "card"), ("operator", "="),
             ("value", "4003...9282"), ("keyword", "and"), ("field", "phone"),
             ("operator", "!="), ("number", "077012")],
        ),
        (
            "(a = 1) order by amount desc, created_date page 2 size 50",
            [("punctuation", "("), ("field", "a"), ("operator", "="), ("number", "1"),
             ("punctuation", ")"), ("keyword", "order"), ("keyword", "by"), ("field", "amount"),
             ("keyword", "desc"), ("punctuation", ","), ("field", "created_date"),
             ("keyword", "page"), ("number", "2"), ("keyword", "size"), ("number", "50")],
        ),
        (
            "x not in [b, c]",
            [("field", "x"), ("keyword", "not"), ("keyword", "in"), ("punctuation", "["),
             ("value", "b"), ("punctuation", ","), ("value", "c"), ("punctuation", "]")],
        ),
    ],
)  # fmt: skip
def test_valid_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('email = "dana', [("field", "email"), ("operator", "="), ("error", '"dana')]),
        (
            "email = 'dana  \namount",  # an open quote runs to the end of its line
            [("field", "email"), ("operator", "="), ("error", "'dana"), ("value", "amount")],
        ),
        ("a ! b", [("field", "a"), ("error", "!"), ("value", "b")]),
        ("ab\x00cd", [("field", "ab"), ("error", "\x00"), ("value", "cd")]),
        ("a\u202eb = 1", [("field", "a"), ("error", "\u202e"), ("value", "b"),
                          ("operator", "="), ("number", "1")]),
        # A control character splits a string; the quote after it opens a new one.
        ('"a\x00b" = 1', [("error", '"a'), ("error", "\x00"), ("value", "b"),
                          ("error", '" = 1')]),
        ("a\u00a0= 1", [("field", "a"), ("error", "\u00a0"), ("operator", "="), ("number", "1")]),
        ("a = 1 ORb = 2", [("field", "a"), ("operator", "="), ("number", "1"), ("value", "ORb"),
                           ("operator", "="), ("number", "2")]),
        ("and and", [("keyword", "and"), ("keyword", "and")]),
        (")(", [("punctuation", ")"), ("punctuation", "(")]),
        ("", []),
        (" \t\n", []),
    ],
)  # fmt: skip
def test_broken_text_becomes_error_tokens_and_scanning_goes_on(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("amount > 5 or or shop = 1", ["amount", "shop"]),  # a keyword twice
        ("created 2024-01-01 and amount > 5", ["created", "amount"]),  # no operator
        ("amount > 5 ) and shop = 1", ["amount", "shop"]),  # a `)` with no `(`
        ("amount b", ["amount"]),  # `between` being typed
        ("amount between 1 1 and 2 and shop = x", ["amount", "shop"]),  # `2` ends no range
        ("amount = 1 and = shop x", ["amount", "shop"]),  # swapped: the word after `=` a field
        ("amount > 1 and between created_date 2024-01-01", ["amount", "created_date"]),
        ("amount = 1 by shop desc, amount", ["amount", "shop", "amount"]),  # no `order`
        ("amount in ((a, b) and shop = x", ["amount", "shop"]),  # a list is no group
    ],
)
def test_past_a_slip_the_table_reads_on(text: str, fields: list[str]) -> None:
    assert [token.text for token in tokens(text) if token.kind == "field"] == fields


def test_spans_point_into_the_text() -> None:
    assert tokens("  amount>5") == [
        Token("field", (2, 8), "amount"),
        Token("operator", (8, 9), ">"),
        Token("number", (9, 10), "5"),
    ]


def test_a_word_is_a_field_only_where_a_field_may_stand() -> None:
    # `and` inside `between` joins two values; after it comes a value, not a field.
    assert kinds("d between today and yesterday and amount = 5")[4] == ("date", "yesterday")
    assert kinds("d between today and yesterday and amount = 5")[6] == ("field", "amount")
    # A comma separates values in a list, and fields in `order by`.
    assert kinds("x in (a, b) order by a, b")[-1] == ("field", "b")
    assert kinds("x in (a, b)")[5] == ("value", "b")


# ---- Properties -------------------------------------------------------------------------------


def field_spans(node: Node | None) -> set[tuple[int, int]]:
    """Where the syntax tree's filter names a field."""
    if node is None:
        return set()
    if isinstance(node, Comparison):
        return {token_span(node.field)}
    if isinstance(node, Negation):
        return field_spans(node.operand)
    return set().union(*(field_spans(operand) for operand in node.operands))


@given(st.one_of(query_texts(), st.sampled_from([entry.text for entry in corpus()])))
def test_on_valid_text_a_word_is_a_field_exactly_where_the_syntax_tree_has_one(text: str) -> None:
    syntax = parse_syntax(text, max_depth=None)
    fields = field_spans(syntax.filter) | {token_span(term) for term, _ in syntax.order}
    assert {token.span for token in tokens(text) if token.kind == "field"} == fields


QUERYISH = st.lists(
    st.sampled_from(
        [*"ab_ =<>!:.,()[]\"'%*-07 \t\n\x00\u200b\u00a0\\", "and ", "in ", "between ", "order by "]
    ),
    max_size=25,
).map("".join)


def assert_covers(text: str, found: list[Token]) -> None:
    """Spans in order, not overlapping, each matching its text; every non-space char covered."""
    covered = [False] * len(text)
    previous_end = 0
    for token in found:
        start, end = token.span
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == token.text
        assert token.text[0] not in SPACE and token.text[-1] not in SPACE
        for index in range(start, end):
            covered[index] = True
        previous_end = end
    missing = [i for i, char in enumerate(text) if char not in SPACE and not covered[i]]
    assert missing == []


@given(st.one_of(st.text(max_size=80), QUERYISH))
def test_every_non_space_character_is_in_exactly_one_token(text: str) -> None:
    assert_covers(text, tokens(text))


ANY_CHARACTER = st.characters() | st.sampled_from("\ud800\udfff\x00\u2028")


@given(st.text(alphabet=ANY_CHARACTER, max_size=40))
def test_tokens_never_raises_even_on_surrogates(text: str) -> None:
    found = tokens(text)
    assert_covers(text, found)
    assert all(t.kind in ("field", "keyword", "operator", "string", "number", "date", "value",
                          "punctuation", "error") for t in found)  # fmt: skip


def test_text_past_the_length_limit_is_one_error_token() -> None:
    text = "amount = 1" + "." * 20_000 + "  x  "
    found = tokens(text)
    assert found[-1] == Token("error", (10_000, len(text) - 2), text[10_000:-2])
    assert_covers(text, found)


def _peak_bytes(text: str) -> int:
    """The most memory `tokens(text)` holds at once, as tracemalloc counts it."""
    tracemalloc.start()
    try:
        tokens(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("char", ["\x00", "\u202e", "\ud800"], ids=["NUL", "RLO", "surrogate"])
def test_refused_characters_past_the_limit_cost_no_more_than_the_text(char: str) -> None:
    # tokens("\x00" * 10**7) took 4-8 s and 493 MB: it listed every refused character, those
    # past the limit too. Now a million more characters cost their copy in the last token.
    million, two_million = char * 1_000_000, char * 2_000_000
    found = tokens(two_million)
    assert len(found) == 10_001 and found[-1].span == (10_000, 2_000_000)
    growth = _peak_bytes(two_million) - _peak_bytes(million)
    assert growth < 2 * (sys.getsizeof(two_million) - sys.getsizeof(million)), growth


@given(
    st.text(alphabet="ab =().\"' \n", max_size=12),
    st.integers(9_990, 10_010),
    st.sampled_from(["a", " ", "5", "amount > 5 and "]),
)
def test_past_the_limit_the_error_token_is_what_check_reports(
    tail: str, length: int, filler: str
) -> None:
    text = (filler * (length // len(filler) + 1))[:length] + tail
    found = tokens(text)
    assert all(t.span[1] <= 10_000 for t in found if t.kind != "error" or t.span[0] < 10_000)
    assert_covers(text, found)
    (limit,) = [d.span for d in check(text) if d.code == "limit_exceeded"] or [None]
    past = [t for t in found if t.span[1] > 10_000]
    if limit is None or not text[10_000:].strip(SPACE):
        assert past == []
    else:  # one error token: check's span without the spaces at its ends
        assert [(t.kind, t.text) for t in past] == [("error", text[10_000:].strip(SPACE))]
        assert limit[0] <= past[0].span[0] and past[0].span[1] <= limit[1]
