"""Syntax trees compared: the recursive-descent reader against the LALR driver."""

from __future__ import annotations

from typing import Any

from querydsl.language.descent import read
from querydsl.language.grammar import token_table
from querydsl.language.lalr import Mismatch
from querydsl.language.lexer import LexError, iter_lex
from querydsl.language.parser import driver
from querydsl.language.syntax import Syntax, SyntaxFailure


def dump(node: Any) -> Any:
    """Every slot of a syntax tree, as nested tuples (the nodes have no ==)."""
    if isinstance(node, list | tuple):
        return tuple(dump(item) for item in node)
    slots = getattr(type(node), "__slots__", None)
    if slots is None:
        return node
    return (type(node).__name__, *((slot, dump(getattr(node, slot))) for slot in slots))


def driver_tree(text: str) -> Syntax | None:
    """What the grammar's LALR table makes of `text`, or None where it refuses it."""
    try:
        tree: Syntax = driver().parse(iter_lex(token_table(), text))
    except (LexError, SyntaxFailure, Mismatch):
        return None
    return tree


def assert_readers_agree(text: str) -> None:
    """The reader accepts `text` exactly when the driver does, with an equal tree."""
    ours = read(token_table(), text)
    theirs = driver_tree(text)
    if (ours is None) != (theirs is None):
        raise AssertionError(f"reader {ours is not None}, driver {theirs is not None}: {text!r}")
    if ours is not None and dump(ours) != dump(theirs):
        raise AssertionError(f"the readers build different trees for {text!r}")
