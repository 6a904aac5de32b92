"""Syntax errors are worded from the driver's own stack, as Lark's parser would word them.

When the LALR driver meets a token its table has no action for, it works out which terminals
could have come instead by trying each on a copy of its stack. The oracle is Lark itself:
parsing the same text with Lark's parser over the same grammar and lexer, taking the token Lark
stops at and what its interactive parser `accepts()` there, must give the same diagnostic.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lark.exceptions import UnexpectedToken
from text_mutations import mutated

from querydsl import check
from querydsl.language.errors import Diagnostic
from querydsl.language.grammar import lark_parser, token_table
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
        return unexpected_token(text, mismatch.token, mismatch.expected)
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
        expected = set(before.accepts()) or set(error.expected)
        return unexpected_token(text, raw, expected)
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
    assert diagnostic.message == "unexpected end of query; expected a value"
