"""Horizonpay API v3: typed transaction responses, processing codes, a schema to search them, the
API client and webhook verification.

`Client` and `verify_webhook` need the `client` extra (httpx, cryptography) and load on first use:
importing this package needs neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from querydsl.horizonpay.codes import ProcessingCode, Service
from querydsl.horizonpay.models import (
    AdditionalData,
    Browser,
    Customer,
    Links,
    PaymentMethod,
    Recipient,
    RecipientCustomer,
    Transaction,
    TransactionDetails,
)
from querydsl.horizonpay.responses import load_transaction, make_converter
from querydsl.horizonpay.schema import SCHEMA
from querydsl.horizonpay.verifications import (
    AvsCvcVerification,
    SmartRoutingVerification,
    ThreeDSecureVerification,
    VerificationResult,
)
from querydsl.lazy import exports

if TYPE_CHECKING:
    from querydsl.horizonpay.client import Client
    from querydsl.horizonpay.webhooks import verify_webhook

# Names whose modules load on first use (their libraries are the `client` extra's).
_HOMES = {
    "Client": "querydsl.horizonpay.client",
    "verify_webhook": "querydsl.horizonpay.webhooks",
}


__getattr__, __dir__ = exports(__name__, _HOMES)


__all__ = [
    "SCHEMA",
    "AdditionalData",
    "AvsCvcVerification",
    "Browser",
    "Client",
    "Customer",
    "Links",
    "PaymentMethod",
    "ProcessingCode",
    "Recipient",
    "RecipientCustomer",
    "Service",
    "SmartRoutingVerification",
    "ThreeDSecureVerification",
    "Transaction",
    "TransactionDetails",
    "VerificationResult",
    "load_transaction",
    "make_converter",
    "verify_webhook",
]
