"""Tokens for syntax highlighting: any text, valid or not, split into kinds a search box colours."""

from __future__ import annotations

import re
from typing import Literal

import attrs

from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import Span
from querydsl.language.grammar import token_table
from querydsl.language.lexer import FORBIDDEN, KEYWORD_OF_WORD, KEYWORDS
from querydsl.language.rules import DEFAULT_MAX_LENGTH
from querydsl.language.schema import Schema
from querydsl.language.values import DATE, NUMBER, RELATIVE

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
SPACE = " \t\r\n"
_SPACE = re.compile(r"[ \t\r\n]+")
_LINE_END = re.compile(r"[ \t\r\n]*(?:\n|$)")


class _Context:
    """Just enough memory of what came before to tell a field from a value (exact on valid text)."""

    __slots__ = ("after_in", "between", "in_list", "in_order", "previous")

    def __init__(self) -> None:
        self.previous: str | None = None
        self.after_in = False  # the last token was IN: a `(` opens a value list
        self.in_list = False  # inside `in (...)`
        self.in_order = False  # inside `order by ...`
        self.between = 0  # values still owed to `between`, so its `and` is not a junction

    def field_here(self) -> bool:
        previous = self.previous
        if previous in (None, "OR", "NOT", "BY"):
            return True
        if previous == "AND":
            return self.between == 0
        if previous == "LPAR":
            return not self.in_list
        return previous == "COMMA" and self.in_order and not self.in_list

    def advance(self, terminal: str) -> None:
        if terminal == "LPAR" or terminal == "LSQB":
            self.in_list = self.after_in
        elif terminal in ("RPAR", "RSQB"):
            self.in_list = False
        elif terminal in ("ORDER", "SORT"):
            self.in_order = True
        elif terminal == "BETWEEN":
            self.between = 2
        elif self.between and terminal in ("WORD", "DATETIME", "STRING", "CARD_MASK"):
            self.between -= 1
        self.after_in = terminal == "IN"
        self.previous = terminal


def tokens(text: str, *, schema: Schema = HOMEBANK) -> list[Token]:
    """Every non-space character of `text` in exactly one token, in order; never raises.

    A word is a `field` where a field may stand, else a `number`, `date` or `value` by its
    shape; what cannot be read (an unclosed quote, a lone `!`, a control character) is `error`.
    Text past the length limit (10 000 characters) is one `error` token, as `check` reports it.
    The schema is accepted for symmetry with `complete`; kinds do not depend on it.

    >>> [(t.kind, t.text) for t in tokens("amount >= 10 and x = 'a")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('field', 'amount'), ('operator', '>='), ('number', '10'), ('keyword', 'and'),
     ('field', 'x'), ('operator', '='), ('error', "'a")]
    """
    if not isinstance(text, str):
        return []
    match_at, keywords = token_table().terminals.match, KEYWORD_OF_WORD
    next_bad = -1  # the first refused character at or after `pos`, once looked for
    context = _Context()
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
            context.advance("ERROR")
            pos += 1
            continue
        match = match_at(text, pos, limit)
        if match is None:
            stop = _unreadable_end(text, pos, limit)
            result.append(Token("error", (pos, stop), text[pos:stop]))
            context.advance("ERROR")
            pos = stop
            continue
        terminal = match.lastgroup or "WORD"
        value = match.group()
        if terminal == "WORD":
            terminal = keywords.get(value, "WORD")
        if terminal == "WORD":
            kind: TokenKind = "field" if context.field_here() else _shape(value)
        else:
            kind = _KIND_OF_TERMINAL[terminal]
        result.append(Token(kind, (pos, match.end()), value))
        context.advance(terminal)
        pos = match.end()
    return result


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
