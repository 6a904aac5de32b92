"""Syntax errors in words: what was found, and what could have come instead."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from querydsl.errors import Diagnostic, Span
from querydsl.grammar import TERMINAL_RANK, TERMINAL_WORDS, VALUE_TERMINALS
from querydsl.lexer import KEYWORDS

if TYPE_CHECKING:
    from lark import Token
    from lark.exceptions import UnexpectedToken

METHOD_WORDS = ("between", "in", "like", "not")


def unexpected_token(text: str, error: UnexpectedToken) -> Diagnostic:
    """A syntax error in words: what was found, and what could have come instead."""
    token: Token = error.token
    expected = _acceptable(error)
    at_end = token.type == "$END"
    # At the end, point just after the last thing written (piped text ends with a newline).
    end = len(text.rstrip(" \t\r\n"))
    span: Span = (end, end) if at_end else (token.start_pos, token.end_pos)  # type: ignore[assignment]
    wanted = describe_expected(expected)
    found = "end of query" if at_end else f"`{token}`"
    hint = None
    if token.type == "WORD" and "BETWEEN" in expected:
        match = difflib.get_close_matches(token.lower(), METHOD_WORDS, n=1, cutoff=0.6)
        if match:
            return Diagnostic(
                "unknown_method",
                f"unknown method `{token}`",
                span=span,
                hint=f"did you mean `{match[0]}`?",
            )
    if token.type == "WORD":
        keywords = [k.lower() for k in KEYWORDS if k in expected]
        match = difflib.get_close_matches(token.lower(), keywords, n=1, cutoff=0.5)
        if match:
            hint = f"did you mean `{match[0]}`? keywords are whole words"
    elif token.type in KEYWORDS and "STRING" in expected:
        hint = f'`{token}` is a keyword; to search for it, put it in quotes: "{token}"'
    elif token.type in KEYWORDS and "WORD" in expected:
        hint = f"`{token}` is a keyword and cannot name a field"
    if expected == {"WORD"} and re.search(r"(?i)\b(page|size)\s*$", text[: span[0]]):
        wanted = "a whole number"
    return Diagnostic(
        "syntax_error", f"unexpected {found}; expected {wanted}", span=span, hint=hint
    )


def _acceptable(error: UnexpectedToken) -> set[str]:
    """The terminals the parser could really take here (LALR lookahead sets are wider)."""
    try:
        accepted = set(error.interactive_parser.accepts())  # type: ignore[no-untyped-call]
    except Exception:  # the probe runs tree callbacks; any failure just means "use Lark's set"
        accepted = set()
    return accepted or set(error.expected)


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
