"""SPEC 1.1-1.5 row by row: query text -> the exact Homebank payload (issue 2)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from querydsl import And, Condition, Direction, Method, Not, Or, Order, Query, parse, to_payload

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)
# Most rows start with this period, so that the row is about what follows it.
P = "created_date >= 2024-01-01 and "
PERIOD = {"name": "created_date", "method": ">=", "searchParameter": ["2024-01-01T00:00:00Z"]}


def search(*parameters: dict[str, Any]) -> dict[str, Any]:
    """A payload with only search parameters (no paging, no order)."""
    return {"searchParameters": list(parameters), "orderParameters": []}


def cond(name: str, method: str, *values: str) -> dict[str, Any]:
    return {"name": name, "method": method, "searchParameter": list(values)}


def assert_payload(text: str, expected: dict[str, Any], **options: Any) -> None:
    options.setdefault("now", NOW)
    payload = to_payload(text, **options)
    assert payload == expected
    # Key order matters to people reading the payload: compare the bytes too.
    assert json.dumps(payload, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


# ---- 1.1 Tokens -------------------------------------------------------------------------------

TOKENS = [
    # whitespace: space, tab, CR, LF, and none at all around operators
    ("spaces", "created_date >= 2024-01-01", search(PERIOD)),
    ("tab cr lf", "created_date\t>=\r\n2024-01-01\n", search(PERIOD)),
    (
        "no spaces",
        "created_date>=2024-01-01 and(amount=5)",
        search(PERIOD, cond("amount", "=", "5")),
    ),
    ("leading", "  \n\tcreated_date >= 2024-01-01", search(PERIOD)),
    # keywords in any case
    (
        "keyword case",
        "created_date >= 2024-01-01 AND amount BETWEEN 1 AnD 2 ANd shop IN (a) aND email LIKE a%",
        search(
            PERIOD,
            cond("amount", "between", "1", "2"),
            cond("shop_id", "in", "a"),
            cond("payer_email", "like", "a%"),
        ),
    ),
    (
        "NOT upper",
        P + "NOT amount > 5",
        search(PERIOD, cond("amount", "<=", "5")),
    ),
    # field lookup: case, underscores, aliases
    ("camelCase", P + "payerEmail = x", search(PERIOD, cond("payer_email", "=", "x"))),
    ("UPPER", P + "PAYER_EMAIL = x", search(PERIOD, cond("payer_email", "=", "x"))),
    ("no underscore", P + "payeremail = x", search(PERIOD, cond("payer_email", "=", "x"))),
    ("extra underscores", P + "__payer__email = x", search(PERIOD, cond("payer_email", "=", "x"))),
    ("alias email", P + "email = x", search(PERIOD, cond("payer_email", "=", "x"))),
    ("alias shop", P + "shop = x", search(PERIOD, cond("shop_id", "=", "x"))),
    ("alias rrn", P + "RRN = 123", search(PERIOD, cond("reference", "=", "123"))),
    ("alias cyrillic", P + "ррн = 123", search(PERIOD, cond("reference", "=", "123"))),
    ("alias cyrillic upper", P + "РРН = 123", search(PERIOD, cond("reference", "=", "123"))),
    ("alias date", "date >= 2024-01-01", search(PERIOD)),
    ("alias created", "Created >= 2024-01-01", search(PERIOD)),
    ("alias postlink", P + "postLink = true", search(PERIOD, cond("post_link", "=", "true"))),
    ("alias card", P + "card = 1", search(PERIOD, cond("card_mask", "=", "1"))),
    ("alias payer", P + "payer = x", search(PERIOD, cond("client", "=", "x"))),
    ("alias installment", P + "installment = x", search(PERIOD, cond("installment_id", "=", "x"))),
    (
        "alias transaction_type",
        P + "transactionType = x",
        search(PERIOD, cond("transaction_type_id", "=", "x")),
    ),
    ("alias invoice", P + "invoice = 7", search(PERIOD, cond("invoice_id", "=", "7"))),
    ("alias account", P + "account = 7", search(PERIOD, cond("account_id", "=", "7"))),
    ("alias phone", P + "phone = 7", search(PERIOD, cond("payer_phone", "=", "7"))),
    (
        "alias refund_date",
        P + "refund_date < 2024-02-01",
        search(PERIOD, cond("payout_date", "<", "2024-02-01T00:00:00Z")),
    ),
    (
        "alias refund_amount",
        P + "refund_amount >= 10",
        search(PERIOD, cond("payout_amount", ">=", "10")),
    ),
    ("description", P + "description = d", search(PERIOD, cond("description", "=", "d"))),
    # quoted strings and every escape
    ("double quotes", P + 'client = "Dana T"', search(PERIOD, cond("client", "=", "Dana T"))),
    ("single quotes", P + "client = 'Dana T'", search(PERIOD, cond("client", "=", "Dana T"))),
    (
        "escapes",
        P + r'description = "q\" a\' b\\ n\n t\t u\u0041\u0434"',
        search(PERIOD, cond("description", "=", "q\" a' b\\ n\n t\t uAд")),
    ),
    (
        "escapes in single quotes",
        P + r"description = 'O\'Brien \"x\"'",
        search(PERIOD, cond("description", "=", 'O\'Brien "x"')),
    ),
    (
        "surrogate pair escape",
        P + r'description = "\ud83d\ude00"',
        search(PERIOD, cond("description", "=", "\U0001f600")),
    ),
    (
        "surrogate pair after one escape",
        P + r'description = "\u0041\ud83d\ude00\u0042"',
        search(PERIOD, cond("description", "=", "A\U0001f600B")),
    ),
    (
        "surrogate pairs in upper case, side by side",
        P + r'description = "\uD83D\uDE00\uD83D\uDE01"',
        search(PERIOD, cond("description", "=", "\U0001f600\U0001f601")),
    ),
    (
        "unicode",
        P + "description = 'Дана 😀 中文 ü'",
        search(PERIOD, cond("description", "=", "Дана 😀 中文 ü")),
    ),
    ("empty string", P + 'description = ""', search(PERIOD, cond("description", "=", ""))),
    (
        "quoted keyword",
        P + 'description in ("and", "or", "not")',
        search(PERIOD, cond("description", "in", "and", "or", "not")),
    ),
    (
        "quoted specials",
        P + "description = '( ) [ ] , = < > ! : ..'",
        search(PERIOD, cond("description", "=", "( ) [ ] , = < > ! : ..")),
    ),
    # numbers: canonical decimals
    ("integer", P + "amount = 1000", search(PERIOD, cond("amount", "=", "1000"))),
    ("decimal", P + "amount = 10.5", search(PERIOD, cond("amount", "=", "10.5"))),
    ("trailing zeros", P + "amount = 10.50", search(PERIOD, cond("amount", "=", "10.5"))),
    ("point zero", P + "amount = 7.000", search(PERIOD, cond("amount", "=", "7"))),
    ("minus zero", P + "amount = -0", search(PERIOD, cond("amount", "=", "0"))),
    ("minus zero point", P + "amount = -0.00", search(PERIOD, cond("amount", "=", "0"))),
    ("negative", P + "amount = -10.50", search(PERIOD, cond("amount", "=", "-10.5"))),
    ("leading zeros", P + "amount = 007", search(PERIOD, cond("amount", "=", "7"))),
    (
        "huge exact",
        P + "amount = 123456789012345678901234567890.000000000000000000000001",
        search(
            PERIOD,
            cond("amount", "=", "123456789012345678901234567890.000000000000000000000001"),
        ),
    ),
    # dates and datetimes: UTC out, fraction only when non-zero
    (
        "date",
        "created_date = 2018-01-01",
        search(cond("created_date", "=", "2018-01-01T00:00:00Z")),
    ),
    (
        "datetime minutes Z",
        "created_date = 2018-01-01T10:00Z",
        search(cond("created_date", "=", "2018-01-01T10:00:00Z")),
    ),
    (
        "datetime no offset is UTC",
        "created_date = 2018-01-01T10:20:30",
        search(cond("created_date", "=", "2018-01-01T10:20:30Z")),
    ),
    (
        "positive offset",
        "created_date = 2018-10-27T15:08:14+06:00",
        search(cond("created_date", "=", "2018-10-27T09:08:14Z")),
    ),
    (
        "negative offset",
        "created_date = 2018-01-01T10:00:00-03:30",
        search(cond("created_date", "=", "2018-01-01T13:30:00Z")),
    ),
    (
        "offset crosses the day",
        "created_date = 2018-01-01T02:00+06:00",
        search(cond("created_date", "=", "2017-12-31T20:00:00Z")),
    ),
    (
        "fraction",
        "created_date = 2018-12-29T00:01:01.374084+06:00",
        search(cond("created_date", "=", "2018-12-28T18:01:01.374084Z")),
    ),
    (
        "short fraction",
        "created_date = 2018-01-01T10:00:00.5Z",
        search(cond("created_date", "=", "2018-01-01T10:00:00.500000Z")),
    ),
    (
        "zero fraction dropped",
        "created_date = 2018-01-01T10:00:00.000000Z",
        search(cond("created_date", "=", "2018-01-01T10:00:00Z")),
    ),
    (
        "lowercase t and z",
        "created_date = 2018-01-01t10:00:00z",
        search(cond("created_date", "=", "2018-01-01T10:00:00Z")),
    ),
    # relative times against NOW = 2024-03-10T12:30:00Z
    ("now", "created_date <= now", search(cond("created_date", "<=", "2024-03-10T12:30:00Z"))),
    (
        "now-7d",
        "created_date >= now-7d",
        search(cond("created_date", ">=", "2024-03-03T12:30:00Z")),
    ),
    (
        "now+30m",
        "created_date < now+30m",
        search(cond("created_date", "<", "2024-03-10T13:00:00Z")),
    ),
    (
        "now-10s",
        "created_date > now-10s",
        search(cond("created_date", ">", "2024-03-10T12:29:50Z")),
    ),
    ("now-2h", "created_date > now-2h", search(cond("created_date", ">", "2024-03-10T10:30:00Z"))),
    ("now-1w", "created_date > now-1w", search(cond("created_date", ">", "2024-03-03T12:30:00Z"))),
    ("NOW-1D", "created_date > NOW-1D", search(cond("created_date", ">", "2024-03-09T12:30:00Z"))),
    ("today", "created_date >= today", search(cond("created_date", ">=", "2024-03-10T00:00:00Z"))),
    (
        "yesterday",
        "created_date >= yesterday",
        search(cond("created_date", ">=", "2024-03-09T00:00:00Z")),
    ),
    (
        "today-1w",
        "created_date > today-1w",
        search(cond("created_date", ">", "2024-03-03T00:00:00Z")),
    ),
    (
        "yesterday+12h",
        "created_date > yesterday+12h",
        search(cond("created_date", ">", "2024-03-09T12:00:00Z")),
    ),
    (
        "between relative",
        "created_date between today..now",
        search(cond("created_date", "between", "2024-03-10T00:00:00Z", "2024-03-10T12:30:00Z")),
    ),
    # booleans
    ("true", P + "post_link = true", search(PERIOD, cond("post_link", "=", "true"))),
    ("FALSE", P + "post_link = FALSE", search(PERIOD, cond("post_link", "=", "false"))),
    ("True", P + "post_link == True", search(PERIOD, cond("post_link", "=", "true"))),
    # card masks, raw on card_mask
    (
        "mask 3 dots",
        P + "card_mask = 4003...9282",
        search(PERIOD, cond("card_mask", "=", "4003...9282")),
    ),
    (
        "mask 4 dots",
        P + "card_mask = 4003....9282",
        search(PERIOD, cond("card_mask", "=", "4003....9282")),
    ),
    (
        "mask stars",
        P + "card_mask = 400303******9282",
        search(PERIOD, cond("card_mask", "=", "400303******9282")),
    ),
    (
        "mask Xs",
        P + "card_mask in (440043XXXXXX0101, 4003...9282)",
        search(PERIOD, cond("card_mask", "in", "440043XXXXXX0101", "4003...9282")),
    ),
    # bare words
    (
        "bare like",
        P + "payer_email like dana%",
        search(PERIOD, cond("payer_email", "like", "dana%")),
    ),
    ("bare email", P + "payer_email = a@b.kz", search(PERIOD, cond("payer_email", "=", "a@b.kz"))),
    (
        "bare phone",
        P + "payer_phone = +77029085001",
        search(PERIOD, cond("payer_phone", "=", "+77029085001")),
    ),
    ("bare cyrillic", P + "client like Дана%", search(PERIOD, cond("client", "like", "Дана%"))),
    (
        "bare uuid",
        P + "shop_id = a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6",
        search(PERIOD, cond("shop_id", "=", "a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6")),
    ),
    ("bare single dots", P + "client = a.b.c", search(PERIOD, cond("client", "=", "a.b.c"))),
    ("bare star", P + "client = *", search(PERIOD, cond("client", "=", "*"))),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in TOKENS], ids=[r[0] for r in TOKENS])
def test_tokens(text: str, expected: dict[str, Any]) -> None:
    assert_payload(text, expected)


# ---- 1.4 Typing: strings keep their text, whatever it looks like ------------------------------

STRING_TYPING = [
    ("077012", "077012"),
    ("10.50", "10.50"),
    ("-0", "-0"),
    ("1e5", "1e5"),
    ("true", "true"),
    ("TRUE", "TRUE"),
    ("2018-01-01", "2018-01-01"),
    ("2018-01-01T10:00Z", "2018-01-01T10:00Z"),
    ("now-7d", "now-7d"),
    ("4003...9282", "4003...9282"),
    ('"077012"', "077012"),
    ("NaN", "NaN"),
]


@pytest.mark.parametrize(("token", "expected"), STRING_TYPING)
def test_string_field_keeps_raw_text(token: str, expected: str) -> None:
    assert_payload(P + f"payer_phone = {token}", search(PERIOD, cond("payer_phone", "=", expected)))


# ---- time zones: dates and offset-less datetimes are in `tz` -----------------------------------
# Asia/Almaty was UTC+6 throughout 2018.
ALMATY = [
    ("date", "created_date = 2018-01-01", {}, "2017-12-31T18:00:00Z"),
    ("datetime", "created_date = 2018-01-01T10:00", {}, "2018-01-01T04:00:00Z"),
    ("offset wins", "created_date = 2018-01-01T10:00+03:00", {}, "2018-01-01T07:00:00Z"),
    ("Z wins", "created_date = 2018-01-01T10:00Z", {}, "2018-01-01T10:00:00Z"),
    (
        "today local",
        "created_date = today",
        {"now": datetime(2018, 10, 26, 20, 0, tzinfo=UTC)},  # 02:00 on the 27th in Almaty
        "2018-10-26T18:00:00Z",
    ),
    (
        "yesterday local",
        "created_date = yesterday",
        {"now": datetime(2018, 10, 26, 20, 0, tzinfo=UTC)},
        "2018-10-25T18:00:00Z",
    ),
    (
        "now ignores tz",
        "created_date = now-1h",
        {"now": datetime(2018, 10, 26, 20, 0, tzinfo=UTC)},
        "2018-10-26T19:00:00Z",
    ),
]


@pytest.mark.parametrize(
    ("text", "options", "expected"), [r[1:] for r in ALMATY], ids=[r[0] for r in ALMATY]
)
def test_time_zone(text: str, options: dict[str, Any], expected: str) -> None:
    assert_payload(text, search(cond("created_date", "=", expected)), tz="Asia/Almaty", **options)


# On 2024-03-10 New York's clocks jump from 02:00 to 03:00 (EST, -5 to EDT, -4); on 2024-11-03 they
# fall back from 02:00 to 01:00. Hours are elapsed time, days are calendar days.
SPRING, FALL = datetime(2024, 3, 10, 12, tzinfo=UTC), datetime(2024, 11, 3, 12, tzinfo=UTC)
NEW_YORK = [
    ("midnight before the jump", "today", SPRING, "2024-03-10T05:00:00Z"),
    ("two hours after it", "today+2h", SPRING, "2024-03-10T07:00:00Z"),
    ("three hours: one more", "today+3h", SPRING, "2024-03-10T08:00:00Z"),
    ("a day: the next midnight", "today+1d", SPRING, "2024-03-11T04:00:00Z"),
    ("24 hours: not midnight", "yesterday+24h", SPRING, "2024-03-10T05:00:00Z"),
    ("fall: two hours", "today+2h", FALL, "2024-11-03T06:00:00Z"),
    ("fall: a day", "today+1d", FALL, "2024-11-04T05:00:00Z"),
    (
        "now: an hour",
        "now-1h",
        datetime(2024, 3, 10, 3, 30, tzinfo=ZoneInfo("America/New_York")),
        "2024-03-10T06:30:00Z",
    ),
]


@pytest.mark.parametrize(
    ("text", "now", "expected"), [r[1:] for r in NEW_YORK], ids=[r[0] for r in NEW_YORK]
)
def test_hours_are_elapsed_time_and_days_are_calendar_days(
    text: str, now: datetime, expected: str
) -> None:
    expected_payload = search(cond("created_date", "=", expected))
    assert_payload(f"created_date = {text}", expected_payload, tz="America/New_York", now=now)


def test_today_in_utc_differs_from_almaty() -> None:
    now = datetime(2018, 10, 26, 20, 0, tzinfo=UTC)
    expected = search(cond("created_date", "=", "2018-10-26T00:00:00Z"))
    assert_payload("created_date = today", expected, now=now)


# ---- 1.2 Conditions: every form ----------------------------------------------------------------

CONDITIONS = [
    ("=", P + "amount = 5", [cond("amount", "=", "5")]),
    ("==", P + "amount == 5", [cond("amount", "=", "5")]),
    (":", P + "amount:5", [cond("amount", "=", "5")]),
    (": spaced", P + "amount : 5", [cond("amount", "=", "5")]),
    (": string", P + "email:a@b.kz", [cond("payer_email", "=", "a@b.kz")]),
    ("<", P + "amount < 5", [cond("amount", "<", "5")]),
    (">", P + "amount > 5", [cond("amount", ">", "5")]),
    ("<=", P + "amount <= 5", [cond("amount", "<=", "5")]),
    (">=", P + "amount >= 5", [cond("amount", ">=", "5")]),
    ("between ..", P + "amount between 1..2", [cond("amount", "between", "1", "2")]),
    ("between .. spaced", P + "amount between 1 .. 2", [cond("amount", "between", "1", "2")]),
    ("between and", P + "amount between 1 and 2", [cond("amount", "between", "1", "2")]),
    ("between equal", P + "amount between 2..2.0", [cond("amount", "between", "2", "2")]),
    ("between negative", P + "amount between -2..-1", [cond("amount", "between", "-2", "-1")]),
    ("colon range", P + "amount:1..2", [cond("amount", "between", "1", "2")]),
    ("colon open high", P + "amount:1..*", [cond("amount", ">=", "1")]),
    ("colon open low", P + "amount:*..2", [cond("amount", "<=", "2")]),
    (
        "colon date range",
        P + "payout_date:2018-01-01..2018-02-01",
        [cond("payout_date", "between", "2018-01-01T00:00:00Z", "2018-02-01T00:00:00Z")],
    ),
    ("in ()", P + "shop in (a, b)", [cond("shop_id", "in", "a", "b")]),
    ("in []", P + "shop in [a, b]", [cond("shop_id", "in", "a", "b")]),
    ("in one", P + "shop in (a)", [cond("shop_id", "in", "a")]),
    ("in keeps duplicates", P + "amount in (1, 1.0, 2)", [cond("amount", "in", "1", "1", "2")]),
    ("in numbers", P + "amount in (1.50, -0)", [cond("amount", "in", "1.5", "0")]),
    ("like", P + "email like %@b.kz", [cond("payer_email", "like", "%@b.kz")]),
    ("like quoted", P + "client like 'Dana T%'", [cond("client", "like", "Dana T%")]),
    ("!= boolean", P + "post_link != true", [cond("post_link", "=", "false")]),
    ("!= false", P + "post_link != false", [cond("post_link", "=", "true")]),
    ("not >", P + "not amount > 5", [cond("amount", "<=", "5")]),
    ("not <", P + "not amount < 5", [cond("amount", ">=", "5")]),
    ("not >=", P + "not amount >= 5", [cond("amount", "<", "5")]),
    ("not <=", P + "not amount <= 5", [cond("amount", ">", "5")]),
    ("not boolean", P + "not post_link = true", [cond("post_link", "=", "false")]),
    ("not boolean false", P + "not post_link = false", [cond("post_link", "=", "true")]),
    ("not group", P + "not (amount > 5)", [cond("amount", "<=", "5")]),
    ("not not", P + "not not shop = a", [cond("shop_id", "=", "a")]),
    ("not !=", P + "not shop != a", [cond("shop_id", "=", "a")]),
    ("not colon range", P + "not amount:5..*", [cond("amount", "<", "5")]),
    (
        "not date",
        P + "not payout_date > 2024-02-01",
        [cond("payout_date", "<=", "2024-02-01T00:00:00Z")],
    ),
    (
        "not (a or b) pushes in",
        P + "not (amount > 5 or amount < 1)",
        [cond("amount", "<=", "5"), cond("amount", ">=", "1")],
    ),
]


@pytest.mark.parametrize(
    ("text", "parameters"), [r[1:] for r in CONDITIONS], ids=[r[0] for r in CONDITIONS]
)
def test_condition_forms(text: str, parameters: list[dict[str, Any]]) -> None:
    assert_payload(text, search(PERIOD, *parameters))


# ---- 1.5 Compiling: and-flattening, or-merging -------------------------------------------------

COMPILING = [
    (
        "order written",
        "amount > 1 and created_date >= 2024-01-01 and shop = a",
        [cond("amount", ">", "1"), PERIOD, cond("shop_id", "=", "a")],
    ),
    (
        "nested and flattens",
        P + "((amount >= 1 and amount <= 2) and (shop = x and (client = y)))",
        [
            cond("amount", ">=", "1"),
            cond("amount", "<=", "2"),
            cond("shop_id", "=", "x"),
            cond("client", "=", "y"),
        ],
    ),
    ("or merges", P + "(shop = a or shop = b)", [cond("shop_id", "in", "a", "b")]),
    (
        "or with in, duplicates dropped in order",
        P + "(shop = b or shop in (a, b) or shop = c or shop = a)",
        [cond("shop_id", "in", "b", "a", "c")],
    ),
    (
        "or of aliases",
        P + "(email = x or PayerEmail = y)",
        [cond("payer_email", "in", "x", "y")],
    ),
    ("or numbers", P + "(amount = 1 or amount in (2, 1.0))", [cond("amount", "in", "1", "2")]),
    ("or == and :", P + "(amount == 1 or amount:2)", [cond("amount", "in", "1", "2")]),
    (
        "nested or opens",
        P + "(shop = a or (shop = b or shop = c))",
        [cond("shop_id", "in", "a", "b", "c")],
    ),
    ("or with not not", P + "(shop = a or not not shop = b)", [cond("shop_id", "in", "a", "b")]),
    (
        "or then and",
        P + "(shop = a or shop = b) and amount > 5",
        [cond("shop_id", "in", "a", "b"), cond("amount", ">", "5")],
    ),
]


@pytest.mark.parametrize(
    ("text", "parameters"), [r[1:] for r in COMPILING], ids=[r[0] for r in COMPILING]
)
def test_compiling(text: str, parameters: list[dict[str, Any]]) -> None:
    start = [] if text.startswith("amount > 1") else [PERIOD]
    assert_payload(text, search(*start, *parameters))


def test_default_period_appends_created_date_between() -> None:
    expected = search(
        cond("amount", "=", "5"),
        cond("created_date", "between", "2024-02-09T12:30:00Z", "2024-03-10T12:30:00Z"),
    )
    assert_payload("amount = 5", expected, default_period="30d")


@pytest.mark.parametrize(
    ("period", "start"),
    [
        ("2w", "2024-02-25T12:30:00Z"),
        ("12h", "2024-03-10T00:30:00Z"),
        ("90m", "2024-03-10T11:00:00Z"),
        ("30s", "2024-03-10T12:29:30Z"),
        ("1D", "2024-03-09T12:30:00Z"),
    ],
)
def test_default_period_units(period: str, start: str) -> None:
    expected = search(cond("created_date", "between", start, "2024-03-10T12:30:00Z"))
    assert_payload("", expected, default_period=period)


def test_default_period_is_not_added_when_a_period_is_given() -> None:
    assert_payload("created_date >= 2024-01-01", search(PERIOD), default_period="30d")


def test_default_period_counts_a_pushed_negation() -> None:
    expected = search(cond("created_date", "<=", "2024-01-01T00:00:00Z"))
    assert_payload("not created_date > 2024-01-01", expected, default_period="30d")


# ---- 1.3 Order and paging ----------------------------------------------------------------------

ORDER_PAGING = [
    (
        "order default asc",
        "created_date >= 2024-01-01 order by amount",
        {
            "searchParameters": [PERIOD],
            "orderParameters": [{"field": "amount", "typeOrder": "ASC"}],
        },
    ),
    (
        "order several",
        "created_date >= 2024-01-01 order by amount desc, email ASC, created",
        {
            "searchParameters": [PERIOD],
            "orderParameters": [
                {"field": "amount", "typeOrder": "DESC"},
                {"field": "payer_email", "typeOrder": "ASC"},
                {"field": "created_date", "typeOrder": "ASC"},
            ],
        },
    ),
    (
        "sort by",
        "created_date >= 2024-01-01 SORT BY Amount Desc",
        {
            "searchParameters": [PERIOD],
            "orderParameters": [{"field": "amount", "typeOrder": "DESC"}],
        },
    ),
    (
        "page and size",
        "created_date >= 2024-01-01 page 2 size 50",
        {"paging": {"page": 2, "size": 50}, "searchParameters": [PERIOD], "orderParameters": []},
    ),
    (
        "size then page",
        "created_date >= 2024-01-01 size 50 page 2",
        {"paging": {"page": 2, "size": 50}, "searchParameters": [PERIOD], "orderParameters": []},
    ),
    (
        "page only: size 20",
        "created_date >= 2024-01-01 page 3",
        {"paging": {"page": 3, "size": 20}, "searchParameters": [PERIOD], "orderParameters": []},
    ),
    (
        "size only: page 1",
        "created_date >= 2024-01-01 size 5",
        {"paging": {"page": 1, "size": 5}, "searchParameters": [PERIOD], "orderParameters": []},
    ),
    (
        "page 0",
        "created_date >= 2024-01-01 page 0",
        {"paging": {"page": 0, "size": 20}, "searchParameters": [PERIOD], "orderParameters": []},
    ),
    (
        "size max",
        "created_date >= 2024-01-01 size 2147483647",
        {
            "paging": {"page": 1, "size": 2147483647},
            "searchParameters": [PERIOD],
            "orderParameters": [],
        },
    ),
    (
        "PAGE SIZE upper",
        "created_date >= 2024-01-01 PAGE 1 SIZE 2",
        {"paging": {"page": 1, "size": 2}, "searchParameters": [PERIOD], "orderParameters": []},
    ),
    (
        "order then paging",
        "created_date >= 2024-01-01 order by amount page 2 size 10",
        {
            "paging": {"page": 2, "size": 10},
            "searchParameters": [PERIOD],
            "orderParameters": [{"field": "amount", "typeOrder": "ASC"}],
        },
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [r[1:] for r in ORDER_PAGING], ids=[r[0] for r in ORDER_PAGING]
)
def test_order_and_paging(text: str, expected: dict[str, Any]) -> None:
    assert_payload(text, expected)


@pytest.mark.parametrize(
    ("text", "options", "paging"),
    [
        ("", {"page": 7}, {"page": 7, "size": 20}),
        ("", {"size": 7}, {"page": 1, "size": 7}),
        ("page 3 size 4", {"page": 7}, {"page": 7, "size": 4}),
        ("page 3 size 4", {"size": 7}, {"page": 3, "size": 7}),
        ("page 3 size 4", {"page": 0, "size": 1}, {"page": 0, "size": 1}),
        ("size 3", {"page": 5}, {"page": 5, "size": 3}),
    ],
)
def test_paging_keyword_arguments_override(
    text: str, options: dict[str, Any], paging: dict[str, int]
) -> None:
    expected = {"paging": paging, "searchParameters": [PERIOD], "orderParameters": []}
    assert_payload(f"created_date >= 2024-01-01 {text}", expected, **options)


def test_no_paging_key_without_page_or_size() -> None:
    payload = to_payload("created_date >= 2024-01-01", now=NOW)
    assert list(payload) == ["searchParameters", "orderParameters"]


def test_empty_query_with_default_period() -> None:
    expected = {
        "searchParameters": [
            cond("created_date", "between", "2024-03-09T12:30:00Z", "2024-03-10T12:30:00Z")
        ],
        "orderParameters": [],
    }
    assert_payload("   ", expected, default_period="1d")


# ---- Precedence (checked on the AST: spans stay out of equality) ------------------------------


def c(field: str, method: Method, *values: object) -> Condition:
    return Condition(field, method, tuple(values))  # type: ignore[arg-type]


A = c("shop_id", Method.EQ, "a")
B = c("shop_id", Method.EQ, "b")
C5 = c("amount", Method.EQ, Decimal(5))

PRECEDENCE = [
    ("and over or", "shop = a or shop = b and amount = 5", Or((A, And((B, C5))))),
    ("and over or, left", "shop = a and shop = b or amount = 5", Or((And((A, B)), C5))),
    ("parentheses", "(shop = a or shop = b) and amount = 5", And((Or((A, B)), C5))),
    ("or chain is flat", "shop = a or shop = b or amount = 5", Or((A, B, C5))),
    ("and chain is flat", "shop = a and shop = b and amount = 5", And((A, B, C5))),
    ("not binds to next condition", "not shop = a and shop = b", And((Not(A), B))),
    ("not binds to group", "not (shop = a and shop = b)", Not(And((A, B)))),
    ("not before or", "not shop = a or shop = b", Or((Not(A), B))),
    ("!= is a negation", "shop != a", Not(A)),
    ("not in", "shop not in (a, b)", Not(c("shop_id", Method.IN, "a", "b"))),
    ("NOT IN upper", "shop NOT IN [a]", Not(c("shop_id", Method.IN, "a"))),
    ("redundant parentheses", "((shop = a))", A),
    ("group in the middle", "shop = a and (shop = b) and amount = 5", And((A, B, C5))),
]


@pytest.mark.parametrize(
    ("text", "expected"), [r[1:] for r in PRECEDENCE], ids=[r[0] for r in PRECEDENCE]
)
def test_precedence(text: str, expected: object) -> None:
    assert parse(text, now=NOW) == Query(filter=expected)  # type: ignore[arg-type]


def test_parse_order_and_paging() -> None:
    query = parse("order by amount desc, email page 2 size 3", now=NOW)
    assert query == Query(
        None, (Order("amount", Direction.DESC), Order("payer_email", Direction.ASC)), 2, 3
    )


def test_parse_empty_text() -> None:
    assert parse(" \t\r\n", now=NOW) == Query()


# ---- The design card examples of SPEC 1 ------------------------------------------------------


def test_design_card_example_1() -> None:
    text = "created_date between 2018-01-01..2018-02-01 and payer_email like dana%"
    expected = search(
        cond("created_date", "between", "2018-01-01T00:00:00Z", "2018-02-01T00:00:00Z"),
        cond("payer_email", "like", "dana%"),
    )
    assert_payload(text, expected)


def test_design_card_example_2() -> None:
    # SPEC writes the second shop id as `7f1e...` (an elided id); a whole id stands in for it.
    text = (
        "created_date:2024-01-01..* and amount >= 1000 and shop_id in "
        "(a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6, 7f1e2c3d-0000-4b9c-ba7f-65a4add02ed6)"
    )
    expected = search(
        PERIOD,
        cond("amount", ">=", "1000"),
        cond(
            "shop_id",
            "in",
            "a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6",
            "7f1e2c3d-0000-4b9c-ba7f-65a4add02ed6",
        ),
    )
    assert_payload(text, expected)


def test_design_card_example_3() -> None:
    text = (
        '(payer_email = "a@b.kz" or payer_email = c@d.kz) and created_date >= now-7d '
        "order by amount desc, created_date page 2 size 50"
    )
    expected = {
        "paging": {"page": 2, "size": 50},
        "searchParameters": [
            {"name": "payer_email", "method": "in", "searchParameter": ["a@b.kz", "c@d.kz"]},
            {"name": "created_date", "method": ">=", "searchParameter": ["2024-03-03T12:30:00Z"]},
        ],
        "orderParameters": [
            {"field": "amount", "typeOrder": "DESC"},
            {"field": "created_date", "typeOrder": "ASC"},
        ],
    }
    assert_payload(text, expected)


def test_payload_is_plain_json_data() -> None:
    payload = to_payload(P + "amount in (1, 2.50) and post_link = true page 1", now=NOW)
    assert json.loads(json.dumps(payload)) == payload
