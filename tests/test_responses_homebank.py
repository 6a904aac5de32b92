"""Homebank `/operations` responses: the seed loads field by field; bad fields get pointers."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from response_strategies import (
    homebank_error_seed_text,
    homebank_pages,
    homebank_records,
    homebank_seed_text,
    json_values,
)

from querydsl import QueryError, SchemaError
from querydsl.homebank import (
    CardType,
    ErrorResponse,
    Operation,
    OperationsPage,
    load_error,
    load_operations,
    make_converter,
)

SEED = homebank_seed_text()
SEED_DICT = json.loads(SEED)
ALMATY = timezone(timedelta(hours=6))


def codes_and_paths(error: SchemaError) -> list[tuple[str, str | None]]:
    return [(d.code, d.path) for d in error.diagnostics]


@pytest.mark.parametrize(
    "data",
    [SEED, SEED.encode(), bytearray(SEED.encode()), SEED_DICT],
    ids=["text", "bytes", "bytearray", "dict"],
)
def test_the_seed_response_loads_field_by_field(data: object) -> None:
    page = load_operations(data)
    assert isinstance(page, OperationsPage)
    assert page.total_count == 8
    assert len(page.records) == 2
    first = page.records[0]
    assert isinstance(first, Operation)
    assert first.id == "b9d46313-264e-41ec-814c-728dd51eb97f"
    assert first.amount == Decimal(1000) and isinstance(first.amount, Decimal)
    assert first.currency_id == "8d565e73-1f67-4169-99d9-6cbfc12c2e55"
    assert first.amount_bonus == Decimal(80)
    assert first.invoice_id == ""
    assert first.account_id == ""
    assert first.payer_ip == "10.6.50.57"
    assert first.payer_name == "Dana Tugumbayeva"
    assert first.payer_phone == "77029085001"
    assert first.payer_email == "danatugumbayeva@gmail.com"
    assert first.description == "description"
    assert first.data == ""
    assert first.created_date == datetime(2018, 10, 27, 15, 8, 14, tzinfo=ALMATY)
    assert first.created_date.utcoffset() == timedelta(hours=6)
    assert first.auth_date == datetime(2018, 10, 27, 15, 8, 14, tzinfo=ALMATY)
    assert first.confirm_date == datetime(2018, 10, 27, 15, 8, 14, tzinfo=ALMATY)
    assert first.payout_date == datetime(2018, 12, 29, 0, 1, 1, 374084, tzinfo=ALMATY)
    assert first.payout_date is not None and first.payout_date.microsecond == 374084
    assert first.payout_amount == Decimal(1000)
    assert (first.ip_country, first.ip_city, first.ip_region, first.ip_district) == ("", "", "", "")
    assert (first.ip_latitude, first.ip_longitude) == (Decimal(0), Decimal(0))
    assert first.card_number == "4003....9282"
    assert first.card_exp_date == "05.22"
    assert first.card_cvc == "000"
    assert first.card_type == CardType(id="", name="")
    assert first.card_type_id == "ec1e3a6a-5687-4c50-95aa-80723d9b940c"
    assert first.issuer == ""
    assert first.issuer_bank_country == ""
    assert first.status_id == "22eb5a3e-0737-455c-ab42-ea98f80f7963"
    assert first.reference == "730681443792"
    assert first.client == "test"
    assert first.template == ""
    assert first.language == "RUS"
    assert first.transaction_type_id == "4303bed9-243c-48d8-94de-8102f53e2803"
    assert first.back_link == ""
    assert first.failure_link == ""
    assert first.post_link is False
    assert first.post_link_status is False
    assert first.merchant_id == "a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6"
    assert first.shop_id == "a5bc9d98-38ea-4b9c-ba7f-65a4add02ed6"
    assert first.secure_3d is False
    assert first.card_id == "000000"
    assert first.card_hash == ""
    assert first.card_mask == "4003...9282"
    assert first.installment_id == "c44602ca-357d-4dbb-8c94-3c36f48defd8"
    assert first.terminal == ""
    assert first.init_reference == ""
    assert first.extra == {}
    second = page.records[1]
    assert second.id == "ac63c3b5-b369-42de-9ed3-d503a0840ee6"
    assert (second.amount, second.amount_bonus, second.payout_amount) == (100, 99, 100)
    assert second.payout_date == datetime(2018, 12, 28, 21, 57, 18, 314319, tzinfo=ALMATY)
    assert second.reference == ""
    assert page.warnings == ()


def test_the_seed_unstructures_back_to_the_same_keys_and_values() -> None:
    converter = make_converter()
    assert converter.unstructure(load_operations(SEED)) == SEED_DICT
    assert converter.structure(SEED_DICT, OperationsPage) == load_operations(SEED)


@pytest.mark.parametrize("data", [homebank_error_seed_text(), homebank_error_seed_text().encode()])
def test_the_seed_error_loads(data: str | bytes) -> None:
    error = load_error(data)
    assert error == ErrorResponse(code=232, message="Search Method Unavailable")
    assert make_converter().unstructure(error) == {
        "code": 232,
        "message": "Search Method Unavailable",
    }


def test_models_are_frozen_and_keep_the_attributes_by_name() -> None:
    page = load_operations(SEED)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        page.records[0].amount = Decimal(1)  # type: ignore[misc]


def _with(path: tuple[str | int, ...], value: object) -> dict[str, object]:
    document = copy.deepcopy(SEED_DICT)
    node = document
    for step in path[:-1]:
        node = node[step]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("totalCount",), "5", "invalid_shape"),
        (("totalCount",), 1.9, "invalid_shape"),
        (("totalCount",), True, "invalid_shape"),
        (("totalCount",), None, "invalid_shape"),
        (("records",), {}, "invalid_shape"),
        (("records",), "records", "invalid_shape"),
        (("records", 0), [], "invalid_shape"),
        (("records", 0, "amount"), "1000", "invalid_shape"),
        (("records", 0, "amount"), True, "invalid_shape"),
        (("records", 1, "amountBonus"), None, "invalid_shape"),
        (("records", 0, "payerEmail"), 5, "invalid_shape"),
        (("records", 0, "postLink"), "yes", "invalid_value"),
        (("records", 0, "postLink"), "True", "invalid_value"),
        (("records", 0, "postLink"), True, "invalid_shape"),
        (("records", 0, "postLinkStatus"), "false", "invalid_shape"),
        (("records", 0, "secure3D"), 0, "invalid_shape"),
        (("records", 0, "createdDate"), "2018-10-27T15:08:14", "invalid_value"),
        (("records", 0, "createdDate"), "27.10.2018", "invalid_value"),
        (("records", 0, "createdDate"), None, "invalid_shape"),
        (("records", 1, "payoutDate"), 1540631294, "invalid_shape"),
        (("records", 0, "ipLatitude"), float("nan"), "invalid_value"),
        (("records", 0, "cardType"), "visa", "invalid_shape"),
        (("records", 0, "cardType", "ID"), 7, "invalid_shape"),
        (("records", 0, "cardType", "Name"), KeyError, "invalid_shape"),
        (("records", 1, "currencyID"), KeyError, "invalid_shape"),
    ],
)
def test_a_corrupted_field_gives_a_pointer_to_that_field(
    path: tuple[str | int, ...], value: object, code: str
) -> None:
    # A wrong value is an error in both modes; a deleted key only when strict (by default it is
    # None with a warning: tests/test_responses_lenient.py).
    for strict in (True,) if value is KeyError else (False, True):
        with pytest.raises(SchemaError) as caught:
            load_operations(_with(path, value), strict=strict)
        assert codes_and_paths(caught.value) == [(code, "/" + "/".join(map(str, path)))]


def test_every_bad_field_is_reported_not_just_the_first() -> None:
    document = copy.deepcopy(SEED_DICT)
    document["totalCount"] = "8"
    document["records"][0]["postLink"] = "maybe"
    document["records"][0]["cardType"]["ID"] = None
    document["records"][1]["amount"] = "100"
    del document["records"][1]["shopID"]
    with pytest.raises(SchemaError) as caught:
        load_operations(document, strict=True)
    assert sorted(codes_and_paths(caught.value), key=str) == sorted(
        [
            ("invalid_shape", "/totalCount"),
            ("invalid_value", "/records/0/postLink"),
            ("invalid_shape", "/records/0/cardType/ID"),
            ("invalid_shape", "/records/1/amount"),
            ("invalid_shape", "/records/1/shopID"),
        ],
        key=str,
    )
    assert isinstance(caught.value, QueryError) and isinstance(caught.value, ValueError)


def test_unknown_fields_are_kept_leniently_and_rejected_strictly() -> None:
    document = _with(("records", 0, "currency_id"), "KZT")
    page = load_operations(document)
    assert page.records[0].extra == {"currency_id": "KZT"}
    assert make_converter().unstructure(page) == document
    with pytest.raises(SchemaError) as caught:
        load_operations(document, strict=True)
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.path) == ("invalid_shape", "/records/0/currency_id")
    assert problem.hint == "did you mean 'currencyID'?"


def test_duplicate_keys_warn_leniently_and_fail_strictly() -> None:
    text = '{"totalCount": 1, "totalCount": 0, "records": []}'
    page = load_operations(text)
    assert page.total_count == 0
    assert [(w.code, w.path, w.severity) for w in page.warnings] == [
        ("duplicate_key", "/totalCount", "warning")
    ]
    assert page == load_operations('{"totalCount": 0, "records": []}')  # warnings are not content
    with pytest.raises(SchemaError) as caught:
        load_operations(text, strict=True)
    assert codes_and_paths(caught.value) == [("duplicate_key", "/totalCount")]


@pytest.mark.parametrize(
    "data", ["", "{", "NaN", '{"totalCount": NaN, "records": []}', b"\xff\xfe{", "[1,]"]
)
def test_invalid_json_text_is_invalid_shape_at_the_root(data: str | bytes) -> None:
    with pytest.raises(SchemaError) as caught:
        load_operations(data)
    assert codes_and_paths(caught.value) == [("invalid_shape", "")]


@pytest.mark.parametrize("number", ["1e400", "-1.5e309"])
def test_a_number_too_large_for_a_float_is_named(number: str) -> None:
    with pytest.raises(SchemaError) as caught:
        load_operations('{"totalCount": 1, "records": [], "extra": [' + number + "]}")
    assert codes_and_paths(caught.value) == [("invalid_shape", "")]
    assert f"the number {number} is too large" in caught.value.diagnostics[0].message


@pytest.mark.parametrize("data", [None, [], 5, "[]", "null", '"text"', {"records": []}])
def test_a_document_of_the_wrong_shape_is_a_schema_error(data: object) -> None:
    with pytest.raises(SchemaError) as caught:
        load_operations(data)
    assert all(d.code == "invalid_shape" for d in caught.value.diagnostics)


def test_null_dates_are_none_and_stay_null() -> None:
    document = _with(("records", 0, "authDate"), None)
    assert load_operations(document).records[0].auth_date is None
    assert make_converter().unstructure(load_operations(document)) == document


@given(homebank_pages())
def test_valid_pages_round_trip(document: dict[str, object]) -> None:
    converter = make_converter()
    assert converter.unstructure(load_operations(document)) == document
    assert converter.unstructure(load_operations(json.dumps(document))) == document


@given(homebank_records(unknown=False), st.data())
def test_a_corrupted_generated_field_points_at_it(
    record: dict[str, object], data: st.DataObject
) -> None:
    key = data.draw(st.sampled_from(sorted(record)))
    record[key] = []  # no record field accepts an array
    with pytest.raises(SchemaError) as caught:
        load_operations({"totalCount": 1, "records": [record]})
    assert [d.path for d in caught.value.diagnostics] == [f"/records/0/{key}"]


@given(json_values)
def test_any_json_value_gives_a_page_or_a_schema_error(value: object) -> None:
    for load in (load_operations, load_error):
        try:
            load(value)
            load(json.dumps(value))
        except SchemaError as error:
            assert error.diagnostics


@given(st.binary(max_size=64) | st.text(max_size=64))
def test_any_text_gives_a_page_or_a_schema_error(data: str | bytes) -> None:
    with pytest.raises(SchemaError):
        load_operations(data)


def test_deep_and_huge_values_never_escape_as_other_exceptions() -> None:
    deep: object = "bottom"
    for _ in range(50_000):
        deep = [deep]
    # Undocumented data too deep to write back as JSON is refused at its pointer, not kept.
    with pytest.raises(SchemaError) as refused:
        load_operations({"totalCount": 1, "records": [], "deep": deep})
    assert [(d.code, d.path) for d in refused.value.diagnostics] == [("limit_exceeded", "/deep")]
    shallow: object = "bottom"
    for _ in range(500):
        shallow = [shallow]
    page = load_operations({"totalCount": 1, "records": [], "deep": shallow})
    assert page.extra["deep"] == shallow
    with pytest.raises(SchemaError):
        load_operations("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SchemaError):
        load_operations({"totalCount": 1, "records": deep})
    big = load_operations({"totalCount": 10**5000, "records": []})
    assert big.total_count == 10**5000
    assert load_operations(_with(("records", 0, "amount"), 10**40)).records[0].amount == 10**40


def _text_with(key: str, number: str, *, record: int = 0) -> str:
    """The seed as JSON text with `number` written, digit for digit, as a record's `key`."""
    document = _with(("records", record, key), "<number>")
    return json.dumps(document).replace('"<number>"', number)


DECIMAL_FIELDS = [
    ("amount", "amount"),
    ("amountBonus", "amount_bonus"),
    ("payoutAmount", "payout_amount"),
    ("ipLatitude", "ip_latitude"),
    ("ipLongitude", "ip_longitude"),
]


@pytest.mark.parametrize(("key", "attribute"), DECIMAL_FIELDS)
@pytest.mark.parametrize(
    "number",
    [
        "12345678901234567890.123456789",
        "0.1000000000000000000001",
        "-76.94561234567890123456",
        "1.00000000000000000000",
        "9.99999999999999999999e25",
    ],
)
@pytest.mark.parametrize("encode", [False, True], ids=["text", "bytes"])
def test_decimal_fields_in_json_text_keep_every_digit(
    key: str, attribute: str, number: str, encode: bool
) -> None:
    text = _text_with(key, number)
    page = load_operations(text.encode() if encode else text)
    assert getattr(page.records[0], attribute).as_tuple() == Decimal(number).as_tuple()


@given(st.decimals(min_value=Decimal("-1e30"), max_value=Decimal("1e30"), allow_nan=False))
def test_any_amount_in_json_text_loads_exactly_as_written(number: Decimal) -> None:
    text = _text_with("amount", str(number), record=1)
    assert load_operations(text).records[1].amount == number


def test_exact_amounts_keep_the_text_warnings_and_dict_input_is_unchanged() -> None:
    text = _text_with("amount", "0.12345678901234567891").replace(
        '"totalCount": 8', '"totalCount": 7, "totalCount": 8'
    )
    page = load_operations(text)
    assert page.records[0].amount == Decimal("0.12345678901234567891")
    assert [(w.code, w.path, w.severity) for w in page.warnings] == [
        ("duplicate_key", "/totalCount", "warning")
    ]
    with pytest.raises(SchemaError):
        load_operations(text, strict=True)
    as_dict = load_operations(json.loads(text))  # a dict holds floats already: nothing to recover
    assert as_dict.records[0].amount == Decimal(repr(0.12345678901234567891))
