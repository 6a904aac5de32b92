"""Operations as the store's rows: a typed column per Homebank field, and the record's JSON.

The typed columns are what queries filter and sort on (SPEC 10's types: timestamp with time zone,
exact decimal, text, boolean). The JSON is what searches give back: written from the typed record
so that `load_operations` reads the very same record again (amounts with every digit written,
datetimes with their offset, undocumented keys kept). What a column cannot hold exactly is
refused before anything is stored, with a JSON Pointer to it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import datetime
from decimal import Context, Decimal
from json.encoder import encode_basestring_ascii
from typing import Any

import attrs

from querydsl.homebank.models import CardType, Operation
from querydsl.homebank.responses import KEYS
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.errors import Diagnostic
from querydsl.language.schema import FieldType
from querydsl.wire.jsontext import WrittenNumber, escape_pointer

#: Fraction digits and whole digits of the store's amounts: `DECIMAL(38, 10)`, with room for
#: a comparison with any value of the same scale. Money has far fewer.
SCALE = 10
WHOLE_DIGITS = 27
#: One unit of the last fraction digit, and the first magnitude past what the store holds.
STEP = Decimal(1).scaleb(-SCALE)
BOUND = Decimal(10) ** WHOLE_DIGITS
#: Enough precision that quantizing a number the store may hold never rounds.
EXACT = Context(prec=SCALE + WHOLE_DIGITS + 10)

TABLE = "operations"
#: The column of the insertion order, which breaks ties as `evaluate` keeps records in order.
ORDER_KEY = "seq"
#: The column of each record's JSON.
RECORD_JSON = "record"
_TYPES = {
    FieldType.DATETIME: "TIMESTAMPTZ",
    FieldType.NUMBER: f"DECIMAL(38, {SCALE})",
    FieldType.STRING: "VARCHAR",
    FieldType.BOOLEAN: "BOOLEAN",
}
#: The typed columns: one per field of the Homebank schema, named as the field.
FIELD_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (field.name, _TYPES[field.type]) for field in HOMEBANK.fields
)
#: The columns of the schema's identifying fields (an order number, an RRN): each has an index,
#: and an `=` or `in` on one is looked up there (statements.lookup).
KEYED: tuple[str, ...] = tuple(field.name for field in HOMEBANK.fields if field.identifying)
COLUMNS: tuple[tuple[str, str], ...] = (
    (ORDER_KEY, "BIGINT NOT NULL"),
    ("id", "VARCHAR NOT NULL"),
    *FIELD_COLUMNS,
    (RECORD_JSON, "VARCHAR NOT NULL"),
)
CREATE_TABLE = (
    f'CREATE TABLE IF NOT EXISTS "{TABLE}" ('
    + ", ".join(f'"{name}" {kind}' for name, kind in COLUMNS)
    + ")"
)

_SURROGATE = re.compile("[\ud800-\udfff]")
_KIND = {name: field.type for field in HOMEBANK.fields for name in (field.name,)}
_OPERATION_KEYS = KEYS[Operation]
#: Attributes the converter keeps for itself, never keys of a record.
_BOOKKEEPING = frozenset({"extra", "warnings"})


def _documented(model: type) -> list[str]:
    """The attributes of a response model that are keys of its JSON."""
    return [
        field.name
        for field in attrs.fields(model)
        if field.name not in _BOOKKEEPING and not field.name.startswith("_")
    ]


_OPERATION_FIELDS = _documented(Operation)
_CARD_TYPE_FIELDS = _documented(CardType)


class Unwritable(Exception):
    """A value of a record that is no JSON data; `path` is its place in the record."""

    def __init__(self, path: list[str | int], message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


def record_json(operation: Operation) -> str:
    """The record as JSON text that `load_operations` reads back as the same record: every
    digit of its amounts, its datetimes' offsets and its undocumented keys; Unwritable for a
    value that is no JSON data (a record built by hand)."""
    out: list[str] = []
    _write_model(operation, _OPERATION_KEYS_WRITTEN, out, [])
    return "".join(out)


def _written_keys(names: Sequence[str], keys: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    """Each attribute with its JSON key, and the key as written before its value (`"id":`)."""
    return tuple(
        (name, keys.get(name, name), encode_basestring_ascii(keys.get(name, name)) + ":")
        for name in names
    )


_OPERATION_KEYS_WRITTEN = _written_keys(_OPERATION_FIELDS, _OPERATION_KEYS)
_CARD_TYPE_KEYS_WRITTEN = _written_keys(_CARD_TYPE_FIELDS, KEYS[CardType])


def written(value: Any) -> str:
    """JSON data as compact JSON text, numbers read with `exact` written with their digits.

    >>> from querydsl.wire.jsontext import load_json
    >>> written(load_json('{"amount": 10.50, "note": [null, true]}', exact=True)[0])
    '{"amount":10.50,"note":[null,true]}'
    """
    out: list[str] = []
    _write(value, out, [])
    return "".join(out)


def _write_model(
    model: Any,
    keys: tuple[tuple[str, str, str], ...],
    out: list[str],
    path: list[str | int],
) -> None:
    separator = "{"
    # Keys a lenient read found missing stay missing (not null), as the converter writes them.
    absent = getattr(model, "_absent", ())
    for name, key, written in keys:
        value = getattr(model, name)
        if value is None and name in absent:
            continue
        out.append(separator)
        separator = ","
        out.append(written)
        kind = type(value)
        if kind is str:  # most values: written here, without a call
            out.append(encode_basestring_ascii(value))
        elif name == "post_link" and kind is bool:  # Homebank writes it as a string
            out.append('"true"' if value else '"false"')
        else:
            _write(value, out, [*path, key])
    extra = getattr(model, "extra", None)
    if extra:
        if type(extra) is not dict:
            raise Unwritable(path, "the undocumented keys (`extra`) are not a dict")
        for key, value in extra.items():
            if type(key) is not str:
                raise Unwritable(path, "an undocumented key is not a string")
            out.append(separator)
            separator = ","
            out.append(encode_basestring_ascii(key) + ":")
            _write(value, out, [*path, key])
    out.append("{}" if separator == "{" else "}")


def _write(value: Any, out: list[str], path: list[str | int]) -> None:
    kind = type(value)
    if value is None:
        out.append("null")
    elif kind is str:
        out.append(encode_basestring_ascii(value))  # half a surrogate pair becomes an escape
    elif kind is bool:
        out.append("true" if value else "false")
    elif kind is WrittenNumber:
        out.append(value.text)
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is Decimal:
        if not value.is_finite():
            raise Unwritable(path, "the number is not finite")
        out.append(str(value))  # every digit and the exponent, as JSON reads them back
    elif kind is float:
        if not math.isfinite(value):
            raise Unwritable(path, "the number is not finite")
        out.append(float.__repr__(value))
    elif kind is datetime:
        out.append(encode_basestring_ascii(value.isoformat()))
    elif kind is CardType:
        _write_model(value, _CARD_TYPE_KEYS_WRITTEN, out, path)
    elif kind is dict:
        separator = "{"
        for key, item in value.items():
            if type(key) is not str:
                raise Unwritable(path, "an object key is not a string")
            out.append(separator)
            separator = ","
            out.append(encode_basestring_ascii(key) + ":")
            _write(item, out, [*path, key])
        out.append("{}" if separator == "{" else "}")
    elif kind is list:
        separator = "["
        for number, item in enumerate(value):
            out.append(separator)
            separator = ","
            _write(item, out, [*path, number])
        out.append("[]" if separator == "[" else "]")
    else:
        raise Unwritable(path, f"a {kind.__name__[:40]} is not JSON data")


def pointer_of(prefix: str, path: Sequence[str | int]) -> str:
    """A JSON Pointer under `prefix` (`/records/3`) to a place in a record."""
    return prefix + "".join(f"/{escape_pointer(step)}" for step in path)


def column_value(name: str, value: object) -> tuple[object, str | None]:
    """A typed column's value as the batch holds it (text that DuckDB casts exactly), or the
    reason the store cannot hold it."""
    if value is None:
        return None, None
    kind = _KIND[name]
    if kind is FieldType.STRING:
        if type(value) is str and _SURROGATE.search(value) is not None:
            return None, "text with half a surrogate pair cannot be stored (DuckDB holds UTF-8)"
        return value, None
    if kind is FieldType.NUMBER:
        return _number_text(value)
    if kind is FieldType.DATETIME:
        return value.isoformat(), None  # type: ignore[attr-defined]
    return value, None


def _number_text(value: object) -> tuple[object, str | None]:
    number = Decimal(value)  # type: ignore[arg-type]  # loaded records hold Decimals
    refused = (
        f"the store holds numbers of at most {WHOLE_DIGITS} whole digits and {SCALE} "
        "fraction digits"
    )
    if not -BOUND < number < BOUND:
        return None, refused
    if number.quantize(STEP, context=EXACT) != number:
        return None, refused
    return format(number, "f"), None


def row_problems(operation: Operation, where: str) -> tuple[list[object], list[Diagnostic]]:
    """The typed columns' values of one record, and what the store cannot hold of it."""
    values: list[object] = []
    problems: list[Diagnostic] = []
    for name, _ in FIELD_COLUMNS:
        value, problem = column_value(name, getattr(operation, name))
        if problem is not None:
            key = _OPERATION_KEYS.get(name, name)
            problems.append(Diagnostic("invalid_value", problem, path=pointer_of(where, [key])))
        values.append(value)
    return values, problems
