"""The table of stable diagnostic codes (SPEC 3): what each means, an input that gives it, its fix.

docs/errors.md is drawn from it (docs/hooks.py); `querydsl.language.errors` re-exports its names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple


class ErrorCode(NamedTuple):
    """A diagnostic code as the documentation shows it: what it means, an input that produces
    exactly it, and how to fix that input.

    `source` says what `example` is: `"text"`, a query for `check` (for a warning, `lint`),
    `"payload"`, the JSON text of a request payload for `validate_payload`, or `"response"`, the
    JSON text of a Homebank `/operations` response for `homebank.load_operations` (its warnings).

    >>> ERROR_CODES["inverted_range"].example
    'amount between 10..1 and created_date >= now-7d'
    """

    meaning: str
    example: str
    fix: str
    source: Literal["text", "payload", "response"] = "text"


_PERIOD = "created_date >= now-7d"  # what keeps a text example from being missing_period too

#: Every diagnostic code the library emits (SPEC 3), in the order the documentation lists them:
#: docs/errors.md is drawn from this table, and tests/test_error_codes.py runs every example.
ERROR_CODES: Mapping[str, ErrorCode] = {
    "syntax_error": ErrorCode(
        "The text does not follow the grammar: a token where none of its kind can come, a quote"
        " or parenthesis left open, or a character no query may hold (controls, bidi and other"
        " invisible format characters). The message says what could have come there.",
        "amount >",
        "Write one of the things the message lists at the caret. Quote a value that is a keyword"
        ' or holds a space or a sign: `description = "and"`.',
    ),
    "unknown_field": ErrorCode(
        "The schema has no such field. Text ignores case and underscores and knows the aliases"
        " (`email`, `payerEmail`); a payload names the canonical field exactly. Carries a"
        " did-you-mean hint when a close name exists.",
        f"amout > 5 and {_PERIOD}",
        "Use the name in the hint, or one that `querydsl fields` lists.",
    ),
    "unknown_method": ErrorCode(
        "No such method. In a payload, anything but `between in like = < > <= >=`; in text, a"
        " word other APIs use for a method (`gte`, `eq`, `contains`) where the method goes."
        " Carries a did-you-mean hint when a close method exists.",
        f"amount gte 5 and {_PERIOD}",
        "Write the method in the hint (`>=` for `gte`).",
    ),
    "method_not_allowed": ErrorCode(
        "The field's type does not allow the method: a string takes `= in like`, a number"
        " `= in between < > <= >=`, a datetime `= between < > <= >=`, a boolean `=`. Homebank's"
        ' own error 232, "Search Method Unavailable".',
        f"payer_email > 5 and {_PERIOD}",
        "Use one of the methods the hint lists for the field.",
    ),
    "arity": ErrorCode(
        "The method has the wrong number of values: `between` takes exactly 2, `in` at least"
        " 1, every other method exactly 1.",
        f"amount in () and {_PERIOD}",
        "Give the method its number of values: `amount in (5, 10)`.",
    ),
    "like_without_wildcard": ErrorCode(
        "A `like` value holds no `%` wildcard, so it could only match itself.",
        f"payer_email like dana and {_PERIOD}",
        "Add `%` where any run of characters may stand (`dana%` starts with dana), or use `=`.",
    ),
    "invalid_value": ErrorCode(
        "A value is not of the field's type: not a number, an impossible date (`2018-02-30`), a"
        " local time that does not exist in `tz` or names two instants; in a payload, also a"
        " relative time or a date without offset. Also an option the library refuses (`tz`,"
        " `default_period`, `limits`).",
        f"amount > ten and {_PERIOD}",
        "Write the value as the field's type reads it; the hint says how.",
    ),
    "inverted_range": ErrorCode(
        "The lower bound of a `between` (or `f:a..b`) is above its upper bound: `between` needs"
        " lower <= upper.",
        f"amount between 10..1 and {_PERIOD}",
        "Swap the two bounds.",
    ),
    "missing_period": ErrorCode(
        "No `created_date` condition: the Homebank API requires a transaction period.",
        "amount > 5",
        "Add a `created_date` condition (`created_date >= now-30d`), or pass"
        ' `default_period="30d"` (`--default-period 30d`).',
    ),
    "unsupported_or": ErrorCode(
        "An `or` the Homebank payload cannot say: only `=` and `in` conditions on one field,"
        " whose type allows `in`, join with `or` (they merge into one `in`). Points at the"
        " `or`.",
        f"{_PERIOD} or amount > 5",
        "Run one search for each side of the `or`; the memory target (`matches`, `evaluate`)"
        " takes any `or`.",
    ),
    "unsupported_not": ErrorCode(
        "A negation the Homebank payload cannot say: only `not` on `< > <= >=` (which flips"
        " the comparison) and on a boolean field (`not f = true` is `f = false`) are pushed"
        " inward. Points at the `not`.",
        f"{_PERIOD} and not payer_email = a@b.kz",
        "Say what you want positively, or filter the results yourself; the memory target"
        " (`matches`, `evaluate`) takes any `not`.",
    ),
    "duplicate_order": ErrorCode(
        "A field is in the order clause (`order by`, or a payload's `orderParameters`) twice.",
        f"{_PERIOD} order by amount, amount",
        "Keep one: a field orders once.",
    ),
    "invalid_paging": ErrorCode(
        "A `page` or `size` out of range, not a whole number, or given twice: page 0 to"
        " 2 147 483 647, size 1 to 2 147 483 647 (in a payload, JSON integers).",
        f"{_PERIOD} size 0",
        "Give each once, in range: `page 2 size 50`.",
    ),
    "invalid_order": ErrorCode(
        "A payload's `orderParameters` item has no `field` or `typeOrder`, or a `typeOrder`"
        ' other than `"ASC"` or `"DESC"` exactly.',
        '{"searchParameters": [{"name": "created_date", "method": ">=",'
        ' "searchParameter": ["2024-01-01T00:00:00Z"]}],'
        ' "orderParameters": [{"field": "amount", "typeOrder": "UP"}]}',
        'Write `"typeOrder": "ASC"` or `"DESC"`, upper case.',
        "payload",
    ),
    "invalid_shape": ErrorCode(
        "A payload or response does not have the documented shape: a key missing or unknown, a"
        " value of the wrong JSON type (a number where a string goes), or bytes that are not"
        " JSON in UTF-8.",
        '{"searchParameters": [{"name": "created_date", "method": ">=",'
        ' "searchParameter": [20240101]}]}',
        "Follow the payload's JSON Schema (`querydsl schema`): every search value is a string.",
        "payload",
    ),
    "duplicate_key": ErrorCode(
        "An object in JSON text holds the same key twice, where a reader would keep only one.",
        '{"searchParameters": [{"name": "created_date", "method": ">=", "method": ">=",'
        ' "searchParameter": ["2024-01-01T00:00:00Z"]}]}',
        "Remove the repeated key.",
        "payload",
    ),
    "limit_exceeded": ErrorCode(
        "The input is past a limit: text over 10 000 characters, more than 200 conditions,"
        " more than 1 000 values in one `in`, nesting deeper than 50; or more than 1 000"
        " problems (the first 1 000 are reported).",
        "(" * 51 + _PERIOD + ")" * 51,
        "Split the search in two, or pass larger `limits=Limits(...)` (`None` is no limit).",
    ),
}

#: The codes alone: tests and users match on these.
CODES = frozenset(ERROR_CODES)
