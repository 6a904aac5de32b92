"""Homebank `/operations` responses as typed records, with their converter and loaders."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
import cattrs
from cattrs.gen import override

from querydsl.carddata.cardrepr import hidden, masked_card, redacted_repr
from querydsl.language.errors import Diagnostic
from querydsl.wire.converters import (
    KeyTable,
    ResponseProblem,
    camel_keys,
    load_with,
    register_model,
    strict_converter,
)
from querydsl.wire.jsontext import json_type


@redacted_repr
@attrs.frozen(kw_only=True)
class CardType:
    """The `cardType` object of a record (`ID`, `Name`).

    >>> CardType(id="ec1e3a6a", name="VISA").name
    'VISA'
    """

    id: str
    name: str
    extra: dict[str, Any] = attrs.field(factory=dict)


@redacted_repr
@attrs.frozen(kw_only=True)
class Operation:
    """One record of the `/operations` response; amounts are exact `Decimal`s.

    Every documented key is required, so records come from `load_operations`; the card's number
    stays in its attribute and is masked in the repr.

    >>> from querydsl.homebank import load_operations
    >>> texts = ("id currencyID invoiceId accountId payerIp payerName payerPhone payerEmail "
    ...          "description data ipCountry ipCity ipRegion ipDistrict cardNumber cardExpDate "
    ...          "cardCVC cardTypeID issuer issuerBankCountry statusID reference client template "
    ...          "language transactionTypeID backLink failureLink merchantID shopID cardID "
    ...          "cardHash cardMask installmentID terminal initReference").split()
    >>> record = dict.fromkeys(texts, "") | {
    ...     "amount": 1000, "amountBonus": 80, "ipLatitude": 0, "ipLongitude": 0,
    ...     "createdDate": "2018-10-27T15:08:14+06:00", "authDate": None, "confirmDate": None,
    ...     "payoutDate": None, "payoutAmount": None, "cardType": {"ID": "", "Name": ""},
    ...     "postLink": "false", "postLinkStatus": False, "secure3D": False,
    ...     "cardNumber": "4111111111111111"}
    >>> operation = load_operations({"totalCount": 1, "records": [record]}).records[0]
    >>> operation.amount, operation.created_date.isoformat(), operation.post_link
    (Decimal('1000'), '2018-10-27T15:08:14+06:00', False)
    >>> operation.card_number in repr(operation)
    False
    """

    id: str
    amount: Decimal
    currency_id: str
    amount_bonus: Decimal
    invoice_id: str
    account_id: str
    payer_ip: str
    payer_name: str
    payer_phone: str
    payer_email: str
    description: str
    data: str
    created_date: datetime
    auth_date: datetime | None
    confirm_date: datetime | None
    payout_date: datetime | None
    payout_amount: Decimal | None
    ip_country: str
    ip_city: str
    ip_region: str
    ip_district: str
    ip_latitude: Decimal
    ip_longitude: Decimal
    card_number: str = attrs.field(repr=masked_card)
    card_exp_date: str
    card_cvc: str = attrs.field(repr=hidden)
    card_type: CardType
    card_type_id: str
    issuer: str
    issuer_bank_country: str
    status_id: str
    reference: str
    client: str
    template: str
    language: str
    transaction_type_id: str
    back_link: str
    failure_link: str
    post_link: bool
    post_link_status: bool
    merchant_id: str
    shop_id: str
    secure_3d: bool
    card_id: str
    card_hash: str = attrs.field(repr=hidden)
    card_mask: str = attrs.field(repr=masked_card)
    installment_id: str
    terminal: str
    init_reference: str
    extra: dict[str, Any] = attrs.field(factory=dict)


@redacted_repr
@attrs.frozen(kw_only=True)
class OperationsPage:
    """The `/operations` response: `total_count` matches and this page's `records`.

    >>> from querydsl.homebank import load_operations
    >>> page = load_operations('{"totalCount": 8, "totalCount": 9, "records": []}')
    >>> page.total_count, page.records, [warning.code for warning in page.warnings]
    (9, [], ['duplicate_key'])
    """

    total_count: int
    records: list[Operation]
    extra: dict[str, Any] = attrs.field(factory=dict)
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class ErrorResponse:
    """A Homebank error body, such as `{"code": 232, "message": "Search Method Unavailable"}`.

    >>> from querydsl.homebank import load_error
    >>> error = load_error('{"code": 232, "message": "Search Method Unavailable"}')
    >>> error.code, error.message
    (232, 'Search Method Unavailable')
    """

    code: int
    message: str
    extra: dict[str, Any] = attrs.field(factory=dict)
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)


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
        hooks = {"post_link": post_link} if model is Operation else {}
        register_model(converter, model, KEYS, strict=strict, hooks=hooks)
    return converter


@cache
def _converter(strict: bool) -> cattrs.Converter:
    return make_converter(strict=strict)


def load_operations(data: object, *, strict: bool = False) -> OperationsPage:
    """Structure an `/operations` response (a dict, JSON text or bytes) or raise `SchemaError`.

    Amounts and coordinates in JSON text come out as the exact `Decimal`s written.

    >>> load_operations('{"totalCount": 0, "records": []}').total_count
    0
    """
    return load_with(data, OperationsPage, _converter(strict), KEYS, strict=strict)


def load_error(data: object, *, strict: bool = False) -> ErrorResponse:
    """Structure a Homebank error body `{"code", "message"}` or raise `SchemaError`.

    >>> load_error(b'{"code": 232, "message": "Search Method Unavailable"}').code
    232
    """
    return load_with(data, ErrorResponse, _converter(strict), KEYS, strict=strict)
