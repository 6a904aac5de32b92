"""Syntax errors are worded from the driver's own stack, as Lark's parser would word them.

When the LALR driver meets a token its table has no action for, it works out which terminals
could have come instead by trying each on a copy of its stack. The oracle is Lark itself:
parsing the same text with Lark's parser over the same grammar and lexer, taking the token Lark
stops at and what its interactive parser `accepts()` there, must give the same diagnostic.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lark.exceptions import UnexpectedToken
from text_mutations import mutated

from querydsl import check
from querydsl.language.errors import Diagnostic
from querydsl.language.grammar import PHRASES, lark_parser, token_table
from querydsl.language.lalr import Mismatch
from querydsl.language.lexer import LexError, RawToken, lex
from querydsl.language.parser import driver
from querydsl.language.syntax import SyntaxFailure
from querydsl.language.syntax_errors import unexpected_token
from querydsl.strategies import query_texts

PIECES = [
    "amount", "created_date", "f", "x.y",
    "and", "or", "not", "between", "in", "like", "order", "sort", "by", "asc", "desc",
    "page", "size", "true", "false", "betwen", "lik", "adn",
    "(", ")", "[", "]", ",", "=", "!=", "<", ">=", ":", "..", "*",
    "5", "2018-01-01", "2018-01-01T10:00Z", "4405...1234", "dana%", "'x y'",
]  # fmt: skip
SOUP = st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join)


def driver_error(text: str) -> Diagnostic | None:
    """The diagnostic of the driver's mismatch on `text`, or None if it has none."""
    try:
        driver().parse(lex(token_table(), text))
    except Mismatch as mismatch:
        return unexpected_token(text, mismatch)
    except (LexError, SyntaxFailure):  # not a mismatch: a bad character, field name or escape
        return None
    return None


def lark_error(text: str) -> Diagnostic:
    """The same diagnostic from where Lark's own parser stops, and what it accepts there.

    What it accepts is asked of the parser as the refused token found it: the reductions that
    token caused before it was refused lose choices (`a = 1 )` could go on with `and`).
    """
    parser = lark_parser().parse_interactive(text)
    before = parser.copy()
    try:
        for _ in parser.iter_parse():  # yields each token before feeding it
            before = parser.copy()
        before = parser.copy()
        parser.feed_eof()
    except UnexpectedToken as error:
        token = error.token
        raw: RawToken = (token.type, str(token), token.start_pos or 0, token.end_pos or 0)
        read = [t for t in lex(token_table(), text) if raw[0] == "$END" or t[2] < raw[2]]
        expected = frozenset(before.accepts()) or frozenset(error.expected)
        return unexpected_token(text, Mismatch(raw, read, expected))
    raise AssertionError(f"Lark accepts what the driver refuses: {text!r}")


def assert_worded_as_lark_would(text: str) -> bool:
    ours = driver_error(text)
    if ours is not None:
        assert ours == lark_error(text), text
    return ours is not None


@given(SOUP)
@example("amount = 5 amount")
@example("amount in (a b")
@example("created_date betwen 1..2")
@example("amount = 5 adn b = 1")
@example("amount = 5 order")
@example("page")
@example("(((a = 1)")
@example("not")
@example("amount = 5 )")
@example("(amount = 5")
def test_token_soup_is_worded_as_lark_would(text: str) -> None:
    assert_worded_as_lark_would(text)


@given(mutated(query_texts(), PIECES))
def test_mutated_queries_are_worded_as_lark_would(text: str) -> None:
    assert_worded_as_lark_would(text)


def test_a_query_cut_at_every_token_is_worded_as_lark_would() -> None:
    text = (
        "created_date between 2018-01-01..2018-02-01 and (email = a or email in [b, 'c']) "
        "and not amount > 5 order by amount desc, email page 2 size 50"
    )
    ends = [token[3] for token in lex(token_table(), text)]
    worded = [assert_worded_as_lark_would(text[:end]) for end in ends]
    assert sum(worded) >= len(ends) // 2  # most prefixes end where more must come


@pytest.mark.parametrize("text", ["amount in (", "amount in [", "amount not in (", "x in (1,"])
def test_the_empty_list_is_not_what_is_expected(text: str) -> None:
    # `f in ()` parses, so that it can be called `arity`; it is never what to write.
    (diagnostic,) = check(text)
    assert diagnostic.expected == ("value",)


# ---- Diagnostic.expected: what could have come, in words ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("amount =", {"value"}),
        ("(", {"field", "(", "not"}),
        ("not", {"field", "(", "not"}),
        ("amount = 1 )", {"and", "or", "order by", "page", "size", "end"}),
        ("amount in (1 2", {")", ","}),
        ("created_date between 1", {"..", "and"}),
        ("amount = 5 sort", {"by"}),  # `sort` is `order by`'s synonym: one word for both
        ("amount = 1 order by amount x", {",", "asc", "desc", "page", "size", "end"}),
        ("amount = 1 page", {"number"}),  # after `page` a number, not a field
        ("amount = 1 page 1 x", {"size", "end"}),  # each paging word comes once
        ("amount = 1 size 5 page 1 x", {"end"}),
        ("amount x", {"operator", ":", "between", "in"}),  # what a number field takes
        ("post_link x", {"=", "!=", ":"}),
        ("amount gt 5", {"operator", ":", "between", "in"}),  # an unknown method, too
    ],
)
def test_a_refused_token_says_what_could_have_come_there(text: str, expected: set[str]) -> None:
    (diagnostic,) = check(text)
    assert set(diagnostic.expected or ()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "amout > 5 and payer_email like x",  # not syntax: unknown_field, like_without_wildcard
        "payer_email = 'unclosed",  # the lexer's: no token was refused
        "1abc = 5",  # the grammar's field rule refuses the name, not the token
    ],
)
def test_other_diagnostics_say_nothing_was_expected(text: str) -> None:
    found = check(text, default_period="7d")
    assert found and all(d.expected is None and "expected" not in d.to_dict() for d in found)


def test_expected_goes_to_json_as_a_list_in_the_messages_order() -> None:
    (diagnostic,) = check("amount = 5 )")
    assert json.loads(json.dumps(diagnostic.to_dict())) == {
        "code": "syntax_error",
        "message": "unexpected `)`; expected `and`, `or`, `order by`, `page`, `size` or the end "
        "of the query",
        "span": [11, 12],
        "path": None,
        "hint": "no `(` is open here; remove this `)`",
        "expected": ["and", "or", "order by", "page", "size", "end"],
    }


@given(st.one_of(SOUP, mutated(query_texts(), PIECES)))
def test_the_message_lists_the_expected_words_in_their_order(text: str) -> None:
    for diagnostic in check(text):
        if diagnostic.code != "syntax_error" or diagnostic.expected is None:
            continue
        listed = diagnostic.message.split("; expected ", 1)[1]
        places = [listed.find(PHRASES.get(word) or f"`{word}`") for word in diagnostic.expected]
        assert -1 not in places and places == sorted(places), (text, diagnostic)
