"""Horizonpay v3 processing codes: every range of the seed's table, single codes, letters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from response_strategies import json_values

from querydsl import SchemaError
from querydsl.horizonpay import ProcessingCode, Service

RANGES = [
    (0, 0, "success"),
    (1, 499, "card_processing"),
    (501, 999, "alternative_processing"),
    (1000, 1999, "payment_gateway"),
    (2000, 3999, "smart_routing"),
    (4000, 4999, "three_d_secure"),
    (6000, 6999, "avs_cvc"),
    (7000, 7999, "verify"),
    (8005, 9999, "bank"),
]


@pytest.mark.parametrize(("low", "high", "service"), RANGES)
def test_every_range_of_the_table(low: int, high: int, service: str) -> None:
    for number in {low, (low + high) // 2, high}:
        if number in (8001, 8010):
            continue
        code = ProcessingCode.parse(f"F.{number:04d}")
        assert code.service == service
        assert code.service is Service(service)


@pytest.mark.parametrize(
    ("text", "service"), [("F.8001", "p2p_verification"), ("E.8010", "async_gateway")]
)
def test_the_single_codes_win_over_the_bank_range(text: str, service: str) -> None:
    assert ProcessingCode.parse(text).service == service


@pytest.mark.parametrize("number", [500, 5000, 5500, 5999, 8000, 8002, 8003, 8004])
def test_numbers_outside_the_table_are_unknown(number: int) -> None:
    assert ProcessingCode.parse(f"F.{number:04d}").service == "unknown"


@given(st.integers(min_value=0, max_value=9999))
def test_every_number_has_exactly_the_service_of_the_table(number: int) -> None:
    expected = {8001: "p2p_verification", 8010: "async_gateway"}.get(number)
    if expected is None:
        expected = next((s for low, high, s in RANGES if low <= number <= high), "unknown")
    assert ProcessingCode.parse(f"P.{number:04d}").service == expected


@pytest.mark.parametrize(
    ("letter", "statuses"),
    [
        ("S", ("successful",)),
        ("F", ("failed",)),
        ("P", ("pending", "incomplete")),
        ("E", ("error",)),
    ],
)
def test_letters_stand_for_the_v2_statuses(letter: str, statuses: tuple[str, ...]) -> None:
    assert ProcessingCode.parse(f"{letter}.0000").statuses == statuses


def test_the_seed_code() -> None:
    code = ProcessingCode.parse("P.9998")
    assert (code.letter, code.number, code.statuses) == ("P", 9998, ("pending", "incomplete"))
    assert code.service == "bank"
    assert str(code) == "P.9998"
    assert "waiting for the customer" in code.meaning
    assert code == ProcessingCode("P", 9998) and hash(code) == hash(ProcessingCode("P", 9998))


@given(st.sampled_from("SFPE"), st.integers(min_value=0, max_value=9999))
def test_str_gives_back_the_code(letter: str, number: int) -> None:
    text = f"{letter}.{number:04d}"
    assert str(ProcessingCode.parse(text)) == text


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("P9998", "invalid_value"),
        ("X.0001", "invalid_value"),
        ("P.99", "invalid_value"),
        ("P.99999", "invalid_value"),
        ("p.9998", "invalid_value"),
        ("P.9998\n", "invalid_value"),
        (" P.9998", "invalid_value"),
        ("P.٩٩٩٨", "invalid_value"),  # Arabic-Indic digits are digits, but not codes
        ("", "invalid_value"),
        (9998, "invalid_shape"),
        (None, "invalid_shape"),
        (["P.9998"], "invalid_shape"),
    ],
)
def test_malformed_codes_are_schema_errors(value: object, code: str) -> None:
    with pytest.raises(SchemaError) as caught:
        ProcessingCode.parse(value)
    assert [d.code for d in caught.value.diagnostics] == [code]


@given(json_values | st.text())
def test_parse_raises_nothing_but_schema_error(value: object) -> None:
    try:
        parsed = ProcessingCode.parse(value)
    except SchemaError:
        return
    assert str(parsed) == value
