"""What structuring one document keeps for its whole length: the kept data walked, keys missing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from querydsl.wire.jsontext import json_type
from querydsl.wire.scalars import ResponseProblem


class Document:
    """The document being structured.

    `walked` holds the ids of the lists and dicts kept as they are (`extra`, free-form objects)
    met so far: one set for the whole document, so each is walked once however many keys hold
    it, and one held in two places is found wherever the places are. `missing` says whether a
    record left out a documented key that was read as None (a warning for the loader to place).

    >>> with opened() as document:
    ...     not_json("x", [1, 2]), len(document.walked), document.missing
    ([], 1, False)
    """

    __slots__ = ("missing", "walked")

    def __init__(self) -> None:
        self.walked: set[int] = set()
        self.missing = False


_DOCUMENT: ContextVar[Document | None] = ContextVar("_DOCUMENT", default=None)


def current() -> Document | None:
    """The document being structured, or None outside a structure call."""
    return _DOCUMENT.get()


@contextmanager
def opened() -> Iterator[Document]:
    """A new document for the calls made inside the block."""
    document = Document()
    token = _DOCUMENT.set(document)
    try:
        yield document
    finally:
        _DOCUMENT.reset(token)


def note_missing() -> None:
    """Say that a record of the current document left out a documented key read as None."""
    document = _DOCUMENT.get()
    if document is not None:
        document.missing = True


_JSON_SCALARS = (str, int, float, bool, type(None))
_INF = float("inf")
_MAX_DEPTH = 1000  # deeper undocumented data could not be written back as JSON by Python


def not_json(key: object, value: object) -> list[ResponseProblem]:
    """Why an entry cannot be kept in `extra` or a free-form object: kept data must be JSON data.

    JSON data is a tree, as JSON text decodes. One walk without recursion, each container once
    in the whole document (`Document.walked`, shared by every key): one met again is a cycle
    while the walk is still inside it, else held in two places, under this key or another.
    (`x = [x, x]` 22 times over is 45 lists but 4 million paths; kept, its repr and its JSON
    would walk them all. One list under n keys would be walked n times.)

    >>> [problem.message for problem in not_json("x", {"nan": float("nan")})]
    ['a value here is not JSON data']
    """
    if not isinstance(key, str):
        message = f"an object key must be a string, not {json_type(key)}"
        return [ResponseProblem("invalid_shape", message)]
    document = _DOCUMENT.get()
    # None: a hook called outside a structure call
    seen = set() if document is None else document.walked
    inside: set[int] = set()
    stack: list[tuple[object, bool]] = [(value, False)]
    while stack:
        item, leaving = stack.pop()
        if leaving:
            inside.discard(id(item))
        elif isinstance(item, (dict, list)):
            if id(item) in seen:
                kind = "array" if isinstance(item, list) else "object"
                message = (
                    "the value contains itself"
                    if id(item) in inside
                    else f"this {kind} is held in two places in the document; JSON data is a tree"
                )
                return [ResponseProblem("invalid_shape", message, key=key)]
            seen.add(id(item))
            if len(inside) >= _MAX_DEPTH:
                return [
                    ResponseProblem("limit_exceeded", "the value is nested too deeply", key=key)
                ]
            if isinstance(item, dict) and not all(isinstance(k, str) for k in item):
                return [ResponseProblem("invalid_shape", "object keys must be strings", key=key)]
            inside.add(id(item))
            stack.append((item, True))
            stack.extend(
                (child, False) for child in (item.values() if isinstance(item, dict) else item)
            )
        elif not isinstance(item, _JSON_SCALARS) or item != item or item in (_INF, -_INF):
            return [ResponseProblem("invalid_shape", "a value here is not JSON data", key=key)]
    return []
