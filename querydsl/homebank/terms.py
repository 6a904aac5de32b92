"""Payload terms as the API spells them: methods and directions, with hints (values: types.py)."""

from __future__ import annotations

import difflib

from querydsl.carddata.redact import shown
from querydsl.language.ast import METHOD_BY_TEXT, METHOD_SYNONYMS, Direction, Method
from querydsl.language.schema import Field, field_takes, methods_hint
from querydsl.language.values import ValueProblem
from querydsl.wire.jsontext import json_type

_METHOD_LIST = ", ".join(METHOD_BY_TEXT)


def parse_method(name: str, field: Field | None = None) -> Method:
    """A method spelt exactly as the API does, or a ValueProblem with a did-you-mean hint
    (of a method `field` takes, when the field is known: else the ones it takes).

    >>> parse_method(">=")
    <Method.GE: '>='>
    """
    if name in METHOD_BY_TEXT:
        return METHOD_BY_TEXT[name]
    key = name.strip().casefold()
    if key == "!=" or key.startswith("not"):
        hint = f"the API has no negated methods; the methods are {_METHOD_LIST}"
    else:
        found = key if key in METHOD_BY_TEXT else METHOD_SYNONYMS.get(key)
        close = difflib.get_close_matches(key, list(METHOD_BY_TEXT), n=1, cutoff=0.6)
        found = found or (close[0] if close else None)
        if field is not None and not (found and field_takes(field, METHOD_BY_TEXT[found])):
            hint = methods_hint(field)
        else:
            hint = f"did you mean {found!r}?" if found else f"the methods are {_METHOD_LIST}"
    raise ValueProblem(f"unknown method {shown(name)}", hint)


def parse_direction(value: object) -> Direction:
    """`ASC` or `DESC`, exactly; anything else is a ValueProblem."""
    if isinstance(value, str) and value in ("ASC", "DESC"):
        return Direction(value)
    written = shown(value) if isinstance(value, str) else json_type(value)
    upper = value.strip().upper() if isinstance(value, str) else ""
    hint = f"write {upper!r}" if upper in ("ASC", "DESC") else 'write "ASC" or "DESC"'
    raise ValueProblem(f"typeOrder is ASC or DESC, not {written}", hint)
