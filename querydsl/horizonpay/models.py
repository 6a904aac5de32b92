"""Horizonpay API v3 transactions as typed sections: frozen attrs models, the transaction and its
parties (the checks it reports are in `verifications.py`); `responses.py` reads them.

>>> from querydsl.horizonpay import load_transaction
>>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000"})
>>> type(t) is Transaction, t.customer
(True, None)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from querydsl.carddata.cardrepr import hidden, redacted_repr
from querydsl.horizonpay.codes import ProcessingCode
from querydsl.horizonpay.verifications import (
    AvsCvcVerification,
    SmartRoutingVerification,
    ThreeDSecureVerification,
    VerificationResult,
)
from querydsl.language.errors import Diagnostic

# Every section keeps unknown keys in `extra`, and remembers in `_absent` which of its optional
# keys the input left out, so that unstructuring gives back exactly the keys that came in.


@redacted_repr
@attrs.frozen(kw_only=True)
class PaymentMethod:
    """The card (or other method) that paid, or the recipient's card for payouts and P2P.

    The token and the stamp stay in their attributes and show as `'***'` in the repr.

    >>> from querydsl.horizonpay import load_transaction
    >>> card = {"brand": "visa", "last_4": "0013", "exp_year": 2027, "token": "a7f3c9e1"}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "payment_method": card})
    >>> t.payment_method.brand, t.payment_method.last_4, t.payment_method.exp_year
    ('visa', '0013', 2027)
    >>> "a7f3c9e1" in repr(t.payment_method)
    False
    """

    payment_method_type: str | None = None
    holder: str | None = None
    stamp: str | None = attrs.field(default=None, repr=hidden)
    brand: str | None = None
    last_4: str | None = None
    first_1: str | None = None
    bin: str | None = None
    issuer_country: str | None = None
    issuer_name: str | None = None
    product: str | None = None
    exp_month: int | None = None
    exp_year: int | None = None
    token_provider: str | None = None
    token: str | None = attrs.field(default=None, repr=hidden)
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class RecipientCustomer:
    """The recipient's personal and address details.

    >>> from querydsl.horizonpay import load_transaction
    >>> recipient = {"customer": {"first_name": "Dana", "country": "KZ"}}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "recipient": recipient})
    >>> t.recipient.customer.first_name, t.recipient.customer.country, t.recipient.customer.city
    ('Dana', 'KZ', None)
    """

    first_name: str | None = None
    last_name: str | None = None
    address: str | None = None
    country: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class Customer:
    """The paying customer; `birth_date` stays the string the API sends.

    >>> from querydsl.horizonpay import load_transaction
    >>> customer = {"email": "dana@example.com", "ip": "10.6.50.57", "birth_date": "1990-01-31"}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "customer": customer})
    >>> t.customer.email, t.customer.ip, t.customer.birth_date
    ('dana@example.com', '10.6.50.57', '1990-01-31')
    """

    ip: str | None = None
    email: str | None = None
    device_id: str | None = None
    birth_date: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    address: str | None = None
    country: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class Recipient:
    """The recipient of a payout or P2P transfer.

    >>> from querydsl.horizonpay import load_transaction
    >>> recipient = {"payment_method": {"last_4": "0013"}, "customer": {"last_name": "Doe"}}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "recipient": recipient})
    >>> t.recipient.payment_method.last_4, t.recipient.customer.last_name
    ('0013', 'Doe')
    """

    customer: RecipientCustomer | None = None
    payment_method: PaymentMethod | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class Browser:
    """The customer's browser, as sent for 3-D Secure.

    >>> from querydsl.horizonpay import load_transaction
    >>> browser = {"screen_width": 1920, "language": "en-US", "java_enabled": False}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "additional_data": {"browser": browser}})
    >>> t.additional_data.browser.screen_width, t.additional_data.browser.java_enabled
    (1920, False)
    """

    screen_width: int | None = None
    screen_height: int | None = None
    screen_color_depth: int | None = None
    language: str | None = None
    java_enabled: bool | None = None
    user_agent: str | None = None
    time_zone: int | None = None
    time_zone_name: str | None = None
    accept_header: str | None = None
    window_height: int | None = None
    window_width: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class AdditionalData:
    """Browser data and the saved-card contract (a list of strings such as `"recurring"`).

    >>> from querydsl.horizonpay import load_transaction
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "additional_data": {"contract": ["recurring"]}})
    >>> t.additional_data.contract, t.additional_data.browser
    (['recurring'], None)
    """

    browser: Browser | None = None
    contract: list[str] | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class TransactionDetails:
    """The `transaction` section: what the bank said.

    >>> from querydsl.horizonpay import load_transaction
    >>> details = {"auth_code": "654321", "rrn": "730681443792", "amount": 100, "currency": "USD"}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "transaction": details})
    >>> t.transaction.auth_code, t.transaction.rrn, t.transaction.amount
    ('654321', '730681443792', 100)
    """

    ref_id: str | None = None
    message: str | None = None
    amount: int | None = None
    currency: str | None = None
    billing_descriptor: str | None = None
    gateway_id: int | None = None
    status: str | None = None
    auth_code: str | None = None
    rrn: str | None = None
    bank_code: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class Links:
    """The `links` section.

    >>> from querydsl.horizonpay import load_transaction
    >>> links = {"receipt_url": "https://example.com/receipt/1"}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000", "links": links})
    >>> t.links.receipt_url
    'https://example.com/receipt/1'
    """

    receipt_url: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class Transaction:
    """A v3 response; `errors` and `bank_info` have no documented fields and stay plain objects.

    `uid`, `status` and `code` are required, and the status must be one the code's letter allows.

    >>> from querydsl.horizonpay import load_transaction
    >>> t = load_transaction('{"uid": "4107-aba1cf5e57", "status": "pending", "code": "P.9998",'
    ...                      ' "amount": 100, "created_at": "2022-09-15T08:43:56Z"}')
    >>> t.code.statuses, t.amount, t.created_at.isoformat(), t.customer
    (('pending', 'incomplete'), 100, '2022-09-15T08:43:56+00:00', None)
    """

    uid: str
    status: str
    code: ProcessingCode
    friendly_message: str | None = None
    message: str | None = None
    amount: int | None = None
    currency: str | None = None
    description: str | None = None
    type: str | None = None
    tracking_id: str | None = None
    test: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    paid_at: datetime | None = None
    expired_at: datetime | None = None
    closed_at: datetime | None = None
    settled_at: datetime | None = None
    manually_corrected_at: datetime | None = None
    redirect_url: str | None = None
    parent_uid: str | None = None
    reason: str | None = None
    recurring_type: str | None = None
    language: str | None = None
    status_code: int | None = None
    errors: dict[str, Any] | None = None
    customer: Customer | None = None
    payment_method: PaymentMethod | None = None
    recipient: Recipient | None = None
    smart_routing_verification: SmartRoutingVerification | None = None
    three_d_secure_verification: ThreeDSecureVerification | None = None
    additional_data: AdditionalData | None = None
    avs_cvc_verification: AvsCvcVerification | None = None
    transaction: TransactionDetails | None = None
    links: Links | None = None
    bank_info: dict[str, Any] | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)


#: Every model, in the order the converter registers them (a section before those that hold it).
MODELS = (
    PaymentMethod,
    RecipientCustomer,
    Customer,
    Recipient,
    SmartRoutingVerification,
    ThreeDSecureVerification,
    Browser,
    AdditionalData,
    VerificationResult,
    AvsCvcVerification,
    TransactionDetails,
    Links,
    Transaction,
)
