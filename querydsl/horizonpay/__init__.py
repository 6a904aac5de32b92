"""Horizonpay API v3: typed transaction responses, processing codes, and a schema to search them."""

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
from querydsl.horizonpay.schema import SCHEMA

__all__ = [
    "SCHEMA",
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
