"""The errors of the API clients and of webhook verification (SPEC 12).

Each is a `ClientError`; none carries a secret (password, client secret, token) or card data:
messages are built from the provider's code and words, the HTTP status and the operation.

>>> error = ApiError(code=232, message="Search Method Unavailable", status=400)
>>> error
ApiError(code=232, status=400)
>>> str(error)
'HTTP 400: the API answered code 232: Search Method Unavailable'
>>> isinstance(error, ClientError)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ClientError(Exception):
    """The base of every error the API clients and `verify_webhook` raise.

    >>> issubclass(TransportError, ClientError), issubclass(ClientError, ValueError)
    (True, False)
    """


class ApiError(ClientError):
    """The API answered with its error shape: `code`, `message` and the HTTP `status`; `details`
    holds what else a provider's shape carries (Horizonpay: `processing_code`, `friendly_message`,
    `errors`), empty when there is nothing more.

    >>> ApiError(code="F.1234", message="declined", status=422).code
    'F.1234'
    >>> ApiError(code="E.1025", message="bad", status=422, details={"errors": {}}).details
    {'errors': {}}
    """

    def __init__(
        self,
        *,
        code: int | str | None,
        message: str,
        status: int,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.details: Mapping[str, Any] = {} if details is None else details
        super().__init__(code, message, status)

    def __str__(self) -> str:
        return f"HTTP {self.status}: the API answered code {self.code}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, status={self.status})"


class TransportError(ClientError):
    """The request did not get an answer it could use after every retry: a connection failure,
    a timeout, 429, or 502/503/504.

    >>> str(TransportError("POST /operations: HTTP 503 after 4 attempts"))
    'POST /operations: HTTP 503 after 4 attempts'
    """


class SignatureError(ClientError):
    """A webhook's `Content-Signature` does not verify against the public key (or is malformed).

    >>> str(SignatureError("the signature does not match the body"))
    'the signature does not match the body'
    """
