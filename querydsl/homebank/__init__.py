"""The Homebank ePay `/operations` API: request payloads and response models."""

from querydsl.homebank.payload import from_payload, validate_payload
from querydsl.homebank.request_schema import json_schema
from querydsl.homebank.responses import (
    CardType,
    ErrorResponse,
    Operation,
    OperationsPage,
    load_error,
    load_operations,
    make_converter,
)

__all__ = [
    "CardType",
    "ErrorResponse",
    "Operation",
    "OperationsPage",
    "from_payload",
    "json_schema",
    "load_error",
    "load_operations",
    "make_converter",
    "validate_payload",
]
