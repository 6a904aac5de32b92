"""Tokens for syntax highlighting: any text, valid or not, split into kinds a search box colours.

Whether a word is a field is read from the grammar's LALR table, as completion reads it.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import attrs

from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import Span
from querydsl.language.datetimes import DATE, RELATIVE
from querydsl.language.grammar import token_table
from querydsl.language.lalr import Driver
from querydsl.language.lexer import FORBIDDEN, KEYWORD_OF_WORD, KEYWORDS
from querydsl.language.parser import driver
from querydsl.language.rules import DEFAULT_MAX_LENGTH
from querydsl.language.schema import Schema
from querydsl.language.values import NUMBER

TokenKind = Literal[
    "field", "keyword", "operator", "string", "number", "date", "value", "punctuation", "error"
]


@attrs.frozen
class Token:
    """One highlighted piece of text: its `kind`, its `span` and the `text` itself.

    >>> Token("field", (0, 6), "amount").kind
    'field'
    """

    kind: TokenKind
    span: Span
    text: str


_KIND_OF_TERMINAL: dict[str, TokenKind] = {
    **{name: "keyword" for name in KEYWORDS},
    "TRUE": "value",
    "FALSE": "value",
    "DATETIME": "date",
    "CARD_MASK": "value",
    "STRING": "string",
    "COMPARE": "operator",
    "COLON": "operator",
    "RANGE": "operator",
    "LPAR": "punctuation",
    "RPAR": "punctuation",
    "LSQB": "punctuation",
    "RSQB": "punctuation",
    "COMMA": "punctuation",
}
#: How many rows of the table's stack a refused token may pop to be taken: enough for the usual
#: slips, and a bound on what each refused token costs (the stack may be deep).
_RECOVERY_DEPTH = 8
SPACE = " \t\r\n"
_SPACE = re.compile(r"[ \t\r\n]+")
_LINE_END = re.compile(r"[ \t\r\n]*(?:\n|$)")


def tokens(text: str, *, schema: Schema = HOMEBANK) -> list[Token]:
    """Every non-space character of `text` in exactly one token, in order; never raises.

    A word is a `field` where the grammar's table, as completion reads it, takes a field after
    the tokens before it; else a `number`, `date` or `value` by its shape. Past a token the
    table refuses, the reading goes on as well as it can (see _take), and right after what
    cannot be read (an unclosed quote, a lone `!`, a control character: an `error`) no word is
    a field. Text past the length limit (10 000 characters) is one `error` token, as `check`
    reports it. The schema is accepted for symmetry with `complete`; kinds do not depend on it.

    >>> [(t.kind, t.text) for t in tokens("amount >= 10 and x = 'a")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('field', 'amount'), ('operator', '>='), ('number', '10'), ('keyword', 'and'),
     ('field', 'x'), ('operator', '='), ('error', "'a")]
    """
    if not isinstance(text, str):
        return []
    match_at, keywords = token_table().terminals.match, KEYWORD_OF_WORD
    next_bad = -1  # the first refused character at or after `pos`, once looked for
    parser = driver()
    stack = [parser.start_row]  # the table's stack after the tokens it took so far
    after_error = False  # the last token could not be read: what it stands for is unknown
    result: list[Token] = []
    pos, end, cap = 0, len(text), DEFAULT_MAX_LENGTH
    while pos < end:
        space = _SPACE.match(text, pos)
        if space is not None:
            pos = space.end()
        if pos >= cap:  # limit_exceeded: the rest is not read, as check() reports it
            rest = text[cap:].strip(SPACE)  # no token starts or ends with a space
            if rest:
                start = text.index(rest[0], cap)
                result.append(Token("error", (start, start + len(rest)), rest))
            break
        if pos >= end:
            break
        if next_bad < pos:  # looked for up to the limit only: text past it is never read
            bad = FORBIDDEN.search(text, pos, cap)
            next_bad = end if bad is None else bad.start()
        limit = min(next_bad, cap)  # no token reads past the limit
        if limit == pos:  # a control or format character: never part of a token
            result.append(Token("error", (pos, pos + 1), text[pos]))
            after_error = True
            pos += 1
            continue
        match = match_at(text, pos, limit)
        if match is None:
            stop = _unreadable_end(text, pos, limit)
            result.append(Token("error", (pos, stop), text[pos:stop]))
            after_error = True
            pos = stop
            continue
        terminal = match.lastgroup or "WORD"
        value = match.group()
        if terminal == "WORD":
            terminal = keywords.get(value, "WORD")
        if terminal == "WORD":
            # Where a field may stand the row has a goto on `field` (a WORD causes no reduction);
            # a word the table refuses where it stands is no field, whatever comes of it.
            field_here = not after_error and "field" in stack[-1]
            kind: TokenKind = "field" if field_here else _shape(value)
        else:
            kind = _KIND_OF_TERMINAL[terminal]
        result.append(Token(kind, (pos, match.end()), value))
        _take(parser, stack, terminal)
        after_error = False
        pos = match.end()
    return result


def _take(parser: Driver, stack: list[dict[str, Any]], terminal: str) -> None:
    """Put `terminal` on the table's stack, reading on past a slip (panic-mode recovery): where
    the table refuses it, the rows of up to _RECOVERY_DEPTH open constructs are popped first
    (`a = 1 or or b = 2` reads on as `a = 1 or b = 2`); where it is refused at every depth
    tried, the reading starts again after it, as at the start of a query."""
    if parser.feed(stack, terminal):
        return
    for depth in range(len(stack) - 1, max(0, len(stack) - _RECOVERY_DEPTH), -1):
        if parser.takes(stack, terminal, depth):
            del stack[depth:]
            parser.feed(stack, terminal)
            return
    del stack[1:]


def _unreadable_end(text: str, pos: int, limit: int) -> int:
    """Where an error token that starts at `pos` ends: an unclosed quote runs to the line's end."""
    if text[pos] in "\"'":
        line_end = _LINE_END.search(text, pos, limit)
        stop = line_end.start() if line_end is not None else limit
        return max(stop, pos + 1)
    return pos + 1


def _shape(word: str) -> TokenKind:
    if NUMBER.fullmatch(word):
        return "number"
    if DATE.fullmatch(word) or RELATIVE.fullmatch(word):
        return "date"
    return "value"
