"""Syntax errors in words: what was found, and what could have come instead."""

from __future__ import annotations

import difflib
import re

from querydsl.ast import METHOD_SYNONYMS
from querydsl.errors import Diagnostic, Span
from querydsl.grammar import TERMINAL_RANK, TERMINAL_WORDS, VALUE_TERMINALS, token_table
from querydsl.lexer import KEYWORDS, LexError, RawToken, lex

METHOD_WORDS = ("between", "in", "like", "not")
# What people write for a method: the payload's synonyms, and the text's own `!=`.
_TEXT_SYNONYMS = METHOD_SYNONYMS | {"is": "=", "ne": "!=", "neq": "!=", "<>": "!="}


def unexpected_token(text: str, token: RawToken, expected: set[str]) -> Diagnostic:
    """A syntax error in words: what was found, and what could have come instead."""
    kind, value, start, end = token
    at_end = kind == "$END"
    if at_end:  # point just after the last thing written (piped text ends with a newline)
        start = end = len(text.rstrip(" \t\r\n"))
    span: Span = (start, end)
    if "PAGE" in expected or "SIZE" in expected:
        expected = expected - _paging_given(text[:start])
    # After `page` or `size` the table's WORD is a number, not a field.
    paging_number = expected == {"WORD"} and re.search(r"(?i)\b(page|size)\s*$", text[:start])
    wanted = "a whole number" if paging_number else describe_expected(expected)
    found = "end of query" if at_end else f"`{value}`"
    hint = None
    if kind == "WORD" and "BETWEEN" in expected:  # a word where a method goes
        synonym = _TEXT_SYNONYMS.get(value.lower())
        match = (
            [synonym]
            if synonym
            else difflib.get_close_matches(value.lower(), METHOD_WORDS, n=1, cutoff=0.6)
        )
        if match:
            return Diagnostic(
                "unknown_method",
                f"unknown method `{value}`",
                span=span,
                hint=f"did you mean `{match[0]}`?",
            )
    if kind == "WORD" and len(value) >= 3:  # `is` is no typo of `in`, nor `shop` of `sort`
        keywords = [k.lower() for k in KEYWORDS if k in expected]
        match = difflib.get_close_matches(value.lower(), keywords, n=1, cutoff=0.6)
        if match:
            hint = f"did you mean `{match[0]}`? keywords are whole words"
    elif kind == "RPAR" and "OR" in expected:  # after a whole condition, with no group open
        hint = "no `(` is open here; remove this `)`"
    elif kind in KEYWORDS and "STRING" in expected:
        hint = f'`{value}` is a keyword; to search for it, put it in quotes: "{value}"'
    elif kind in KEYWORDS and "WORD" in expected and not paging_number:
        hint = f"`{value}` is a keyword and cannot name a field"
    return Diagnostic(
        "syntax_error", f"unexpected {found}; expected {wanted}", span=span, hint=hint
    )


def _paging_given(before: str) -> set[str]:
    """`PAGE` and `SIZE` where `before` gives them already: each comes once, so neither is
    expected again. (Lexed again only when the words are there: an error is rare enough.)"""
    lowered = before.lower()
    if "page" not in lowered and "size" not in lowered:
        return set()
    try:
        tokens = lex(token_table(), before)
    except LexError:
        return set()
    return {kind for kind, *_ in tokens if kind == "PAGE" or kind == "SIZE"}


def describe_expected(expected: set[str]) -> str:
    """`{'WORD', 'LPAR', 'NOT'}` -> "a field, `(` or `not`"."""
    if "STRING" in expected:  # a value may stand here: its token kinds read as one
        expected = (expected - VALUE_TERMINALS) | {"STRING"}
    if "SORT" in expected:
        expected = (expected - {"SORT"}) | {"ORDER"}
    words = [TERMINAL_WORDS.get(name, name.lower()) for name in sorted(expected, key=_rank)]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _rank(name: str) -> int:
    return TERMINAL_RANK.get(name, len(TERMINAL_RANK))
