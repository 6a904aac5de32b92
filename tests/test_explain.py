"""explain(): a query in plain English, one clause per condition (SPEC 7)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from querydsl import QueryError, explain, parse, to_payload

NOW = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "created_date between 2018-01-01..2018-02-01 and payer_email like dana%",
            "created between 1 Jan 2018 00:00 UTC and 1 Feb 2018 00:00 UTC, "
            'payer email starting with "dana"',
        ),
        ("amount >= 1000", "amount at least 1000"),
        ("amount < 10.50", "amount below 10.5"),
        ("amount:5..*", "amount at least 5"),
        ("amount:*..5", "amount at most 5"),
        ("amount between 1 and 2", "amount between 1 and 2"),
        ("payout_date > 2024-01-01T10:30:00+06:00", "payout after 1 Jan 2024 04:30 UTC"),
        ("created_date = 2024-01-01", "created at 1 Jan 2024 00:00 UTC"),
        ("created_date <= 2024-01-01T00:00:01Z", "created at or before 1 Jan 2024 00:00:01 UTC"),
        ("post_link = true", "post link is true"),
        ("post_link != true", "post link is not true"),
        ('email = "a@b.kz"', 'payer email is "a@b.kz"'),
        ("description like %refund%", 'description containing "refund"'),
        ("description like %refund", 'description ending with "refund"'),
        ("description like re%fund", 'description matching "re%fund"'),
        ("description like %", "description with any value"),
        ("shop_id in (a, b, c)", 'shop id is one of "a", "b", "c"'),
        ("shop_id in (a)", 'shop id is "a"'),
        ("shop_id not in (a, b)", 'shop id is none of "a", "b"'),
        ("not amount > 5", "amount not above 5"),
        ("not amount >= 5", "amount below 5"),
        ("amount > 1 or amount < 0", "amount above 1 or amount below 0"),
        (
            "(email = a or email = b) and amount > 1",
            '(payer email is "a" or payer email is "b"), amount above 1',
        ),
        (
            "not (amount > 1 and amount < 3) or shop = x",
            'not (amount above 1 and amount below 3) or shop id is "x"',
        ),
        ("created_date >= today-1w", "created at or after 3 Mar 2024 00:00 UTC"),
        ("", "every transaction"),
        (
            "amount > 0 order by amount desc, created_date, email desc page 2 size 50",
            "amount above 0; sorted by amount (largest first), then by created date "
            "(oldest first), then by payer email (descending); page 2, 50 per page",
        ),
        ("size 10", "every transaction; 10 per page"),
    ],
)
def test_explain_text(text: str, expected: str) -> None:
    assert explain(parse(text), now=NOW) == expected  # relative times resolve at explain's now


def test_explain_takes_text_too() -> None:
    assert explain("amount > 5 and post_link = false") == "amount above 5, post link is false"


@pytest.mark.parametrize(
    ("text", "code"), [("amout > 5", "unknown_field"), ("amount >", "syntax_error")]
)
def test_invalid_text_raises_query_error(text: str, code: str) -> None:
    with pytest.raises(QueryError) as error:
        explain(text)
    assert error.value.diagnostics[0].code == code


def test_not_a_query_raises_query_error() -> None:
    with pytest.raises(QueryError) as error:
        explain(42)  # type: ignore[arg-type]
    assert error.value.diagnostics[0].code == "invalid_shape"


def test_text_is_read_with_the_time_zone_and_clock_given() -> None:
    # Midnight in Almaty is 18:00 UTC the day before; times are told in UTC, as in the payload.
    assert explain("created_date = 2024-01-01", tz="Asia/Almaty") == (
        "created at 31 Dec 2023 18:00 UTC"
    )
    assert explain("created_date > today", tz="Asia/Almaty", now=NOW) == (
        "created after 9 Mar 2024 19:00 UTC"
    )
    payload = to_payload("created_date > today", tz="Asia/Almaty", now=NOW)
    assert payload["searchParameters"][0]["searchParameter"] == ["2024-03-09T19:00:00Z"]


def test_a_bad_time_zone_is_a_query_error() -> None:
    with pytest.raises(QueryError) as caught:
        explain("created_date > today", tz="Nowhere")
    assert [d.code for d in caught.value.diagnostics] == ["invalid_value"]
