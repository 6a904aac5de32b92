"""Lenient response reading (issue 23 item 2, SPEC 12): a documented key missing from a record is
None with a warning on the page, an undocumented one is kept in `extra`; `strict=True` refuses
both; a wrong type is an error either way; card data stays masked wherever it is kept."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from response_strategies import (
    HOMEBANK_KEYS,
    homebank_records,
    homebank_seed_text,
    horizonpay_seed_text,
)

from querydsl import Diagnostic, SchemaError
from querydsl.homebank import load_error, load_operations, make_converter
from querydsl.homebank.responses import RESPONSE_WARNING_CODES, Operation
from querydsl.horizonpay import load_transaction
from querydsl.language.errors import render

SEED: dict[str, Any] = json.loads(homebank_seed_text())
RECORD_KEYS = sorted(HOMEBANK_KEYS)
#: The attribute each record key is read into (SPEC 6: snake_case), in the attributes' order.
ATTRIBUTE = {
    "id": "id",
    "amount": "amount",
    "currencyID": "currency_id",
    "amountBonus": "amount_bonus",
    "invoiceId": "invoice_id",
    "accountId": "account_id",
    "payerIp": "payer_ip",
    "payerName": "payer_name",
    "payerPhone": "payer_phone",
    "payerEmail": "payer_email",
    "description": "description",
    "data": "data",
    "createdDate": "created_date",
    "authDate": "auth_date",
    "confirmDate": "confirm_date",
    "payoutDate": "payout_date",
    "payoutAmount": "payout_amount",
    "ipCountry": "ip_country",
    "ipCity": "ip_city",
    "ipRegion": "ip_region",
    "ipDistrict": "ip_district",
    "ipLatitude": "ip_latitude",
    "ipLongitude": "ip_longitude",
    "cardNumber": "card_number",
    "cardExpDate": "card_exp_date",
    "cardCVC": "card_cvc",
    "cardType": "card_type",
    "cardTypeID": "card_type_id",
    "issuer": "issuer",
    "issuerBankCountry": "issuer_bank_country",
    "statusID": "status_id",
    "reference": "reference",
    "client": "client",
    "template": "template",
    "language": "language",
    "transactionTypeID": "transaction_type_id",
    "backLink": "back_link",
    "failureLink": "failure_link",
    "postLink": "post_link",
    "postLinkStatus": "post_link_status",
    "merchantID": "merchant_id",
    "shopID": "shop_id",
    "secure3D": "secure_3d",
    "cardID": "card_id",
    "cardHash": "card_hash",
    "cardMask": "card_mask",
    "installmentID": "installment_id",
    "terminal": "terminal",
    "initReference": "init_reference",
}
PAN = "4111111111111111"


def without(path: tuple[str | int, ...], document: dict[str, Any] = SEED) -> dict[str, Any]:
    """A copy of `document` with the key at `path` deleted."""
    copied = copy.deepcopy(document)
    node: Any = copied
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]
    return copied


def with_value(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    copied = copy.deepcopy(SEED)
    node: Any = copied
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return copied


def pointer(path: tuple[str | int, ...]) -> str:
    return "/" + "/".join(map(str, path))


def warned(page: Any) -> list[tuple[str, str | None, str]]:
    return [(w.code, w.path, w.severity) for w in page.warnings]


def refused(data: object, **options: Any) -> list[tuple[str, str | None]]:
    with pytest.raises(SchemaError) as caught:
        load_operations(data, **options)
    return [(d.code, d.path) for d in caught.value.diagnostics]


def test_the_attribute_table_names_every_documented_key() -> None:
    assert sorted(ATTRIBUTE) == RECORD_KEYS
    assert list(ATTRIBUTE.values()) == [
        name for name in Operation.__annotations__ if name not in ("extra", "_absent")
    ]


# ---- a documented key left out ------------------------------------------------------------

MISSING = [
    *((1, key) for key in RECORD_KEYS),
    (0, "cardType", "ID"),
    (0, "cardType", "Name"),
]


@pytest.mark.parametrize("where", MISSING, ids=lambda where: "/".join(map(str, where)))
def test_a_missing_record_key_is_none_and_a_warning_by_default_and_an_error_when_strict(
    where: tuple[Any, ...],
) -> None:
    path = ("records", *where)
    document = without(path)
    page = load_operations(document)
    record = page.records[where[0]]
    if where[1] == "cardType" and len(where) == 3:
        assert getattr(record.card_type, {"ID": "id", "Name": "name"}[where[2]]) is None
    else:
        assert getattr(record, ATTRIBUTE[where[1]]) is None
    assert warned(page) == [("missing_key", pointer(path), "warning")]
    assert page.records[1 - where[0]] == load_operations(SEED).records[1 - where[0]]
    assert refused(document, strict=True) == [("invalid_shape", pointer(path))]


@pytest.mark.parametrize("form", ["dict", "text", "bytes"])
def test_json_text_and_bytes_read_a_missing_key_as_a_dict_does(form: str) -> None:
    document = without(("records", 0, "shopID"))
    data = {"dict": document, "text": json.dumps(document), "bytes": json.dumps(document).encode()}
    page = load_operations(data[form])
    assert page.records[0].shop_id is None
    assert warned(page) == [("missing_key", "/records/0/shopID", "warning")]
    assert page == load_operations(document)


def test_a_record_of_no_key_at_all_is_all_none_with_a_warning_for_each() -> None:
    page = load_operations({"totalCount": 1, "records": [{}]})
    (record,) = page.records
    assert all(getattr(record, name) is None for name in ATTRIBUTE.values())
    assert [w.path for w in page.warnings] == [f"/records/0/{key}" for key in ATTRIBUTE]


def test_warnings_say_what_was_missing_and_are_not_part_of_equality() -> None:
    page = load_operations(without(("records", 1, "amountBonus")))
    (warning,) = page.warnings
    assert warning == Diagnostic(
        "missing_key",
        "the documented key 'amountBonus' is missing; read as None",
        path="/records/1/amountBonus",
        hint="strict=True refuses the page instead",
        severity="warning",
    )
    quiet = load_operations(with_value(("records", 1, "amountBonus"), 0))
    assert page != quiet  # the content differs: None is not 0
    assert page == load_operations(without(("records", 1, "amountBonus")))


def test_a_page_keeps_at_most_1000_warnings_then_says_more_were_found() -> None:
    page = load_operations({"totalCount": 100, "records": [{}] * 100})  # 4 900 missing keys
    assert len(page.warnings) == 1_001
    assert [w.code for w in page.warnings[-2:]] == ["missing_key", "limit_exceeded"]


def test_missing_and_repeated_keys_are_both_warnings_in_document_order() -> None:
    text = json.dumps(without(("records", 1, "terminal"))).replace(
        '"totalCount": 8', '"totalCount": 7, "totalCount": 8'
    )
    page = load_operations(text)
    assert [(w.code, w.path) for w in page.warnings] == [
        ("duplicate_key", "/totalCount"),
        ("missing_key", "/records/1/terminal"),
    ]
    assert refused(text, strict=True) == [
        ("duplicate_key", "/totalCount"),
        ("invalid_shape", "/records/1/terminal"),
    ]


@pytest.mark.parametrize(
    ("loader", "document", "key"),
    [
        (load_operations, SEED, "totalCount"),
        (load_operations, SEED, "records"),
        (load_error, {"code": 232, "message": "Search Method Unavailable"}, "code"),
        (load_error, {"code": 232, "message": "Search Method Unavailable"}, "message"),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_a_page_or_error_without_its_own_keys_is_refused_in_both_modes(
    loader: Any, document: dict[str, Any], key: str, strict: bool
) -> None:
    with pytest.raises(SchemaError) as caught:
        loader(without((key,), document), strict=strict)
    assert [(d.code, d.path) for d in caught.value.diagnostics] == [("invalid_shape", f"/{key}")]


# ---- what leniency does not forgive ---------------------------------------------------------

WRONG = [
    (("records", 0, "amount"), "1000", "invalid_shape"),  # a string where a number belongs
    (("records", 0, "amount"), None, "invalid_shape"),  # null is not a missing key
    (("records", 0, "amount"), True, "invalid_shape"),
    (("records", 0, "payerEmail"), None, "invalid_shape"),
    (("records", 0, "payerEmail"), 5, "invalid_shape"),
    (("records", 0, "createdDate"), None, "invalid_shape"),
    (("records", 0, "createdDate"), "2018-10-27T15:08:14", "invalid_value"),
    (("records", 0, "postLink"), "yes", "invalid_value"),
    (("records", 0, "postLink"), None, "invalid_shape"),
    (("records", 0, "secure3D"), "false", "invalid_shape"),
    (("records", 0, "cardType"), None, "invalid_shape"),
    (("records", 0, "cardType", "ID"), None, "invalid_shape"),
    (("records", 1, "ipLatitude"), float("nan"), "invalid_value"),
    (("totalCount",), "8", "invalid_shape"),
    (("records",), None, "invalid_shape"),
]


@pytest.mark.parametrize(("path", "value", "code"), WRONG)
@pytest.mark.parametrize("strict", [False, True])
def test_a_wrong_value_is_an_error_in_both_modes(
    path: tuple[Any, ...], value: object, code: str, strict: bool
) -> None:
    assert refused(with_value(path, value), strict=strict) == [(code, pointer(path))]


@pytest.mark.parametrize("key", ["authDate", "confirmDate", "payoutDate", "payoutAmount"])
def test_a_documented_null_is_none_without_a_warning(key: str) -> None:
    page = load_operations(with_value(("records", 0, key), None))
    assert getattr(page.records[0], ATTRIBUTE[key]) is None
    assert page.warnings == ()


def test_a_missing_key_and_a_wrong_value_report_only_the_error_by_default() -> None:
    document = without(("records", 0, "shopID"))
    document["records"][1]["amount"] = "100"
    assert refused(document) == [("invalid_shape", "/records/1/amount")]
    assert refused(document, strict=True) == [
        ("invalid_shape", "/records/0/shopID"),
        ("invalid_shape", "/records/1/amount"),
    ]


# ---- undocumented keys ------------------------------------------------------------------------


def test_an_undocumented_key_is_kept_leniently_beside_a_missing_one() -> None:
    document = without(("records", 0, "currencyID"))
    document["records"][0]["currency"] = "KZT"
    page = load_operations(document)
    assert page.records[0].currency_id is None
    assert page.records[0].extra == {"currency": "KZT"}
    assert make_converter().unstructure(page) == document
    assert refused(document, strict=True) == [
        ("invalid_shape", "/records/0/currencyID"),
        ("invalid_shape", "/records/0/currency"),
    ]


# ---- laws ---------------------------------------------------------------------------------------


@given(
    st.lists(homebank_records(unknown=False), min_size=1, max_size=3),
    st.lists(st.sampled_from(RECORD_KEYS), unique=True, max_size=6),
    st.data(),
)
def test_any_keys_left_out_are_warned_of_in_place_and_come_back_out(
    records: list[dict[str, Any]], gone: list[str], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(records) - 1))
    for key in gone:
        del records[index][key]
    document = {"totalCount": len(records), "records": records}
    page = load_operations(document)
    order = list(ATTRIBUTE)
    assert [w.path for w in page.warnings] == [
        f"/records/{index}/{key}" for key in sorted(gone, key=order.index)
    ]
    assert all(getattr(page.records[index], ATTRIBUTE[key]) is None for key in gone)
    assert make_converter().unstructure(page) == document  # left out again, not written as null
    assert load_operations(json.dumps(document)) == page
    if gone:
        assert sorted(refused(document, strict=True)) == sorted(
            ("invalid_shape", f"/records/{index}/{key}") for key in gone
        )


class _Mapping(dict):  # type: ignore[type-arg]
    """A dict subclass: the generated fast path leaves it to the detailed walk."""


@given(
    st.lists(homebank_records(), min_size=1, max_size=3),
    st.lists(st.sampled_from(RECORD_KEYS), unique=True, max_size=4),
    st.booleans(),
)
def test_the_fast_path_and_the_detailed_walk_read_a_record_alike(
    records: list[dict[str, Any]], gone: list[str], strict: bool
) -> None:
    for key in gone:
        del records[0][key]
    plain = {"totalCount": len(records), "records": records}
    walked = {"totalCount": len(records), "records": [_Mapping(r) for r in records]}
    for document in (plain, walked):
        try:
            outcome: object = load_operations(document, strict=strict)
        except SchemaError as error:
            outcome = error.diagnostics
        if document is plain:
            expected = outcome
    assert outcome == expected
    assert repr(outcome) == repr(expected)
    if not isinstance(outcome, tuple):
        assert outcome.warnings == expected.warnings  # type: ignore[attr-defined]


# ---- the warning code's documentation ---------------------------------------------------------


@pytest.mark.parametrize("code", list(RESPONSE_WARNING_CODES))
def test_each_response_warning_example_gives_exactly_its_code(code: str) -> None:
    entry = RESPONSE_WARNING_CODES[code]
    assert entry.source == "response"
    page = load_operations(entry.example)
    assert [w.code for w in page.warnings] == [code]
    assert render(page.warnings).startswith(f"warning[{code}]")


# ---- Horizonpay (docs/responses.md: its decision) ----------------------------------------------

TRANSACTION = {"uid": "4107-aba1cf5e57", "status": "pending", "code": "P.9998"}


@pytest.mark.parametrize("key", ["uid", "status", "code"])
@pytest.mark.parametrize("strict", [False, True])
def test_a_transaction_without_uid_status_or_code_is_refused_in_both_modes(
    key: str, strict: bool
) -> None:
    with pytest.raises(SchemaError) as caught:
        load_transaction(without((key,), TRANSACTION), strict=strict)
    assert [(d.code, d.path) for d in caught.value.diagnostics] == [("invalid_shape", f"/{key}")]


@pytest.mark.parametrize("strict", [False, True])
def test_a_transaction_without_an_optional_key_is_none_without_a_warning(strict: bool) -> None:
    short = load_transaction({**TRANSACTION, "amount": 100}, strict=strict)
    assert (short.amount, short.customer, short.paid_at, short.warnings) == (100, None, None, ())
    seed = json.loads(horizonpay_seed_text())
    assert load_transaction(without(("customer",), seed)).customer is None


# ---- card data where it is kept or named ------------------------------------------------------

CARD_PLACES = {
    "a string under a key of its own": {"fullPan": PAN},
    "a JSON number": {"pan": int(PAN)},
    "spaced, deep down": {"bank": {"notes": [f"card {PAN[:4]} {PAN[4:8]} {PAN[8:12]} {PAN[12:]}"]}},
    "the key itself": {PAN: "x"},
    "a card-looking key": {"cardNumber2": PAN},
}


@pytest.mark.parametrize("place", list(CARD_PLACES))
def test_a_card_number_in_an_undocumented_key_is_masked_where_it_is_shown(place: str) -> None:
    document = without(("records", 0, "cardNumber"))
    document["records"][0].update(CARD_PLACES[place])
    page = load_operations(document)
    assert page.records[0].extra == CARD_PLACES[place]  # the data is all there
    for shown in (repr(page), str(page), repr(page.records[0]), render(page.warnings)):
        assert PAN not in shown.replace(" ", "")
        assert PAN[6:12] not in shown.replace(" ", "")
    with pytest.raises(SchemaError) as caught:
        load_operations(document, strict=True)
    said = str(caught.value) + repr(caught.value.diagnostics)
    assert PAN not in said.replace(" ", "") and PAN[6:12] not in said.replace(" ", "")


def test_a_missing_card_number_reads_as_none_and_shows_as_none() -> None:
    page = load_operations(without(("records", 0, "cardNumber")))
    assert page.records[0].card_number is None
    assert "card_number=None" in repr(page.records[0])
