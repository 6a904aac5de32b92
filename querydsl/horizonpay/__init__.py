"""Horizonpay API v3: typed transaction responses and processing codes."""

from querydsl.horizonpay.codes import ProcessingCode, Service
from querydsl.horizonpay.responses import (
    AdditionalData,
    AvsCvcVerification,
    Browser,
    Customer,
    Links,
    PaymentMethod,
    Recipient,
    RecipientCustomer,
    SmartRoutingVerification,
    ThreeDSecureVerification,
    Transaction,
    TransactionDetails,
    VerificationResult,
    load_transaction,
    make_converter,
)

__all__ = [
    "AdditionalData",
    "AvsCvcVerification",
    "Browser",
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
]
