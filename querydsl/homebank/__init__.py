"""The Homebank ePay `/operations` API: request payloads and response models."""

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
    "load_error",
    "load_operations",
    "make_converter",
]
