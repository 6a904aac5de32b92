"""Horizonpay v3 responses: the seed's sections typed, nulls as None, status agreeing with code."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from response_strategies import (
    homebank_seed_text,
    horizonpay_seed_text,
    horizonpay_transactions,
    json_values,
)

from querydsl import SchemaError
from querydsl.homebank import load_operations
from querydsl.horizonpay import (
    AdditionalData,
    AvsCvcVerification,
    Browser,
    Customer,
    Links,
    PaymentMethod,
    ProcessingCode,
    SmartRoutingVerification,
    Transaction,
    TransactionDetails,
    VerificationResult,
    load_transaction,
    make_converter,
)

SEED = horizonpay_seed_text()
SEED_DICT = json.loads(SEED)  # exp_year: the last one (2027) wins, as in load_transaction


def codes_and_paths(error: SchemaError) -> list[tuple[str, str | None]]:
    return [(d.code, d.path) for d in error.diagnostics]


@pytest.mark.parametrize("data", [SEED, SEED.encode(), SEED_DICT], ids=["text", "bytes", "dict"])
def test_the_seed_response_loads_section_by_section(data: object) -> None:
    t = load_transaction(data)
    assert isinstance(t, Transaction)
    assert t.uid == "46154-aba1cf5e57"
    assert t.code == ProcessingCode("P", 9998) and str(t.code) == "P.9998"
    assert t.code.service == "bank"
    assert t.friendly_message == "Incomplete transaction"
    assert t.status == "incomplete"
    assert t.amount == 100
    assert t.currency == "USD"
    assert t.description == "Test transaction ütf"
    assert t.type == "payment"
    assert t.tracking_id == "tracking_id_000"
    assert t.message is None
    assert t.test is True
    assert t.created_at == datetime(2022, 9, 15, 8, 43, 56, 521000, tzinfo=UTC)
    assert t.updated_at == datetime(2022, 9, 15, 8, 43, 57, 943000, tzinfo=UTC)
    assert t.paid_at is None and t.expired_at is None and t.closed_at is None
    assert t.settled_at is None and t.manually_corrected_at is None
    assert t.recurring_type == "initial"
    assert t.language == "en"
    assert t.redirect_url == "https://gw.horizonpay.kz/process/46154-aba1cf5e57"
    assert t.status_code == 21
    assert t.parent_uid is None and t.reason is None  # not in the example at all
    assert t.recipient is None and t.errors is None and t.bank_info is None
    assert t.payment_method == PaymentMethod(
        payment_method_type="credit_card",
        holder="John Doe",
        stamp="5f854c844e3007f2ecff2aa614f6a4cc6b8a2c241aab3e5776fe7912dc7b9d92",
        brand="visa",
        last_4="0013",
        first_1="4",
        bin="420000",
        issuer_country="LT",
        issuer_name="VISA",
        product="VISA",
        exp_month=10,
        exp_year=2027,
        token_provider=None,
        token="2efef4c9-d4de-4603-bc84-7a9bc5456939",
    )
    assert t.links == Links(
        receipt_url="https://bo.horizonpay.kz/customer/transactions/46154-aba1cf5e57/"
        "bbe9f4090e43351ca1ee724a202376cb24da3ffbfa86df30c80e95fb4fdee386?language=en"
    )
    assert t.additional_data == AdditionalData(
        browser=Browser(
            screen_width=1920,
            screen_height=1080,
            screen_color_depth=24,
            language="en",
            java_enabled=False,
            user_agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
            time_zone=-180,
            time_zone_name="Europe/Vilnius",
            accept_header="*/*",
            window_height=667,
            window_width=600,
        ),
        contract=["recurring"],
    )
    assert t.customer == Customer(
        ip="127.0.0.1",
        email="[email protected]",
        device_id="12312312321fff67",
        birth_date="1980-01-31",
        first_name="John",
        last_name="Doe",
        address="1st Street",
        country="US",
        city="Denver",
        zip="96002",
        state="CO",
        phone=None,
    )
    assert t.smart_routing_verification == SmartRoutingVerification(status="successful")
    three_ds = t.three_d_secure_verification
    assert three_ds is not None
    assert (three_ds.status, three_ds.message, three_ds.ve_status) == (
        "incomplete",
        "Authentication Available",
        "Y",
    )
    assert three_ds.pa_res_url == "https://gw.horizonpay.kz/process/46154-aba1cf5e57"
    assert three_ds.method_process_url == (
        "https://gw.horizonpay.kz/api/v1/transactions/"
        "bd79f747-a42f-4ee3-b993-069310ca8238/method-process"
    )
    assert all(
        getattr(three_ds, name) is None
        for name in ("acs_url", "pa_req", "md", "eci", "pa_status", "xid", "cavv", "creq")
    )
    assert t.transaction == TransactionDetails(
        amount=100, currency="USD", gateway_id=645, status="incomplete"
    )
    assert t.avs_cvc_verification == AvsCvcVerification(
        avs_verification=VerificationResult(result_code=None),
        cvc_verification=VerificationResult(result_code=None),
    )
    assert list(t.extra) == ["max_mind_verification"]
    assert t.extra["max_mind_verification"]["score"] == 45
    assert t.extra["max_mind_verification"]["binCountry"] == "LT"


def test_the_repeated_exp_year_is_a_warning_in_text_and_an_error_when_strict() -> None:
    t = load_transaction(SEED)
    assert [(w.code, w.path) for w in t.warnings] == [("duplicate_key", "/payment_method/exp_year")]
    assert load_transaction(SEED_DICT).warnings == ()
    assert t == load_transaction(SEED_DICT)
    with pytest.raises(SchemaError) as caught:
        load_transaction(SEED, strict=True)
    assert codes_and_paths(caught.value) == [
        ("duplicate_key", "/payment_method/exp_year"),
        ("invalid_shape", "/max_mind_verification"),
    ]


def test_the_seed_unstructures_back_with_missing_keys_still_missing() -> None:
    unstructured = make_converter().unstructure(load_transaction(SEED))
    assert unstructured == SEED_DICT
    assert "recipient" not in unstructured and "reason" not in unstructured


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


# Python's datetime.fromisoformat reads all of these; the documented format does not have them.
OTHER_SPELLINGS = [
    "2022-09-15T08Z",  # no minutes or seconds
    "2022-09-15T08:43Z",  # no seconds
    "20220915T084356Z",  # the basic format
    "2022-W37-4T08:43:56Z",  # a week date
    "2022-09-15 08:43:56Z",  # a space for the T
    "2022-09-15t08:43:56z",  # lower case
    "2022-09-15T08:43:56,521Z",  # a comma before the fraction
    "2022-09-15T08:43:56.1234567Z",  # more fraction digits than a datetime keeps
    "2022-09-15T08:43:56+03",  # an offset without minutes
    "2022-09-15T08:43:56+0300",
    "2022-09-15T08:43:56+03:00:30",  # an offset with seconds
]


@pytest.mark.parametrize("text", OTHER_SPELLINGS)
def test_response_datetimes_follow_the_documented_format(text: str) -> None:
    expected = "expected an ISO 8601 date and time such as 2018-10-27T15:08:14+06:00"
    with pytest.raises(SchemaError) as caught:
        load_transaction(_with(("created_at",), text))
    ((code, path, message),) = [(d.code, d.path, d.message) for d in caught.value.diagnostics]
    assert (code, path, message) == ("invalid_value", "/created_at", expected)
    homebank = json.loads(homebank_seed_text())
    homebank["records"][0]["createdDate"] = text
    with pytest.raises(SchemaError) as caught:
        load_operations(homebank)
    assert codes_and_paths(caught.value) == [("invalid_value", "/records/0/createdDate")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-09-15T08:43:56", "the date and time has no UTC offset"),
        ("2022-02-30T08:43:56Z", "the date and time does not exist"),
        ("2022-09-15T24:00:00Z", "the date and time does not exist"),
    ],
)
def test_a_datetime_in_the_format_may_still_be_wrong(text: str, message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        load_transaction(_with(("created_at",), text))
    assert [d.message for d in caught.value.diagnostics] == [message]


@pytest.mark.parametrize(
    "text",
    [
        "2022-09-15T08:43:56Z",  # the documented YYYY-MM-DDThh:mm:ssTZD
        "2022-09-15T08:43:56.521Z",  # the seed's example
        "2022-09-15T11:43:56+03:00",
        "2022-09-15T08:43:56.000521Z",
    ],
)
def test_a_datetime_is_written_back_as_it_came(text: str) -> None:
    document = _with(("created_at",), text)
    assert make_converter().unstructure(load_transaction(document))["created_at"] == text


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("payment_method", "exp_year"), "2027", "invalid_shape"),
        (("payment_method", "exp_year"), 2027.0, "invalid_shape"),
        (("payment_method", "exp_month"), True, "invalid_shape"),
        (("amount",), "100", "invalid_shape"),
        (("amount",), 1.9, "invalid_shape"),
        (("test",), "true", "invalid_shape"),
        (("uid",), None, "invalid_shape"),
        (("uid",), KeyError, "invalid_shape"),
        (("code",), KeyError, "invalid_shape"),
        (("code",), "P9998", "invalid_value"),
        (("code",), "X.0001", "invalid_value"),
        (("code",), "P.99", "invalid_value"),
        (("code",), 9998, "invalid_shape"),
        (("status",), "successful", "invalid_value"),
        (("created_at",), "2022-09-15T08:43:56", "invalid_value"),
        (("created_at",), "yesterday", "invalid_value"),
        (("updated_at",), 1663231437, "invalid_shape"),
        (("customer",), "John", "invalid_shape"),
        (("customer", "email"), ["a@b"], "invalid_shape"),
        (("additional_data", "contract"), "recurring", "invalid_shape"),
        (("additional_data", "contract", 0), 1, "invalid_shape"),
        (("additional_data", "browser", "java_enabled"), "false", "invalid_shape"),
        (("avs_cvc_verification", "cvc_verification", "result_code"), 1, "invalid_shape"),
        (("transaction", "gateway_id"), "645", "invalid_shape"),
        (("links", "receipt_url"), False, "invalid_shape"),
    ],
)
def test_a_corrupted_field_gives_a_pointer_to_that_field(
    path: tuple[str | int, ...], value: object, code: str
) -> None:
    with pytest.raises(SchemaError) as caught:
        load_transaction(_with(path, value))
    assert codes_and_paths(caught.value) == [(code, "/" + "/".join(map(str, path)))]


@pytest.mark.parametrize(
    ("code", "status"),
    [("S.0000", "successful"), ("F.0001", "failed"), ("P.9998", "pending"), ("E.1000", "error")],
)
def test_the_status_must_agree_with_the_code_letter(code: str, status: str) -> None:
    assert load_transaction({"uid": "u", "code": code, "status": status}).status == status
    wrong = "failed" if status != "failed" else "successful"
    with pytest.raises(SchemaError) as caught:
        load_transaction({"uid": "u", "code": code, "status": wrong})
    assert codes_and_paths(caught.value) == [("invalid_value", "/status")]


def test_every_problem_is_reported_together() -> None:
    document = _with(("code",), "P.9998")
    document["status"] = "successful"
    document["payment_method"]["exp_year"] = "2027"
    document["transaction"]["amount"] = None  # null is fine
    document["customer"]["country"] = 840
    with pytest.raises(SchemaError) as caught:
        load_transaction(document)
    assert sorted(codes_and_paths(caught.value), key=str) == sorted(
        [
            ("invalid_shape", "/payment_method/exp_year"),
            ("invalid_shape", "/customer/country"),
            ("invalid_value", "/status"),
        ],
        key=str,
    )


def test_unknown_fields_in_sections_are_kept_or_rejected_when_strict() -> None:
    document = _with(("transaction", "acquirer"), {"name": "Bank"})
    t = load_transaction(document)
    assert t.transaction is not None and t.transaction.extra == {"acquirer": {"name": "Bank"}}
    assert make_converter().unstructure(t) == document
    with pytest.raises(SchemaError) as caught:
        load_transaction(document, strict=True)
    assert ("invalid_shape", "/transaction/acquirer") in codes_and_paths(caught.value)


@given(horizonpay_transactions())
def test_valid_transactions_round_trip(document: dict[str, object]) -> None:
    converter = make_converter()
    assert converter.unstructure(load_transaction(document)) == document
    assert converter.unstructure(load_transaction(json.dumps(document))) == document


DOCUMENTED = set(attrs.fields_dict(Transaction)) - {"extra", "_absent", "warnings"}
FREE_FORM = ("errors", "bank_info")  # documented without fields: any object is fine


@given(horizonpay_transactions(), st.data())
def test_a_corrupted_generated_field_points_at_it(
    document: dict[str, Any], data: st.DataObject
) -> None:
    key = data.draw(st.sampled_from(sorted(k for k in document if k in DOCUMENTED)))
    section = document[key]
    if isinstance(section, dict) and section and key not in FREE_FORM and data.draw(st.booleans()):
        inner = data.draw(st.sampled_from(sorted(section)))
        section[inner], pointer = 1.5, f"/{key}/{inner}"  # no Horizonpay field takes a fraction
    else:
        document[key], pointer = 1.5, f"/{key}"
    with pytest.raises(SchemaError) as caught:
        load_transaction(document)
    assert [d.path for d in caught.value.diagnostics] == [pointer]


@given(json_values)
def test_any_json_value_gives_a_transaction_or_a_schema_error(value: object) -> None:
    for data in (value, json.dumps(value)):
        try:
            load_transaction(data)
        except SchemaError as error:
            assert error.diagnostics


@given(
    st.dictionaries(st.sampled_from(["uid", "status", "code", "amount", "customer"]), json_values)
)
def test_near_miss_documents_give_a_transaction_or_a_schema_error(value: dict[str, object]) -> None:
    try:
        load_transaction(value)
    except SchemaError as error:
        assert all(d.path is not None for d in error.diagnostics)


def _cycle() -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["me"] = loop
    return loop


@pytest.mark.parametrize("section", ["errors", "bank_info"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"x": float("inf")}, [("invalid_shape", "/x")]),
        ({"x": {"y": [float("nan")]}}, [("invalid_shape", "/x")]),
        ({"s": {1, 2}}, [("invalid_shape", "/s")]),
        ({1: "k"}, [("invalid_shape", "")]),
        (_cycle(), [("invalid_shape", "/me")]),
    ],
    ids=["inf", "nan", "set", "int key", "cycle"],
)
def test_free_form_sections_keep_only_json_data_as_extra_does(
    section: str, value: dict[Any, Any], expected: list[tuple[str, str]]
) -> None:
    document = {**copy.deepcopy(SEED_DICT), section: value}
    with pytest.raises(SchemaError) as caught:
        load_transaction(document)
    assert codes_and_paths(caught.value) == [(code, f"/{section}{path}") for code, path in expected]
