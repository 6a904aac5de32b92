"""The recursive-descent reader against the LALR driver: their trees, and the binder on both."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from querydsl.homebank.schema import HOMEBANK
from querydsl.language.check import Binding, binder
from querydsl.language.descent import ENDS, MAX_NESTING, read
from querydsl.language.grammar import token_table
from querydsl.language.lalr import Mismatch
from querydsl.language.lexer import LexError, RawToken, iter_lex, lex_readable
from querydsl.language.parser import driver
from querydsl.language.rules import Limits
from querydsl.language.syntax import Syntax, SyntaxFailure, TreeBuilder, replay
from tests.data.corpus import NOW

#: The binder both readers hand their queries to in the law below.
BINDER = binder(HOMEBANK, UTC, NOW, Limits(max_depth=None))


def dump(node: Any) -> Any:
    """Every slot of a tree (a syntax tree, or a Binding with its checked query and diagnostics,
    spans included), as nested tuples: the syntax nodes have no ==, and the AST's leaves spans
    out of it."""
    if isinstance(node, list | tuple):
        return tuple(dump(item) for item in node)
    slots = getattr(type(node), "__slots__", None)
    if slots is None or isinstance(node, str):
        return node
    return (type(node).__name__, *((slot, dump(getattr(node, slot))) for slot in slots))


def padded_tokens(text: str) -> list[RawToken] | None:
    """The tokens of `text` padded as parser.parse pads them for the reader, or None where the
    lexer refuses the text."""
    tokens, unreadable = lex_readable(token_table(), text)
    return None if unreadable is not None else tokens + ENDS


def reader_tree(text: str, max_nesting: int = MAX_NESTING) -> Syntax | None:
    """What the recursive-descent reader makes of `text`, or None where it leaves it."""
    tokens = padded_tokens(text)
    return None if tokens is None else read(tokens, TreeBuilder(), max_nesting)


def driver_tree(text: str) -> Syntax | None:
    """What the grammar's LALR table makes of `text`, or None where it refuses it."""
    try:
        tree: Syntax = driver().parse(iter_lex(token_table(), text))
    except (LexError, SyntaxFailure, Mismatch):
        return None
    return tree


def assert_readers_agree(text: str) -> None:
    """The reader accepts `text` exactly when the driver does, with an equal tree; and the binder
    the reader hands the query to as it reads makes what it makes of the driver's tree."""
    ours = reader_tree(text)
    theirs = driver_tree(text)
    if (ours is None) != (theirs is None):
        raise AssertionError(f"reader {ours is not None}, driver {theirs is not None}: {text!r}")
    if ours is None or theirs is None:
        return
    if dump(ours) != dump(theirs):
        raise AssertionError(f"the readers build different trees for {text!r}")
    tokens = padded_tokens(text)
    assert tokens is not None
    bound: Binding | None = read(tokens, BINDER())
    assert bound is not None
    if dump(bound) != dump(replay(theirs, BINDER())):
        raise AssertionError(f"the binder makes different queries of the readers for {text!r}")
