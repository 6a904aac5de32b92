"""Every diagnostic code reachable from text: code, exact span, hint (SPEC 3, issue 2)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from text_spans import SpanSpec, locate

from querydsl import (
    Condition,
    Diagnostic,
    Limits,
    Method,
    Not,
    Or,
    Query,
    QueryError,
    check,
    parse,
    to_payload,
)
from querydsl.language.errors import CODES
from querydsl.language.text import quote

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)
P = "created_date >= 2024-01-01 and "

# A span is written as the text it covers ("amout": its first occurrence; ("or", 2): the second;
# ("x", -1): the last),
# or as offsets when it covers no text (end of input), or None when it is about no place.
# A hint is True (must be there), a string (must be there and contain it), or None (no hint).
HintSpec = bool | str | None


def diagnose(text: str, **options: Any) -> list[Diagnostic]:
    """The diagnostics to_payload raises; none when it returns a payload."""
    options.setdefault("now", NOW)
    try:
        to_payload(text, **options)
    except QueryError as error:
        return list(error.diagnostics)
    return []


def assert_diagnostics(
    text: str, expected: list[tuple[str, SpanSpec, HintSpec]], **options: Any
) -> None:
    """to_payload raises these diagnostics (code, place, hint), and check() returns them."""
    found = diagnose(text, **options)
    assert check(text, **{"now": NOW, **options}) == found
    assert [(d.code, d.span) for d in found] == [
        (code, locate(text, span)) for code, span, _ in expected
    ]
    for diagnostic, (_, _, hint) in zip(found, expected, strict=True):
        assert diagnostic.code in CODES
        assert diagnostic.message
        if hint is True:
            assert diagnostic.hint
        elif isinstance(hint, str):
            assert diagnostic.hint is not None
            assert hint in diagnostic.hint
        else:
            assert diagnostic.hint is None, diagnostic


ROWS: list[tuple[str, str, list[tuple[str, SpanSpec, HintSpec]], dict[str, Any]]] = [
    # ---- syntax_error ----
    ("keywords are whole words", "a = 1 ORb = 2", [("syntax_error", "ORb", "or")], {}),
    ("end inside group", P + "(amount = 1", [("syntax_error", (42, 42), None)], {}),
    ("end after operator", "amount =", [("syntax_error", (8, 8), None)], {}),
    ("end after and", P.rstrip(), [("syntax_error", (30, 30), None)], {}),
    ("end after between", P + "amount between 1", [("syntax_error", (47, 47), None)], {}),
    ("end after page", P + "amount = 1 page", [("syntax_error", (46, 46), None)], {}),
    ("unclosed string", P + 'shop = "abc', [("syntax_error", '"abc', '"')], {}),
    ("unclosed single", P + "shop = 'abc", [("syntax_error", "'abc", "'")], {}),
    ("unknown escape", P + r'shop = "a\qb"', [("syntax_error", r"\q", True)], {}),
    ("half surrogate", P + r'shop = "\ud83d"', [("syntax_error", r"\ud83d", True)], {}),
    ("half after an escape", P + r'shop = "\u0041\ud83d"', [("syntax_error", r"\ud83d", True)], {}),
    ("halves swapped", P + r'shop = "\ude00\ud83d"', [("syntax_error", r"\ude00", True)], {}),
    ("no-break space", "created_date\u00a0>= 2024-01-01", [("syntax_error", "\u00a0", True)], {}),
    ("nul", P + "shop = a\x00b", [("syntax_error", "\x00", True)], {}),
    ("bidi override", P + "shop = \u202eab", [("syntax_error", "\u202e", True)], {}),
    ("field is not a name", P + "1abc = 1", [("syntax_error", "1abc", True)], {}),
    ("dash in field", P + "a-b = 1", [("syntax_error", "a-b", True)], {}),
    ("keyword as value", P + "shop = and", [("syntax_error", ("and", 2), '"and"')], {}),
    ("lone bang", P + "amount ! 5", [("syntax_error", "!", "!=")], {}),
    ("two values to =", P + "amount = 1, 2", [("syntax_error", ",", None)], {}),
    ("trailing word", "created_date >= 2024-01-01 x", [("syntax_error", "x", None)], {}),
    (
        "paging before order",
        P + "amount = 1 page 1 order by amount",
        [("syntax_error", "order", "`order by` comes before `page` and `size`")],
        {},
    ),
    ("between three", P + "amount between 1..2..3", [("syntax_error", ("..", 2), None)], {}),
    ("empty parentheses", P + "()", [("syntax_error", ")", None)], {}),
    ("keyword as field", P + "order = 1", [("syntax_error", "order", "cannot name a field")], {}),
    ("in without list", P + "shop in a", [("syntax_error", ("a", -1), "f in (a, b)")], {}),
    ("mixed brackets", P + "shop in (a]", [("syntax_error", "]", None)], {}),
    # The first thing in the text that cannot be read is the one reported.
    ("bad escape before junk", P + r'shop = "\q" b', [("syntax_error", r"\q", True)], {}),
    ("bad field before junk", P + "1abc )", [("syntax_error", "1abc", True)], {}),
    (
        "junk before unclosed string",
        P + 'shop = a ) x = "b',
        [("syntax_error", ")", "no `(` is open")],
        {},
    ),
    ("stray )", P + "shop = a )", [("syntax_error", ")", "no `(` is open")], {}),
    # Inside an unfinished `between` the `)` is early, not stray: no hint.
    ("early )", P + "(amount between 1 )", [("syntax_error", ")", None)], {}),
    # After `page` a number goes: a keyword there is no field.
    ("keyword after page", P + "amount = 1 page size", [("syntax_error", "size", None)], {}),
    ("true after size", P + "amount = 1 size true", [("syntax_error", "true", None)], {}),
    ("one ) too many", P + "(shop = a))", [("syntax_error", (")", 2), "no `(` is open")], {}),
    ("after an in list", P + "shop in (a))", [("syntax_error", (")", 2), "remove this")], {}),
    # ---- unknown_field ----
    ("typo", P + "amout > 5", [("unknown_field", "amout", "'amount'")], {}),
    (
        "typo alone",
        "amout > 5",
        [("unknown_field", "amout", "'amount'"), ("missing_period", None, True)],
        {},
    ),
    (
        "Kelvin sign",
        P + "post_lin\u212a = true",
        [("unknown_field", "post_lin\u212a", "'post_link'")],
        {},
    ),
    ("long s", P + "\u017fhop_id = a", [("unknown_field", "\u017fhop_id", "'shop_id'")], {}),
    ("word starting with and", P + "android like x%", [("unknown_field", "android", True)], {}),
    ("word starting with or", P + "orders = 1", [("unknown_field", "orders", True)], {}),
    ("dotted field", P + "customer.email = x", [("unknown_field", "customer.email", True)], {}),
    ("lookalike letter", P + "\u0430mount > 5", [("unknown_field", "\u0430mount", "'amount'")], {}),
    (
        "order field typo",
        P + "amount = 1 order by amuont",
        [("unknown_field", "amuont", "'amount'")],
        {},
    ),
    ("typo of an alias", P + "emial = x", [("unknown_field", "emial", "payer_email")], {}),
    ("typo of a Cyrillic alias", P + "ррм = x", [("unknown_field", "ррм", "'reference'")], {}),
    ("Cyrillic alias doubled", P + "ррнн = x", [("unknown_field", "ррнн", "'reference'")], {}),
    # ---- unknown_method ----
    ("betwen", P + "amount betwen 1..2", [("unknown_method", "betwen", "between")], {}),
    ("lik", P + "shop lik a%", [("unknown_method", "lik", "like")], {}),
    ("inn", P + "shop inn (a)", [("unknown_method", "inn", "`in`")], {}),
    ("gte, as APIs spell it", P + "amount gte 5", [("unknown_method", "gte", "`>=`")], {}),
    ("is", P + "amount is 5", [("unknown_method", "is", "`=`")], {}),
    ("ne", P + "post_link ne true", [("unknown_method", "ne", "`!=`")], {}),
    (
        "ne, where no != leads anywhere",
        P + "amount ne 5",
        [("unknown_method", "ne", "amount allows")],
        {},
    ),
    ("no keyword hint for a short word", P + "amount on 5", [("syntax_error", "on", None)], {}),
    (
        "a field after a missing and",
        P + "shop = a card = x",
        [("syntax_error", "card", "join conditions with `and` or `or`")],
        {},
    ),
    ("a typo of and", P + "shop = a adn amount = 1", [("syntax_error", "adn", "`and`")], {}),
    ("EQ", P + "amount EQ 5", [("unknown_method", "EQ", "`=`")], {}),
    ("contains", P + "shop contains a%", [("unknown_method", "contains", "`like`")], {}),
    # ---- method_not_allowed ----
    ("string >", P + "shop > a", [("method_not_allowed", (">", -1), "shop_id allows")], {}),
    ("string between", P + "shop between a..b", [("method_not_allowed", "between", True)], {}),
    ("string colon range", P + "shop:a..b", [("method_not_allowed", ":", True)], {}),
    ("string colon open", P + "shop:a..*", [("method_not_allowed", ":", True)], {}),
    ("number like", P + "amount like 5%", [("method_not_allowed", "like", "amount allows")], {}),
    # ... its values are still read as the field's type (a `like` pattern is no value):
    ("number like x", P + "amount like x%", [("method_not_allowed", "like", "amount allows")], {}),
    (
        "datetime in x",
        P + "payout_date in (x, 2024-01-01)",
        [("method_not_allowed", "in", True), ("invalid_value", ("x", -1), True)],
        {},
    ),
    (
        "boolean > maybe",
        P + "post_link > maybe",
        [("method_not_allowed", (">", -1), True), ("invalid_value", "maybe", True)],
        {},
    ),
    ("datetime in", P + "payout_date in (2024-01-01)", [("method_not_allowed", "in", True)], {}),
    ("datetime like", P + "payout_date like 2024%", [("method_not_allowed", "like", True)], {}),
    ("boolean in", P + "post_link in (true)", [("method_not_allowed", ("in", -1), True)], {}),
    ("boolean >=", P + "post_link >= true", [("method_not_allowed", (">=", -1), True)], {}),
    (
        "boolean between",
        P + "post_link between false..true",
        [("method_not_allowed", "between", True)],
        {},
    ),
    ("boolean like", P + "post_link like t%", [("method_not_allowed", "like", True)], {}),
    (
        "boolean not in",
        P + "post_link not in (true)",
        [("method_not_allowed", ("in", -1), True)],
        {},
    ),
    # ---- arity ----
    ("in ()", P + "shop in ()", [("arity", "shop in ()", True)], {}),
    ("in []", P + "amount in []", [("arity", "amount in []", True)], {}),
    ("in ( ) spaced", P + "shop in (  )", [("arity", "shop in (  )", True)], {}),
    # ---- like_without_wildcard ----
    ("like bare", P + "shop like abc", [("like_without_wildcard", "abc", "abc%")], {}),
    ("like quoted", P + 'shop like "abc"', [("like_without_wildcard", '"abc"', True)], {}),
    # ---- invalid_value ----
    ("exponent", P + "amount = 1e5", [("invalid_value", "1e5", True)], {}),
    ("NaN", P + "amount = NaN", [("invalid_value", "NaN", True)], {}),
    ("Infinity", P + "amount = Infinity", [("invalid_value", "Infinity", True)], {}),
    ("minus Infinity", P + "amount = -Infinity", [("invalid_value", "-Infinity", True)], {}),
    ("arabic digits", P + "amount = \u0661\u0662", [("invalid_value", "\u0661\u0662", True)], {}),
    ("fullwidth digits", P + "amount = \uff11", [("invalid_value", "\uff11", True)], {}),
    ("hex", P + "amount = 0x10", [("invalid_value", "0x10", True)], {}),
    ("trailing point", P + "amount = 1.", [("invalid_value", "1.", True)], {}),
    ("leading point", P + "amount = .5", [("invalid_value", ".5", True)], {}),
    ("plus sign", P + "amount = +5", [("invalid_value", "+5", True)], {}),
    ("comma decimal", P + "amount = '1,5'", [("invalid_value", "'1,5'", True)], {}),
    ("quoted number", P + 'amount = "5"', [("invalid_value", '"5"', "without quotes")], {}),
    ("quoted word", P + 'amount = "abc"', [("invalid_value", '"abc"', "write digits")], {}),
    ("quoted non-boolean", P + 'post_link = "x"', [("invalid_value", '"x"', "true or false")], {}),
    (
        "quoted boolean",
        P + 'post_link = "TRUE"',
        [("invalid_value", '"TRUE"', "without quotes")],
        {},
    ),
    ("boolean for number", P + "amount = true", [("invalid_value", "true", None)], {}),
    ("not a boolean", P + "post_link = yes", [("invalid_value", "yes", "true or false")], {}),
    (
        "number for boolean",
        P + "post_link = 1",
        [("invalid_value", ("1", -1), "write true or false")],
        {},
    ),
    ("quoted boolean", P + 'post_link = "true"', [("invalid_value", '"true"', True)], {}),
    (
        "impossible date",
        P + "payout_date = 2018-02-30",
        [("invalid_value", "2018-02-30", None)],
        {},
    ),
    ("month 13", P + "payout_date = 2024-13-01", [("invalid_value", "2024-13-01", None)], {}),
    (
        "hour 24",
        P + "payout_date = 2024-01-01T24:00",
        [("invalid_value", "2024-01-01T24:00", None)],
        {},
    ),
    (
        "offset +25",
        P + "payout_date = 2024-01-01T10:00+25:00",
        [("invalid_value", "2024-01-01T10:00+25:00", None)],
        {},
    ),
    (
        "seven digit fraction",
        P + "payout_date = 2024-01-01T10:00:00.1234567Z",
        [("invalid_value", "2024-01-01T10:00:00.1234567Z", True)],
        {},
    ),
    ("tomorrow", P + "payout_date > tomorrow", [("invalid_value", "tomorrow", True)], {}),
    ("years unit", P + "payout_date > now-5y", [("invalid_value", "now-5y", True)], {}),
    # card masks: 4 to 6 digits, 3 or 4 dots, 4 digits (SPEC 1.1); nothing else reads as one
    *[
        (f"card mask {mask}", P + f"card_mask = {mask}", [("syntax_error", "..", "card mask")], {})
        for mask in ("400...9282", "1234567...9282", "4003..9282", "4003.....9282", "4003...928")
    ],
    (
        "card mask as date",
        P + "payout_date = 4003...9282",
        [("invalid_value", "4003...9282", None)],
        {},
    ),
    (
        "quoted date",
        P + "payout_date = '2024-01-01'",
        [("invalid_value", "'2024-01-01'", True)],
        {},
    ),
    ("open both ends", P + "amount:*..*", [("invalid_value", "*..*", True)], {}),
    (
        "relative overflow",
        P + "payout_date > now-999999999w",
        [("invalid_value", "now-999999999w", None)],
        {},
    ),
    (
        "bad tz option",
        "created_date >= 2024-01-01",
        [("invalid_value", None, "Asia/Almaty")],
        {"tz": "Mars/Base"},
    ),
    (
        "bad period option",
        "amount = 1",
        [("invalid_value", None, "30d")],
        {"default_period": "30 days"},
    ),
    # ---- inverted_range ----
    ("between ..", P + "amount between 5..1", [("inverted_range", "5..1", "swap")], {}),
    ("between and", P + "amount between 2 and 1", [("inverted_range", "2 and 1", True)], {}),
    ("colon range", P + "amount:2..1", [("inverted_range", "2..1", True)], {}),
    ("negative", P + "amount between -1..-2", [("inverted_range", "-1..-2", True)], {}),
    (
        "dates",
        P + "payout_date between 2024-02-01..2024-01-31",
        [("inverted_range", "2024-02-01..2024-01-31", True)],
        {},
    ),
    (
        "relative",
        P + "payout_date between now..now-1d",
        [("inverted_range", "now..now-1d", True)],
        {},
    ),
    (
        "offsets",
        P + "payout_date between 2024-01-01T10:00+06:00..2024-01-01T03:00Z",
        [("inverted_range", "2024-01-01T10:00+06:00..2024-01-01T03:00Z", True)],
        {},
    ),
    # ---- missing_period ----
    ("no period", "amount = 1", [("missing_period", None, "default_period")], {}),
    ("empty", "", [("missing_period", None, True)], {}),
    ("only order", "order by created_date", [("missing_period", None, True)], {}),
    (
        "payout_date is not the period",
        "payout_date >= 2024-01-01",
        [("missing_period", None, True)],
        {},
    ),
    # ---- unsupported_or ----
    ("two fields", P + "(shop = a or email = b)", [("unsupported_or", "or", True)], {}),
    (
        "third fails",
        P + "(shop = a or shop = b or email = c)",
        [("unsupported_or", ("or", 2), True)],
        {},
    ),
    ("like in or", P + "(shop like a% or shop = b)", [("unsupported_or", "or", True)], {}),
    ("comparison in or", P + "(amount > 1 or amount = 2)", [("unsupported_or", "or", True)], {}),
    (
        "boolean has no in",
        P + "(post_link = true or post_link = false)",
        [("unsupported_or", "or", "leave these conditions out")],
        {},
    ),
    (
        "datetime has no in",
        P + "(payout_date = 2024-01-01 or payout_date = 2024-01-02)",
        [("unsupported_or", "or", "payout_date takes no `in`: run one search for each side")],
        {},
    ),
    (
        "period outside a range",
        "created_date > 2024-02-01 or created_date < 2024-01-01",
        [("unsupported_or", "or", "created_date takes no `in`: run one search for each side")],
        {},
    ),
    (
        "like or like",
        P + "(email like a% or email like b%)",
        [("unsupported_or", "or", "run one search for each side")],
        {},
    ),
    (
        "period in or",
        "created_date = 2024-01-01 or amount = 1",
        [("unsupported_or", "or", True)],
        {},
    ),
    (
        "and binds tighter",
        P + "amount = 1 or amount = 2",
        [("unsupported_or", "or", "`(amount = 1 or amount = 2)`")],
        {},
    ),
    (
        "and inside or",
        P + "(shop = a or (shop = b and email = c))",
        [("unsupported_or", "or", True)],
        {},
    ),
    (
        "nested or, left",
        P + "((shop = a or shop = b) or email = c)",
        [("unsupported_or", ("or", 2), True)],
        {},
    ),
    (
        "nested or, right",
        P + "(shop = a or (shop = b or email = c))",
        [("unsupported_or", ("or", 2), True)],
        {},
    ),
    # ---- unsupported_not ----
    ("!= string", P + "shop != a", [("unsupported_not", "!=", True)], {}),
    ("!= number", P + "amount != 5", [("unsupported_not", "!=", True)], {}),
    ("not =", P + "not shop = a", [("unsupported_not", ("not", 1), True)], {}),
    ("not in", P + "shop not in (a)", [("unsupported_not", "not", True)], {}),
    ("not like", P + "not shop like a%", [("unsupported_not", "not", True)], {}),
    ("not between", P + "not amount between 1..2", [("unsupported_not", "not", True)], {}),
    ("not and", P + "not (amount > 1 and amount < 5)", [("unsupported_not", "not", True)], {}),
    ("NOT upper", P + "NOT shop = a", [("unsupported_not", "NOT", True)], {}),
    ("not (a or b) once", P + "not (shop = a or shop = b)", [("unsupported_not", "not", True)], {}),
    # ---- duplicate_order ----
    (
        "same field",
        P + "amount = 1 order by amount, amount",
        [("duplicate_order", ("amount", 3), True)],
        {},
    ),
    (
        "alias",
        P + "amount = 1 order by email, payer_email",
        [("duplicate_order", "payer_email", True)],
        {},
    ),
    (
        "case and direction",
        P + "amount = 1 order by amount desc, Amount asc",
        [("duplicate_order", "Amount", True)],
        {},
    ),
    # ---- invalid_paging ----
    ("negative page", P + "amount = 1 page -1", [("invalid_paging", "-1", True)], {}),
    ("size 0", P + "amount = 1 size 0", [("invalid_paging", ("0", -1), True)], {}),
    ("page word", P + "amount = 1 page x", [("invalid_paging", ("x", -1), True)], {}),
    ("page fraction", P + "amount = 1 page 1.5", [("invalid_paging", "1.5", True)], {}),
    (
        "size too big",
        P + "amount = 1 size 2147483648",
        [("invalid_paging", "2147483648", True)],
        {},
    ),
    ("page twice", P + "amount = 1 page 1 page 2", [("invalid_paging", "page 2", "once")], {}),
    ("size twice", P + "amount = 1 size 3 size 4", [("invalid_paging", "size 4", "once")], {}),
    (
        "page again after size",
        P + "amount = 1 page 1 size 2 page 3",
        [("invalid_paging", "page 3", "remove this one")],
        {},
    ),
    (
        "repeat of a bad number",
        P + "amount = 1 page x page 2",
        [("invalid_paging", "x", True), ("invalid_paging", "page 2", "once")],
        {},
    ),
    (
        "each repeat",
        P + "amount = 1 size 1 page 2 size 3 page 4",
        [("invalid_paging", "size 3", True), ("invalid_paging", "page 4", True)],
        {},
    ),
    # Neither is expected again once given.
    ("after page", P + "amount = 1 page 1 x", [("syntax_error", ("x", -1), None)], {}),
    ("page option", "created_date >= 2024-01-01", [("invalid_paging", None, None)], {"page": -1}),
    ("size option", "created_date >= 2024-01-01", [("invalid_paging", None, None)], {"size": 0}),
    ("bool option", "created_date >= 2024-01-01", [("invalid_paging", None, None)], {"page": True}),
    ("str option", "created_date >= 2024-01-01", [("invalid_paging", None, None)], {"size": "5"}),
]


@pytest.mark.parametrize(
    ("text", "expected", "options"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_diagnostic(
    text: str, expected: list[tuple[str, SpanSpec, HintSpec]], options: dict[str, Any]
) -> None:
    assert_diagnostics(text, expected, **options)


def test_every_code_reachable_from_text_is_in_the_table() -> None:
    reached = {code for row in ROWS for code, _, _ in row[2]}
    from_text = CODES - {"invalid_order", "invalid_shape", "duplicate_key", "limit_exceeded"}
    assert from_text <= reached  # limit_exceeded: see the tests below


def test_ranges_compare_instants_not_text() -> None:
    # 10:00 at +06:00 is 04:00 UTC, before 05:00 UTC: not inverted.
    text = P + "payout_date between 2024-01-01T10:00+06:00..2024-01-01T05:00Z"
    assert check(text, now=NOW) == []


def test_escaped_percent_counts_as_a_wildcard() -> None:
    assert check(P + r'shop like "\u0025"', now=NOW) == []


# ---- several independent errors are all reported ----------------------------------------------


def test_checks_collect_every_problem() -> None:
    text = "amout = 1 and post_link = maybe and shop like x order by foo, amount, amount page x"
    assert_diagnostics(
        text,
        [
            ("unknown_field", "amout", "'amount'"),
            ("invalid_value", "maybe", True),
            ("like_without_wildcard", (46, 47), True),
            ("unknown_field", "foo", True),
            ("duplicate_order", (70, 76), True),
            ("invalid_paging", (82, 83), True),
            ("missing_period", None, True),
        ],
    )
    assert text[46:47] == "x" and text[70:76] == "amount" and text[82:83] == "x"


def test_every_bad_value_in_one_list_is_reported() -> None:
    text = P + "amount in (1, x, 2, 1e3)"
    assert_diagnostics(text, [("invalid_value", "x", True), ("invalid_value", "1e3", True)])


def test_unknown_field_and_bad_values_elsewhere_are_both_reported() -> None:
    text = "created_date >= 2018-02-30 and amout = 1 and amount between 3..2"
    assert_diagnostics(
        text,
        [
            ("invalid_value", "2018-02-30", None),
            ("unknown_field", "amout", True),
            ("inverted_range", "3..2", True),
        ],
    )


def test_unsupported_or_and_not_are_both_reported() -> None:
    text = P + "(shop = a or email = b) and shop != c"
    assert_diagnostics(text, [("unsupported_or", "or", True), ("unsupported_not", "!=", True)])


# ---- every problem at once ----------------------------------------------------------------------
# A problem the API has with the query (unsupported_or, unsupported_not, missing_period) is reported
# with the problems of its fields and values whenever no fix of those could change it.

AT_ONCE: list[tuple[str, list[tuple[str, SpanSpec, HintSpec]], dict[str, Any]]] = [
    ("amout = 1", [("unknown_field", "amout", True), ("missing_period", None, True)], {}),
    ("email != 5", [("unsupported_not", "!=", True), ("missing_period", None, True)], {}),
    (
        "email != 5 and amout = 1",  # in the order of the text
        [
            ("unsupported_not", "!=", True),
            ("unknown_field", "amout", True),
            ("missing_period", None, True),
        ],
        {},
    ),
    ("amout = 1", [("unknown_field", "amout", True)], {"default_period": "7d"}),
    (
        "amount = 1 order by amout",
        [("unknown_field", "amout", True), ("missing_period", None, True)],
        {},
    ),
    (
        "amount = 1 page 1 page 2",
        [("invalid_paging", "page 2", True), ("missing_period", None, True)],
        {},
    ),
    # A condition that does not check is the period if it is on created_date, or would be once its
    # did-you-mean is taken: the hint's fix would make missing_period wrong.
    ("creatd_date > today", [("unknown_field", "creatd_date", "'created_date'")], {}),
    (
        "created_date > 2018-02-30 and email != a",
        [("invalid_value", "2018-02-30", None), ("unsupported_not", "!=", True)],
        {},
    ),
    ("created_date like x%", [("method_not_allowed", "like", True)], {}),
    ("created_date != today", [("unsupported_not", "!=", True)], {}),
    # An `or` or `not` holding a condition whose field did not check waits for its fix...
    (P + "(amout = 1 or amount = 2)", [("unknown_field", "amout", True)], {}),
    (P + "not (amount > 1 or amout = 2)", [("unknown_field", "amout", True)], {}),
    # ... unless what checked cannot be said whatever the fix.
    (
        P + "(amout = 1 or email = a or shop = b)",
        [("unknown_field", "amout", True), ("unsupported_or", ("or", 2), True)],
        {},
    ),
    (
        P + "not (amount > 1 and amout = 2)",  # `not` over `and` never
        [("unsupported_not", "not", True), ("unknown_field", "amout", True)],
        {},
    ),
    (
        "payer_email like x or amout = 1",  # `or` over `like` never
        [
            ("unsupported_or", "payer_email like x or amout = 1", True),
            ("like_without_wildcard", "x", True),
            ("unknown_field", "amout", True),
            ("missing_period", None, True),
        ],
        {},
    ),
    # Whether the API can say an `or` or a `not` hangs on fields and methods, never on values: a
    # condition whose value did not check counts by its field and method.
    (
        "amount > x or amount < 5",
        [
            ("invalid_value", "x", True),
            ("unsupported_or", "or", True),
            ("missing_period", None, True),
        ],
        {},
    ),
    (
        "not amount = x and created_date > 2020-01-01",
        [("unsupported_not", "not", True), ("invalid_value", "x", True)],
        {},
    ),
    (P + "amount != x", [("unsupported_not", "!=", True), ("invalid_value", "x", True)], {}),
    (
        P + "(amount = 1 or amount between 5..1)",
        [("unsupported_or", "or", True), ("inverted_range", "5..1", True)],
        {},
    ),
    # ... and so does its fix: these can be said once the value is right.
    (P + "not post_link = x", [("invalid_value", "x", True)], {}),
    (P + "(amount in (1, x) or amount = 2)", [("invalid_value", "x", True)], {}),
    (P + "not (amount > x or amount < 2)", [("invalid_value", "x", True)], {}),
    # Nothing after a syntax error, or a text too deep, can be judged apart from it.
    ("amout = = 1", [("syntax_error", ("=", 2), None)], {}),
    ("email != 5 and (" * 60 + "amount = 1", [("limit_exceeded", ("(", 51), None)], {}),
]


@pytest.mark.parametrize(("text", "expected", "options"), AT_ONCE, ids=[r[0][:40] for r in AT_ONCE])
def test_every_independent_problem_at_once(
    text: str, expected: list[tuple[str, SpanSpec, HintSpec]], options: dict[str, Any]
) -> None:
    assert_diagnostics(text, expected, **options)


# The sides an `or` may join: every method on fields of every type, written canonically.
SIDES = ["amount = 1", "amount in (2, 3)", "amount > 4", "payer_email = a", "payer_email in (b, c)",
         "payer_email like d%", "shop_id = s", "created_date = 2024-01-02T00:00:00Z",
         "created_date < 2023-01-01T00:00:00Z", "post_link = true", "post_link = false",
         "not amount > 5", "payer_email = e and shop_id = t"]  # fmt: skip
PERIOD_CONDITION = "created_date >= 2024-01-01T00:00:00Z"
OR_HINT = re.compile(r"put them in parentheses, `(\(.*\))`")


@given(
    st.lists(st.sampled_from(SIDES), min_size=2, max_size=3), st.sampled_from(["()", "a_", "_a"])
)
@example(["amount = 1", "amount in (2, 3)"], "a_")  # `and` took a side: the quoted fix
@example(["payer_email = a", "payer_email in (b, c)"], "_a")
@example(["post_link = true", "post_link = false"], "()")  # leave them out
@example(["created_date = 2024-01-02T00:00:00Z", "created_date < 2023-01-01T00:00:00Z"], "()")
@example(["payer_email like d%", "payer_email = a"], "()")
def test_every_or_hint_is_a_fix_that_works(sides: list[str], where: str) -> None:
    """An unsupported_or hint offers what works: the text it quotes, put in place of the
    conditions the `or` joins; a search for each side; or leaving the conditions out."""
    ors = " or ".join(sides)
    if where == "()":  # (x or y), the period apart: the `or` joins the sides as written
        text, alternatives = f"{PERIOD_CONDITION} and ({ors})", sides
    elif where == "a_":  # period and x or y: `and` takes the first side
        text = f"{PERIOD_CONDITION} and {ors}"
        alternatives = [f"{PERIOD_CONDITION} and {sides[0]}", *sides[1:]]
    else:  # x or y and period: `and` takes the last side
        text = f"{ors} and {PERIOD_CONDITION}"
        alternatives = [*sides[:-1], f"{sides[-1]} and {PERIOD_CONDITION}"]
    hints = [d.hint for d in check(text, now=NOW) if d.code == "unsupported_or"]
    for hint in hints:
        assert hint is not None
        assert " in (" not in OR_HINT.sub("", hint)  # no `in` but in a quoted fix
        offered = []
        quoted = OR_HINT.search(hint)
        if quoted is not None:  # the conditions beside the `or`, in parentheses
            offered.append(to_payload(text.replace(ors, quoted[1]), now=NOW))
        if hint.endswith("leave these conditions out"):
            offered.append(to_payload(text.replace(f" and ({ors})", ""), now=NOW))
        if hint.endswith("run one search for each side of the `or`"):
            for alternative in alternatives:  # a side without the period searches all time
                offered.append(to_payload(alternative, now=NOW, default_period="36500d"))
        assert offered, hint  # every hint offers one of these fixes


def test_a_condition_over_the_limit_still_counts_as_the_period() -> None:
    limits = Limits(max_conditions=2)
    text = "amount = 1 and amount = 2 and created_date > today"
    assert_diagnostics(text, [("limit_exceeded", "created_date > today", None)], limits=limits)
    text = "amount = 1 and amount = 2 and amount = 3"
    expected = [("limit_exceeded", "amount = 3", None), ("missing_period", None, True)]
    assert_diagnostics(text, expected, limits=limits)


# Conditions and an unknown field of the same length for each field (so that spans agree).
SIMPLE = ["amount = 1", "payer_email != a", "shop_id like x%", "post_link != true",
          "amount != 2", "client = b", "payout_amount > 3", "created_date > today",
          "not amount = 4", "card_mask = 4003...9282", "reference in (a, b)"]  # fmt: skip
TYPO = {"amount": "amuont", "payer_email": "payer_emial", "shop_id": "shpo_id", "client": "clinet",
        "post_link": "post_lnik", "payout_amount": "payout_amuont", "created_date": "craeted_date",
        "card_mask": "card_mkas", "reference": "refernece"}  # fmt: skip


# A value of the same length that does not check, for the conditions whose field takes few values.
BAD_VALUE = {"amount = 1": "amount = x", "shop_id like x%": "shop_id like xx",
             "post_link != true": "post_link != nope", "amount != 2": "amount != z",
             "payout_amount > 3": "payout_amount > q", "not amount = 4": "not amount = y",
             "created_date > today": "created_date > tdoay"}  # fmt: skip


@given(
    st.lists(
        st.tuples(st.sampled_from(SIMPLE), st.sampled_from(["", "field", "value"])),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.sampled_from([" and ", " or "]), min_size=5, max_size=5),
    st.booleans(),
)
# issue 18 review: a bad value inside `or` or `not` hid unsupported_or and unsupported_not
@example([("amount = 1", "value"), ("payout_amount > 3", "")], [" or "] * 5, False)
@example([("not amount = 4", "value"), ("created_date > today", "")], [" and "] * 5, False)
@example([("amount = 1", "value"), ("amount != 2", "")], [" or "] * 5, True)
def test_fixing_a_field_or_a_value_reveals_no_new_problem(
    parts: list[tuple[str, str]], joiners: list[str], negated: bool
) -> None:
    """Every problem of the query with its fields and values right is reported already with some
    of them wrong, unless it is about a misspelt field's condition: no rounds of diagnostics.
    Whether the API can say an `or` or a `not` hangs on fields and methods, never on values, so
    a bad value hides nothing; a misspelt field may hide what its fix decides (`a or <typo>`),
    so fields are misspelt only in an `and` of conditions."""
    plain = not negated and " or " not in joiners[: len(parts) - 1]

    def written(condition: str, fault: str) -> str:
        if fault == "value":
            return BAD_VALUE.get(condition, condition)
        if fault != "field" or not plain:
            return condition
        field = next(name for name in TYPO if re.search(rf"\b{name}\b", condition))
        return re.sub(rf"\b{field}\b", TYPO[field], condition, count=1)

    def joined(conditions: list[str]) -> str:
        text = conditions[0] + "".join(map("".join, zip(joiners, conditions[1:], strict=False)))
        return f"not ({text})" if negated else text

    right = joined([condition for condition, _ in parts])
    wrong = joined([written(condition, fault) for condition, fault in parts])
    misspelt, start = [], len("not (") if negated else 0
    for (condition, fault), joiner in zip(parts, [*joiners, ""], strict=False):
        if written(condition, fault) != condition and fault == "field":
            misspelt.append((start, start + len(condition)))
        start += len(condition) + len(joiner)
    found = [(d.code, d.span, d.message) for d in check(wrong, now=NOW)]
    for diagnostic in check(right, now=NOW):
        span = diagnostic.span
        if span is None or not any(a <= span[0] < b for a, b in misspelt):
            # The hint may differ: a fix quoted from the text has no bad value to quote.
            assert (diagnostic.code, span, diagnostic.message) in found, (right, wrong)
    spans = [span for _, span, _ in found]
    placed = [span[0] for span in spans if span is not None]
    assert placed == sorted(placed)  # in the order of the text ...
    assert spans == [*[s for s in spans if s is not None], *[s for s in spans if s is None]]


# ---- limit_exceeded ----------------------------------------------------------------------------

SMALL = Limits(max_length=40, max_conditions=2, max_in_values=2, max_depth=2)


def test_small_length_limit() -> None:
    text = "created_date >= 2024-01-01 and amount=10"  # 40 characters
    assert len(text) == 40
    assert check(text, now=NOW, limits=SMALL) == []
    assert_diagnostics(text + "0", [("limit_exceeded", (40, 41), None)], limits=SMALL)


def test_small_condition_limit() -> None:
    text = P + "amount = 1 and shop = 2"
    assert_diagnostics(
        text, [("limit_exceeded", "shop = 2", None)], limits=Limits(max_conditions=2)
    )
    assert check(P + "amount = 1", now=NOW, limits=Limits(max_conditions=2)) == []


def test_small_in_limit() -> None:
    limits = Limits(max_in_values=2)
    assert check(P + "shop in (a, b)", now=NOW, limits=limits) == []
    assert_diagnostics(
        P + "shop in (a, b, c)", [("limit_exceeded", ("c", -1), None)], limits=limits
    )


def test_an_or_merged_into_one_in_keeps_to_the_in_limit() -> None:
    limits = Limits(max_in_values=2)
    merged = P + "(shop in (a, b) or shop = a or shop = b)"  # two values once merged
    assert check(merged, now=NOW, limits=limits) == []
    # The span is the `or` that brings the value past the limit.
    over = P + "(shop = a or shop in (a, b) or shop = c or shop = d)"
    assert_diagnostics(over, [("limit_exceeded", ("or", 2), "separate")], limits=limits)


def test_small_depth_limit() -> None:
    limits = Limits(max_depth=2)
    assert check(P + "((amount = 1))", now=NOW, limits=limits) == []
    assert check(P + "not (amount > 1)", now=NOW, limits=limits) == []
    # The span is the `(` or `not` that opens the level past the limit.
    assert_diagnostics(P + "(((amount = 1)))", [("limit_exceeded", ("(", 3), None)], limits=limits)
    assert_diagnostics(
        P + "not not (amount = 1)", [("limit_exceeded", ("(", 1), None)], limits=limits
    )
    # `in (...)` is a list, not a level; `f not in` negates one condition, not a level.
    # (`not in` parses; compiling it is unsupported_not, which is another matter.)
    assert [d.code for d in check(P + "((shop not in (a, b)))", now=NOW, limits=limits)] == [
        "unsupported_not"
    ]


def test_default_length_limit() -> None:
    base = "created_date >= 2024-01-01"
    at_limit = base + " " * (10_000 - len(base))
    assert check(at_limit, now=NOW) == []
    assert_diagnostics(at_limit + " ", [("limit_exceeded", (10_000, 10_001), None)])
    huge = "x" * 1_000_000
    assert_diagnostics(huge, [("limit_exceeded", (10_000, 1_000_000), None)])


def test_default_condition_limit() -> None:
    condition = "created_date >= 2024-01-01"
    assert check(" and ".join([condition] * 200), now=NOW) == []
    text = " and ".join([condition] * 201)
    start = text.rindex(condition)
    assert_diagnostics(text, [("limit_exceeded", (start, len(text)), None)])


def test_default_in_limit() -> None:
    assert check(P + "amount in (" + ", ".join(["7"] * 1000) + ")", now=NOW) == []
    text = P + "amount in (" + ", ".join(["7"] * 1000) + ", 8)"
    assert_diagnostics(text, [("limit_exceeded", "8", None)])


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("(", ")"), ("not (", ")"), ("not ", "")],
    ids=["parens", "not-groups", "nots"],
)
def test_default_depth_limit(opening: str, closing: str) -> None:
    condition = "created_date >= 2024-01-01"
    depth = 1 if opening == closing == "" else opening.count("(") + opening.count("not")
    levels = 50 // depth
    assert check(opening * levels + condition + closing * levels, now=NOW) == []
    over = opening * (levels + 1) + condition + closing * (levels + 1)
    crossing = list(re.finditer(r"\(|not", over))[50]  # the 51st level opens here
    assert_diagnostics(over, [("limit_exceeded", crossing.span(), None)])


def test_deep_nesting_far_past_the_limit_is_a_diagnostic() -> None:
    text = "(" * 5000 + "created_date >= 2024-01-01" + ")" * 5000
    assert [d.code for d in diagnose(text)] == ["limit_exceeded"]


# ---- check() and parse() agree with to_payload() ----------------------------------------------


def test_check_is_empty_when_to_payload_succeeds() -> None:
    assert check("amount = 1", now=NOW, default_period="30d") == []
    assert check(P + "amount = 1", now=NOW) == []


def test_parse_does_not_need_a_period_or_a_supported_or() -> None:
    # Those are the Homebank target's answers, not the language's.
    query = parse("amount = 1 or shop != a", now=NOW)
    assert query == Query(
        Or(
            (
                Condition("amount", Method.EQ, (Decimal(1),)),
                Not(Condition("shop_id", Method.EQ, ("a",))),
            )
        )
    )


def test_parse_raises_the_binding_diagnostics() -> None:
    with pytest.raises(QueryError) as caught:
        parse("amout = 1 order by amount, amount", now=NOW)
    assert [d.code for d in caught.value.diagnostics] == ["unknown_field", "duplicate_order"]
    assert caught.value.text == "amout = 1 order by amount, amount"


@pytest.mark.parametrize("value", ["a b", "x)", 'a"b', "back\\slash", "plain"])
def test_the_like_hint_works_when_followed(value: str) -> None:
    (diagnostic,) = check(P + f"shop like {quote(value)}", now=NOW)
    assert diagnostic.code == "like_without_wildcard" and diagnostic.hint is not None
    written = diagnostic.hint.removeprefix("write ").removesuffix(
        " to match values starting with it, or use ="
    )
    assert check(P + f"shop like {written}", now=NOW) == []
    assert to_payload(P + f"shop like {written}", now=NOW)["searchParameters"][1] == {
        "name": "shop_id",
        "method": "like",
        "searchParameter": [value + "%"],
    }


def test_paging_out_of_range_reads_like_paging_that_is_no_number() -> None:
    zero, negative = (check(P + f"amount = 1 size {n}", now=NOW) for n in ("0", "-1"))
    assert zero[0].message == "size must be a whole number from 1 to 2147483647, not '0'"
    assert negative[0].message == "size must be a whole number from 1 to 2147483647, not '-1'"


@pytest.mark.parametrize(
    ("paging", "expected"),
    [
        ("page 00000000002 size 000000000020", {"page": 2, "size": 20}),
        ("page " + "0" * 5000 + "7", {"page": 7, "size": 20}),  # more zeros than int() reads
        ("size 002147483647", {"page": 1, "size": 2147483647}),
    ],
)
def test_leading_zeros_do_not_count_towards_paging_digits(
    paging: str, expected: dict[str, int]
) -> None:
    assert to_payload(P + "amount = 1 " + paging, now=NOW)["paging"] == expected


@pytest.mark.parametrize(
    "text",
    [
        'shop = a ) x = "b',
        'shop = a ) x = "b' + " (" * 60,  # enough `(` to have the depth measured first
        'shop = a ) x = "b' + " not" * 60,
        "shop = a ) x = 1" + " (" * 60,  # no unreadable character: the depth is measured after
    ],
)
def test_the_first_problem_is_reported_however_many_parentheses_follow(text: str) -> None:
    (diagnostic,) = check(text)
    assert (diagnostic.message.split(";")[0], diagnostic.span) == ("unexpected `)`", (9, 10))


def test_nesting_too_deep_before_an_unclosed_string_is_reported_first() -> None:
    (diagnostic,) = check("(" * 60 + 'shop = "x')
    assert (diagnostic.code, diagnostic.span) == ("limit_exceeded", (50, 51))
