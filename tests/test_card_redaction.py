"""Card data stays out of sight: a sentinel PAN and CVC go through every output and never show."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from conftest import assert_linear
from hypothesis import given
from hypothesis import strategies as st
from response_strategies import hiding, homebank_seed_text, horizonpay_seed_text

from querydsl import SchemaError
from querydsl.carddata.cardrepr import hidden
from querydsl.carddata.redact import redact_text
from querydsl.homebank import Operation, load_operations
from querydsl.horizonpay import load_transaction, make_converter
from querydsl.horizonpay.models import MODELS as HORIZONPAY_MODELS
from querydsl.inspect import inspect_document

PAN = "4111111111111111"
MASKED = "411111******1111"
CVC = "846"  # appears nowhere in the seeds, so any occurrence is a leak
TOKEN = "tok-sentinel-7f3e"
STAMP = "stamp-sentinel-91ad"
SECRETS = (PAN, "4111 1111 1111 1111", CVC, TOKEN, STAMP)


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


def homebank_document() -> dict[str, object]:
    document = json.loads(homebank_seed_text())
    record = document["records"][0]
    record.update(cardNumber=PAN, cardCVC=CVC, cardHash=STAMP, cardMask="")
    record["description"] = "refund for card 4111 1111 1111 1111"
    return document


def horizonpay_document() -> dict[str, object]:
    document = json.loads(horizonpay_seed_text())
    document["payment_method"].update(token=TOKEN, stamp=STAMP, cvc=CVC, pan=PAN)
    document["three_d_secure_verification"]["cavv"] = TOKEN
    document["description"] = f"paid with {PAN}"
    return document


def test_homebank_repr_and_str_mask_the_pan_and_hide_the_cvc() -> None:
    page = load_operations(homebank_document())
    record = page.records[0]
    for shown in (repr(page), str(page), repr(record), str(record)):
        assert_no_secrets(shown)
        assert MASKED in shown
        assert "card_cvc='***'" in repr(record) and "card_hash='***'" in repr(record)
    assert (record.card_number, record.card_cvc, record.card_hash) == (PAN, CVC, STAMP)


def test_horizonpay_repr_and_str_hide_tokens_stamps_and_cvc() -> None:
    transaction = load_transaction(horizonpay_document())
    for shown in (repr(transaction), str(transaction), repr(transaction.payment_method)):
        assert_no_secrets(shown)
    method = transaction.payment_method
    assert method is not None
    assert (method.token, method.stamp) == (TOKEN, STAMP)
    assert method.extra == {"cvc": CVC, "pan": PAN}  # kept for code that asks by name
    assert "token='***'" in repr(method) and "stamp='***'" in repr(method)


def _diagnostic_texts(error: SchemaError) -> list[str]:
    return [str(error), repr(error), json.dumps([d.to_dict() for d in error.diagnostics])]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("cardNumber", int(PAN)),
        ("cardNumber", [PAN]),
        ("cardCVC", int(CVC)),
        ("cardCVC", {"cvc": CVC}),
        ("cardHash", [STAMP]),
        ("amount", PAN),
        ("postLink", PAN),
        ("createdDate", PAN),
        ("pan", PAN),  # unknown in strict mode
    ],
)
def test_homebank_error_paths_never_echo_card_values(key: str, value: object) -> None:
    document = homebank_document()
    document["records"][0][key] = value  # type: ignore[index]
    for data in (document, json.dumps(document), json.dumps(document).encode()):
        with pytest.raises(SchemaError) as caught:
            load_operations(data, strict=True)
        for text in _diagnostic_texts(caught.value):
            assert_no_secrets(text)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("payment_method", "token"), int(PAN)),
        (("payment_method", "stamp"), [STAMP]),
        (("payment_method", "exp_year"), CVC),
        (("payment_method", "bin"), int(PAN)),
        (("code",), PAN),
        (("status",), TOKEN),
        (("created_at",), PAN),
    ],
)
def test_horizonpay_error_paths_never_echo_card_values(
    path: tuple[str, ...], value: object
) -> None:
    document = copy.deepcopy(horizonpay_document())
    node = document
    for step in path[:-1]:
        node = node[step]  # type: ignore[assignment]
    node[path[-1]] = value
    for strict in (False, True):
        with pytest.raises(SchemaError) as caught:
            load_transaction(json.dumps(document), strict=strict)
        for text in _diagnostic_texts(caught.value):
            assert_no_secrets(text)


def test_invalid_json_around_a_pan_does_not_echo_it() -> None:
    for text in (f'{{"cardNumber": {PAN}', f'{{"cardNumber": "{PAN}" "cardCVC": "{CVC}"}}'):
        with pytest.raises(SchemaError) as caught:
            load_operations(text)
        for shown in _diagnostic_texts(caught.value):
            assert_no_secrets(shown)


@pytest.mark.parametrize("as_json", [False, True])
def test_inspect_output_masks_card_data(as_json: bool) -> None:
    for document in (homebank_document(), horizonpay_document()):
        output = inspect_document(json.dumps(document), as_json=as_json)
        assert_no_secrets(output)
    table = inspect_document(json.dumps(homebank_document()))
    assert MASKED in table


@given(st.from_regex(r"4[0-9]{15}", fullmatch=True), st.from_regex(r"[0-9]{3}", fullmatch=True))
def test_any_pan_is_masked_and_any_cvc_hidden_in_repr(pan: str, cvc: str) -> None:
    document = homebank_document()
    document["records"][0].update(cardNumber=pan, cardCVC=cvc, description="")  # type: ignore[union-attr]
    record = load_operations(document).records[0]
    assert pan not in repr(record)
    assert f"card_number='{pan[:6]}******{pan[-4:]}'" in repr(record)
    assert f"card_cvc='{cvc}'" not in repr(record)


def _put(document: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    """A copy of `document` with `value` at `path`; missing or null objects on the way are made."""
    document = copy.deepcopy(document)
    node = document
    for step in path[:-1]:
        if node.get(step) is None:
            node[step] = {}
        node = node[step]
    node[path[-1]] = value
    return document


def _assert_kept(document: dict[str, Any]) -> None:
    """Every value of the document is still there, for code that asks for it by name."""
    assert make_converter().unstructure(load_transaction(document)) == document


def _shown(document: dict[str, Any]) -> str:
    """The repr and str of the loaded transaction."""
    transaction = load_transaction(document)
    return repr(transaction) + str(transaction)


# `errors` and `bank_info` are documented without fields; `extra` keeps undocumented keys, such
# as the seed's `max_mind_verification`: their keys are free-form, so secrets hide by key.
@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("errors",), {"cvc": CVC, "token": TOKEN}),
        (("errors",), {"base": [{"card_token": TOKEN}]}),
        (("bank_info",), {"cvv2": CVC, "stamp": STAMP}),
        (("bank_info", "response"), {"CVC": [CVC], "card": {"hash": STAMP}}),
        (("max_mind_verification", "cvc"), CVC),
        (("max_mind_verification", "bin"), {"token": TOKEN}),
        (("acquirer",), {"deep": {"deeper": [{"cardCVC": CVC}]}}),
        (("payment_method", "cvc"), {"value": CVC}),
        (("three_d_secure_verification", "authentication"), {"cavv": TOKEN}),
        (("additional_data", "browser", "fingerprint"), {"stamp": STAMP}),
        (("transaction", "acquirer"), [{"token": TOKEN}]),
        # A secret word anywhere in the key: snake_case, camelCase, with digits.
        (("payment_method",), {"recurring_token": TOKEN, "access_token": TOKEN}),
        (("extra_section",), {"paymentToken": TOKEN, "myToken": TOKEN, "securityCode": CVC}),
        (("errors",), {"card_security_code": CVC, "pinCode": CVC, "client_secret": TOKEN}),
        # The names card schemes and HTTP give them, whole words in any case.
        (("bank_info",), {"SECURITYCODE": CVC, "card_verification_value": CVC, "csc": CVC}),
        (("bank_info",), {"cid": CVC, "cardCID": CVC, "cvd": CVC, "CVV2": CVC}),
        (("errors",), {"apiKey": TOKEN, "x-api-key": TOKEN, "Authorization": TOKEN}),
        (("errors",), {"cookie": TOKEN, "Set-Cookie": [TOKEN], "cookies": {"s": TOKEN}}),
        # Written as one word, all capitals or all lower case: read as the words it runs together.
        (("bank_info",), {"CARDCVC": CVC, "cardcvv": CVC, "CARDSECURITYCODE": CVC}),
        (("errors",), {"XAPIKEY": TOKEN, "PINBLOCK": CVC, "accesstokens": [TOKEN]}),
    ],
)
def test_horizonpay_free_form_objects_hide_secrets_at_any_depth(
    path: tuple[str, ...], value: object
) -> None:
    document = _put(horizonpay_document(), path, value)
    _assert_kept(document)
    assert_no_secrets(_shown(document))


def test_words_that_only_contain_a_secret_word_are_shown() -> None:
    plain = {"timestamp": "T1", "hashtag": "H1", "acid": "A1", "incident": "I1", "cider": "C1"}
    plain |= {"apiVersion": "V1", "decide": "D1", "spin": "S1", "authDate": "D2"}
    plain |= {"TIMESTAMP": "T2", "datestamp": "T3", "SPINNER": "S2", "cardholder": "C2"}
    document = _put(horizonpay_document(), ("bank_info",), plain)
    _assert_kept(document)
    shown = _shown(document)
    assert all(value in shown for value in plain.values())


# A string field holding a JSON document or a query string (Homebank's `data` is the
# merchant's own JSON): its secrets hide by key as they do in JSON data.
@pytest.mark.parametrize(
    "data",
    [
        json.dumps({"cvc": CVC, "order": 7}),
        json.dumps({"card": {"CVV2": CVC}, "list": [{"token": TOKEN}]}),
        json.dumps({"cvc": [CVC], "stamp": {"v": STAMP}}),
        f'{{"cvc": "{CVC}", "order": 7',  # cut short: not JSON, read pair by pair
        f"order=7&cvc={CVC}&token={TOKEN}",
        f"cvv2: {CVC}; stamp: '{STAMP}'",
        # A header's value is a scheme and credentials, spaces between: hidden to the line's end.
        f"Authorization: Bearer {TOKEN}.{STAMP}",
        f"GET /pay\r\nCookie: theme=dark; sid={TOKEN}\r\nX-Auth-Token: v1 {STAMP}",
        json.dumps({"headers": f"Proxy-Authorization: Basic {TOKEN}"}),
    ],
)
def test_secrets_in_a_string_field_are_hidden_by_key(data: str) -> None:
    document = homebank_document()
    document["records"][0]["data"] = data  # type: ignore[index]
    page = load_operations(document)
    assert page.records[0].data == data  # kept for code that asks by name
    for shown in (repr(page), inspect_document(json.dumps(document), as_json=True)):
        assert_no_secrets(shown)


def test_a_string_field_without_secrets_is_shown_as_written() -> None:
    document = homebank_document()
    data = '{"order":7,"note":"a=b"}'
    document["records"][0]["data"] = data  # type: ignore[index]
    assert repr(data) in repr(load_operations(document).records[0])


def test_a_header_value_is_hidden_to_the_end_of_its_line_only() -> None:
    document = homebank_document()
    document["records"][0]["data"] = f"Authorization: Bearer {TOKEN}\norder=7 note=a b"  # type: ignore[index]
    assert repr("Authorization: ***\norder=7 note=a b") in repr(load_operations(document))


# Track data (ISO/IEC 7813) holds the expiry, service code and discretionary data beside the
# PAN: none of it shows, with or without the sentinels.
TRACKS = [
    f"%B{PAN}^DOE/JOHN^2512101000000000846000000?",
    f"B{PAN}^DOE/JOHN^2512101000000000846",
    f";{PAN}=25121010000084600000?",
    f"{PAN}=25121010000084600000",
    # The chip's track 2 equivalent (EMV tag 57): `D` for `=`, an `F` padding it to whole bytes.
    f"{PAN}D25121010000084600000F",
    f";{PAN}d2512101000008460?",
]


@pytest.mark.parametrize("track", TRACKS)
def test_track_data_is_hidden_whole(track: str) -> None:
    document = homebank_document()
    document["records"][0]["description"] = f"swiped: {track} ok"  # type: ignore[index]
    shown = repr(load_operations(document))
    assert_no_secrets(shown)
    assert "DOE" not in shown and "2512" not in shown
    assert f"swiped: {'*' * len(track)} ok" in shown


@pytest.mark.parametrize("key", ["card", "pan", "card_number", "number"])
def test_horizonpay_free_form_card_numbers_are_masked_however_short(key: str) -> None:
    short = "411111119999"  # 12 digits: too short for the text scan, not for the key
    document = _put(horizonpay_document(), ("bank_info", key), short)
    _assert_kept(document)
    shown = _shown(document)
    assert short not in shown


@given(
    st.sampled_from([TOKEN, STAMP, CVC]).flatmap(hiding),
    st.sampled_from(
        [
            ("errors", "e"),
            ("bank_info", "b"),
            ("acquirer",),
            ("max_mind_verification", "m"),
            ("payment_method", "x"),
            ("customer", "x"),
            ("three_d_secure_verification", "x"),
            ("avs_cvc_verification", "cvc_verification", "x"),
            ("links", "x"),
        ]
    ),
)
def test_a_secret_under_a_secret_key_never_shows_wherever_it_is(
    value: object, path: tuple[str, ...]
) -> None:
    document = _put(horizonpay_document(), path, value)
    _assert_kept(document)
    assert_no_secrets(_shown(document))


def _sample(model: type) -> Any:
    """One instance of a model with secret fields: every Horizonpay section is all optional."""
    if model is Operation:
        return load_operations(homebank_document()).records[0]
    return model()


SECRET_FIELDS = [
    (model, a.name)
    for model in (*HORIZONPAY_MODELS, Operation)
    for a in attrs.fields(model)
    if a.repr is hidden
]


@pytest.mark.parametrize(
    ("model", "name"), SECRET_FIELDS, ids=[f"{m.__name__}.{n}" for m, n in SECRET_FIELDS]
)
def test_a_secret_field_that_is_null_shows_none(model: type, name: str) -> None:
    shown = repr(attrs.evolve(_sample(model), **{name: None}))
    assert f"{name}=None" in shown and f"{name}='***'" not in shown
    assert f"{name}='***'" in repr(attrs.evolve(_sample(model), **{name: TOKEN}))


def test_the_secret_fields_are_the_documented_card_secrets() -> None:
    assert sorted(name for _, name in SECRET_FIELDS) == [
        "card_cvc",
        "card_hash",
        "cavv",
        "stamp",
        "token",
    ]


def test_the_seed_null_cavv_shows_none_and_so_does_a_null_under_a_secret_key() -> None:
    document = json.loads(horizonpay_seed_text())  # its `cavv` is null
    document["errors"] = {"cvc": None}
    shown = repr(load_transaction(document))
    assert "cavv=None" in shown and "errors={'cvc': None}" in shown


def test_typed_fields_are_hidden_by_their_repr_not_by_their_name() -> None:
    # A secret word in a typed field's name (token_provider, cvc_verification) hides nothing:
    # only the fields whose repr is `hidden` are secrets.
    document = json.loads(horizonpay_seed_text())
    document["payment_method"]["token_provider"] = "google_pay"
    document["three_d_secure_verification"]["cavv_algorithm"] = "2"
    document["avs_cvc_verification"] = {"cvc_verification": {"result_code": "M"}}
    shown = repr(load_transaction(document))
    assert "token_provider='google_pay'" in shown
    assert "cavv_algorithm='2'" in shown
    assert "cvc_verification=VerificationResult(result_code='M'" in shown


@pytest.mark.parametrize(
    "make",
    [
        lambda n: ("1" + "x" * n) * 11,  # eleven digits, far apart: too few for any card
        lambda n: "4111 " * n,  # digits everywhere
        lambda n: "2024-01-01 " * n,  # dates side by side, kept as they are
    ],
    ids=["eleven digits far apart", "digit groups", "dates"],
)
def test_redaction_is_linear_in_the_text(make: Any) -> None:
    assert_linear(redact_text, make, 20_000)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("400000000000", "400000000000"),  # 12 digits: no card number
        ("4000000000000002", "400000******0002"),  # 13 or more: masked
        (";400000000000=25?", "*****************"),  # a track holds 12
        ("amounts 1, 2, 3, 4, 5, 6, 7, 8, 9, 10", "amounts 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"),
    ],
)
def test_a_text_needs_twelve_digits_to_hold_card_data(text: str, shown: str) -> None:
    assert redact_text(text) == shown


def test_a_moment_s_repr_is_not_taken_for_a_card_number() -> None:
    moment = datetime(2018, 10, 25, 15, 8, 14, 123456, tzinfo=UTC)
    assert redact_text(repr(moment)) == repr(moment)
    operation = load_operations(homebank_seed_text()).records[0]
    assert repr(operation.created_date) in repr(operation)
    # the same digits outside a moment's repr are still masked
    assert redact_text("datetime(4111, 1111, 1111, 1111)") == "datetime(4111, 11**, ****, 1111)"
    assert redact_text("x datetime(4111 1111 1111 1111)") == "x datetime(4111 11** **** 1111)"
