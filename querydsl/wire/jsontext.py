"""JSON text in: strict decoding that reports duplicate keys with pointers, not losing them."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

from querydsl.carddata.redact import shortened, shown
from querydsl.language.errors import Diagnostic, capped


class _PairsDict(dict[str, Any]):
    """A decoded JSON object that remembers the keys it saw more than once."""

    __slots__ = ("duplicates",)
    duplicates: list[str]


class WrittenNumber(float):
    """A JSON fraction as a float that keeps the digits it was written with, in `text`."""

    __slots__ = ("text",)
    text: str


def _written(text: str) -> WrittenNumber:
    number = WrittenNumber(text)
    number.text = text
    return number


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_INFINITIES = frozenset({float("inf"), float("-inf")})


class _Decoder:
    """A JSON decoder that counts the keys of the objects it makes as it makes them, and notes
    a number too large for a float (`exact`: a fraction read as a WrittenNumber). One per thread
    and kind, built once (an option to json.loads builds a decoder per call). `NaN` and
    `Infinity` are refused as they are read; a number too large for a float (`1e400`) is JSON
    and reads as inf."""

    __slots__ = ("decoder", "keys", "too_large")

    def __init__(self, exact: bool) -> None:
        self.keys, self.too_large = 0, False
        parse_float = self._written if exact else None
        self.decoder = json.JSONDecoder(
            object_hook=self._object, parse_float=parse_float, parse_constant=_reject_constant
        )

    def _object(self, mapping: dict[str, Any]) -> dict[str, Any]:
        self.keys += len(mapping)
        return mapping

    def _written(self, text: str) -> WrittenNumber:
        number = _written(text)
        if number in _INFINITIES:
            self.too_large = True
        return number


_DECODERS = threading.local()


def _decoder(exact: bool) -> _Decoder:
    """This thread's decoder of the kind, its counts reset (decoding calls back into nothing
    but the decoder's own hooks, so one decoder is never in use twice at once)."""
    decoders: tuple[_Decoder, _Decoder] | None = getattr(_DECODERS, "kinds", None)
    if decoders is None:
        decoders = _DECODERS.kinds = (_Decoder(False), _Decoder(True))
    decoder = decoders[exact]
    decoder.keys, decoder.too_large = 0, False
    return decoder


def json_type(value: object) -> str:
    """What a value is, in JSON's words, for messages that must not echo it (no repr, no str).

    >>> json_type(True), json_type(1), json_type(1.0), json_type(b"x")
    ('a boolean', 'an integer', 'a number with a fraction', 'a Python bytes, which is not JSON')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, (float, Decimal)):
        return "a number with a fraction"
    for kind, name in ((str, "a string"), (list, "an array"), (dict, "an object")):
        if isinstance(value, kind):
            return name
    return f"a Python {type(value).__name__}, which is not JSON"


def escape_pointer(token: str | int) -> str:
    """One JSON Pointer reference token (RFC 6901), a key cut past 200 characters (SPEC 3).

    >>> escape_pointer("a/b~c"), len(escape_pointer("k" * 10_000))
    ('a~1b~0c', 200)
    """
    return shortened(str(token)).replace("~", "~0").replace("/", "~1")


#: Past this many steps a pointer shows its first and last half, `...` standing for the rest:
#: a diagnostic deep in a document stays short (nesting is limited only by the decoder).
POINTER_STEPS = 16


def pointer(steps: Sequence[str | int]) -> str:
    """The JSON Pointer to `steps`, as a diagnostic shows it: keys cut past 200 characters, and
    past 16 steps the first and last 8.

    >>> pointer(["records", 0, "a/b"])
    '/records/0/a~1b'
    >>> pointer(range(20))
    '/0/1/2/3/4/5/6/7/.../12/13/14/15/16/17/18/19'
    """
    if len(steps) > POINTER_STEPS:
        half = POINTER_STEPS // 2
        steps = [*steps[:half], "...", *steps[-half:]]
    return "".join(f"/{escape_pointer(step)}" for step in steps)


#: A key's closing quote, then whitespace before its colon (`"a" :`): such keys escape the count
#: of `":` below.
_SPACED_COLON = re.compile(r'"[ \t\n\r]+:')


def load_json(
    data: str | bytes | bytearray, *, exact: bool = False
) -> tuple[Any, list[Diagnostic]]:
    """Decode JSON text; return the value (last duplicate wins) and a diagnostic per duplicate key.

    With `exact`, fractions are WrittenNumbers (floats that keep their digits) instead of floats.
    One leading byte order mark (U+FEFF) is allowed, in text as in bytes.

    Invalid text, invalid UTF-8, `NaN`/`Infinity` and nesting too deep for the decoder give
    `(None, [diagnostic])` with code `invalid_shape` or `limit_exceeded` at the pointer `""`;
    so does, with `exact`, a number too large for a float (which no response field can hold).
    Without `exact` such a number is the float inf, for the caller's checks to place.

    >>> load_json('{"a": 1, "a": 2}')[1][0].path
    '/a'
    """
    decoder = _decoder(exact)
    value, text, problems = _read(data, decoder.decoder)
    if problems:
        return None, problems
    if decoder.too_large:  # which one is named is the walk's to say, as it always was
        too_large = _survey(value)[1]
        message = f"the number {too_large} is too large to read (over 1.8e308)"
        return None, [Diagnostic("invalid_shape", message, path="")]
    if may_repeat_keys(text, decoder.keys):
        return _load_watching_keys(text, exact)
    return value, []


def read_json(data: str | bytes | bytearray) -> tuple[Any, str, list[Diagnostic]]:
    """JSON text decoded as `load_json` decodes it, but not yet looked at for repeated keys: the
    value, the text as a `str` (for `may_repeat_keys`), and load_json's diagnostic when it is not
    JSON (then the value is None and the text empty).

    For a caller who can count the keys of the value it accepts without a walk.

    >>> read_json(b'{"a": [1, 2]}')
    ({'a': [1, 2]}, '{"a": [1, 2]}', [])
    """
    return _read(data, _PLAIN)


_PLAIN = json.JSONDecoder(parse_constant=_reject_constant)
_SCAN = _PLAIN.scan_once  # type: ignore[attr-defined]
#: What `JSONDecoder.decode` lets follow the value: JSON's four blanks, to the end.
_BLANK_TO_THE_END = re.compile(r"[ \t\n\r]*\Z").match


def _read(
    data: str | bytes | bytearray, decoder: json.JSONDecoder
) -> tuple[Any, str, list[Diagnostic]]:
    """`data` decoded by `decoder`: (value, text, []) or (None, "", [why it is not JSON])."""
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8-sig")  # one leading byte order mark is dropped
        except UnicodeDecodeError as error:
            message = f"the JSON text is not valid UTF-8 (byte {error.start})"
            return None, "", [Diagnostic("invalid_shape", message, path="")]
    elif data.startswith("\ufeff"):  # the same mark, decoded by the caller (a file read as text)
        data = data[1:]
    try:
        # decoder.decode(data), less its two whitespace searches where the text has none in
        # front: the scanner reads the value, and anything but whitespace after it (or any
        # failure) is left to decode, which raises as it always did.
        try:
            value, end = decoder.scan_once(data, 0)  # type: ignore[attr-defined]
        except StopIteration:
            value = decoder.decode(data)
        else:
            if end != len(data) and _BLANK_TO_THE_END(data, end) is None:
                value = decoder.decode(data)
    except RecursionError:
        message = "the JSON text is nested too deeply"
        return None, "", [Diagnostic("limit_exceeded", message, path="")]
    except ValueError as error:
        return None, "", [_not_json(error)]
    return value, data, []


def plain_json(text: str) -> Any:
    """The value of JSON text in a `str` as `read_json` decodes it, or None where that is not
    quick: text that is not JSON, or that has a byte order mark or blanks in front (`read_json`
    and `load_json` read those). Repeated keys are not looked for: that is `may_repeat_keys`.

    For a caller's fast path, to which None means only "take the usual way".

    >>> plain_json('{"a": [1, 2.5]} '), plain_json(' {}'), plain_json('{"a": NaN}')
    ({'a': [1, 2.5]}, None, None)
    """
    try:
        value, end = _SCAN(text, 0)
    except (StopIteration, ValueError, RecursionError):  # ValueError: JSONDecodeError, NaN, digits
        return None
    if end != len(text) and _BLANK_TO_THE_END(text, end) is None:
        return None
    return value


def may_repeat_keys(text: str, keys: int, strings: int | None = None) -> bool:
    """Whether JSON text whose objects decoded to `keys` keys in all may have repeated one.

    `strings`, when the caller knows it, is how many strings the decoded value holds besides its
    keys. Every string written, key or not, takes two quotes (an escaped quote inside one takes
    one more); a repeated key, and any string it hid, was written but not decoded. So the text
    has at least twice as many quotes as strings written, and exactly twice as many as strings
    decoded (`keys + strings`) means none was repeated, whatever the whitespace. One count
    over the text; where it differs and a quote is escaped (`\\"`), the count of `":` below may
    still settle it.

    Without `strings` (or past an escaped quote): with no space before any colon, every key
    written is followed by `":`, so their count is at least the number of keys written; equal to
    the number decoded, none was repeated. (A space needs a quote followed by one: a text
    without any is spared the search for `" :`.)

    Either way True only means "look": the caller decodes again, watching the keys.

    >>> may_repeat_keys('{"a": 1, "b": {"c": 2}}', 3), may_repeat_keys('{"a": 1, "a": 2}', 1)
    (False, True)
    >>> may_repeat_keys('{"a": ["x"], "b" : "y"}', 2, 2)
    False
    """
    if strings is not None:
        if text.count('"') == 2 * (keys + strings):
            return False
        if '\\"' not in text:
            return True
    if text.count('":') != keys:
        return True
    # Each two-character search only where its blank is there at all (a fast one-character one).
    spaced = (
        '" ' in text
        or ("\n" in text and '"\n' in text)
        or ("\t" in text and '"\t' in text)
        or ("\r" in text and '"\r' in text)
    )
    return spaced and _SPACED_COLON.search(text) is not None


def _survey(root: Any) -> tuple[int, str | None]:
    """How many keys the decoded objects hold, and the text of the first WrittenNumber too
    large for a float, if any."""
    keys = 0
    stack = [root]
    push = stack.append
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is dict:
            keys += len(node)
            children = node.values()
        elif kind is list:
            children = node
        elif kind is WrittenNumber and node in _INFINITIES:
            return keys, node.text
        else:
            continue
        for child in children:
            kind = type(child)
            if kind is dict or kind is list or kind is WrittenNumber:
                push(child)
    return keys, None


def _load_watching_keys(data: str, exact: bool) -> tuple[Any, list[Diagnostic]]:
    """Decode again, marking every object that repeats a key (the last one wins)."""
    found_duplicates = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found_duplicates
        result = dict(items)  # the last one wins
        if len(result) == len(items):
            return result
        found_duplicates = True
        marked = _PairsDict(result)
        seen: set[str] = set()
        repeated = [k for k, _ in items if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
        marked.duplicates = repeated
        return marked

    value = json.loads(
        data,
        object_pairs_hook=pairs,
        parse_constant=_reject_constant,
        parse_float=_written if exact else None,
    )
    return value, capped(_duplicate_diagnostics(value)) if found_duplicates else []


def _not_json(error: ValueError) -> Diagnostic:
    message = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
    if "integer string conversion" in message:  # Python's guard against huge int literals
        message = "a number has more than 4300 digits"
    where = (
        f" (line {error.lineno}, column {error.colno})"
        if isinstance(error, json.JSONDecodeError)
        else ""
    )
    return Diagnostic(
        "invalid_shape",
        f"the text is not valid JSON: {message}{where}",
        path="",
        hint="NaN and Infinity are not JSON; send numbers as finite values"
        if "not JSON" in message
        else None,
    )


#: The way down to a node, last step first: (the way to its parent, its key or index).
_Way: TypeAlias = "tuple[_Way, str | int] | None"


def _duplicate_diagnostics(root: Any) -> Iterator[Diagnostic]:
    """A `duplicate_key` diagnostic for each repeated key, in document order.

    A pointer is written only for an object that repeats a key: one for every node would cost
    its depth times its keys' length, each.
    """
    stack: list[tuple[Any, _Way]] = [(root, None)]
    while stack:
        node, way = stack.pop()
        if isinstance(node, dict):
            repeated = getattr(node, "duplicates", ())
            if repeated:
                steps = _steps(way)
                for key in repeated:
                    yield Diagnostic(
                        "duplicate_key",
                        f"the key {shown(key)} appears more than once",
                        path=pointer([*steps, key]),
                        hint="remove the repeated key (where repeats are allowed, the last wins)",
                    )
            children: Any = reversed(node.items())
        elif isinstance(node, list):
            children = reversed(list(enumerate(node)))
        else:
            continue
        stack.extend((child, (way, step)) for step, child in children if type(child) in _NESTED)


_NESTED = (dict, _PairsDict, list)


def _steps(way: _Way) -> list[str | int]:
    """The keys and indexes from the top down to the node `way` leads to."""
    steps = []
    while way is not None:
        way, step = way
        steps.append(step)
    steps.reverse()
    return steps
