"""SPEC tables written out in the tests' own words: no test reads a rule from the code it checks."""

from __future__ import annotations

from querydsl.language.ast import Method
from querydsl.language.schema import FieldType

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

#: SPEC 1.3: a page is a non-negative integer, a size a positive one; the README bounds both by a
#: 32-bit integer (the API documents no bound).
SPEC_PAGING_LOWEST = {"page": 0, "size": 1}
SPEC_MAX_PAGING = 2**31 - 1
