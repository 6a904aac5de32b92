"""The emulator's Horizonpay side: the transactions it holds, found by uid or tracking id, and
the API v3 checks and error bodies of `GET /transactions/{uid}` and
`GET /v2/transactions/tracking_id/{id}`.

>>> from querydsl.emulator.sample import transactions
>>> book = Transactions()
>>> [t["uid"] for t in book.add(transactions(2, seed=1))] == [t["uid"] for t in transactions(2, 1)]
True
>>> book.get("no-such-uid") is None, len(book.by_tracking_id("order-1-00000"))
(True, 2)
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import secrets
import threading
from datetime import datetime
from typing import Any

from querydsl.emulator.tokens import Credentials
from querydsl.horizonpay.responses import load_transaction
from querydsl.language.errors import Diagnostic, SchemaError
from querydsl.wire.jsontext import load_json

#: At most this many transactions answer a tracking id, the most recent first (APIS.md 4.4).
TRACKING_LIMIT = 10
API_VERSION = "3"
_NEVER = float("-inf")
#: The emulator's own v3 error codes (Horizonpay documents E.1025 only): code -> (HTTP status,
#: friendly_message).
GATEWAY_ERRORS: dict[str, tuple[int, str]] = {
    "E.1401": (401, "Unauthorized"),
    "E.1404": (404, "Transaction not found"),
    "E.1025": (422, "Invalid request params"),
}

Answer = tuple[int, dict[str, Any]]


def gateway_error(code: str, message: str, errors: dict[str, list[str]] | None = None) -> Answer:
    """A v3 error body: `code`, `friendly_message`, `message`, `errors` (APIS.md 4.6).

    >>> gateway_error("E.1404", "no transaction has this uid", {"uid": ["not found"]})[0]
    404
    """
    status, friendly = GATEWAY_ERRORS[code]
    body = {"code": code, "friendly_message": friendly, "message": message, "errors": errors or {}}
    return status, body


def refusal(
    credentials: Credentials, authorization: str | None, version: str | None
) -> Answer | None:
    """None when a request carries the shop's HTTP Basic credentials and `X-API-Version: 3`,
    else the answer that refuses it.

    >>> credentials = Credentials.generate()
    >>> refusal(credentials, None, "3")[1]["code"]
    'E.1401'
    """
    scheme, _, encoded = (authorization or "").strip().partition(" ")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    shop_id, colon, secret_key = decoded.partition(":")
    if not (
        scheme.lower() == "basic"
        and colon
        and secrets.compare_digest(shop_id.encode(), credentials.shop_id.encode())
        & secrets.compare_digest(secret_key.encode(), credentials.secret_key.encode())
    ):
        return gateway_error("E.1401", "HTTP Basic authentication with the shop id and secret key")
    if (version or "").strip() != API_VERSION:
        return gateway_error(
            "E.1025",
            "this emulator answers API v3 only: send the header X-API-Version: 3",
            {"X-API-Version": ["must be 3"]},
        )
    return None


def _items(data: object) -> list[Any]:
    """The transactions in what `add` was given: one, a list, or `{"transactions": [...]}`."""
    if isinstance(data, (str, bytes, bytearray)):
        # A repeated key is read as JSON readers do, the last value counting: the v3
        # documentation's own example repeats `exp_year`.
        data, problems = load_json(data)
        if data is None and problems:
            raise SchemaError(problems)
    if isinstance(data, dict) and set(data) == {"transactions"}:
        data = data["transactions"]
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise SchemaError(
        [
            Diagnostic(
                "invalid_shape",
                'expected a transaction, a list of them, or {"transactions": [...]}',
                path="",
            )
        ]
    )


class Transactions:
    """Horizonpay v3 transactions by uid; each is served exactly as it was added."""

    def __init__(self) -> None:
        self._by_uid: dict[str, dict[str, Any]] = {}
        self._order: dict[str, int] = {}  # uid -> when it was last added
        self._count = itertools.count()
        self._created: dict[str, float] = {}  # uid -> created_at as a timestamp (-inf: none)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._by_uid)

    def add(self, data: object) -> list[dict[str, Any]]:
        """Add v3 transactions (a dict, a list, `{"transactions": [...]}`, or their JSON text);
        each must read as a v3 transaction (`load_transaction`), else `SchemaError` and nothing is
        added. A uid added again replaces the transaction (as an update does). Returns them.

        >>> Transactions().add({"uid": "1-a", "status": "failed", "code": "F.0114"})[0]["uid"]
        '1-a'
        """
        items = _items(data)
        problems: list[Diagnostic] = []
        created: list[datetime | None] = []
        for index, item in enumerate(items):
            try:
                created.append(load_transaction(item).created_at)
            except SchemaError as error:
                problems.extend(
                    Diagnostic(d.code, d.message, path=f"/{index}{d.path or ''}", hint=d.hint)
                    for d in error.diagnostics
                )
        if problems:
            raise SchemaError(problems)
        # Served as added: a JSON round trip keeps a caller's later changes out of the emulator.
        kept = [json.loads(json.dumps(item)) for item in items]
        with self._lock:
            for item, moment in zip(kept, created, strict=True):
                self._order[item["uid"]] = next(self._count)
                self._by_uid[item["uid"]] = item
                self._created[item["uid"]] = _NEVER if moment is None else moment.timestamp()
        return kept

    def get(self, uid: str) -> dict[str, Any] | None:
        """The transaction with this uid, or None."""
        with self._lock:
            return self._by_uid.get(uid)

    def by_tracking_id(self, tracking_id: str) -> list[dict[str, Any]]:
        """Up to TRACKING_LIMIT transactions with this tracking id, the most recently created
        first (ties: the one added last first)."""
        with self._lock:
            found = [t for t in self._by_uid.values() if t.get("tracking_id") == tracking_id]
            found.sort(key=lambda t: (self._created[t["uid"]], self._order[t["uid"]]), reverse=True)
        return found[:TRACKING_LIMIT]
