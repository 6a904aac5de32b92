"""Reading Homebank `/operations` responses: the wire's key names, the converter's rules, the
loaders (`load_operations`, `load_error`) and the warnings they give.

The models they read into are in `models.py`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

import cattrs
from cattrs.gen import override

from querydsl.homebank.models import CardType, ErrorResponse, Operation, OperationsPage
from querydsl.language.codes import ErrorCode
from querydsl.wire.converters import (
    KeyTable,
    ResponseProblem,
    camel_keys,
    load_with,
    pure_hook,
    register_model,
    strict_converter,
)
from querydsl.wire.jsontext import json_type

KEYS: KeyTable = {
    CardType: {"id": "ID", "name": "Name"},
    Operation: camel_keys(
        Operation,
        {
            "currency_id": "currencyID",
            "card_cvc": "cardCVC",
            "card_type_id": "cardTypeID",
            "status_id": "statusID",
            "transaction_type_id": "transactionTypeID",
            "merchant_id": "merchantID",
            "shop_id": "shopID",
            "secure_3d": "secure3D",
            "card_id": "cardID",
            "installment_id": "installmentID",
        },
    ),
    OperationsPage: {"total_count": "totalCount"},
}


#: The keys a record may hold as null (an operation not authorised, confirmed or refunded): any
#: other null is refused in either mode; a None elsewhere on a record is a key that was missing.
NULLABLE = frozenset({"auth_date", "confirm_date", "payout_date", "payout_amount"})
#: Keys that are required even when reading leniently: a page is its `totalCount` and `records`,
#: an error its `code` and `message`. Only a record's keys may be missing.
ALWAYS_REQUIRED: dict[type, tuple[str, ...]] = {
    OperationsPage: ("total_count", "records"),
    ErrorResponse: ("code", "message"),
}


def _example_page() -> str:
    """A page of one record that leaves out `shopID`, as JSON text."""
    texts = [key for name, key in KEYS[Operation].items() if name != "shop_id"]
    record = dict.fromkeys(texts, "") | {
        "id": "b9d46313-264e-41ec-814c-728dd51eb97f",
        "amount": 1000,
        "amountBonus": 0,
        "createdDate": "2018-10-27T15:08:14+06:00",
        "authDate": None,
        "confirmDate": None,
        "payoutDate": None,
        "payoutAmount": None,
        "ipLatitude": 0,
        "ipLongitude": 0,
        "cardNumber": "4003...9282",
        "cardMask": "4003...9282",
        "cardType": {"ID": "", "Name": "VISA"},
        "postLink": "false",
        "postLinkStatus": False,
        "secure3D": False,
    }
    return json.dumps({"totalCount": 1, "records": [record]})


#: The warnings `load_operations` gives on a page it reads leniently, besides `duplicate_key`
#: (a repeated key, an error when strict): docs/errors.md is drawn from this table, and
#: tests/test_responses_lenient.py runs every example.
RESPONSE_WARNING_CODES: Mapping[str, ErrorCode] = {
    "missing_key": ErrorCode(
        "A record leaves out a key the documentation gives every record. Read leniently (the"
        " default) the attribute is None and the page holds this warning at the key's pointer;"
        " `strict=True` refuses the page instead (`invalid_shape`, a required field is"
        " missing). A page's own `totalCount` and `records` are always required.",
        _example_page(),
        "Nothing, if None is what the record means; else ask the API's owner. Load with"
        " `strict=True` to refuse such pages.",
        "response",
    ),
}


@pure_hook
def _structure_flag_text(value: Any, _: object) -> bool:
    if not isinstance(value, str):
        raise ResponseProblem(
            "invalid_shape", f'expected "true" or "false", got {json_type(value)}'
        )
    if value not in ("true", "false"):
        raise ResponseProblem("invalid_value", 'expected the string "true" or "false"')
    return value == "true"


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """The Homebank rules: camelCase keys, `postLink` as "true"/"false", exact amounts.

    >>> make_converter().structure({"code": 232, "message": "x"}, ErrorResponse).code
    232
    """
    converter = strict_converter()
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    post_link = override(
        rename="postLink",
        struct_hook=_structure_flag_text,
        unstruct_hook=lambda flag: "true" if flag else "false",
    )
    for model in (CardType, Operation, OperationsPage, ErrorResponse):
        register_model(
            converter,
            model,
            KEYS,
            strict=strict,
            hooks={"post_link": post_link} if model is Operation else {},
            required=ALWAYS_REQUIRED.get(model, ()),
            nullable=NULLABLE,
        )
    return converter


@cache
def _converter(strict: bool) -> cattrs.Converter:
    return make_converter(strict=strict)


def load_operations(data: object, *, strict: bool = False) -> OperationsPage:
    """Structure an `/operations` response (a dict, JSON text or bytes) or raise `SchemaError`.

    Amounts and coordinates in JSON text come out as the exact `Decimal`s written. Leniently
    (the default), a record that leaves out a documented key has None there and the page a
    `missing_key` warning at its pointer; an undocumented key goes to the record's `extra`.
    A wrong type is an error in both modes. `strict=True` refuses both, and repeated keys.

    >>> load_operations('{"totalCount": 0, "records": []}').total_count
    0
    >>> page = load_operations(RESPONSE_WARNING_CODES["missing_key"].example)
    >>> page.records[0].shop_id, [(w.code, w.path) for w in page.warnings]
    (None, [('missing_key', '/records/0/shopID')])
    """
    return load_with(data, OperationsPage, _converter(strict), KEYS, strict=strict)


def load_error(data: object, *, strict: bool = False) -> ErrorResponse:
    """Structure a Homebank error body `{"code", "message"}` or raise `SchemaError`.

    >>> load_error(b'{"code": 232, "message": "Search Method Unavailable"}').code
    232
    """
    return load_with(data, ErrorResponse, _converter(strict), KEYS, strict=strict)
