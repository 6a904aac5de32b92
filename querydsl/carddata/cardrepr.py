"""Reprs that hide secrets and show card numbers masked: response models and query nodes."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from querydsl.carddata.redact import mask_pan, redact_text

T = TypeVar("T", bound=attrs.AttrsInstance)
#: Words that make a JSON key secret wherever they stand in it as a whole word
#: (`recurring_token`, `cardCVC`, `Set-Cookie`; not `acid` nor `incident`), in the singular or
#: plural; the two-word ones count written apart or together (`api_key`, `apiKey`, `APIKEY`).
SECRET_WORDS = frozenset(
    {
        *("cvc", "cvv", "cvn", "cvd", "csc", "cid", "cavv", "pin", "otp"),
        *("token", "stamp", "hash", "password", "passwd", "secret", "credential"),
        *("authorization", "cookie"),
        *("securitycode", "verificationcode", "verificationvalue"),
        *("apikey", "accesskey", "privatekey"),
    }
)
#: Words that stand beside a secret word in a key written as one word (`CARDCVC`, `XAPIKEY`,
#: `pinblock`): such a word is secret when it reads as these and secret words, one secret.
_BESIDE_WORDS = frozenset(
    {
        *("x", "card", "api", "auth", "access", "refresh", "session", "client", "user", "set"),
        *("private", "security", "verification", "block", "code", "value", "key", "id", "data"),
    }
)
_BESIDE = "|".join(sorted(_BESIDE_WORDS, key=len, reverse=True))
_SECRET = "|".join(sorted(SECRET_WORDS, key=len, reverse=True))


@functools.cache
def _run_together() -> re.Pattern[str]:
    """A secret word alone or run together with others and words beside them; compiled on
    first use (2 ms), as most processes never judge a key. No key's word is longer than 32
    letters, and matching one that long stays small."""
    return re.compile(rf"(?:{_BESIDE})*(?:{_SECRET})(?:{_BESIDE}|{_SECRET})*")


_LONGEST_RUN = 32
#: The words of a key: snake_case, kebab-case, camelCase and digits apart (`cvv2` is `cvv`, `2`).
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
#: Secret keys whose value is a header's, a scheme and credentials with spaces between
#: (`Authorization: Bearer abc`, `Cookie: a=1; b=2`): in text, hidden to the end of the line.
_LINE_VALUED = ("authorization", "cookie", "token")
_REST_OF_LINE = re.compile(r"[^\r\n]*+")
#: A key and its value in text (a JSON document or a query string held in a string field):
#: `"cvc": "846"`, `'cvc':846`, `cvc=846`, `"cvc": ["846"]`. Possessive, so linear in the text.
_TEXT_PAIR = re.compile(
    r"""(?<![\w-])(["']?)([A-Za-z][\w-]*+)\1\s*+[:=]\s*+"""
    r"""(?P<value>"(?:[^"\\]|\\.)*+"?|'[^']*+'?|\[[^\]]*+\]?|\{[^}]*+\}?|[^\s,;&"'\[\]{}]*+)"""
)
#: Keys holding card numbers (shown masked).
CARD_KEY = re.compile(r"(card_?)?(number|pan|mask)|card", re.I)
_HIDDEN = "***"


def secret_key(key: str) -> bool:
    """Whether a JSON key names a secret: one of its words is, alone or run together with words
    beside it (`CARDCVC`), or two of them say `security code`.

    >>> [secret_key(k) for k in ("cvv2", "paymentToken", "SECURITYCODE", "X-Api-Key", "cardCID")]
    [True, True, True, True, True]
    >>> [secret_key(k) for k in ("CARDCVC", "cardcvv", "XAPIKEY", "PINBLOCK", "cardTokens")]
    [True, True, True, True, True]
    >>> [secret_key(k) for k in ("timestamp", "acid", "incident", "amount", "authDate")]
    [False, False, False, False, False]
    """
    words = [word.lower() for word in _KEY_WORDS.findall(key)]
    names = [*words, *map(str.__add__, words, words[1:])]  # and each two side by side
    return any(
        len(name) <= _LONGEST_RUN and _run_together().fullmatch(name.removesuffix("s"))
        for name in names
    )


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
    return number if sum(ch.isdecimal() for ch in number) <= 10 else mask_pan(number)


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
    if isinstance(value, tuple):  # a query node's values: masked before repr escapes them
        return tuple(masked_json(item, key) for item in value)
    if isinstance(value, str):
        return redact_text(mask_card(value) if CARD_KEY.fullmatch(key) else _text_secrets(value))
    return value


def _text_secrets(text: str) -> str:
    """Text with the values of its secret keys hidden: a JSON document held in a string field
    (Homebank's `data`) is masked as JSON data is; other text, pair by pair.

    >>> _text_secrets('{"cvc": ["846"], "n": 1}'), _text_secrets("order=7&cvv2=846")
    ('{"cvc": "***", "n": 1}', 'order=7&cvv2=***')
    """
    if ":" not in text and "=" not in text:
        return text
    if text.lstrip()[:1] in ("{", "["):
        import json  # here: a process that never masks a JSON text does not load it

        try:
            document = json.loads(text)
            masked = masked_json(document)
            return text if masked == document else json.dumps(masked, ensure_ascii=False)
        except (ValueError, RecursionError):  # not JSON after all, or too deep: pair by pair
            pass
    return _hidden_pairs(text)


def _hidden_pairs(text: str) -> str:
    """Text with the value of each secret `key: value` or `key=value` pair hidden: a quoted or
    bracketed value whole, a bare one to the next space or separator, and a header's bare
    value (`Authorization: Bearer abc`) to the end of the line.

    >>> _hidden_pairs("cvv2=846 a=1\\nAuthorization: Bearer abc.def\\nb: 2")
    'cvv2=*** a=1\\nAuthorization: ***\\nb: 2'
    """
    parts = []
    done = 0
    pair = _TEXT_PAIR.search(text)
    while pair is not None:
        resume = pair.end()
        if secret_key(pair[2]):
            value, at = pair["value"], pair.start("value")
            quote = value[:1] if value[:1] in ("'", '"') else ""
            bare = value[:1] not in ("'", '"', "[", "{")
            if bare and any(word in pair[2].lower() for word in _LINE_VALUED):
                line = _REST_OF_LINE.match(text, at)  # always matches, if only ""
                resume = line.end() if line else at
            parts.append(text[done:at] + quote + _HIDDEN + quote)
            done = resume
        pair = _TEXT_PAIR.search(text, resume)
    return "".join(parts) + text[done:]


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
