"""Reprs that hide secrets and show card numbers masked: response models and query nodes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from querydsl.redact import mask_pan, redact_text

T = TypeVar("T", bound=attrs.AttrsInstance)
#: Words that make a JSON key secret wherever they stand in it (`recurring_token`, `cardCVC`).
SECRET_WORDS = frozenset(
    {"cvc", "cvv", "cvn", "cavv", "pin", "token", "stamp", "hash", "password", "secret"}
)
#: The words of a key: snake_case, kebab-case, camelCase and digits apart (`cvv2` is `cvv`, `2`).
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
#: Keys holding card numbers (shown masked).
CARD_KEY = re.compile(r"(card_?)?(number|pan|mask)|card", re.I)
_HIDDEN = "***"


def secret_key(key: str) -> bool:
    """Whether a JSON key names a secret: one of its words is, or it says `security code`.

    >>> [secret_key(k) for k in ("cvv2", "paymentToken", "securityCode", "timestamp", "amount")]
    [True, True, True, False, False]
    """
    words = {word.lower() for word in _KEY_WORDS.findall(key)}
    return not SECRET_WORDS.isdisjoint(words) or {"security", "code"} <= words


def hidden(value: object) -> str:
    """The repr of a secret: CVCs, card tokens, stamps and hashes never show; a null stays `None`.

    >>> hidden("846"), hidden(None)
    ("'***'", 'None')
    """
    return "None" if value is None else repr(_HIDDEN)


def mask_card(number: str) -> str:
    """A card number masked to at most its first 6 and last 4 digits; short masks stay as they are.

    >>> mask_card("4111111111111111"), mask_card("4003...9282")
    ('411111******1111', '4003...9282')
    """
    return number if sum(ch.isdigit() for ch in number) <= 10 else mask_pan(number)


def masked_card(number: object) -> str:
    """The repr of a card number field, masked."""
    return repr(mask_card(number)) if isinstance(number, str) else repr(number)


def masked_json(value: Any, key: str = "") -> Any:
    """JSON data as it may be shown: secrets hidden, card numbers masked, in keys and values.

    A value under a secret-looking key is `"***"` (a null stays null: hiding it would misstate
    it); a string under a card key is masked even when it is too short to look like one. Lists
    take the key they are under, so `{"cvc": ["846"]}` hides the list.

    >>> masked_json({"cvc": ["846"], "card": "4003...9282", "note": "pan 4111111111111111"})
    {'cvc': '***', 'card': '4003...9282', 'note': 'pan 411111******1111'}
    """
    if value is None:
        return None
    if secret_key(key):
        return _HIDDEN
    if isinstance(value, Mapping):
        return {redact_text(str(k)): masked_json(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked_json(item, key) for item in value]
    if isinstance(value, str):
        return redact_text(mask_card(value) if CARD_KEY.fullmatch(key) else value)
    return value


def json_repr(value: object, key: str = "") -> str:
    """The repr of JSON data under `key`: secret-looking keys hidden at any depth, cards masked.

    >>> json_repr({"bank": {"cvv2": "777", "card": "4111 1111 1111 1111"}, "token": None})
    "{'bank': {'cvv2': '***', 'card': '4111 11** **** 1111'}, 'token': None}"
    """
    try:
        return redact_text(repr(masked_json(value, key)))
    except (RecursionError, ValueError):  # very deep values or huge integers
        return "{...}" if isinstance(value, Mapping) else "..."


def redacted_repr(model: type[T]) -> type[T]:
    """Give an attrs model a repr that never shows card data, whatever field holds it.

    A field with its own repr (`hidden`, `masked_card`) uses it; every other field is shown as
    `json_repr` shows JSON data, so dicts such as `extra`, `errors` or `bank_info` hide
    secret-looking keys at any depth. A typed field's name is not such a key: its secrecy is
    its repr's (`token` is hidden, `token_provider` shown). Card numbers anywhere are masked.
    """
    fields = [(a.name, a.repr) for a in attrs.fields(model) if a.repr is not False]

    def field_repr(name: str, how: object, value: object) -> str:
        if value is None or not callable(how):
            return json_repr(value)
        try:
            return str(how(value))
        except (RecursionError, ValueError):  # an integer too long to print
            return "..."

    def __repr__(self: object) -> str:
        shown = (f"{name}={field_repr(name, how, getattr(self, name))}" for name, how in fields)
        return redact_text(f"{model.__name__}({', '.join(shown)})")

    model.__repr__ = __repr__  # type: ignore[method-assign]
    return model
