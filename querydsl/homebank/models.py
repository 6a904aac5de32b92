"""Homebank `/operations` responses as typed records: frozen attrs models (a page of operations,
an error body); `responses.py` reads them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from querydsl.carddata.cardrepr import hidden, masked_card, redacted_repr
from querydsl.language.errors import Diagnostic


@redacted_repr
@attrs.frozen(kw_only=True)
class CardType:
    """The `cardType` object of a record (`ID`, `Name`).

    >>> CardType(id="ec1e3a6a", name="VISA").name
    'VISA'
    """

    id: str | None
    name: str | None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class Operation:
    """One record of the `/operations` response; amounts are exact `Decimal`s.

    Records come from `load_operations`. Read leniently (the default), a documented key the
    record leaves out is None, with a `missing_key` warning on the page; `strict=True` refuses
    the page instead. A null is None only where the documentation allows one (`authDate`,
    `confirmDate`, `payoutDate`, `payoutAmount`). The card's number stays in its attribute and
    is masked in the repr.

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

    id: str | None
    amount: Decimal | None
    currency_id: str | None
    amount_bonus: Decimal | None
    invoice_id: str | None
    account_id: str | None
    payer_ip: str | None
    payer_name: str | None
    payer_phone: str | None
    payer_email: str | None
    description: str | None
    data: str | None
    created_date: datetime | None
    auth_date: datetime | None
    confirm_date: datetime | None
    payout_date: datetime | None
    payout_amount: Decimal | None
    ip_country: str | None
    ip_city: str | None
    ip_region: str | None
    ip_district: str | None
    ip_latitude: Decimal | None
    ip_longitude: Decimal | None
    card_number: str | None = attrs.field(repr=masked_card)
    card_exp_date: str | None
    card_cvc: str | None = attrs.field(repr=hidden)
    card_type: CardType | None
    card_type_id: str | None
    issuer: str | None
    issuer_bank_country: str | None
    status_id: str | None
    reference: str | None
    client: str | None
    template: str | None
    language: str | None
    transaction_type_id: str | None
    back_link: str | None
    failure_link: str | None
    post_link: bool | None
    post_link_status: bool | None
    merchant_id: str | None
    shop_id: str | None
    secure_3d: bool | None
    card_id: str | None
    card_hash: str | None = attrs.field(repr=hidden)
    card_mask: str | None = attrs.field(repr=masked_card)
    installment_id: str | None
    terminal: str | None
    init_reference: str | None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


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
