"""Card data out of sight: mask card numbers to the first 6 and last 4 digits, hide track data."""

from __future__ import annotations

import functools
import re

# What may stand between the digit groups of a card number: up to eight spaces of any kind
# (tabs, CRs, no-break spaces, a run of spaces aligning columns) or characters that show as
# nothing or as U+FFFD (controls, invisible format characters, private use), or at most one
# separator (dash, dot, comma, underscore, slash, plus, apostrophe, middle dot, and their
# typographic and full-width forms) with up to two of those either side. Two separators are
# no gap: `..` parts a range (`1000000..2000000`). A list of small numbers such as
# `in (4111,2222,3333,4444)` is masked too: a message cannot tell it from a card number.
_BLANK = (
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffd"
    r"\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
_DASH = r"[-.,_/+'\u00b7\u2010-\u2015\u2018\u2019\u2022\u2027\u2212\u30fb\uff07\uff0b-\uff0f\uff3f]"
_GAP = rf"(?:{_BLANK}{{1,8}}|{_BLANK}{{0,2}}{_DASH}{_BLANK}{{0,2}})"
# A card number: 13 to 19 digits of any script (full-width ones too), standing alone.
_PAN = rf"(?<!\d)\d(?:{_GAP}?\d){{12,18}}(?!\d)"
# Magnetic-stripe track data (ISO/IEC 7813), with or without its sentinels, hidden whole:
# track 1 `%B<PAN>^<NAME>^<YYMM><service code><data>?`, track 2 `;<PAN>=<YYMM><...>?`, and the
# chip's track 2 equivalent (EMV tag 57), `D` for `=` and an `F` padding it to whole bytes.
_TRACK = (
    r"%?[Bb]\d{12,19}\^[^^\n]{0,26}\^[^?\s]{0,79}\??"
    r"|;?(?<!\d)\d{12,19}[=Dd][\d=]{0,40}[Ff]?\??"
)

# Every card number holds 13 digits and every track 12: a text with fewer holds neither, and a
# scan for twelve (linear: the gaps are possessive) is far cheaper than trying the patterns at
# every position; most messages and hints hold a few digits, and never compile the patterns.
_TWELVE_DIGITS = re.compile(r"\d(?:\D*+\d){11}")


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Card data, and dates side by side (`2018-01-01 2018-02-01`, a range missing its `..`,
    which is no card number), compiled on first use: most processes never show a value."""
    dates = rf"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(?:{_GAP}[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})+"
    return re.compile(f"(?P<track>{_TRACK})|{_PAN}"), re.compile(dates)


#: No card number or track the patterns find is longer than this (19 digits and 18 gaps of up
#: to 8 characters; a track of 130): text cut this far from a window cannot hide one inside it.
REACH = 256


def mask_pan(number: str) -> str:
    """Mask a card number to at most its first 6 and last 4 digits.

    >>> mask_pan("4000000000000002")
    '400000******0002'
    >>> mask_pan("4003")
    '****'
    """
    digits = [ch for ch in number if ch.isdecimal()]
    if len(digits) < 13:
        return "*" * len(number)
    keep_head, keep_tail = 6, 4
    masked = []
    seen = 0
    for ch in number:
        if ch.isdecimal():
            seen += 1
            hidden = keep_head < seen <= len(digits) - keep_tail
            masked.append("*" if hidden else ch)
        else:
            masked.append(ch)
    return "".join(masked)


def redact_text(text: str) -> str:
    """Mask every run of text that looks like a card number, and hide track data whole; keeps
    the length, so carets align.

    >>> redact_text("card_mask = 4000000000000002")
    'card_mask = 400000******0002'
    >>> redact_text("pan 4000.0000\\t0000  0002, track ;4000000000000002=2512101?")
    'pan 4000.00**\\t****  0002, track **************************'
    >>> redact_text("created_date between 2018-01-01 2018-02-01")
    'created_date between 2018-01-01 2018-02-01'
    """
    if len(text) < 13 or _TWELVE_DIGITS.search(text) is None:
        return text
    return _patterns()[0].sub(_masked, text)


def _masked(match: re.Match[str]) -> str:
    run = match.group()
    if match.group("track") is not None:
        return "*" * len(run)
    if _patterns()[1].fullmatch(run) or _moment_repr(match):
        return run
    return mask_pan(run)


# Python's repr of a moment: `datetime.datetime(2018, 10, 25, 15, 8, 14, 123456, tzinfo=...)`
# holds its parts comma-separated, which read as digit groups of a card number.
_MOMENT_PARTS = re.compile(r"[0-9]{1,4}(?:, [0-9]{1,2}){2,5}(?:, [0-9]{1,6})?")


def _moment_repr(match: re.Match[str]) -> bool:
    """Whether a run is the parts of a `datetime(...)` or `time(...)` repr: kept as it is.

    >>> import datetime
    >>> redact_text(repr(datetime.datetime(2018, 10, 25, 15, 8, 14, 123456)))
    'datetime.datetime(2018, 10, 25, 15, 8, 14, 123456)'
    """
    called = match.string.endswith(("datetime(", "time("), 0, match.start())  # no copy
    return called and _MOMENT_PARTS.fullmatch(match.group()) is not None


def to_type(hint: str, instead: str) -> str:
    """`hint`, which shows a value to type, unless masking would change it: then `instead`,
    which says what to do without the value (a masked value, typed, searches for another).

    >>> to_type('put it in quotes: "a b"', "put the value in quotes")
    'put it in quotes: "a b"'
    >>> to_type('put it in quotes: "4111 1111 1111 1111"', "put the value in quotes")
    'put the value in quotes'
    """
    return hint if redact_text(hint) == hint else instead


#: How long a key or value quoted in a message or a pointer may be (SPEC 3): diagnostics must not
#: repeat a long input, or their size would grow faster than it.
QUOTED_LENGTH = 200


def shortened(text: str, length: int = QUOTED_LENGTH) -> str:
    """`text` with card numbers masked, then cut to `length` (200) characters when it is longer,
    `...` marking the cut: masked first, since a cut through a card number leaves too few of
    its digits for later masking to see.

    >>> len(shortened("x" * 10_000)), shortened("x" * 10_000)[-5:]
    (200, 'xx...')
    >>> shortened("x" * 190 + "4111112222333344")[-12:]
    'xx411111*...'
    """
    if len(text) > length + REACH:  # what lies past REACH cannot hold a number the cut shows
        text = text[: length + REACH]
    text = redact_text(text)
    return text if len(text) <= length else text[: length - 3] + "..."


def shown(text: str) -> str:
    """A user's string for a message: card numbers masked, then quoted, escaped and cut past
    200 characters (see `shortened`).

    >>> shown("x" * 190 + "4111112222333344")[-12:]
    "x411111*...'"
    """
    return repr(shortened(text))
