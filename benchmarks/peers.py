"""The peers validate_payload is measured against: a JSON Schema and a pydantic v2 model.

Both describe the shape `to_payload` produces (SPEC 1.5): known field names and methods, string
values, `typeOrder` ASC/DESC, paging integers in range, no extra keys. The JSON Schema also
encodes per-type methods and arity with `if`/`then`; the pydantic model stays declarative (no
Python validators), so it checks the shape only. Neither parses values as dates or numbers,
checks `between` order, a repeated order field or the required `created_date`: querydsl's
validate_payload does all of that, so both peers do less work than it does.

pydantic is imported only when the model is asked for: the smoke test runs without it.
"""

from __future__ import annotations

import functools
from typing import Any

from querydsl.homebank.schema import HOMEBANK
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


def fastjsonschema_validator() -> Any:
    """The compiled fastjsonschema validator; ImportError when fastjsonschema is not installed."""
    import fastjsonschema

    return fastjsonschema.compile(json_schema())
