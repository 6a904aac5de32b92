"""Reprs for response models that hide secrets and show card numbers masked."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from querydsl.redact import mask_pan, redact_text

T = TypeVar("T")
#: JSON keys whose values are never shown, and keys holding card numbers (shown masked).
SECRET_KEY = re.compile(r"(card_?)?(cvc2?|cvv2?|cvn|token|stamp|hash|cavv|password|secret)", re.I)
CARD_KEY = re.compile(r"(card_?)?(number|pan|mask)|card", re.I)


def hidden(_: object) -> str:
    """The repr of a secret: CVCs, card tokens, stamps and hashes never show."""
    return "'***'"


def mask_card(number: str) -> str:
    """A card number masked to at most its first 6 and last 4 digits; short masks stay as they are.

    >>> mask_card("4111111111111111"), mask_card("4003...9282")
    ('411111******1111', '4003...9282')
    """
    return number if sum(ch.isdigit() for ch in number) <= 10 else mask_pan(number)


def masked_card(number: object) -> str:
    """The repr of a card number field, masked."""
    return repr(mask_card(number)) if isinstance(number, str) else repr(number)


def extra_repr(extra: Mapping[str, Any]) -> str:
    """The repr of unknown fields: secret-looking keys hidden, card numbers masked."""
    try:
        shown = {k: "***" if SECRET_KEY.fullmatch(str(k)) else v for k, v in extra.items()}
        return redact_text(repr(shown))
    except (RecursionError, ValueError):  # very deep values or huge integers
        return "{...}"


def redacted_repr(model: type[T]) -> type[T]:
    """Mask anything that looks like a card number in the model's repr, whatever field holds it."""
    generated = model.__repr__

    def __repr__(self: object) -> str:
        try:
            return redact_text(generated(self))
        except (RecursionError, ValueError):  # integers too long to print, very deep `extra`
            return f"{model.__name__}(...)"

    model.__repr__ = __repr__  # type: ignore[method-assign]
    return model
