"""Value types: one class per kind of value a field holds, registered by its name.

A type says everything the library needs to know about its values, in one place: the methods it
takes, how a token of the text becomes a value (`read`) and how a payload's string does
(`from_payload`), how a value is written (`format`: the payload's string and, quoted if it would not
read back bare, the canonical text), its Python type, its JSON Schema, what completion suggests, its
noun in messages and its words in `explain`. Subclassing `ValueType` with a `name` registers the
type: a schema may then name it (`Field("addr", "ip")`), and nothing else changes.

`registry.py` holds the base class and the lookups, `builtin.py` the four types of SPEC 1.4,
`enumerated.py` `EnumType`; importing this package registers the built-in ones, in that order.

>>> from datetime import UTC, datetime
>>> FieldType.NUMBER.read("WORD", "10.50", UTC, datetime.now(UTC))
Decimal('10.50')
>>> status = EnumType("successful", "failed")
>>> status.read("WORD", "Successful", UTC, datetime.now(UTC))
'successful'
"""

from querydsl.language.types.builtin import BooleanType, DatetimeType, NumberType, StringType
from querydsl.language.types.enumerated import EnumType
from querydsl.language.types.registry import (
    TYPES,
    FieldType,
    ValueType,
    every_type,
    format_value,
    type_of_value,
    value_type,
)

__all__ = [
    "TYPES",
    "BooleanType",
    "DatetimeType",
    "EnumType",
    "FieldType",
    "NumberType",
    "StringType",
    "ValueType",
    "every_type",
    "format_value",
    "type_of_value",
    "value_type",
]
