"""Hints for the usual slips behind a syntax error: a value with a space, `=>`, `&&`, `1,000` ..."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set

from querydsl.carddata.redact import to_type
from querydsl.language.grammar import VALUE_TERMINALS
from querydsl.language.lexer import KEYWORDS, RawToken
from querydsl.language.schema import FieldType, Schema
from querydsl.language.text import quote

#: Signs and words from other query languages, what this one writes for them, and the token
#: that must be expected for the hint to fit (`limit` after a text value is just a word).
_SPELLED = {
    "&&": ("and", "AND"),
    "&": ("and", "AND"),
    "||": ("or", "OR"),
    "|": ("or", "OR"),
    "≥": (">=", "COMPARE"),
    "≤": ("<=", "COMPARE"),
    "≠": ("!=", "COMPARE"),
    "ascending": ("asc", "ASC"),
    "descending": ("desc", "DESC"),
    "limit": ("size", "SIZE"),
}
#: Two signs written the wrong way round: `=` then `>` is `>=`.
_TURNED = {("=", ">"): ">=", ("=", "<"): "<=", ("<", ">"): "!=", ("=", "!"): "!="}
#: Typographic quotes, pasted from a document or a chat (U+201C and U+201D, U+2018 and U+2019 ...).
_SMART_QUOTES = frozenset("\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb")
#: What ends a bare word besides whitespace (grammars/querydsl.lark, WORD).
_WORD_ENDS = "()[],\"'=<>!:"
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_SO_FAR = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}(?::[0-9]{2}){0,2}$")
_DATETIME_EXAMPLES = "2024-01-01T10:00, 2024-01-01T10:00:00Z or 2024-01-01T10:00+06:00"
#: `- 7d`, `- 1 day`, `+ 30 min`: a period written with spaces or a unit in words.
_SIGNED_PERIOD = re.compile(
    r"([+-])\s*([0-9]{1,9})\s*(s|sec|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?"
    r"|w|wks?|weeks?)\b",
    re.I,
)
_CLOCK = re.compile(r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])")
_GLUED = re.compile(r"([0-9][0-9.:TZtz+-]*)(and|or)", re.I)  # `5and`: a number, then a keyword
_RELATIVE = frozenset({"now", "today", "yesterday"})
_KEYWORD_TEXT = {name: name.lower() for name in KEYWORDS}
#: The plain words right after a token, one at a time, as far as they go.
_PLAIN_WORD = re.compile(rf"\s+([^\s{re.escape(_WORD_ENDS)}]+)")
#: The rest of a word a quote began inside (`Brien` of `O'Brien`), up to a space or bracket.
_WORD_REST = re.compile(r"[^\s()\[\],]*")
#: Three digits after a comma: `1,000`.
_THOUSANDS = re.compile(r"[0-9]{3}\b")
#: The tokens that end with a quote, a bracket, a comma or a sign: no word goes on past them.
_NOT_WORDS = frozenset({"STRING", "COMPARE", "COLON", "LPAR", "RPAR", "LSQB", "RSQB", "COMMA"})
_PAGING = frozenset({"PAGE", "SIZE"})


def slip_hint(
    text: str,
    token: RawToken,
    read: Sequence[RawToken],
    expected: Set[str],
    schema: Schema | None = None,
) -> str | None:
    """A hint for what the writer likely meant, when the refused token shows a usual slip.

    `read` are the tokens taken before `token`; `text` is read only after it, where a hint
    quotes what was written next.
    """
    kind, value, start, _ = token
    if kind == "$END":  # the text stops short: a search box while one types, no slip
        return None
    if not _SMART_QUOTES.isdisjoint(value):
        return "use straight quotes, \" or ', around a value"
    last = read[-1] if read else None
    touching = (last[3] if last is not None else 0) == start  # nothing between them
    begun = _word_begins(read)
    previous = "".join(piece for _, piece, *_ in read[begun:])  # the word just before
    spelled = _SPELLED.get(value.lower())
    if (
        spelled
        and spelled[1] in expected
        and not ("OR" in expected and previous and _takes_text(read, begun, schema))
    ):
        return f"write `{spelled[0]}`"
    turned = _TURNED.get((last[1][-1], value[:1])) if touching and last is not None else None
    if turned:
        return f"write `{turned}`"
    if kind == "COLON" and touching and _DATETIME_SO_FAR.search(previous):
        return f"write a date and time as {_DATETIME_EXAMPLES}"
    if kind == "STRING" and touching and previous:  # O'Brien': the quote began a string
        return quote_in_word_hint(text, start, previous)
    if kind in ("ORDER", "SORT") and paging_given(read):
        return "`order by` comes before `page` and `size`"
    if kind == "LPAR" and "STRING" in expected:  # a list where one value goes
        if previous.lower() == "between":
            return "write a range as between a..b"
        return "for a list of values, write f in (a, b)"
    if "LPAR" in expected and "LSQB" in expected:
        return "write the values in parentheses, f in (a, b); for a range, f between a..b"
    if kind == "RANGE" and "RANGE" not in expected and previous.isdigit():  # 4003..9282
        return "write a card mask as 4003...9282: 4 to 6 digits, 3 or 4 dots (or * or X), 4 digits"
    if kind == "COMMA" and "RANGE" in expected:
        return "write a range as between a..b or between a and b"
    if "COMMA" in expected and "RPAR" in expected and kind in VALUE_TERMINALS:  # in (1 2)
        return "separate the values with commas: (a, b)"
    if "OR" in expected and previous and not _keyword_begun(value, expected):
        return _after_value(text, token, read, begun, previous, touching, schema)
    return None


def _after_value(
    text: str,
    token: RawToken,
    read: Sequence[RawToken],
    begun: int,
    previous: str,
    touching: bool,
    schema: Schema | None,
) -> str | None:
    """The slip behind a token refused right after the word `previous`, `read[begun:]`, ended
    a condition."""
    kind, value, start, end = token
    glued = _GLUED.fullmatch(previous)
    if glued:
        return f"put a space before `{glued[2]}`"
    if kind == "WORD" and schema is not None and schema.lookup(value) is not None:
        return f"join conditions with `and` or `or`: ... and {value} ..."
    if _takes_text(read, begun, schema):  # a string field's: quotes are the fix
        return _quote_hint(text, previous, value, end, schema) if kind == "WORD" else None
    if kind == "COMMA" and _NUMBER.fullmatch(previous) and _THOUSANDS.match(text, end):
        return "write numbers without separators: 1000, not 1,000"
    if touching:
        return None
    clock = _CLOCK.match(text, start)
    if _DATE.fullmatch(previous) and clock:
        return f"write a date and time with a T: {previous}T{clock.group()}"
    if _NUMBER.fullmatch(previous) and value.isdigit():
        return "write numbers without spaces: 1000, not 1 000"
    if previous.lower() in _RELATIVE and value[:1] in "+-":
        period = _SIGNED_PERIOD.match(text, start)
        written = (
            f"{period[1]}{period[2]}{period[3][0].lower()}"
            if period
            else f"{value[0]}N and a unit of s, m, h, d or w"
        )
        return f"write a relative time without spaces: {previous.lower()}{written}"
    return None


def _quote_hint(text: str, previous: str, value: str, end: int, schema: Schema | None) -> str:
    """Quote the words from `previous` on, up to the next keyword or field."""
    words = [previous, value]
    while (match := _PLAIN_WORD.match(text, end)) is not None and len(words) < 8:
        word = match.group(1)
        if word.upper() in _KEYWORD_TEXT or (schema is not None and schema.lookup(word)):
            break
        words.append(word)
        end = match.end()
    hint = f"to search for a value with spaces, put it in quotes: {quote(' '.join(words))}"
    return to_type(hint, "to search for a value with spaces, put the whole value in quotes")


def quote_in_word_hint(text: str, pos: int, begun: str | None = None) -> str | None:
    """For a quote that starts inside a word (`O'Brien`): quote the whole value instead.

    `begun` is the part of the word before the quote, read back from the text unless given.

    >>> print(quote_in_word_hint("email = O'Brien", 9))
    a quote inside a value starts a string; quote the whole value: "O'Brien"
    """
    if begun is None:
        begun = word_before(text[:pos])
    if not begun:
        return None
    rest = _WORD_REST.match(text, pos)
    word = begun + text[pos : rest.end() if rest else pos]
    hint = f"a quote inside a value starts a string; quote the whole value: {quote(word)}"
    return to_type(hint, "a quote inside a value starts a string; quote the whole value")


def paging_given(read: Sequence[RawToken]) -> set[str]:
    """`PAGE` and `SIZE` among the tokens read: each comes once. Paging ends a query, so they
    are among its last tokens: each keyword then its number, the last perhaps without one.

    >>> sorted(paging_given([("SIZE", "size", 0, 4), ("WORD", "5", 5, 6), ("PAGE", "page", 7, 11)]))
    ['PAGE', 'SIZE']
    """
    given = set()
    index = len(read) - 1
    if index >= 0 and read[index][0] in _PAGING:  # `page` waits for its number
        given.add(read[index][0])
        index -= 1
    index -= 1  # over a number, to its keyword
    while index >= 0 and read[index][0] in _PAGING:
        given.add(read[index][0])
        index -= 2
    return given


def _word_begins(read: Sequence[RawToken]) -> int:
    """Where the word that ends `read` begins: the tokens written together at its end, none of
    them a quote, bracket, comma or sign (`a..b` is one word; after `)` the word is empty)."""
    index = len(read)
    while index and read[index - 1][0] not in _NOT_WORDS:
        index -= 1
        if index and read[index - 1][3] != read[index][2]:  # a space before it
            break
    return index


def _takes_text(read: Sequence[RawToken], begun: int, schema: Schema | None) -> bool:
    """Whether the word `read[begun:]` is the value of a string field's condition (`f = v`,
    `f: v`, `f like v`): there, words that follow belong to the value."""
    if schema is None or begun < 2:
        return False
    field, operator = read[begun - 2], read[begun - 1]
    if operator[0] not in ("COMPARE", "COLON", "LIKE") or field[0] != "WORD":
        return False
    found = schema.lookup(field[1])
    return found is not None and found.type is FieldType.STRING


def _keyword_begun(value: str, expected: Set[str]) -> bool:
    """Whether `value` may be the start of a keyword that could come here (`a` of `and`):
    one types a word a letter at a time."""
    lowered = value.lower()
    return any(_KEYWORD_TEXT.get(name, "\0").startswith(lowered) for name in expected)


def word_before(stripped: str) -> str:
    """The bare word `stripped` ends with ('' after a space, a bracket, a quote or a sign)."""
    if not stripped or stripped[-1].isspace():
        return ""
    chunk = stripped.rsplit(None, 1)[-1]
    return chunk[max(map(chunk.rfind, _WORD_ENDS)) + 1 :]  # in C: a word may be long
