"""Text to tokens, with the terminal patterns read from the grammar file."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

# The order the terminals are tried in: the first that matches wins.
TERMINAL_ORDER = (
    "DATETIME",
    "CARD_MASK",
    "STRING",
    "WORD",
    "COMPARE",
    "RANGE",
    "COLON",
    "LPAR",
    "RPAR",
    "LSQB",
    "RSQB",
    "COMMA",
)
KEYWORDS = (
    "AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "ORDER", "SORT", "BY",
    "ASC", "DESC", "PAGE", "SIZE", "TRUE", "FALSE",
)  # fmt: skip
#: The keyword a word spells, in any mix of ASCII upper and lower case (`Or`, `BETWEEN`).
#: Letters that only fold to ASCII in Unicode (the Kelvin sign, long s, dotless i) make a word.
#: Every spelling is listed so that a word is looked up as it is, without lowering it first.
KEYWORD_OF_WORD = {
    "".join(letters): name
    for name in KEYWORDS
    for letters in itertools.product(*({c, c.lower()} for c in name))
}

# Characters refused anywhere, quotes included: controls other than tab/CR/LF, bidi and
# zero-width format characters, and lone surrogates. They hide or reorder what a person reads.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


class LexError(Exception):
    """A character no token can start with; `span` covers what cannot be read."""

    def __init__(self, message: str, span: tuple[int, int], hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.hint = hint


#: A token on the hot path: (kind, text, start, end).
RawToken = tuple[str, str, int, int]


class TokenTable:
    """The compiled terminals: one alternation of named groups, tried in TERMINAL_ORDER.

    Each match takes the whitespace before a token, and the alternation ends with the end of
    the text and any other single character, so one `finditer` walks the whole text; an `ERROR`
    match is a character no token can start with.
    """

    def __init__(self, patterns: dict[str, str]) -> None:
        alternatives = [f"(?P<{name}>{patterns[name]})" for name in TERMINAL_ORDER]
        #: The terminals alone, for readers that step over errors themselves (highlighting).
        self.terminals = re.compile("|".join(alternatives))
        alternatives += [r"(?P<END>\Z)", "(?P<ERROR>.)"]
        self.master = re.compile("[ \t\r\n]*(?:" + "|".join(alternatives) + ")", re.S)
        #: The terminal of each group number (a match's `lastindex` is cheaper than its name).
        self.kinds = ("", *TERMINAL_ORDER, "END", "ERROR")


def forbidden_character(text: str) -> LexError | None:
    """The first character that is refused anywhere in a query, as an error, or None."""
    if text.isprintable():  # every refused character is unprintable: most text needs no search
        return None
    match = FORBIDDEN.search(text)
    if match is None:
        return None
    char = match.group()
    name = unicodedata.name(char, "") or ("lone surrogate" if "\ud800" <= char <= "\udfff" else "")
    described = f"U+{ord(char):04X}" + (f" ({name.lower()})" if name else "")
    return LexError(
        f"the character {described} is not allowed in a query",
        (match.start(), match.end()),
        "remove it; to search for it, write it as \\uXXXX inside quotes",
    )


def lex(table: TokenTable, text: str, start: int = 0) -> list[RawToken]:
    """The tokens of `text` from `start`; raise LexError at a character no token can start."""
    return list(iter_lex(table, text, start))


def iter_lex(table: TokenTable, text: str, start: int = 0) -> Iterator[RawToken]:
    """The tokens of `text` one by one, so that a reader may stop early."""
    keywords, kinds = KEYWORD_OF_WORD, table.kinds
    for match in table.master.finditer(text, start):
        group: int = match.lastindex  # type: ignore[assignment]
        begin, end = match.span(group)
        value = text[begin:end]
        kind = kinds[group]
        if kind == "WORD":
            kind = keywords.get(value, "WORD")
        elif kind == "END":
            break
        elif kind == "ERROR":
            raise _unreadable(text, begin)
        yield (kind, value, begin, end)


def _unreadable(text: str, pos: int) -> LexError:
    char = text[pos]
    if char in "\"'":  # the parser words a quote inside a word (slips.quote_in_word_hint)
        hint = f"add a {char} at the end of the string"
        return LexError("this string has no closing quote", (pos, len(text)), hint)
    if char == "!":
        return LexError("`!` must be followed by `=`", (pos, pos + 1), "write != for not equal")
    if char.isspace():
        return LexError(
            f"the space character U+{ord(char):04X} is not allowed",
            (pos, pos + 1),
            "use a plain space",
        )
    return LexError(f"unexpected character {char!r}", (pos, pos + 1))
