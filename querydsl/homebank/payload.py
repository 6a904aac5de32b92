"""Homebank request payloads in: validate anyone's payload and decompile it to a checked Query.

The entry points and the reading of JSON text or bytes; the fast path (fastpath.py) answers for a
valid payload, the detailed walk (walk.py) words every problem of any other.
"""

from __future__ import annotations

import operator
from typing import Any

from querydsl.homebank.fastpath import fast_query
from querydsl.homebank.schema import HOMEBANK
from querydsl.homebank.walk import PayloadReader
from querydsl.language.ast import Query
from querydsl.language.errors import Diagnostic, QueryError, capped
from querydsl.language.rules import DEFAULT_LIMITS, Limits, bad_options, require_options
from querydsl.language.schema import Schema
from querydsl.wire.jsontext import load_json, may_repeat_keys, plain_json, read_json

#: What plain_json leaves to read_json in front of JSON text: a byte order mark and blanks.
_LEADING = frozenset("\ufeff \t\n\r")


_VALUES = operator.itemgetter("searchParameter")


def _decoded_query(
    value: Any, text: str, schema: Schema, limits: Limits, build: bool
) -> Query | None:
    """`fast_query` for the value JSON `text` decoded to: the query when it passes every check
    and the text repeats no key, else None (look closer, as with fast_query).

    The keys and strings of the shape fast_query accepted are counted from it, no walk, for
    `may_repeat_keys` to hold against the text: the payload's own keys, two in `paging`, three
    keys and two strings (and the values) in each search parameter, two and two in each order
    parameter.
    """
    query = fast_query(value, schema, limits, build)
    if query is None:
        return None
    conditions = value.get("searchParameters", ())
    orders = len(value.get("orderParameters") or ())
    keys = len(value) + 2 * ("paging" in value) + 3 * len(conditions) + 2 * orders
    strings = 2 * len(conditions) + 2 * orders + sum(map(len, map(_VALUES, conditions)))
    return None if may_repeat_keys(text, keys, strings) else query


def _check(payload: object, schema: Schema, limits: Limits, build: bool) -> Query | PayloadReader:
    """The query (VALID unless `build`) of a valid payload, else the reader that walked it.

    The caller has run the fast path on `payload` already; JSON text gets its own go once decoded.
    """
    duplicates: list[Diagnostic] = []
    if isinstance(payload, (str, bytes, bytearray)):
        # Valid text: decoded once, its keys and strings counted from the shape the fast path
        # accepted (_decoded_query). A str came through plain_json already; bytes, a str
        # subclass and text with blanks or a byte order mark in front get read_json's go.
        # Anything else is read as it always was (load_json counts keys as it decodes).
        if type(payload) is not str or payload[:1] in _LEADING:
            value, text, problems = read_json(payload)
            if not problems:
                query = _decoded_query(value, text, schema, limits, build)
                if query is not None:
                    return query
        payload, duplicates = load_json(payload)
        if not duplicates:
            query = fast_query(payload, schema, limits, build)
            if query is not None:
                return query
    reader = PayloadReader(schema, limits)
    reader.diagnostics.extend(duplicates)
    if payload is None and duplicates:
        return reader  # not JSON at all: load_json said why
    reader.read(payload)
    return reader


def validate_payload(
    payload: object, *, schema: Schema = HOMEBANK, limits: Limits = DEFAULT_LIMITS
) -> list[Diagnostic]:
    """Every problem of a request payload (dict, JSON text or bytes), each with a JSON Pointer.

    >>> [(d.code, d.path) for d in validate_payload('{"searchParameters": [], "x": 1}')]
    [('invalid_shape', '/x'), ('missing_period', '/searchParameters')]
    """
    found = bad_options(schema, limits)
    if found:
        return found
    # The common cases, a valid dict or JSON text, in a call or two: no _check frame
    # (validate_payload is measured against pydantic). Anything else returns None at once or soon.
    if type(payload) is str:
        if _decoded_query(plain_json(payload), payload, schema, limits, False) is not None:
            return []
    elif fast_query(payload, schema, limits, False) is not None:
        return []
    checked = _check(payload, schema, limits, False)
    return [] if isinstance(checked, Query) else capped(checked.diagnostics)


def from_payload(
    payload: object, *, schema: Schema = HOMEBANK, limits: Limits = DEFAULT_LIMITS
) -> Query:
    """The query a valid payload stands for; QueryError with every diagnostic otherwise.

    >>> from querydsl.language.text import to_text
    >>> to_text(from_payload({"searchParameters": [{"name": "created_date", "method": ">=",
    ...     "searchParameter": ["2024-01-01T06:00:00+06:00"]}]}))
    'created_date >= 2024-01-01T00:00:00Z'
    """
    require_options(schema, limits)
    query = (  # the common cases, as in validate_payload
        _decoded_query(plain_json(payload), payload, schema, limits, True)
        if type(payload) is str
        else fast_query(payload, schema, limits, True)
    )
    if query is not None:
        return query
    checked = _check(payload, schema, limits, True)
    if isinstance(checked, Query):
        return checked
    if checked.diagnostics:
        raise QueryError(checked.diagnostics)
    return checked.query()
