"""Payload terms as the API spells them: methods, directions and typed values, with hints."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime

from querydsl.carddata.redact import shown
from querydsl.language.ast import METHOD_BY_TEXT, METHOD_SYNONYMS, Direction, Method, Value
from querydsl.language.schema import Field, FieldType, field_takes, methods_hint
from querydsl.language.values import (
    DATE,
    DATETIME,
    ValueProblem,
    parse_datetime,
    parse_number,
    require_unicode,
)
from querydsl.wire.jsontext import json_type

_METHOD_LIST = ", ".join(METHOD_BY_TEXT)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # payload datetimes are absolute: no clock needed


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


def parse_value(kind: FieldType, text: str) -> Value:
    """A `searchParameter` string as a typed value of a field type.

    >>> parse_value(FieldType.DATETIME, "2018-01-01T06:00:00+06:00")
    datetime.datetime(2018, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    require_unicode(text)
    if kind is FieldType.STRING:
        return text
    if kind is FieldType.NUMBER:
        return parse_number(text)
    if kind is FieldType.DATETIME:
        return _datetime(text)
    if text not in ("true", "false"):
        raise ValueProblem(f"{shown(text)} is not a boolean", 'write "true" or "false"')
    return text == "true"


def _datetime(text: str) -> datetime:
    """A full datetime with `Z` or an offset, as the compiler writes it; no dates, no `now`."""
    match = DATETIME.fullmatch(text)
    if match is None or match[8] is None:
        example = f"{text}T00:00:00Z" if DATE.fullmatch(text) else "2018-01-01T00:00:00Z"
        raise ValueProblem(
            f"{shown(text)} is not a datetime with a time zone",
            f"a payload needs a full datetime with Z or an offset, e.g. {example}",
        )
    return parse_datetime(text, UTC, _EPOCH)
