"""The emulator as a Starlette ASGI app: Homebank's token endpoint and `/operations`, Horizonpay's
two reads, and the emulator's own `/emulator/...` endpoints (data in, webhooks out, the key).
Here are the emulator's state and the app's assembly; the routes are homebank_routes.py and
horizonpay_routes.py, over http.py's plumbing.

>>> from starlette.testclient import TestClient
>>> emulator = Emulator(sample=5, seed=1)
>>> client = TestClient(emulator.app())
>>> token = client.post("/oauth2/token", data=emulator.credentials.password_form()).json()
>>> answer = client.post("/operations", json={"searchParameters": [{"name": "created_date",
...     "method": ">", "searchParameter": ["2000-01-01T00:00:00Z"]}], "orderParameters": []},
...     headers={"Authorization": f"Bearer {token['access_token']}"})
>>> answer.status_code, answer.json()["totalCount"]
(200, 5)
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from querydsl.emulator import homebank_routes as homebank
from querydsl.emulator import horizonpay_routes as horizonpay
from querydsl.emulator import sample as samples
from querydsl.emulator.http import json_answer, refused
from querydsl.emulator.operations import Operations, Paging
from querydsl.emulator.tokens import Credentials, Tokens
from querydsl.emulator.transactions import Transactions
from querydsl.emulator.webhooks import TIMEOUT, Delivery, Signer, deliver

if TYPE_CHECKING:
    from querydsl.store import Store

Answer = tuple[int, dict[str, Any]]


class Emulator:
    """The emulator's state (its credentials, tokens, records, transactions and webhook key)
    and `app()`, the ASGI application over it.

    The operations are kept in `store` (a new in-memory `querydsl.store.Store` by default; a
    store of your own is served as it is, and what is added goes into it). `data` are Homebank
    responses to load (dicts, JSON text or bytes); `sample` and `seed` add that many operations
    and transactions from `querydsl.emulator.sample`. `paging` reads `paging.page` as a page
    number (`"page"`) or a count to skip (`"skip"`). `expires_in` replaces every token's lifetime
    in seconds, `clock` is the time tokens expire by (seconds, `time.monotonic` by default), and
    `expires_in_text` sends `expires_in` as a numeric string. With `webhook_url`, each
    transaction added through `add_transactions` (or `POST /emulator/transactions`) is sent
    there, signed.

    >>> Emulator(sample=3).counts()
    {'operations': 3, 'transactions': 3}
    """

    def __init__(
        self,
        store: Store | None = None,
        *,
        data: Iterable[object] = (),
        sample: int = 0,
        seed: int = 0,
        paging: Paging = "page",
        credentials: Credentials | None = None,
        webhook_url: str | None = None,
        expires_in: int | None = None,
        expires_in_text: bool = False,
        clock: Callable[[], float] = time.monotonic,
        webhook_timeout: float = TIMEOUT,
    ) -> None:
        self.credentials = credentials or Credentials.generate()
        self.tokens = Tokens(
            self.credentials, expires_in=expires_in, expires_in_text=expires_in_text, clock=clock
        )
        self.operations = Operations(store, paging=paging)
        self.transactions = Transactions()
        self.signer = Signer()
        self.webhook_url = webhook_url
        self.webhook_timeout = webhook_timeout
        self.deliveries: list[Delivery] = []
        self._deliveries_lock = threading.Lock()
        for document in data:
            self.operations.add(document)
        if sample:
            self.operations.add(samples.operations(sample, seed))
            self.transactions.add(samples.transactions(sample, seed))

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={count}" for name, count in self.counts().items())
        return f"Emulator({counts}, paging={self.operations.paging!r})"

    def counts(self) -> dict[str, int]:
        """How many operations and transactions it holds.

        >>> Emulator(sample=2).counts()
        {'operations': 2, 'transactions': 2}
        """
        return {"operations": len(self.operations), "transactions": len(self.transactions)}

    @property
    def public_key(self) -> str:
        """The webhook signing key's public half, bare Base64 DER (as the back office shows it).

        >>> Emulator().public_key[:12]
        'MIIBIjANBgkq'
        """
        return self.signer.public_key

    def add_operations(self, data: object) -> int:
        """Add Homebank records (a response, a page, or a list of records); returns how many
        were new. Records that do not load are `SchemaError`, and none is added.

        >>> from querydsl.emulator.sample import operations_page
        >>> Emulator().add_operations(operations_page(4, seed=1))
        4
        """
        return self.operations.add(data)

    def add_transactions(self, data: object) -> list[Delivery]:
        """Add Horizonpay v3 transactions; with a webhook URL, send each there, signed, one after
        another. Returns the deliveries (none without a URL).

        >>> from querydsl.emulator.sample import transactions
        >>> emulator = Emulator()
        >>> emulator.add_transactions(transactions(2, seed=1)), emulator.counts()["transactions"]
        ([], 2)
        """
        added = self.transactions.add(data)
        if self.webhook_url is None:
            return []
        sent = []
        for transaction in added:
            body = json.dumps(transaction, ensure_ascii=False).encode("utf-8")
            signature = self.signer.sign(body)
            sent.append(
                deliver(
                    self.webhook_url,
                    transaction["uid"],
                    body,
                    signature,
                    self.credentials,
                    self.webhook_timeout,
                )
            )
        with self._deliveries_lock:
            self.deliveries.extend(sent)
        return sent

    def app(self) -> Starlette:
        """The ASGI application; `app().state.emulator` is this emulator.

        >>> emulator = Emulator()
        >>> emulator.app().state.emulator is emulator
        True
        """
        routes = [
            Route("/", self._index, methods=["GET"]),
            Route("/oauth2/token", homebank.token, methods=["POST"]),
            Route("/operations", homebank.operations, methods=["POST"]),
            # Any text, `/` too: the server hands the path over percent-decoded, so an encoded
            # `/` in a uid is one; `_segment` then keeps only a uid sent as one segment.
            Route("/transactions/{uid:querydsl_segment}", horizonpay.transaction, methods=["GET"]),
            Route(
                "/v2/transactions/tracking_id/{tracking_id:querydsl_segment}",
                horizonpay.tracking,
                methods=["GET"],
            ),
            Route("/emulator/operations", homebank.add_operations, methods=["POST"]),
            Route("/emulator/transactions", horizonpay.add_transactions, methods=["POST"]),
            Route("/emulator/public-key", horizonpay.public_key, methods=["GET"]),
        ]
        application = Starlette(routes=routes, exception_handlers={HTTPException: refused})
        application.state.emulator = self
        return application

    async def _index(self, request: Request) -> Response:
        return json_answer(
            200,
            {
                "emulator": "querydsl",
                **self.counts(),
                "paging": self.operations.paging,
                "endpoints": ENDPOINTS,
            },
        )


#: What the emulator serves, as its index lists it.
ENDPOINTS = [
    "POST /oauth2/token",
    "POST /operations",
    "GET /transactions/{uid}",
    "GET /v2/transactions/tracking_id/{tracking_id}",
    "POST /emulator/operations",
    "POST /emulator/transactions",
    "GET /emulator/public-key",
]


def app(**options: Any) -> Starlette:
    """The emulator's ASGI application (SPEC 12); the options are `Emulator`'s.

    `app(...).state.emulator` is the `Emulator` behind it (its credentials, its data).

    >>> application = app(sample=2, seed=3)
    >>> application.state.emulator.counts()
    {'operations': 2, 'transactions': 2}
    """
    return Emulator(**options).app()
