"""Loads the grammar once (Lark LALR over querydsl's lexer) and names its terminals in words."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from querydsl.language.lexer import TokenTable
from querydsl.language.terminals import PATTERNS

if TYPE_CHECKING:
    from lark import Lark

#: What a syntax error says could have come instead of the token it refuses, one word per
#: terminal (never a terminal's name): the word as it is written, or a noun for what varies.
#: These are the words of `Diagnostic.expected`; a message lists them in this order.
TERMINAL_WORDS = {
    "WORD": "field",
    "STRING": "value",  # and every other terminal a value may be (VALUE_TERMINALS)
    "LPAR": "(",
    "NOT": "not",
    "COMPARE": "operator",
    # COMPARE after a field whose type has no order: `=`, and `!=` on true/false fields (the
    # only negation of `=` the API can say).
    "COMPARE_EQ": "=",
    "COMPARE_NE": "!=",
    "COLON": ":",
    "BETWEEN": "between",
    "IN": "in",
    "LIKE": "like",
    "RPAR": ")",
    "LSQB": "[",
    "RSQB": "]",
    "COMMA": ",",
    "RANGE": "..",
    "AND": "and",
    "OR": "or",
    "ORDER": "order by",  # and SORT, its synonym
    "BY": "by",
    "ASC": "asc",
    "DESC": "desc",
    "PAGE": "page",
    "SIZE": "size",
    "$END": "end",
}
#: The word for the WORD after `page` or `size`, where it is a number, not a field.
NUMBER_WORD = "number"
#: How a message says the nouns among those words; any other word it quotes as written: `(`.
PHRASES = {
    "field": "a field",
    "value": "a value",
    NUMBER_WORD: "a whole number",
    "operator": "an operator such as `=` or `>=`",
    "end": "the end of the query",
}
#: Terminals that are all "a value" when a value is expected.
VALUE_TERMINALS = frozenset({"WORD", "STRING", "DATETIME", "CARD_MASK", "TRUE", "FALSE"})
#: The value terminals written as they are, without quotes.
BARE_VALUE_TERMINALS = VALUE_TERMINALS - {"STRING"}


def grammar_text() -> str:
    """The grammar: packaged inside the wheel, or beside the package in a source checkout."""
    # Imported here: a valid query never needs the grammar's text (they cost 5 ms at import).
    from importlib import resources
    from pathlib import Path

    packaged = resources.files("querydsl").joinpath("grammars", "querydsl.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "grammars" / "querydsl.lark"
    return checkout.read_text(encoding="utf-8")


@functools.cache
def lark_parser() -> Lark:
    """The LALR parser: its table and terminals drive querydsl's own loop (lalr.Driver)."""
    # Lark is imported here, on the first parse: `import querydsl` does not pay for it.
    from lark import Lark

    from querydsl.language.lark_lexer import QueryLexer

    return Lark(
        grammar_text(),
        parser="lalr",
        lexer=QueryLexer,
        maybe_placeholders=True,
        propagate_positions=False,
    )


@functools.cache
def token_table() -> TokenTable:
    """The compiled terminals of the grammar, for tokenizing outside a parse: as Lark compiles
    them, shipped in terminals.py (tests/test_terminals.py checks they agree), so that a valid
    query is read without importing Lark or building its parser."""
    return TokenTable(PATTERNS)
