"""Loads the grammar once (Lark LALR over querydsl's lexer) and names its terminals in words."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from querydsl.language.lexer import TokenTable
from querydsl.language.terminals import PATTERNS

if TYPE_CHECKING:
    from lark import Lark

#: Human names of terminals, for "expected ..." messages (never show terminal names).
TERMINAL_WORDS = {
    "WORD": "a field",
    "STRING": "a value",
    "LPAR": "`(`",
    "NOT": "`not`",
    "COMPARE": "an operator such as `=` or `>=`",
    # COMPARE after a field whose type has no order: `=`, and `!=` on true/false fields (the
    # only negation of `=` the API can say).
    "COMPARE_EQ": "`=`",
    "COMPARE_NE": "`!=`",
    "COLON": "`:`",
    "BETWEEN": "`between`",
    "IN": "`in`",
    "LIKE": "`like`",
    "RPAR": "`)`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "COMMA": "`,`",
    "RANGE": "`..`",
    "AND": "`and`",
    "OR": "`or`",
    "ORDER": "`order by`",
    "BY": "`by`",
    "ASC": "`asc`",
    "DESC": "`desc`",
    "PAGE": "`page`",
    "SIZE": "`size`",
    "$END": "the end of the query",
}
#: The order in which expected things are listed.
TERMINAL_RANK = {name: rank for rank, name in enumerate(TERMINAL_WORDS)}
#: Terminals that are all "a value" when a value is expected.
VALUE_TERMINALS = frozenset({"WORD", "STRING", "DATETIME", "CARD_MASK", "TRUE", "FALSE"})
#: The value terminals written as they are, without quotes.
BARE_VALUE_TERMINALS = VALUE_TERMINALS - {"STRING"}


def grammar_text() -> str:
    """The grammar: packaged inside the wheel, or beside the package in a source checkout."""
    from importlib import resources  # here: a valid query never needs the grammar's text

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
