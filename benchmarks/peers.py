"""The peers validate_payload is measured against: a JSON Schema and two pydantic v2 models.

All describe the shape `to_payload` produces (SPEC 1.5): known field names and methods, string
values, `typeOrder` ASC/DESC, paging integers in range, no extra keys. The JSON Schema also
encodes per-type methods and arity with `if`/`then`; `pydantic_model` stays declarative (no
Python validators), so it checks the shape only. Neither parses values as dates or numbers,
checks `between` order, a repeated order field or the required `created_date`.

`pydantic_equivalent_model` checks what validate_payload checks (SPEC 2), as a pydantic user
would write it: the shape declared, the rest in validators (the field's type allows the method,
arity, `%` in like, each value read as the field's type, `between` in order, at most 200
conditions and 1 000 values, `created_date` present, order fields not repeated). It cannot see
a key repeated in JSON text (pydantic keeps the last), and says less: the first problem of each
object, without JSON Pointers in querydsl's sense.

pydantic is imported only when a model is asked for: the smoke test runs without it.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from querydsl.homebank.schema import HOMEBANK
from querydsl.language.rules import METHOD_ARITY
from querydsl.language.schema import FieldType

MAX_PAGING = 2**31 - 1
FIELD_NAMES = tuple(field.name for field in HOMEBANK.fields)
METHODS = ("=", "<", ">", "<=", ">=", "between", "in", "like")


def _methods(kind: FieldType) -> list[str]:
    return [method for method in METHODS if any(m.value == method for m in kind.methods)]


def _per_type_rules() -> list[dict[str, Any]]:
    """`if name is one of these fields then method is one the type allows`, per type."""
    rules = []
    for kind in FieldType:
        names = [field.name for field in HOMEBANK.fields if field.type is kind]
        if names:
            rules.append(
                {
                    "if": {"properties": {"name": {"enum": names}}},
                    "then": {"properties": {"method": {"enum": _methods(kind)}}},
                }
            )
    return rules


_ARITY = [
    {
        "if": {"properties": {"method": {"const": "between"}}},
        "then": {"properties": {"searchParameter": {"minItems": 2, "maxItems": 2}}},
    },
    {
        "if": {"properties": {"method": {"enum": ["=", "<", ">", "<=", ">="]}}},
        "then": {"properties": {"searchParameter": {"maxItems": 1}}},
    },
    {
        "if": {"properties": {"method": {"const": "like"}}},
        "then": {
            "properties": {
                "searchParameter": {"maxItems": 1, "items": {"type": "string", "pattern": "%"}}
            }
        },
    },
]

PAYLOAD_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Homebank /operations search payload",
    "type": "object",
    "additionalProperties": False,
    "required": ["searchParameters", "orderParameters"],
    "properties": {
        "paging": {
            "type": "object",
            "additionalProperties": False,
            "required": ["page", "size"],
            "properties": {
                "page": {"type": "integer", "minimum": 0, "maximum": MAX_PAGING},
                "size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGING},
            },
        },
        "searchParameters": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "method", "searchParameter"],
                "properties": {
                    "name": {"enum": list(FIELD_NAMES)},
                    "method": {"enum": list(METHODS)},
                    "searchParameter": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string"},
                    },
                },
                "allOf": _per_type_rules() + _ARITY,
            },
        },
        "orderParameters": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["field", "typeOrder"],
                "properties": {
                    "field": {"enum": list(FIELD_NAMES)},
                    "typeOrder": {"enum": ["ASC", "DESC"]},
                },
            },
        },
    },
}


def json_schema() -> dict[str, Any]:
    """querydsl's own JSON Schema when the library has one, else the equivalent above."""
    try:
        from querydsl.homebank import json_schema as library_schema  # type: ignore[attr-defined]
    except ImportError:
        return PAYLOAD_SCHEMA
    schema: dict[str, Any] = library_schema()
    return schema


def schema_source() -> str:
    """Where the JSON Schema the benchmark compiles comes from, for RESULTS.md."""
    try:
        from querydsl.homebank import json_schema as _  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return "benchmarks/peers.py PAYLOAD_SCHEMA (querydsl.homebank.json_schema not available)"
    return "querydsl.homebank.json_schema()"


@functools.cache
def pydantic_model() -> Any:
    """A strict pydantic v2 model of the payload; ImportError when pydantic is not installed."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field

    field_name = Literal[FIELD_NAMES]  # type: ignore[valid-type]
    method = Literal[METHODS]  # type: ignore[valid-type]

    class Paging(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
        page: int = Field(ge=0, le=MAX_PAGING)
        size: int = Field(ge=1, le=MAX_PAGING)

    class SearchParameter(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
        name: field_name
        method: method
        searchParameter: list[str] = Field(min_length=1)

    class OrderParameter(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
        field: field_name
        typeOrder: Literal["ASC", "DESC"]

    class Payload(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
        paging: Paging | None = None
        searchParameters: list[SearchParameter]
        orderParameters: list[OrderParameter]

    return Payload


#: The documented forms of values (SPEC 1.4), written for the peer: a datetime with a `T`, minutes,
#: optional seconds and fraction, and `Z` or an offset; a plain decimal number.
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
).fullmatch
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII).fullmatch
_BOOLEANS = {"true": True, "false": False}


def _instant(text: str) -> datetime:
    if _DATETIME(text) is None:
        raise ValueError("not a datetime in the documented form")
    return datetime.fromisoformat(text).astimezone(UTC)  # ValueError for a day that is not


def _number(text: str) -> Decimal:
    if _NUMBER(text) is None:
        raise ValueError("not a number")
    return Decimal(text)


def _boolean(text: str) -> bool:
    return _BOOLEANS[text]  # KeyError, which pydantic reports like a ValueError


def _string(text: str) -> str:
    text.encode("utf-8")  # a lone surrogate cannot be sent
    return text


_READ = {
    FieldType.DATETIME: _instant,
    FieldType.NUMBER: _number,
    FieldType.BOOLEAN: _boolean,
    FieldType.STRING: _string,
}
#: (field, method) -> how its values read, how many it takes (0: one to 1 000).
_RULES = {
    (field.name, method.value): (_READ[field.type], METHOD_ARITY[method] or 0)
    for field in HOMEBANK.fields
    for method in field.type.methods
}


@functools.cache
def pydantic_equivalent_model() -> Any:
    """A pydantic v2 model checking what validate_payload checks; ImportError without pydantic."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field, model_validator

    field_name = Literal[FIELD_NAMES]  # type: ignore[valid-type]
    method = Literal[METHODS]  # type: ignore[valid-type]
    strict = ConfigDict(strict=True, extra="forbid", frozen=True)

    class Paging(BaseModel):
        model_config = strict
        page: int = Field(ge=0, le=MAX_PAGING)
        size: int = Field(ge=1, le=MAX_PAGING)

    class SearchParameter(BaseModel):
        model_config = strict
        name: field_name
        method: method
        searchParameter: list[str] = Field(min_length=1, max_length=1000)

        @model_validator(mode="after")
        def _fits_the_field(self) -> SearchParameter:
            rule = _RULES.get((self.name, self.method))
            if rule is None:
                raise ValueError("the field's type does not take this method")
            read, arity = rule
            texts = self.searchParameter
            if arity and len(texts) != arity:
                raise ValueError(f"the method takes {arity} values")
            if self.method == "like" and "%" not in texts[0]:
                raise ValueError("like needs a %")
            values = [read(text) for text in texts]
            if self.method == "between" and values[0] > values[1]:
                raise ValueError("the lower bound is above the upper bound")
            return self

    class OrderParameter(BaseModel):
        model_config = strict
        field: field_name
        typeOrder: Literal["ASC", "DESC"]

    class Payload(BaseModel):
        model_config = strict
        paging: Paging | None = None
        searchParameters: list[SearchParameter] = Field(max_length=200)
        orderParameters: list[OrderParameter] | None = None  # "can be left blank"

        @model_validator(mode="after")
        def _whole(self) -> Payload:
            if not any(item.name == "created_date" for item in self.searchParameters):
                raise ValueError("created_date is required")
            fields = [order.field for order in self.orderParameters or ()]
            if len(set(fields)) != len(fields):
                raise ValueError("an order field is repeated")
            return self

    return Payload


def fastjsonschema_validator() -> Any:
    """The compiled fastjsonschema validator; ImportError when fastjsonschema is not installed."""
    import fastjsonschema

    return fastjsonschema.compile(json_schema())
