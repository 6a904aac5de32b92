"""The Homebank ePay `/operations` API: request payloads, response models, and the client.

Names load on first use, so that `import querydsl` does not pay for the response models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from querydsl.lazy import exports

_HOMES = {
    "AsyncClient": ".client",
    "Client": ".client",
    "from_payload": ".payload",
    "validate_payload": ".payload",
    "json_schema": ".request_schema",
    "CardType": ".models",
    "ErrorResponse": ".models",
    "Operation": ".models",
    "OperationsPage": ".models",
    "load_error": ".responses",
    "load_operations": ".responses",
    "make_converter": ".responses",
}
__all__ = [
    "AsyncClient",
    "CardType",
    "Client",
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


__getattr__, __dir__ = exports(__name__, _HOMES)


if TYPE_CHECKING:
    from querydsl.homebank.client import AsyncClient, Client
    from querydsl.homebank.models import CardType, ErrorResponse, Operation, OperationsPage
    from querydsl.homebank.payload import from_payload, validate_payload
    from querydsl.homebank.request_schema import json_schema
    from querydsl.homebank.responses import load_error, load_operations, make_converter
