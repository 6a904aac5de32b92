"""SPEC tables written out in the tests' own words: no test reads a rule from the code it checks."""

from __future__ import annotations

from querydsl.ast import Method
from querydsl.schema import FieldType

#: SPEC 1.4: the methods each field type allows.
SPEC_METHODS = {
    FieldType.STRING: frozenset({Method.EQ, Method.IN, Method.LIKE}),
    FieldType.NUMBER: frozenset(
        {Method.EQ, Method.IN, Method.BETWEEN, Method.LT, Method.GT, Method.LE, Method.GE}
    ),
    FieldType.DATETIME: frozenset(
        {Method.EQ, Method.BETWEEN, Method.LT, Method.GT, Method.LE, Method.GE}
    ),
    FieldType.BOOLEAN: frozenset({Method.EQ}),
}
