"""Hostile query text: nothing crashes, hangs or leaks; every refusal is a QueryError with a span.

Each test here names one hazard from issue 7 and fails if it comes back. Time is measured as
growth (`assert_linear`: twice the input, under three times the time), never against a clock: it
catches backtracking and quadratic work, not a busy machine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import assert_linear

import querydsl
from querydsl import And, Condition, Limits, Method, Query, QueryError
from querydsl.language.grammar import token_table
from querydsl.language.lexer import lex

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PERIOD = "created_date >= 2024-01-01 and "
_UNIT_NAMES = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
BIG = Limits(max_length=2_000_000)
DEEP = Limits(max_length=1_000_000)


@pytest.fixture
def low_recursion() -> Iterator[None]:
    """The interpreter's recursion limit lowered to 1000 for the test, then restored."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def answer(call: Callable[[], Any]) -> Any:
    """The result, or the QueryError raised. Any other exception propagates."""
    try:
        return call()
    except QueryError as error:
        return error


def codes(result: object) -> list[str]:
    """The codes of a QueryError's diagnostics, in order; none for an answer that is no error."""
    return [d.code for d in result.diagnostics] if isinstance(result, QueryError) else []


def assert_spans_inside(result: object, text: str) -> None:
    if isinstance(result, QueryError):
        for diagnostic in result.diagnostics:
            if diagnostic.span is not None:
                start, end = diagnostic.span
                assert 0 <= start <= end <= len(text), (diagnostic, len(text))


# ---- Deep nesting: parentheses and `not` -----------------------------------------------------


def parens(depth: int) -> str:
    return PERIOD + "(" * depth + "amount = 1" + ")" * depth


def nots(depth: int) -> str:
    return PERIOD + "not " * depth + "amount > 1"


def not_groups(depth: int) -> str:
    """`not (` pairs, each two levels deep (a `not` and a group), plus a `not` for odd depths."""
    pairs, odd = divmod(depth, 2)
    return PERIOD + "not (" * pairs + "not " * odd + "amount > 1" + ")" * pairs


NESTINGS = [parens, nots, not_groups]


@pytest.mark.parametrize("nest", NESTINGS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("limits", [Limits(), DEEP], ids=["default", "max_length=1M"])
def test_nesting_at_the_limit_passes(
    low_recursion: None, nest: Callable[[int], str], limits: Limits
) -> None:
    text = nest(50)
    assert querydsl.parse(text, limits=limits).filter is not None
    amount = querydsl.to_payload(text, limits=limits, now=NOW)["searchParameters"][1]
    flips = text.count("not ") % 2  # `not` over `>` is `<=`; two of them cancel
    method = "=" if nest is parens else ("<=" if flips else ">")
    assert amount == {"name": "amount", "method": method, "searchParameter": ["1"]}


@pytest.mark.parametrize("nest", NESTINGS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("limits", [Limits(), DEEP], ids=["default", "max_length=1M"])
def test_nesting_past_the_limit_is_limit_exceeded(
    low_recursion: None, nest: Callable[[int], str], limits: Limits
) -> None:
    text = nest(51)
    result = answer(lambda: querydsl.parse(text, limits=limits))
    assert codes(result) == ["limit_exceeded"]
    assert "levels deep" in result.diagnostics[0].message
    assert_spans_inside(result, text)
    assert_linear(lambda text: querydsl.parse(text, limits=limits), nest, 51)


@pytest.mark.parametrize("nest", NESTINGS, ids=lambda f: f.__name__)
def test_nesting_100_000_deep_with_default_limits_is_refused_by_length(
    low_recursion: None, nest: Callable[[int], str]
) -> None:
    text = nest(100_000)
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["limit_exceeded"]
    assert_spans_inside(result, text)
    assert_linear(querydsl.parse, nest, 20_000)


@pytest.mark.parametrize("nest", NESTINGS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "api",
    [
        lambda text: querydsl.parse(text, limits=DEEP),
        lambda text: querydsl.to_payload(text, limits=DEEP, now=NOW),
        lambda text: querydsl.check(text, limits=DEEP),
    ],
    ids=["parse", "to_payload", "check"],
)
def test_nesting_100_000_deep_is_limit_exceeded_by_depth_in_bounded_time(
    low_recursion: None, nest: Callable[[int], str], api: Callable[[str], Any]
) -> None:
    # max_length=1M lets the text in, so the depth check itself has to stop it.
    text = nest(100_000)
    result = answer(lambda: api(text))
    if isinstance(result, list):  # check() returns the diagnostics
        result = QueryError(result, text)
    assert codes(result) == ["limit_exceeded"]
    assert "levels deep" in result.diagnostics[0].message
    assert_spans_inside(result, text)
    assert_linear(api, nest, 10_000)  # quadratic work would take hours at 100 000


@pytest.mark.parametrize("nest", NESTINGS, ids=lambda f: f.__name__)
def test_deep_nesting_in_search_box_apis_never_raises(
    low_recursion: None, nest: Callable[[int], str]
) -> None:
    text = nest(20_000)
    for call in (querydsl.tokens, querydsl.complete):
        call(text)
        assert_linear(call, nest, 10_000)


@pytest.mark.parametrize("nest", NESTINGS, ids=lambda f: f.__name__)
def test_nesting_100_000_deep_under_a_raised_depth_limit_is_read_in_bounded_time(
    low_recursion: None, nest: Callable[[int], str]
) -> None:
    # The table's driver reads any depth; it once copied its stack for each `)`, which made
    # this quadratic: 22 s here, where it now takes well under a second.
    text = nest(100_000) + " )"
    limits = Limits(max_length=1_000_000, max_depth=1_000_000)
    result = answer(lambda: querydsl.parse(text, limits=limits))
    assert codes(result) == ["syntax_error"]
    assert result.diagnostics[0].span == (len(text) - 1, len(text))
    assert_linear(
        lambda text: querydsl.parse(text, limits=limits), lambda n: nest(n) + " )", 20_000
    )


# ---- How much a call reports (SPEC 3) ----------------------------------------------------------

UNLIMITED = Limits(max_length=None, max_conditions=None, max_in_values=None, max_depth=None)


def test_many_problems_in_text_are_1000_then_one_limit_exceeded() -> None:
    text = PERIOD + " and ".join(f"amout{index} = 1" for index in range(1_500))
    reported = querydsl.check(text, limits=UNLIMITED)
    assert [d.code for d in reported] == ["unknown_field"] * 1_000 + ["limit_exceeded"]
    assert reported[-1].span is None and reported[-1].path is None
    assert codes(answer(lambda: querydsl.parse(text, limits=UNLIMITED))) == [
        d.code for d in reported
    ]


def test_many_problems_in_a_hand_built_query_are_1000_then_one_limit_exceeded() -> None:
    conditions = tuple(
        Condition(f"amout{index}", Method.EQ, (Decimal(1),)) for index in range(1_500)
    )
    query = Query(And(conditions))
    result = answer(lambda: querydsl.to_payload(query, limits=UNLIMITED))
    assert codes(result) == ["unknown_field"] * 1_000 + ["limit_exceeded"]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 5_000 + " = 1",  # an unknown field
        PERIOD + "amount = " + "x" * 5_000,  # not a number
        PERIOD + "created_date = " + "x" * 5_000,  # not a date
        PERIOD + "post_link = " + "x" * 5_000,  # not a boolean
        PERIOD + "amount = 1 " + "x" * 5_000,  # a syntax error
        PERIOD + "amount " + "x" * 5_000 + " 1",  # an unknown method
        PERIOD + '"' + "x" * 5_000 + '" = 1',  # not a field name
    ],
    ids=["field", "number", "date", "boolean", "syntax", "method", "quoted field"],
)
def test_a_long_word_is_cut_where_a_message_quotes_it(text: str) -> None:
    (first, *_) = querydsl.check(text, limits=UNLIMITED)
    assert "..." in first.message and len(first.message) < 300  # the word cut to 200 characters


# ---- Very long text and big `in` lists -------------------------------------------------------


@pytest.mark.parametrize(
    "api",
    [
        querydsl.parse,
        querydsl.to_payload,
        lambda text: QueryError(querydsl.check(text), text),
    ],
    ids=["parse", "to_payload", "check"],
)
def test_one_megabyte_is_refused_before_lexing(api: Callable[[str], Any]) -> None:
    text = long_text(1_000_000)
    result = answer(lambda: api(text))
    assert codes(result) == ["limit_exceeded"]
    assert result.diagnostics[0].span == (10_000, len(text))
    assert_linear(api, long_text, 20_000)


def long_text(length: int) -> str:
    return "amount = 1 and " * (length // 15) + "x"


def test_length_limit_is_inclusive() -> None:
    text = PERIOD + "description = " + "a" * (10_000 - len(PERIOD) - len("description = "))
    assert len(text) == 10_000
    querydsl.to_payload(text)
    assert codes(answer(lambda: querydsl.parse(text + "b"))) == ["limit_exceeded"]


def in_list(count: int) -> str:
    return PERIOD + "shop_id in (" + ", ".join(f"s{i}" for i in range(count)) + ")"


def test_in_list_at_the_cap_passes() -> None:
    payload = querydsl.to_payload(in_list(1_000))
    assert len(payload["searchParameters"][1]["searchParameter"]) == 1_000


def test_in_list_past_the_cap_is_limit_exceeded() -> None:
    text = in_list(1_001)
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["limit_exceeded"]
    start, end = result.diagnostics[0].span
    assert text[start:end] == "s1000"
    assert_linear(lambda text: querydsl.parse(text, limits=BIG), in_list, 1_001)


# ---- Regex terminals cannot backtrack --------------------------------------------------------

MEGABYTE = 1_000_000
#: Where growth is measured: both sizes past the 100 000 digits a number may have.
LINEAR_FROM = 120_000
#: Texts of about `n` characters, read in time linear in n.
BACKTRACKERS: dict[str, Callable[[int], str]] = {
    "quote then backslashes": lambda n: '"' + "\\" * n,
    "single quote then backslashes": lambda n: "'" + "\\" * n,
    "quote then escaped quotes": lambda n: "'" + "\\'" * (n // 2),
    "word characters": lambda n: "a" * n,
    "a field then word characters": lambda n: "description = " + "a" * n,
    "dots": lambda n: "." * n,
    "a condition then dots": lambda n: "amount = 1" + "." * n,
    "digits": lambda n: "1" * n,
    "a long number": lambda n: "amount = " + "1" * n,
    "digits and dots": lambda n: "card = " + "1234." * (n // 5),
    "card mask with a run of X": lambda n: "card = 1234" + "X" * n + "!",
    "datetime with a long fraction": lambda n: "created_date = 2020-01-01T00:00:00." + "1" * n,
    "date-like run": lambda n: "created_date = " + "2020-01-01T" * (n // 11),
}
SEARCH_BOX = {
    "check": lambda text: querydsl.check(text, limits=BIG),
    "tokens": querydsl.tokens,
    "complete": querydsl.complete,
}


@pytest.mark.parametrize("name", list(BACKTRACKERS))
def test_long_runs_parse_in_linear_time(name: str) -> None:
    make = BACKTRACKERS[name]
    text = make(LINEAR_FROM)
    assert_spans_inside(answer(lambda: querydsl.parse(text, limits=BIG)), text)
    assert_linear(lambda text: querydsl.parse(text, limits=BIG), make, LINEAR_FROM)


@pytest.mark.parametrize("api", list(SEARCH_BOX))
@pytest.mark.parametrize("name", list(BACKTRACKERS))
def test_long_runs_in_search_box_apis_take_linear_time(name: str, api: str) -> None:
    SEARCH_BOX[api](BACKTRACKERS[name](LINEAR_FROM))  # never raises
    assert_linear(SEARCH_BOX[api], BACKTRACKERS[name], LINEAR_FROM)


def test_unclosed_quote_after_backslashes_points_at_the_quote() -> None:
    text = 'description = "' + "\\" * 10_001
    result = answer(lambda: querydsl.parse(text, limits=BIG))
    assert codes(result) == ["syntax_error"]
    assert result.diagnostics[0].span[0] == len("description = ")


# ---- Characters ------------------------------------------------------------------------------


def test_keywords_glued_to_words_are_not_keywords() -> None:
    result = answer(lambda: querydsl.parse("amount = 1 ORb = 2"))
    assert codes(result) == ["syntax_error"]
    assert result.diagnostics[0].span == (11, 14)
    # `android` is a word, so a field name (unknown in this schema), not `and` + `roid`.
    result = answer(lambda: querydsl.parse("android like x%"))
    assert codes(result) == ["unknown_field"]
    assert result.diagnostics[0].span == (0, 7)


@pytest.mark.parametrize(
    "spelling",
    [
        "li\u212ae",  # KELVIN SIGN, which folds to k
        "\u017fize",  # LATIN SMALL LETTER LONG S, which folds to s
        "\u0131n",  # LATIN SMALL LETTER DOTLESS I
        "\u0130N",  # LATIN CAPITAL LETTER I WITH DOT ABOVE
    ],
)
def test_only_ascii_letters_spell_keywords(spelling: str) -> None:
    # Python's case-insensitive regex would take these for keywords; querydsl takes them for words.
    assert lex(token_table(), f"a {spelling} b")[1][0] == "WORD"


@pytest.mark.parametrize("keyword", ["and", "Or", "nOT", "BETWEEN", "In", "LiKe", "SIZE", "pAgE"])
def test_keywords_in_any_mix_of_ascii_case(keyword: str) -> None:
    assert lex(token_table(), f"a {keyword} b")[1][0] == keyword.upper()


REFUSED = [
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\u200b",  # zero-width space
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\ufeff",  # byte order mark
    "\ud800",  # lone high surrogate
    "\udfff",  # lone low surrogate
]


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    "template",
    [
        "amount = 1{c}",
        "{c}amount = 1",
        'description = "a{c}b"',
        "description = 'a{c}b'",
        "description = a{c}b",
        "amount{c} = 1",
    ],
)
def test_control_bidi_and_surrogates_are_refused_anywhere_with_a_span(
    char: str, template: str
) -> None:
    text = PERIOD + template.format(c=char)
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["syntax_error"]
    diagnostic = result.diagnostics[0]
    position = text.index(char)
    assert diagnostic.span == (position, position + 1)
    assert f"U+{ord(char):04X}" in diagnostic.message
    assert diagnostic.hint and "\\u" in diagnostic.hint
    rendered = str(result)  # the caret line never carries the raw character
    assert char not in rendered


@pytest.mark.parametrize("char", REFUSED[:10], ids=lambda c: f"U+{ord(c):04X}")
def test_escapes_for_refused_characters_are_allowed_inside_quotes(char: str) -> None:
    text = PERIOD + f'description = "a\\u{ord(char):04x}b"'
    payload = querydsl.to_payload(text)
    assert payload["searchParameters"][1]["searchParameter"] == [f"a{char}b"]


def test_a_lone_surrogate_escape_is_a_clear_syntax_error() -> None:
    text = PERIOD + 'description = "\\ud800"'
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["syntax_error"]
    start, end = result.diagnostics[0].span
    assert text[start:end] == "\\ud800"


def test_a_surrogate_pair_escape_is_one_character() -> None:
    payload = querydsl.to_payload(PERIOD + 'description = "\\ud83d\\ude00"')
    assert payload["searchParameters"][1]["searchParameter"] == ["\U0001f600"]


@pytest.mark.parametrize(
    "digits",
    ["١٢٣", "۱۲۳", "１２３", "१२३", "𝟏𝟐𝟑", "1٢3"],
    ids=["arabic-indic", "persian", "full-width", "devanagari", "math-bold", "mixed"],
)
@pytest.mark.parametrize("field", ["amount", "payout_amount"])
def test_look_alike_digits_are_not_numbers(digits: str, field: str) -> None:
    text = PERIOD + f"{field} = {digits}"
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["invalid_value"]
    start, end = result.diagnostics[0].span
    assert text[start:end] == digits


@pytest.mark.parametrize("digits", ["２０２４-01-01", "2024-٠1-01", "now-٧d"])
def test_look_alike_digits_are_not_dates(digits: str) -> None:
    result = answer(lambda: querydsl.parse(PERIOD + f"payout_date > {digits}"))
    assert codes(result) == ["invalid_value"]


@pytest.mark.parametrize("text", ["page ١", "size ２"])
def test_look_alike_digits_are_not_paging(text: str) -> None:
    assert codes(answer(lambda: querydsl.parse(text))) == ["invalid_paging"]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("аmount", "amount"),
        ("аmоunt", "amount"),
        ("payer_emaіl", "payer_email"),
        ("ѕhop_id", "shop_id"),
    ],
)
def test_look_alike_letters_are_unknown_fields_with_a_hint(written: str, meant: str) -> None:
    text = PERIOD + f"{written} = 1"
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["unknown_field"]
    diagnostic = result.diagnostics[0]
    assert text[diagnostic.span[0] : diagnostic.span[1]] == written
    assert diagnostic.hint is not None and repr(meant) in diagnostic.hint


# ---- Numbers, dates and times ----------------------------------------------------------------


def test_five_thousand_digits_are_kept_exactly() -> None:
    digits = "9" * 5_000
    payload = querydsl.to_payload(PERIOD + f"amount = {digits}.5")
    assert payload["searchParameters"][1]["searchParameter"] == [f"{digits}.5"]
    wide = f"{PERIOD}amount between -{digits}..{digits}"
    wide_payload = querydsl.to_payload(wide, limits=Limits(max_length=20_000))
    assert wide_payload["searchParameters"][1]["searchParameter"] == [f"-{digits}", digits]


@pytest.mark.parametrize(
    "value",
    [
        "1e400",
        "1E5",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "inf",
        "0x10",
        "1_000",
        "+1",
        ".5",
        "5.",
    ],
)
def test_numbers_outside_the_grammar_are_invalid_values(value: str) -> None:
    text = PERIOD + f"amount = {value}"
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["invalid_value"]
    assert_spans_inside(result, text)


@pytest.mark.parametrize(
    "value",
    [
        "2018-02-30",
        "2019-02-29",
        "2018-13-01",
        "2018-00-10",
        "0000-01-01",
        "2018-01-01T24:00",
        "2018-01-01T23:60",
        "2018-01-01T23:59:60",
        "2018-01-01T10:00:00.1234567",
        "2018-01-01T10:00+24:00",
        "2018-01-01T10:00+05:60",
    ],
)
def test_impossible_dates_and_times_are_invalid_values(value: str) -> None:
    text = PERIOD + f"payout_date = {value}"
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["invalid_value"]
    start, end = result.diagnostics[0].span
    assert text[start:end] == value


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01",
        "0001-01-01T00:00",
        "0001-01-01T00:00+01:00",
        "0001-01-01T00:00-01:00",
        "0001-01-01T00:00:00Z",
        "9999-12-31",
        "9999-12-31T23:59",
        "9999-12-31T23:59:59.999999-01:00",
        "9999-12-31T23:59:59.999999+01:00",
        "9999-12-31T23:59:59.999999Z",
    ],
)
@pytest.mark.parametrize("tz", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Almaty"])
def test_the_ends_of_the_calendar_never_overflow(value: str, tz: str) -> None:
    text = PERIOD + f"payout_date = {value}"
    expected = _in_utc(value, tz)  # what Python's own datetime makes of it, or None
    payload = answer(lambda: querydsl.to_payload(text, tz=tz))
    if expected is None:
        assert codes(payload) == ["invalid_value"]
        assert_spans_inside(payload, text)
        assert codes(answer(lambda: querydsl.parse(text, tz=tz))) == ["invalid_value"]
    else:
        assert not isinstance(payload, QueryError), payload
        assert payload["searchParameters"][1]["searchParameter"] == [expected]
    explained = answer(lambda: querydsl.explain(text))  # UTC
    assert isinstance(explained, str) or codes(explained) == ["invalid_value"]


def _in_utc(value: str, tz: str) -> str | None:
    """The payload's UTC spelling of a date or datetime in `tz`, or None past year 1 or 9999."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        return None
    spec = "microseconds" if moment.microsecond else "seconds"
    return moment.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


@pytest.mark.parametrize("anchor", ["now", "today", "yesterday"])
@pytest.mark.parametrize("sign", ["-", "+"])
@pytest.mark.parametrize("unit", ["s", "m", "h", "d", "w"])
@pytest.mark.parametrize("amount", ["999999999", "000000000", "1"])
def test_relative_times_with_huge_amounts_never_overflow(
    anchor: str, sign: str, unit: str, amount: str
) -> None:
    text = f"created_date > {anchor}{sign}{amount}{unit}"
    try:  # NOW is mid-calendar: whether the step leaves years 1 to 9999 decides it
        step = timedelta(**{_UNIT_NAMES[unit]: int(amount)})
        NOW + step if sign == "+" else NOW - step
        fits = True
    except OverflowError:
        fits = False
    for tz in ("UTC", "Pacific/Kiritimati"):
        result = answer(lambda tz=tz: querydsl.to_payload(text, tz=tz, now=NOW))  # type: ignore[misc]
        if fits:
            assert not isinstance(result, QueryError), result
        else:
            assert codes(result) == ["invalid_value"]
            start, end = result.diagnostics[0].span
            assert text[start:end] == f"{anchor}{sign}{amount}{unit}"


@pytest.mark.parametrize(
    "now", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)]
)
def test_relative_times_at_the_ends_of_the_calendar(now: datetime) -> None:
    for text in ("created_date > today", "created_date > yesterday", "created_date > now+1d"):
        result = answer(lambda text=text: querydsl.to_payload(text, now=now, tz="Asia/Almaty"))  # type: ignore[misc]
        if isinstance(result, QueryError):
            assert codes(result) == ["invalid_value"]


@pytest.mark.parametrize(
    ("period", "works"),
    [("999999999d", False), ("999999999w", False), ("0d", False), ("1x", False), ("", False),
     ("1e3d", False), ("١d", False), ("999999999s", True)],
)  # fmt: skip
def test_default_period_options_never_overflow(period: str, works: bool) -> None:
    result = answer(lambda: querydsl.to_payload("amount > 1", default_period=period, now=NOW))
    if works:
        assert not isinstance(result, QueryError), result
        assert result["searchParameters"][1]["searchParameter"][1] == "2024-05-01T12:00:00Z"
    else:
        assert codes(result) == ["invalid_value"]


@pytest.mark.parametrize("value", ["2" + "0" * 20, "-1", "2147483648", "１"])
def test_paging_out_of_range(value: str) -> None:
    text = f"{PERIOD}amount > 1 page {value}"
    result = answer(lambda: querydsl.parse(text))
    assert codes(result) == ["invalid_paging"]
    assert result.diagnostics[0].span == (text.rindex(value), len(text))


# ---- Nothing the user gave is lost or changed -------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "077012",
        "Дана%",
        "a@b.kz",
        "+77029085001",
        "ррн",
        "\U0001f600",
        "e\u0301",  # a combining accent stays decomposed
        "é",
        "ﬁ",  # a ligature is not normalised
        "Ⅻ",
        "𝟏",
    ],
)
def test_string_values_are_kept_exactly_as_written(value: str) -> None:
    for written in (value, querydsl.language.text.quote(value)):
        payload = querydsl.to_payload(f"{PERIOD}description = {written}")
        assert payload["searchParameters"][1]["searchParameter"] == [value]
