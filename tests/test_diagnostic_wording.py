"""What each diagnostic of a checked query says, word for word: message, span and hint (SPEC 3).

tests/test_diagnostics.py pins which codes a text gives and where; this table pins the words a
user reads for every problem the check and the Homebank target find in a readable text (the
syntax errors have their own tables). Spans are written as the text they cover: a string (its
first occurrence), (string, n) for the n-th, (string, -1) for the last, or None.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from text_spans import SpanSpec, locate

from querydsl import Limits, QueryError, check, to_payload

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)
P = "created_date >= 2024-01-01 and "

Expected = tuple[str, str, SpanSpec, str | None]  # code, message, span, hint


# The hints of SPEC 1.4's types, as a user reads them.
DATETIME_HINT = (
    "write a date (2018-01-01), a datetime (2018-01-01T10:00:00+06:00) "
    "or a relative time (now-7d, today, yesterday)"
)
NUMBER_HINT = "write digits with an optional minus sign and decimal point, e.g. 1000 or 10.5"
BOOLEAN_HINT = "write true or false"
UNQUOTE_HINT = "write the value without quotes"
STARTING = " to match values starting with it, or use ="
NEGATION_HINT = "negation works on <, >, <=, >= and on true/false fields"
ORDER_HINT = "a field may appear once in `order by`; remove this one"
RANGE_MESSAGE = "the lower bound of the range is above the upper bound"


def wrong_date(written: str, why: str) -> Expected:
    """A date or time that SPEC 1.4 refuses: the token quoted, why, no hint."""
    return ("invalid_value", f"'{written}' is not a valid date or time: {why}", written, None)


def quoted_text(field: str, holds: str, written: str, hint: str) -> Expected:
    """A quoted value on a field that holds no text."""
    message = f"a quoted value is text, and {field} holds {holds}"
    return ("invalid_value", message, written, hint)


ROWS: list[tuple[str, str, dict[str, Any], list[Expected]]] = [
    # ---- unknown_field: a did-you-mean, or where the fields are listed ----
    (
        "a close name",
        P + "amout > 5",
        {},
        [("unknown_field", "unknown field 'amout'", "amout", "did you mean 'amount'?")],
    ),
    (
        "no close name",
        P + "zzz = 1",
        {},
        [
            (
                "unknown_field",
                "unknown field 'zzz'",
                "zzz",
                "`querydsl fields` lists the fields (in Python, the schema's `fields`)",
            )
        ],
    ),
    (
        "in the order clause",
        P + "amount = 1 order by amuont",
        {},
        [("unknown_field", "unknown field 'amuont'", "amuont", "did you mean 'amount'?")],
    ),
    # ---- method_not_allowed: the type's methods in the order SPEC 1.4 lists them ----
    (
        "string",
        P + "shop > a",
        {},
        [
            (
                "method_not_allowed",
                "`>` is not available on shop_id (string)",
                (">", -1),
                "shop_id allows =, in, like",
            )
        ],
    ),
    (
        "number",
        P + "amount like 5%",
        {},
        [
            (
                "method_not_allowed",
                "`like` is not available on amount (number)",
                "like",
                "amount allows =, <, >, <=, >=, between, in",
            )
        ],
    ),
    (
        "datetime",
        P + "payout_date in (2024-01-01)",
        {},
        [
            (
                "method_not_allowed",
                "`in` is not available on payout_date (datetime)",
                "in",
                "payout_date allows =, <, >, <=, >=, between",
            )
        ],
    ),
    (
        "boolean, its value still read",
        P + "post_link > maybe",
        {},
        [
            (
                "method_not_allowed",
                "`>` is not available on post_link (boolean)",
                (">", -1),
                "post_link allows =",
            ),
            ("invalid_value", "'maybe' is not a boolean", "maybe", BOOLEAN_HINT),
        ],
    ),
    (
        "a range on a string",
        P + "shop:a..b",
        {},
        [
            (
                "method_not_allowed",
                "`between` is not available on shop_id (string)",
                ":",
                "shop_id allows =, in, like",
            )
        ],
    ),
    (
        "values read up to the `in` limit",
        P + "payout_date in (x, y, z)",
        {"limits": Limits(max_in_values=2)},
        [
            (
                "method_not_allowed",
                "`in` is not available on payout_date (datetime)",
                "in",
                "payout_date allows =, <, >, <=, >=, between",
            ),
            ("invalid_value", "'x' is not a date or time", "x", DATETIME_HINT),
            ("invalid_value", "'y' is not a date or time", ("y", -1), DATETIME_HINT),
        ],
    ),
    # ---- arity and the `in` limit ----
    (
        "empty in",
        P + "shop in ()",
        {},
        [("arity", "`in` needs at least one value", "shop in ()", "write f in (a, b)")],
    ),
    (
        "in over the limit",
        P + "shop in (a, b, c)",
        {"limits": Limits(max_in_values=2)},
        [("limit_exceeded", "an `in` list may hold at most 2 values", ("c", -1), None)],
    ),
    (
        "conditions over the limit: said once",
        P + "amount = 1 and amount = 2 and amount = 3",
        {"limits": Limits(max_conditions=2)},
        [("limit_exceeded", "a query may hold at most 2 conditions", "amount = 2", None)],
    ),
    # ---- like_without_wildcard: the hint is a fix ----
    (
        "like a word",
        P + "shop like abc",
        {},
        [
            (
                "like_without_wildcard",
                "`like` needs a % wildcard in its value",
                "abc",
                "write abc%" + STARTING,
            )
        ],
    ),
    (
        "like with * for %",
        P + "shop like dana*",
        {},
        [
            (
                "like_without_wildcard",
                "`like` needs a % wildcard in its value",
                "dana*",
                "the wildcard is %, not *: write dana%",
            )
        ],
    ),
    (
        "like a card mask keeps its stars",
        P + "card_mask like 400303******9282",
        {},
        [
            (
                "like_without_wildcard",
                "`like` needs a % wildcard in its value",
                "400303******9282",
                "write 400303******9282%" + STARTING,
            )
        ],
    ),
    (
        "like a value that must be quoted",
        P + "shop like 'a b'",
        {},
        [
            (
                "like_without_wildcard",
                "`like` needs a % wildcard in its value",
                "'a b'",
                'write "a b%"' + STARTING,
            )
        ],
    ),
    (
        "like a quoted value with *",
        P + "shop like 'a*b c'",
        {},
        [
            (
                "like_without_wildcard",
                "`like` needs a % wildcard in its value",
                "'a*b c'",
                'the wildcard is %, not *: write "a%b c"',
            )
        ],
    ),
    (
        "like a long word: forty characters of it",
        P + "shop like " + "a" * 50,
        {},
        [
            (
                "like_without_wildcard",
                "`like` needs a % wildcard in its value",
                "a" * 50,
                "write " + "a" * 40 + "%" + STARTING,
            )
        ],
    ),
    # ---- invalid_value: numbers ----
    (
        "not a number",
        P + "amount = x",
        {},
        [("invalid_value", "'x' is not a number", "x", NUMBER_HINT)],
    ),
    (
        "a boolean for a number",
        P + "amount = true",
        {},
        [("invalid_value", "'true' is not a number", "true", None)],
    ),
    (
        "a quoted number",
        P + 'amount = "5"',
        {},
        [quoted_text("amount", "a number", '"5"', UNQUOTE_HINT)],
    ),
    (
        "a quoted word for a number",
        P + 'amount = "abc"',
        {},
        [quoted_text("amount", "a number", '"abc"', NUMBER_HINT)],
    ),
    # ---- invalid_value: booleans ----
    (
        "not a boolean",
        P + "post_link = yes",
        {},
        [("invalid_value", "'yes' is not a boolean", "yes", BOOLEAN_HINT)],
    ),
    (
        "a number for a boolean",
        P + "post_link = 1",
        {},
        [("invalid_value", "'1' is not a boolean", ("1", -1), BOOLEAN_HINT)],
    ),
    (
        "a quoted boolean",
        P + 'post_link = "TRUE"',
        {},
        [quoted_text("post_link", "true or false", '"TRUE"', UNQUOTE_HINT)],
    ),
    (
        "a quoted word for a boolean",
        P + "post_link = 'x'",
        {},
        [quoted_text("post_link", "true or false", "'x'", BOOLEAN_HINT)],
    ),
    # ---- invalid_value: dates and times ----
    (
        "not a date",
        P + "payout_date = x",
        {},
        [("invalid_value", "'x' is not a date or time", "x", DATETIME_HINT)],
    ),
    (
        "a boolean for a date",
        P + "payout_date = true",
        {},
        [("invalid_value", "'true' is not a date or time", "true", None)],
    ),
    (
        "a quoted date",
        P + "payout_date = '2024-01-01'",
        {},
        [quoted_text("payout_date", "a date or time", "'2024-01-01'", UNQUOTE_HINT)],
    ),
    (
        "a quoted word for a date",
        P + "payout_date = 'x'",
        {},
        [quoted_text("payout_date", "a date or time", "'x'", DATETIME_HINT)],
    ),
    (
        "a day the month has not",
        P + "payout_date = 2018-02-30",
        {},
        [wrong_date("2018-02-30", "day is out of range for month")],
    ),
    (
        "year 0",
        P + "payout_date = 0000-01-01",
        {},
        [wrong_date("0000-01-01", "year 0 is out of range")],
    ),
    (
        "month 13",
        P + "payout_date = 2018-13-01T00:00Z",
        {},
        [wrong_date("2018-13-01T00:00Z", "month must be in 1..12")],
    ),
    (
        "hour 24",
        P + "payout_date = 2018-01-01T24:00",
        {},
        [wrong_date("2018-01-01T24:00", "hour must be in 0..23")],
    ),
    (
        "minute 60",
        P + "payout_date = 2018-01-01T10:60",
        {},
        [wrong_date("2018-01-01T10:60", "minute must be in 0..59")],
    ),
    (
        "second 60",
        P + "payout_date = 2018-01-01T10:00:60",
        {},
        [wrong_date("2018-01-01T10:00:60", "second must be in 0..59")],
    ),
    (
        "offset minutes 60",
        P + "payout_date = 2018-01-01T10:00+00:60",
        {},
        [("invalid_value", "'+00:60' is not a valid UTC offset", "2018-01-01T10:00+00:60", None)],
    ),
    (
        "offset hours 24",
        P + "payout_date = 2018-01-01T10:00-24:00",
        {},
        [("invalid_value", "'-24:00' is not a valid UTC offset", "2018-01-01T10:00-24:00", None)],
    ),
    (
        "before year 1 in UTC",
        P + "payout_date = 0001-01-01T00:00+00:01",
        {},
        [wrong_date("0001-01-01T00:00+00:01", "it falls outside years 1 to 9999")],
    ),
    (
        "after year 9999 in UTC",
        P + "payout_date = 9999-12-31T23:59-00:01",
        {},
        [wrong_date("9999-12-31T23:59-00:01", "it falls outside years 1 to 9999")],
    ),
    (
        "a relative time too far back",
        P + "payout_date > now-999999999w",
        {},
        [wrong_date("now-999999999w", "it falls outside years 1 to 9999")],
    ),
    # ---- ranges ----
    (
        "no bound at all",
        P + "amount:*..*",
        {},
        [
            (
                "invalid_value",
                "a range needs at least one bound",
                "*..*",
                "write f:a..* for 'from a on' or f:*..b for 'up to b'",
            )
        ],
    ),
    (
        "inverted",
        P + "amount between 5..1",
        {},
        [("inverted_range", RANGE_MESSAGE, "5..1", "swap the two bounds")],
    ),
    (
        "inverted dates",
        P + "payout_date:2024-02-01..2024-01-31",
        {},
        [("inverted_range", RANGE_MESSAGE, "2024-02-01..2024-01-31", "swap the two bounds")],
    ),
    # ---- order and paging ----
    (
        "a field ordered twice",
        P + "amount = 1 order by amount, amount",
        {},
        [("duplicate_order", "amount is already in the order clause", ("amount", 3), ORDER_HINT)],
    ),
    (
        "ordered twice by an alias: the canonical name",
        P + "amount = 1 order by email, payer_email",
        {},
        [
            (
                "duplicate_order",
                "payer_email is already in the order clause",
                "payer_email",
                ORDER_HINT,
            )
        ],
    ),
    (
        "page twice",
        P + "amount = 1 page 1 page 2",
        {},
        [
            (
                "invalid_paging",
                "`page` is given twice",
                "page 2",
                "a query gives `page` once; remove this one",
            )
        ],
    ),
    (
        "SIZE twice",
        P + "amount = 1 SIZE 3 SIZE 4",
        {},
        [
            (
                "invalid_paging",
                "`size` is given twice",
                "SIZE 4",
                "a query gives `size` once; remove this one",
            )
        ],
    ),
    (
        "a page that is no number",
        P + "amount = 1 page x",
        {},
        [
            (
                "invalid_paging",
                "page must be a whole number from 0 to 2147483647, not 'x'",
                ("x", -1),
                "page takes a whole number from 0",
            )
        ],
    ),
    (
        "size 0",
        P + "amount = 1 size 0",
        {},
        [
            (
                "invalid_paging",
                "size must be a whole number from 1 to 2147483647, not '0'",
                ("0", -1),
                "size takes a whole number from 1",
            )
        ],
    ),
    (
        "a page too big",
        P + "amount = 1 page 12345678901",
        {},
        [
            (
                "invalid_paging",
                "page must be a whole number from 0 to 2147483647, not '12345678901'",
                "12345678901",
                "page takes a whole number from 0",
            )
        ],
    ),
    # ---- what the Homebank API cannot say ----
    (
        "an or of two fields",
        P + "(shop = a or email = b)",
        {},
        [
            (
                "unsupported_or",
                "the API can join with `or` only `=` or `in` conditions on one field",
                "or",
                "run one search for each side of the `or`",
            )
        ],
    ),
    (
        "a negated string",
        P + "shop != a",
        {},
        [
            (
                "unsupported_not",
                "the API cannot search for the negation of this condition",
                "!=",
                NEGATION_HINT,
            )
        ],
    ),
    (
        "not over a group, said once",
        P + "not (shop = a or shop = b)",
        {},
        [
            (
                "unsupported_not",
                "the API cannot search for the negation of this condition",
                "not",
                NEGATION_HINT,
            )
        ],
    ),
    (
        "no period",
        "amount = 1",
        {},
        [
            (
                "missing_period",
                "the Homebank API requires a created_date condition",
                None,
                "add e.g. `created_date >= now-30d`, or pass default_period='30d' "
                "(--default-period 30d on the command line)",
            )
        ],
    ),
    (
        "a default period before year 1",
        "amount = 1",
        {"default_period": "30d", "now": datetime(1, 1, 5, tzinfo=UTC)},
        [
            (
                "invalid_value",
                "the default period falls outside the years 1 to 9999 (in UTC)",
                None,
                "use a shorter period, e.g. '30d', or another `now`",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "options", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_the_words_of_a_diagnostic(
    text: str, options: dict[str, Any], expected: list[Expected]
) -> None:
    options = {"now": NOW, **options}
    with pytest.raises(QueryError) as raised:
        to_payload(text, **options)
    found = [(d.code, d.message, d.span, d.hint) for d in raised.value.diagnostics]
    assert found == [
        (code, message, locate(text, span), hint) for code, message, span, hint in expected
    ]
    assert check(text, **options) == list(raised.value.diagnostics)
