"""The recursive-descent reader accepts exactly what the LALR driver accepts, with an equal tree.

The two are one pair (querydsl/language/descent.py): the driver runs the grammar file's own
table and judges and words everything; the reader is a hand-written shortcut that hands what it
accepts to a builder (the tree's, or the binder's), for speed. One property states their
agreement; the other tests say where the reader leaves a text to the driver.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from syntax_trees import assert_readers_agree, driver_tree, dump, reader_tree
from text_mutations import mutated

from querydsl.language.descent import MAX_LENGTH, MAX_NESTING
from querydsl.language.parser import TooDeep, parse_syntax
from querydsl.strategies import query_texts
from tests.data.corpus import corpus

PIECES = [
    "amount", "payer_email", "f", "customer.email", "_x", "1abc", "a.", "*", "%",
    "and", "AND", "or", "not", "between", "in", "like", "order", "sort", "by", "asc", "desc",
    "page", "size", "true", "FALSE",
    "(", ")", "[", "]", ",", "=", "==", "!=", "<", ">=", ":", "..",
    "5", "-1.5", "2018-01-01", "2018-01-01T10:00Z", "4405...1234", "now-7d", "dana%",
    "'x y'", '"a\\"b"', "'\\u0041'", "'\\q'", "'\\ud800'", '"unclosed', "!", "@",
]  # fmt: skip
SOUP = st.lists(
    st.tuples(st.sampled_from([" ", "", "\n"]), st.sampled_from(PIECES)), max_size=14
).map(lambda pairs: "".join(gap + piece for gap, piece in pairs))


CORPUS = [entry.text for entry in corpus()]


@given(st.one_of(query_texts(), st.sampled_from(CORPUS), SOUP, mutated(query_texts(), PIECES)))
@example("f between 1 and 2 and g = 3")
@example("not not (a = 1 or (b in [] and c not in (x, 'y')))")
@example("order by a, b desc page 1 size 2")
@example("size 5 page 1")
@example("f : 1 .. 2")
@example("f = 'a\\qb'")
@example("1abc = 5")
@example("")
@settings(max_examples=4 * settings.default.max_examples)  # four sources of text
def test_the_reader_accepts_what_the_table_accepts_with_an_equal_tree(text: str) -> None:
    # The one law of the pair: within its nesting limit, the reader accepts a text exactly
    # when the grammar's table does, and builds the same tree; the binder, handed the query as
    # the reader reads it, makes what it makes of the driver's tree (query, spans, diagnostics).
    # Valid queries, the benchmark corpus, token soup and valid queries with one token changed
    # reach every place where the reader gives up.
    assume(text.count("(") + text.lower().count("not") <= MAX_NESTING)
    assert_readers_agree(text)


@pytest.mark.parametrize("text", CORPUS, ids=lambda text: text[:40])
def test_every_corpus_query_takes_the_shortcut(text: str) -> None:
    assert reader_tree(text) is not None


@pytest.mark.parametrize("opening", ["(", "not "])
def test_deep_nesting_is_left_to_the_driver(opening: str) -> None:
    # The reader recurses once per `(` or `not`: past MAX_NESTING levels, or past the caller's
    # depth limit, it gives up and the driver (which does not recurse) reads the text.
    def nested(levels: int) -> str:
        return opening * levels + "a = 1" + ")" * (levels * opening.count("("))

    deep, shallow = nested(MAX_NESTING + 1), nested(MAX_NESTING)
    assert reader_tree(deep, 100) is None
    assert dump(parse_syntax(deep, max_depth=100)) == dump(driver_tree(deep))
    assert reader_tree(shallow, 100) is not None
    assert reader_tree(nested(3), 2) is None
    assert reader_tree(nested(3), 3) is not None
    with pytest.raises(TooDeep):
        parse_syntax(nested(3), max_depth=2)
    # None is no limit (Limits(max_depth=None) comes here as it is, not as a stand-in number).
    assert dump(parse_syntax(deep, max_depth=None)) == dump(driver_tree(deep))
    assert dump(parse_syntax(shallow, max_depth=None)) == dump(driver_tree(shallow))


def test_long_text_is_left_to_the_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    # The reader lexes everything first; past MAX_LENGTH the driver, which stops at the first
    # bad token, refuses junk sooner.
    def refuse(*_: object) -> None:
        raise AssertionError("the reader was asked")

    long = "a = 1" + " and a = 1" * (MAX_LENGTH // 10)
    monkeypatch.setattr("querydsl.language.parser.read", refuse)
    assert len(long) > MAX_LENGTH
    assert dump(parse_syntax(long)) == dump(driver_tree(long))
    with pytest.raises(AssertionError, match="asked"):
        parse_syntax(long[:MAX_LENGTH])
