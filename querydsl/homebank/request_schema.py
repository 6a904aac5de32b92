"""The request payload as a JSON Schema (draft 2020-12), for tools outside Python."""

from __future__ import annotations

from typing import Any

from querydsl.homebank.schema import HOMEBANK, PERIOD_FIELD
from querydsl.language.ast import Method
from querydsl.language.rules import DEFAULT_LIMITS, MAX_PAGING, METHOD_ARITY, PAGING_LOWEST, Limits
from querydsl.language.schema import FieldType, Schema, allowed_methods
from querydsl.language.types import ValueType


def _at_most(limit: int | None, array: dict[str, Any]) -> dict[str, Any]:
    """`array` with a `maxItems` of `limit`, if there is one (None: no limit)."""
    return array if limit is None else {**array, "maxItems": limit}


def _arity(method: Method, limits: Limits) -> dict[str, Any]:
    count = METHOD_ARITY[method]
    if count is None:
        return _at_most(limits.max_in_values, {"minItems": 1})
    return {"minItems": count, "maxItems": count}


def _condition(kind: ValueType, schema: Schema) -> dict[str, Any]:
    """A search parameter on a field of one type: its methods and the shape of its values."""
    names = [field.name for field in schema.fields if field.type == kind]
    value = kind.json_schema()
    return {
        "if": {"properties": {"name": {"enum": names}}, "required": ["name"]},
        "then": {
            "properties": {
                "method": {"enum": [method.value for method in allowed_methods(kind)]},
                "searchParameter": {"items": value},
            }
        },
    }


def _by_method(method: Method, limits: Limits) -> dict[str, Any]:
    """How many values a method takes; `like` wants a `%` in its value."""
    values: dict[str, Any] = _arity(method, limits)
    if method is Method.LIKE:
        values["items"] = {"type": "string", "pattern": "%"}
    return {
        "if": {"properties": {"method": {"const": method.value}}, "required": ["method"]},
        "then": {"properties": {"searchParameter": values}},
    }


def json_schema(schema: Schema = HOMEBANK, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the `/operations` request payload.

    It is as tight as JSON Schema can be; `validate_payload` also checks what it cannot say:
    real calendar dates, `between` order, repeated order fields, duplicate keys, lone surrogates,
    numbers of more than 100 000 digits, and that `1.0` is not an integer.

    >>> json_schema()["properties"]["orderParameters"]["items"]["properties"]["typeOrder"]
    {'enum': ['ASC', 'DESC']}
    """
    names = [field.name for field in schema.fields]
    # The built-in types in their order, then the others (an enum, say) as the fields give them.
    given = dict.fromkeys(field.type for field in schema.fields)
    kinds = [kind for kind in FieldType if kind in given]
    kinds += [kind for kind in given if kind not in kinds]
    search_parameter = {
        "type": "object",
        "properties": {
            "name": {"enum": names},
            "method": {"enum": [method.value for method in Method]},
            "searchParameter": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["name", "method", "searchParameter"],
        "additionalProperties": False,
        "allOf": [_condition(kind, schema) for kind in kinds]
        + [_by_method(method, limits) for method in Method],
    }
    search_parameters = _at_most(
        limits.max_conditions, {"type": "array", "items": {"$ref": "#/$defs/searchParameter"}}
    )
    if schema.lookup(PERIOD_FIELD) is not None:
        search_parameters["contains"] = {
            "properties": {"name": {"const": PERIOD_FIELD}},
            "required": ["name"],
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Homebank ePay /operations search request",
        "type": "object",
        "properties": {
            "paging": {
                "type": "object",
                "properties": {
                    name: {"type": "integer", "minimum": lowest, "maximum": MAX_PAGING}
                    for name, lowest in PAGING_LOWEST.items()
                },
                "required": list(PAGING_LOWEST),
                "additionalProperties": False,
            },
            "searchParameters": search_parameters,
            "orderParameters": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "properties": {
                        "field": {"enum": names},
                        "typeOrder": {"enum": ["ASC", "DESC"]},
                    },
                    "required": ["field", "typeOrder"],
                    "additionalProperties": False,
                },
                "maxItems": len(schema.fields),  # a field appears once
            },
        },
        "required": ["searchParameters"],
        "additionalProperties": False,
        "$defs": {"searchParameter": search_parameter},
    }
