"""Syntax errors in words: what was found, and what could have come instead.

Everything is read from the parser's Mismatch (the refused token, the tokens taken before it,
what the table could have taken): nothing here lexes or scans the text before the token again.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence, Set

from querydsl.carddata.redact import shortened
from querydsl.language.ast import METHOD_BY_TEXT, METHOD_OF_KEYWORD, METHOD_SYNONYMS, Method, Span
from querydsl.language.errors import Diagnostic
from querydsl.language.grammar import (
    NUMBER_WORD,
    PHRASES,
    TERMINAL_WORDS,
    VALUE_TERMINALS,
)
from querydsl.language.lalr import Mismatch
from querydsl.language.lexer import KEYWORDS
from querydsl.language.schema import Field, Schema, field_takes, methods_hint
from querydsl.language.slips import paging_given, slip_hint
from querydsl.language.target import SAYS_ALL, Target

_METHOD_WORDS = ("between", "in", "like", "not")
# What people write for a method: the payload's synonyms, and the text's own `!=`.
_TEXT_SYNONYMS = METHOD_SYNONYMS | {"is": "=", "ne": "!=", "neq": "!=", "<>": "!="}


def unexpected_token(
    text: str, mismatch: Mismatch, schema: Schema | None = None, target: Target = SAYS_ALL
) -> Diagnostic:
    """A syntax error in words: what was found, and what could have come instead.

    With a schema, what may follow a known field is what its type takes and what leads
    somewhere: a negation (`not in`, `!=`) only where the `target` can say it. `text` is read
    only after the refused token, where a hint quotes what was written next.

    >>> from querydsl.language.parser import parse_syntax
    >>> try:
    ...     parse_syntax("amount >")
    ... except Mismatch as mismatch:
    ...     found = unexpected_token("amount >", mismatch)
    >>> found.message, found.span, found.expected
    ('unexpected end of query; expected a value', (8, 8), ('value',))
    """
    token, read = mismatch.token, mismatch.read
    kind, value, start, end = token
    last = read[-1] if read else None
    at_end = kind == "$END"
    if at_end:  # point just after the last thing written (piped text ends with a newline)
        start = end = last[3] if last is not None else 0
    span: Span = (start, end)
    expected: Set[str] = mismatch.expected
    if "PAGE" in expected or "SIZE" in expected:
        expected = expected - paging_given(read)
    # BETWEEN follows nothing but a field: the parser stands right after its word.
    after_field = "BETWEEN" in expected
    field = None
    if schema is not None and after_field and last is not None:
        field = schema.lookup(last[1])
    if field is not None:
        expected = _taken_by(field, expected, target)
    # After `page` or `size` the table's WORD is a number, not a field.
    paging_number = expected == {"WORD"} and last is not None and last[0] in ("PAGE", "SIZE")
    words = (NUMBER_WORD,) if paging_number else expected_words(expected)
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
            if field is None or _leads_somewhere(field, match[0], target):
                hint = f"did you mean `{match[0]}`?"
            else:
                hint = methods_hint(field)
            message = f"unknown method `{shortened(value)}`"
            return Diagnostic("unknown_method", message, span=span, hint=hint, expected=words)
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
        hint = slip_hint(text, token, read, expected, schema)
    message = f"unexpected {found}; expected {describe(words)}"
    return Diagnostic("syntax_error", message, span=span, hint=hint, expected=words)


def _taken_by(field: Field, expected: Set[str], target: Target) -> set[str]:
    """What of `expected` after a field leads somewhere: no `in` or `like` after a date, no
    `>=` after an email, and no negation the target cannot say (the Homebank API: `not in`;
    `!=` but on true/false)."""
    allowed = field.type.methods
    taken = {
        name
        for name in expected
        if METHOD_OF_KEYWORD.get(name, Method.EQ) in allowed
        # `not` here only leads to `not in`
        and (name != "NOT" or (Method.IN in allowed and target.negatable(field.type, Method.IN)))
    }
    if "COMPARE" in taken and Method.LT not in allowed:
        taken.remove("COMPARE")
        taken.add("COMPARE_EQ")
        if target.negatable(field.type, Method.EQ):
            taken.add("COMPARE_NE")
    return taken


def _leads_somewhere(field: Field, word: str, target: Target) -> bool:
    """Whether a method word after a known field can lead somewhere (see _taken_by)."""
    if word == "not" or word == "!=":  # `not in`, and `=` negated
        return target.negatable(field.type, Method.IN if word == "not" else Method.EQ)
    return field_takes(field, METHOD_OF_KEYWORD.get(word.upper()) or METHOD_BY_TEXT.get(word))


def expected_words(expected: Iterable[str]) -> tuple[str, ...]:
    """The words (grammar.TERMINAL_WORDS) for what could have come, in the order a message
    lists them: every terminal a value may be is one `value`, `sort` is `order by`.

    >>> expected_words({"WORD", "LPAR", "NOT"})
    ('field', '(', 'not')
    >>> expected_words({"WORD", "STRING", "DATETIME", "CARD_MASK", "TRUE", "FALSE", "RPAR"})
    ('value',)
    """
    names = set(expected)
    if "STRING" in names:  # a value may stand here: its token kinds read as one
        # and after `in (`, not the `)` of an empty list: that parses, to be called `arity`
        names = (names - VALUE_TERMINALS - {"RPAR", "RSQB"}) | {"STRING"}
    if "SORT" in names:
        names = (names - {"SORT"}) | {"ORDER"}
    words = [word for name, word in TERMINAL_WORDS.items() if name in names]
    if len(words) < len(names):  # a terminal with no word of its own: its name, last
        words += sorted(name.lower() for name in names - TERMINAL_WORDS.keys())
    return tuple(words)


def describe(words: Sequence[str]) -> str:
    """What a message says was expected: ('field', '(', 'not') -> "a field, `(` or `not`"."""
    phrases = [PHRASES.get(word) or f"`{word}`" for word in words]
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " or " + phrases[-1]
