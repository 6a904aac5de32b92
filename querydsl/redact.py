"""Card data out of sight: mask card numbers to the first 6 and last 4 digits."""

from __future__ import annotations

import re

# A run of 13 to 19 digits, possibly grouped by single spaces or dashes, standing alone.
_PAN = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])")
# ... unless the run is dates side by side (`2018-01-01 2018-02-01`, a range missing its `..`).
_DATES = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ -][0-9]{4}-[0-9]{2}-[0-9]{2})+")


def mask_pan(number: str) -> str:
    """Mask a card number to at most its first 6 and last 4 digits.

    >>> mask_pan("4000000000000002")
    '400000******0002'
    >>> mask_pan("4003")
    '****'
    """
    digits = [ch for ch in number if ch.isdigit()]
    if len(digits) < 13:
        return "*" * len(number)
    keep_head, keep_tail = 6, 4
    masked = []
    seen = 0
    for ch in number:
        if ch.isdigit():
            seen += 1
            hidden = keep_head < seen <= len(digits) - keep_tail
            masked.append("*" if hidden else ch)
        else:
            masked.append(ch)
    return "".join(masked)


def redact_text(text: str) -> str:
    """Mask every run of text that looks like a card number; keeps the length, so carets align.

    >>> redact_text("card_mask = 4000000000000002")
    'card_mask = 400000******0002'
    >>> redact_text("created_date between 2018-01-01 2018-02-01")
    'created_date between 2018-01-01 2018-02-01'
    """
    if len(text) < 13:
        return text
    return _PAN.sub(_masked, text)


def _masked(match: re.Match[str]) -> str:
    run = match.group()
    return run if _DATES.fullmatch(run) else mask_pan(run)


def shown(text: str) -> str:
    """A user's string for a message: card numbers masked (before the cut, so no digits of one
    are left for later masking to miss), then quoted, escaped and cut short.

    >>> shown("x" * 25 + "4111112222333344")
    "'xxxxxxxxxxxxxxxxxxxxxxxxx411111******...'"
    """
    text = redact_text(text)
    return repr(text if len(text) <= 40 else text[:37] + "...")
