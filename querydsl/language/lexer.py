"""Text to tokens, with the terminal patterns read from the grammar file."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import chain, islice, product

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
    for letters in product(*({c, c.lower()} for c in name))
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
        self._alternatives = [f"(?P<{name}>{patterns[name]})" for name in TERMINAL_ORDER]
        alternatives = [*self._alternatives, r"(?P<END>\Z)", "(?P<ERROR>.)"]
        # Two shortcuts that change no token, for the regex engine tries the alternatives one
        # by one: a word whose first character is no digit can be nothing but a WORD (the
        # terminals tried before WORD start with a digit or a quote), so most tokens match
        # the first alternative; and the digit-led terminals are not tried without a digit.
        lead = f"(?P<LEAD_WORD>(?=[^0-9]){patterns['WORD']})"
        digit_led = f"(?=[0-9])(?:{alternatives[0]}|{alternatives[1]})"
        assert TERMINAL_ORDER[:2] == ("DATETIME", "CARD_MASK"), "the digit-led terminals"
        shortcut = [lead, digit_led, *alternatives[2:]]
        self.master = re.compile("[ \t\r\n]*(?:" + "|".join(shortcut) + ")", re.S)
        #: The terminal of each group number (a match's `lastindex` is cheaper than its name).
        self.kinds = ("", "WORD", *TERMINAL_ORDER, "END", "ERROR")

    @functools.cached_property
    def terminals(self) -> re.Pattern[str]:
        """The terminals alone, for readers that step over errors themselves (highlighting);
        compiled on first use, as a process that only sends payloads never needs it."""
        return re.compile("|".join(self._alternatives))


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
    """The tokens of `text` from `start`; raise LexError at a character no token can start.

    >>> from querydsl.language.grammar import token_table
    >>> lex(token_table(), "amount >= 5")
    [('WORD', 'amount', 0, 6), ('COMPARE', '>=', 7, 9), ('WORD', '5', 10, 11)]
    """
    tokens: list[RawToken] = []
    _read(text, table.master.finditer(text, start), table.kinds, tokens)
    return tokens


def lex_readable(table: TokenTable, text: str) -> tuple[list[RawToken], LexError | None]:
    """The tokens of `text` as far as they can be read, and why they stop there, if they do.

    >>> from querydsl.language.grammar import token_table
    >>> tokens, error = lex_readable(token_table(), "amount > 'open")
    >>> [token[1] for token in tokens], error.message
    (['amount', '>'], 'this string has no closing quote')
    """
    tokens: list[RawToken] = []
    try:
        _read(text, table.master.finditer(text), table.kinds, tokens)
    except LexError as error:
        return tokens, error
    return tokens, None


def iter_lex(table: TokenTable, text: str, start: int = 0) -> Iterator[RawToken]:
    """The tokens of `text` one by one, so that a reader may stop early: the LexError of a
    character no token can start comes when the reader gets there, and past the first
    `_BATCH` tokens the text is lexed a batch at a time."""
    matches = table.master.finditer(text, start)
    tokens: list[RawToken] = []
    try:
        ended = _read(text, islice(matches, _BATCH), table.kinds, tokens)
    except LexError as error:
        return chain(tokens, _raising(error))
    # Most texts end within the first batch: a list's iterator costs less than a generator.
    return iter(tokens) if ended else chain(tokens, _batches(text, matches, table.kinds))


#: How many tokens iter_lex reads ahead of its reader.
_BATCH = 512
#: The group numbers in TokenTable.master of the words (those led by a character other than a
#: digit first, the rest in the grammar's order) and of the end of the text (after it, ERROR).
_LEAD_WORD_GROUP = 1
_WORD_GROUP = TERMINAL_ORDER.index("WORD") + 2
_END_GROUP = len(TERMINAL_ORDER) + 2


def _read(
    text: str, matches: Iterable[re.Match[str]], kinds: tuple[str, ...], tokens: list[RawToken]
) -> bool:
    """Append the tokens of `matches` to `tokens`; whether the end of the text came. LexError at
    a character no token can start (`tokens` then holds those before it)."""
    keyword, append = KEYWORD_OF_WORD.get, tokens.append
    lead_word, word, end_group = _LEAD_WORD_GROUP, _WORD_GROUP, _END_GROUP  # locals: no lookups
    # The hot loop of lexing: the group's text and the match's end (the token's: the whitespace
    # is before it) cost less than the group's span and a slice of the text.
    for match in matches:
        group: int = match.lastindex  # type: ignore[assignment]
        value = match[group]
        end = match.end()
        if group == lead_word or group == word:  # noqa: SIM109 (two compares cost less)
            append((keyword(value, "WORD"), value, end - len(value), end))
        elif group < end_group:
            append((kinds[group], value, end - len(value), end))
        elif group == end_group:
            return True
        else:
            raise _unreadable(text, end - 1)
    return False


def _batches(
    text: str, matches: Iterator[re.Match[str]], kinds: tuple[str, ...]
) -> Iterator[RawToken]:
    """The tokens of the rest of `matches`, read `_BATCH` at a time."""
    while True:
        tokens: list[RawToken] = []
        try:
            ended = _read(text, islice(matches, _BATCH), kinds, tokens)
        except LexError:
            yield from tokens
            raise
        yield from tokens
        if ended or not tokens:
            return


def _raising(error: LexError) -> Iterator[RawToken]:
    raise error
    yield  # a generator: raises only when its reader gets this far


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
