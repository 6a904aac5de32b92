"""Exact `str(QueryError)` output: the message, the line, a caret under the span, the hint."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from querydsl import Limits, QueryError, check, to_payload

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)


def rendered(text: str) -> str:
    """The QueryError to_payload raises, as str() draws it; empty when none is raised."""
    try:
        to_payload(text, now=NOW)
    except QueryError as error:
        return str(error)
    return ""


def test_unknown_field_with_hint() -> None:
    assert rendered("amout > 5") == (
        "error[unknown_field]: unknown field 'amout'\n"
        "  amout > 5\n"
        "  ^^^^^\n"
        "  hint: did you mean 'amount'?\n"
        "error[missing_period]: the Homebank API requires a created_date condition\n"
        "  hint: add e.g. `created_date >= now-30d`, or pass default_period='30d' "
        "(--default-period 30d on the command line)"
    )


def test_end_of_input_caret_after_the_last_character() -> None:
    assert rendered("amount =") == (
        "error[syntax_error]: unexpected end of query; expected a value\n  amount =\n          ^"
    )


def test_end_of_input_inside_a_group() -> None:
    assert rendered("(amount = 1") == (
        "error[syntax_error]: unexpected end of query; expected `)`, `and` or `or`\n"
        "  (amount = 1\n             ^"
    )


def test_a_stray_close_lists_what_could_follow_the_condition() -> None:
    # The `)` makes the parser reduce the condition before refusing it; `and`/`or` still count.
    assert rendered("amount = 1 )") == (
        "error[syntax_error]: unexpected `)`; expected `and`, `or`, `order by`, `page`, `size` "
        "or the end of the query\n  amount = 1 )\n             ^\n"
        "  hint: no `(` is open here; remove this `)`"
    )


def test_a_paging_word_once_given_is_not_expected_again() -> None:
    assert rendered("page 1 x") == (
        "error[syntax_error]: unexpected `x`; expected `size` or the end of the query\n"
        "  page 1 x\n         ^"
    )
    assert rendered('shop = "page 1" x').startswith(  # quoted, the words give nothing
        "error[syntax_error]: unexpected `x`; expected `and`, `or`, `order by`, `page`, `size`"
    )


def test_multi_line_query_shows_only_the_line_of_the_span() -> None:
    text = "created_date >= 2024-01-01\n  and amout = 5\n  order by amount"
    assert rendered(text) == (
        "error[unknown_field]: unknown field 'amout'\n"
        "    and amout = 5\n"
        "        ^^^^^\n"
        "  hint: did you mean 'amount'?"
    )


def test_multi_line_error_on_the_last_line() -> None:
    text = "created_date >= 2024-01-01\nand amount > 5\norder by amount, amount"
    assert rendered(text) == (
        "error[duplicate_order]: amount is already in the order clause\n"
        "  order by amount, amount\n"
        "                   ^^^^^^\n"
        "  hint: a field may appear once in `order by`; remove this one"
    )


def test_several_diagnostics_one_block_each() -> None:
    assert rendered("amout = 1 and shop like x") == (
        "error[unknown_field]: unknown field 'amout'\n"
        "  amout = 1 and shop like x\n"
        "  ^^^^^\n"
        "  hint: did you mean 'amount'?\n"
        "error[like_without_wildcard]: `like` needs a % wildcard in its value\n"
        "  amout = 1 and shop like x\n"
        "                          ^\n"
        "  hint: write x% to match values starting with it, or use =\n"
        "error[missing_period]: the Homebank API requires a created_date condition\n"
        "  hint: add e.g. `created_date >= now-30d`, or pass default_period='30d' "
        "(--default-period 30d on the command line)"
    )


def test_no_caret_without_a_span() -> None:
    assert rendered("amount = 1") == (
        "error[missing_period]: the Homebank API requires a created_date condition\n"
        "  hint: add e.g. `created_date >= now-30d`, or pass default_period='30d' "
        "(--default-period 30d on the command line)"
    )


def test_unsupported_not_points_at_the_operator() -> None:
    assert rendered("created_date > now-1d and shop != a") == (
        "error[unsupported_not]: the API cannot search for the negation of this condition\n"
        "  created_date > now-1d and shop != a\n"
        "                                 ^^\n"
        "  hint: negation works on <, >, <=, >= and on true/false fields"
    )


def test_tab_and_wide_characters_keep_the_caret_aligned() -> None:
    # A tab is shown as one space; each CJK character takes two columns.
    text = "date>now\tand client = 中文 and amount = 1e5"
    lines = rendered(text).split("\n")
    assert lines[1] == "  date>now and client = 中文 and amount = 1e5"
    assert (
        lines[2] == "  " + " " * (len("date>now and client = ") + 4 + len(" and amount = ")) + "^^^"
    )


def test_long_line_is_cut_around_the_span() -> None:
    filler = " and ".join(f"description = {n}" for n in range(10))
    text = f"created_date > now and {filler} and amount = 1e5 and {filler}"
    lines = rendered(text).split("\n")
    source, carets = lines[1], lines[2]
    assert source.startswith("  …") and source.endswith("…")
    assert len(source) < 120
    column = carets.index("^")
    assert source[column : column + 3] == "1e5"
    assert carets.strip() == "^^^"


def test_end_of_input_after_a_trailing_newline_shows_the_last_line() -> None:
    # Text piped from a shell ends with a newline; the caret must still show what is missing
    # on the line the user wrote, not under an empty line.
    lines = rendered("created_date > now and (amount = 1\n").split("\n")
    assert lines[0] == "error[syntax_error]: unexpected end of query; expected `)`, `and` or `or`"
    assert lines[1].endswith("(amount = 1")
    assert lines[2] == " " * len(lines[1]) + "^"


def test_card_numbers_are_masked_in_carets() -> None:
    text = "created_date > now and card_mask like 4400430000000101"
    output = rendered(text)
    assert "4400430000000101" not in output
    assert output.startswith("error[like_without_wildcard]:")


def test_a_line_of_up_to_100_characters_is_shown_whole() -> None:
    text = "created_date > today and payer_email like dana and amount > 5 order by amount"  # 78
    lines = rendered(text).split("\n")
    assert lines[1] == "  " + text
    assert lines[2].index("^") - 2 == text.index("dana")
    longer = text + " " * (101 - len(text)) + "x"
    assert rendered(longer).split("\n")[1].startswith("  …")


@pytest.mark.parametrize("span_length", [1, 30, 2_000, 12_000])
@pytest.mark.parametrize("before", [0, 30, 5_000])
def test_a_long_line_and_a_long_span_stay_within_100_characters(
    span_length: int, before: int
) -> None:
    # A line up to 100 characters is shown whole; a longer one is cut to 40 characters either
    # side of the span, and a span too long for that is cut where the line would pass 100.
    padding = "and amount > 1 " * (before // 15)
    text = f"created_date > now {padding}and amount = '{'x' * span_length}' and amount > 2"
    block = str(QueryError(check(text, now=NOW, limits=_ROOMY), text)).split("\n")
    source, carets = block[1], block[2]
    shown = source[2:].removeprefix("…").removesuffix("…")
    assert len(shown) <= 100
    start = carets.index("^")
    assert source[start] == "'"  # the caret starts under the span's first character
    # ... and runs under the span as far as the line shows it
    quoted = span_length + 2
    assert carets[start:] == "^" * min(quoted, len(source.removesuffix("…")) - start)


_ROOMY = Limits(max_length=100_000, max_conditions=10_000)
