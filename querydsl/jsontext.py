"""JSON text in: strict decoding that reports duplicate keys with pointers, not losing them."""

from __future__ import annotations

import json
from typing import Any

from querydsl.errors import Diagnostic


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


#: Decodes fractions as WrittenNumber: responses read their amounts as exact Decimals.
_EXACT = json.JSONDecoder(parse_float=_written)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def escape_pointer(token: str | int) -> str:
    """One JSON Pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def load_json(
    data: str | bytes | bytearray, *, exact: bool = False
) -> tuple[Any, list[Diagnostic]]:
    """Decode JSON text; return the value (last duplicate wins) and a diagnostic per duplicate key.

    With `exact`, fractions are WrittenNumbers (floats that keep their digits) instead of floats.

    Invalid text, invalid UTF-8, `NaN`/`Infinity` and nesting too deep for the decoder give
    `(None, [diagnostic])` with code `invalid_shape` or `limit_exceeded` at the pointer `""`.

    >>> load_json('{"a": 1, "a": 2}')[1][0].path
    '/a'
    """
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return None, [
                Diagnostic(
                    "invalid_shape",
                    f"the JSON text is not valid UTF-8 (byte {error.start})",
                    path="",
                )
            ]
    try:
        # The plain call or a decoder built once: any option makes json.loads build a new one.
        value = _EXACT.decode(data) if exact else json.loads(data)
    except RecursionError:
        return None, [Diagnostic("limit_exceeded", "the JSON text is nested too deeply", path="")]
    except ValueError as error:
        return None, [_not_json(error)]
    keys, constant = _survey(value)
    if constant is not None:
        return None, [_not_json(ValueError(f"{constant} is not JSON"))]
    spaced = '" :' in data or '"\t:' in data or '"\n:' in data or '"\r:' in data
    if spaced or data.count('":') != keys:
        return _load_watching_keys(data, exact)
    # With no space before any colon, every key written is followed by `":`, so their count
    # is at least the number of keys written; equal to the number decoded, none was repeated.
    return value, []


def _survey(root: Any) -> tuple[int, str | None]:
    """How many keys the decoded objects hold, and the first NaN or Infinity, if any."""
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
        elif (kind is float or kind is WrittenNumber) and (node != node or node in _INFINITIES):
            return keys, _INFINITIES.get(node, "NaN")
        else:
            continue
        for child in children:
            kind = type(child)
            if kind is dict or kind is list or kind is float or kind is WrittenNumber:
                push(child)
    return keys, None


_INFINITIES = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


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
    return value, _duplicate_diagnostics(value) if found_duplicates else []


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


def _duplicate_diagnostics(root: Any) -> list[Diagnostic]:
    diagnostics = []
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for key in getattr(node, "duplicates", ()):
                diagnostics.append(
                    Diagnostic(
                        "duplicate_key",
                        f"the key {key!r} appears more than once",
                        path=f"{pointer}/{escape_pointer(key)}",
                        hint="remove the repeated key (where repeats are allowed, the last wins)",
                    )
                )
            stack.extend((f"{pointer}/{escape_pointer(k)}", v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in reversed(list(enumerate(node))))
    return diagnostics
