"""Syntax errors in words: what was found, and what could have come instead."""

from __future__ import annotations

import difflib
import re

from querydsl.carddata.redact import shortened
from querydsl.language.ast import METHOD_BY_TEXT, METHOD_OF_KEYWORD, METHOD_SYNONYMS, Method, Span
from querydsl.language.errors import Diagnostic
from querydsl.language.grammar import TERMINAL_RANK, TERMINAL_WORDS, VALUE_TERMINALS, token_table
from querydsl.language.lexer import KEYWORDS, LexError, RawToken, lex
from querydsl.language.rules import negatable
from querydsl.language.schema import METHODS_BY_TYPE, Field, Schema, field_takes, methods_hint
from querydsl.language.slips import slip_hint, word_before

_METHOD_WORDS = ("between", "in", "like", "not")
# What people write for a method: the payload's synonyms, and the text's own `!=`.
_TEXT_SYNONYMS = METHOD_SYNONYMS | {"is": "=", "ne": "!=", "neq": "!=", "<>": "!="}


def unexpected_token(
    text: str, token: RawToken, expected: set[str], schema: Schema | None = None
) -> Diagnostic:
    """A syntax error in words: what was found, and what could have come instead.

    With a schema, what may follow a known field is what its type takes.
    """
    kind, value, start, end = token
    at_end = kind == "$END"
    if at_end:  # point just after the last thing written (piped text ends with a newline)
        start = end = len(text.rstrip(" \t\r\n"))
    span: Span = (start, end)
    if "PAGE" in expected or "SIZE" in expected:
        expected = expected - _paging_given(text[:start])
    after_field = "BETWEEN" in expected
    field = None if schema is None or not after_field else _field_before(text[:start], schema)
    if field is not None:
        expected = _taken_by(field, expected)
    # After `page` or `size` the table's WORD is a number, not a field.
    paging_number = expected == {"WORD"} and re.search(r"(?i)\b(page|size)\s*$", text[:start])
    wanted = "a whole number" if paging_number else describe_expected(expected)
    found = "end of query" if at_end else f"`{shortened(value)}`"
    hint = None
    if kind == "WORD" and after_field:  # a word where a method goes
        synonym = _TEXT_SYNONYMS.get(value.lower())
        match = (
            [synonym]
            if synonym
            else difflib.get_close_matches(value.lower(), _METHOD_WORDS, n=1, cutoff=0.6)
        )
        if match:
            if field is None or _leads_somewhere(field, match[0]):
                hint = f"did you mean `{match[0]}`?"
            else:
                hint = methods_hint(field)
            message = f"unknown method `{shortened(value)}`"
            return Diagnostic("unknown_method", message, span=span, hint=hint)
    if kind == "WORD" and len(value) >= 3:  # `is` is no typo of `in`, nor `shop` of `sort`
        keywords = [k.lower() for k in KEYWORDS if k in expected]
        close = difflib.get_close_matches(value.lower(), keywords, n=3, cutoff=0.6)
        match = [keyword for keyword in close if keyword[0] == value[0].lower()]  # not york: or
        if match:
            hint = f"did you mean `{match[0]}`? keywords are whole words"
    elif kind == "RPAR" and "OR" in expected:  # after a whole condition, with no group open
        hint = "no `(` is open here; remove this `)`"
    elif kind in KEYWORDS and "STRING" in expected:
        hint = f'`{value}` is a keyword; to search for it, put it in quotes: "{value}"'
    elif kind in KEYWORDS and "WORD" in expected and not paging_number:
        hint = f"`{value}` is a keyword and cannot name a field"
    if hint is None:
        hint = slip_hint(text, token, expected, schema)
    return Diagnostic(
        "syntax_error", f"unexpected {found}; expected {wanted}", span=span, hint=hint
    )


def _field_before(before: str, schema: Schema) -> Field | None:
    """The known field `before` ends with, or None (the parser stands right after a word).

    Read back from the text: lexing `before` again would cost a twentieth of an error's
    whole wording.
    """
    return schema.lookup(word_before(before.rstrip()))


def _taken_by(field: Field, expected: set[str]) -> set[str]:
    """What of `expected` after a field leads to a payload: no `in` or `like` after a date, no
    `>=` after an email, and no negation the API cannot say (`not in`; `!=` but on true/false)."""
    allowed = METHODS_BY_TYPE[field.type]
    taken = {
        name
        for name in expected
        if METHOD_OF_KEYWORD.get(name, Method.EQ) in allowed
        # `not` here only leads to `not in`
        and (name != "NOT" or (Method.IN in allowed and negatable(field.type, Method.IN)))
    }
    if "COMPARE" in taken and Method.LT not in allowed:
        taken.remove("COMPARE")
        taken.add("COMPARE_EQ")
        if negatable(field.type, Method.EQ):
            taken.add("COMPARE_NE")
    return taken


def _leads_somewhere(field: Field, word: str) -> bool:
    """Whether a method word after a known field can lead to a payload (see _taken_by)."""
    if word == "not" or word == "!=":  # `not in`, and `=` negated
        return negatable(field.type, Method.IN if word == "not" else Method.EQ)
    return field_takes(field, METHOD_OF_KEYWORD.get(word.upper()) or METHOD_BY_TEXT.get(word))


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
        # and after `in (`, not the `)` of an empty list: that parses, to be called `arity`
        expected = (expected - VALUE_TERMINALS - {"RPAR", "RSQB"}) | {"STRING"}
    if "SORT" in expected:
        expected = (expected - {"SORT"}) | {"ORDER"}
    words = [TERMINAL_WORDS.get(name, name.lower()) for name in sorted(expected, key=_rank)]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _rank(name: str) -> int:
    return TERMINAL_RANK.get(name, len(TERMINAL_RANK))
