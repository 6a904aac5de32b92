"""The documented table of diagnostic codes holds: every example produces exactly its code.

docs/errors.md is drawn from `ERROR_CODES`, so these tests keep the page true.
"""

from __future__ import annotations

import json

import pytest

import querydsl
from querydsl.language.errors import CODES, ERROR_CODES, ErrorCode

# SPEC 3's list of stable codes, in its order.
SPEC_CODES = [
    "syntax_error",
    "unknown_field",
    "unknown_method",
    "method_not_allowed",
    "arity",
    "like_without_wildcard",
    "invalid_value",
    "inverted_range",
    "missing_period",
    "unsupported_or",
    "unsupported_not",
    "duplicate_order",
    "invalid_paging",
    "invalid_order",
    "invalid_shape",
    "duplicate_key",
    "limit_exceeded",
]


def codes_of(entry: ErrorCode) -> list[str]:
    """The codes the public API gives for an entry's example, each time it is found."""
    if entry.source == "text":
        return [d.code for d in querydsl.check(entry.example)]
    return [d.code for d in querydsl.validate_payload(entry.example)]


def test_the_table_lists_the_spec_codes_in_its_order() -> None:
    assert list(ERROR_CODES) == SPEC_CODES
    assert frozenset(SPEC_CODES) == CODES


@pytest.mark.parametrize("code", list(ERROR_CODES))
def test_each_example_produces_exactly_its_code(code: str) -> None:
    assert codes_of(ERROR_CODES[code]) == [code]


@pytest.mark.parametrize("code", [c for c, e in ERROR_CODES.items() if e.source == "text"])
def test_a_text_example_is_what_to_payload_raises(code: str) -> None:
    with pytest.raises(querydsl.QueryError) as raised:
        querydsl.to_payload(ERROR_CODES[code].example)
    assert [d.code for d in raised.value.diagnostics] == [code]


@pytest.mark.parametrize("code", [c for c, e in ERROR_CODES.items() if e.source == "payload"])
def test_a_payload_example_is_what_from_payload_raises(code: str) -> None:
    with pytest.raises(querydsl.QueryError) as raised:
        querydsl.from_payload(ERROR_CODES[code].example)
    assert [d.code for d in raised.value.diagnostics] == [code]


@pytest.mark.parametrize("code", [c for c, e in ERROR_CODES.items() if e.source == "payload"])
def test_a_payload_example_is_one_json_object(code: str) -> None:
    assert isinstance(json.loads(ERROR_CODES[code].example), dict)
