"""The emulator as a Starlette ASGI app: Homebank's token endpoint and `/operations`, Horizonpay's
two reads, and the emulator's own `/emulator/...` endpoints (data in, webhooks out, the key).

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

import email.parser
import email.policy
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from querydsl.emulator import sample as samples
from querydsl.emulator.operations import BODY_TOO_LARGE, MAX_BODY, Operations, Paging
from querydsl.emulator.tokens import Credentials, Tokens, token_error
from querydsl.emulator.transactions import Transactions, gateway_error, refusal
from querydsl.emulator.webhooks import TIMEOUT, Delivery, Signer, deliver
from querydsl.language.errors import QueryError

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
            Route("/oauth2/token", self._token, methods=["POST"]),
            Route("/operations", self._operations, methods=["POST"]),
            # Any text, `/` too: the server hands the path over percent-decoded, so an encoded
            # `/` in a uid is one; `_segment` then keeps only a uid sent as one segment.
            Route("/transactions/{uid:querydsl_segment}", self._transaction, methods=["GET"]),
            Route(
                "/v2/transactions/tracking_id/{tracking_id:querydsl_segment}",
                self._tracking,
                methods=["GET"],
            ),
            Route("/emulator/operations", self._add_operations, methods=["POST"]),
            Route("/emulator/transactions", self._add_transactions, methods=["POST"]),
            Route("/emulator/public-key", self._public_key, methods=["GET"]),
        ]
        application = Starlette(routes=routes, exception_handlers={HTTPException: _refused})
        application.state.emulator = self
        return application

    # ---- Homebank ------------------------------------------------------------------------

    async def _token(self, request: Request) -> Response:
        body = await _body(request)
        if body is None:
            return _json(413, {"code": BODY_TOO_LARGE[0], "message": BODY_TOO_LARGE[1]})
        form = _form(request.headers.get("content-type", ""), body)
        if form is None:
            return _json(*token_error(907, "send the form as application/x-www-form-urlencoded"))
        return _json(*self.tokens.grant(form))

    async def _operations(self, request: Request) -> Response:
        refused = self.tokens.check(request.headers.get("authorization"))
        if refused is not None:
            return _json(401, refused, {"WWW-Authenticate": "Bearer"})
        body = await _body(request)
        if body is None:
            return _json(413, {"code": BODY_TOO_LARGE[0], "message": BODY_TOO_LARGE[1]})
        status, answer = await run_in_threadpool(self.operations.answer, body)
        return Response(answer, status, headers=_NO_STORE, media_type="application/json")

    async def _add_operations(self, request: Request) -> Response:
        body = await _body(request)
        if body is None:
            return _json(413, {"code": BODY_TOO_LARGE[0], "message": BODY_TOO_LARGE[1]})
        try:
            added = await run_in_threadpool(self.add_operations, body)
        except QueryError as error:
            first = error.diagnostics[0]
            where = f" (at {first.path})" if first.path else ""
            return _json(400, {"code": 920, "message": f"Invalid Records: {first.message}{where}"})
        return _json(201, {"added": added, **self.counts()})

    # ---- Horizonpay ----------------------------------------------------------------------

    def _gateway_refusal(self, request: Request) -> Response | None:
        refused = refusal(
            self.credentials,
            request.headers.get("authorization"),
            request.headers.get("x-api-version"),
        )
        if refused is None:
            return None
        headers = {"WWW-Authenticate": 'Basic realm="shop"'} if refused[0] == 401 else None
        return _json(*refused, headers)

    async def _transaction(self, request: Request) -> Response:
        uid = _segment(request, "uid")
        refused = self._gateway_refusal(request)
        if refused is not None:
            return refused
        found = self.transactions.get(uid)
        if found is None:
            return _json(
                *gateway_error("E.1404", "no transaction has this uid", {"uid": ["not found"]})
            )
        return _json(200, found)

    async def _tracking(self, request: Request) -> Response:
        tracking_id = _segment(request, "tracking_id")
        refused = self._gateway_refusal(request)
        if refused is not None:
            return refused
        found = self.transactions.by_tracking_id(tracking_id)
        return _json(200, {"transactions": found})

    async def _add_transactions(self, request: Request) -> Response:
        body = await _body(request)
        if body is None:
            return _json(413, {"code": BODY_TOO_LARGE[0], "message": BODY_TOO_LARGE[1]})
        try:
            sent = await run_in_threadpool(self.add_transactions, body)
        except QueryError as error:
            first = error.diagnostics[0]
            errors = {d.path or "/": [d.message] for d in error.diagnostics}
            return _json(*gateway_error("E.1025", first.message, errors))
        return _json(201, {"webhooks": [delivery.to_json() for delivery in sent], **self.counts()})

    async def _public_key(self, request: Request) -> Response:
        key = await run_in_threadpool(lambda: self.public_key)
        return Response(key, media_type="text/plain", headers={"Cache-Control": "no-store"})

    async def _index(self, request: Request) -> Response:
        return _json(
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


_NO_STORE = {"Cache-Control": "no-store"}


def _json(status: int, value: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    every = {**_NO_STORE, **(headers or {})}
    return Response(body, status, headers=every, media_type="application/json")


async def _body(request: Request) -> bytes | None:
    """The body, or None when it is over MAX_BODY bytes."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
    except ClientDisconnect:
        return b""
    return b"".join(chunks)


def _form(content_type: str, body: bytes) -> dict[str, str] | None:
    """The fields of a form, URL-encoded or `multipart/form-data` (APIS.md 1.2: the docs say
    "form-data"), the first value of each name; None for any other content type."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        try:
            pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        except (UnicodeDecodeError, ValueError):
            return {}
        return {name: value for name, value in reversed(pairs)}
    if kind == "multipart/form-data":
        header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
        fields: dict[str, str] = {}
        for part in message.iter_parts() if message.is_multipart() else ():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes) and name not in fields:
                fields[name] = payload.decode("utf-8", "replace")
        return fields
    return None


class _Segment(Convertor[str]):
    """A path parameter of any text, `/` and line breaks too (Starlette's `path` stops at a line
    break): what one percent-decoded segment can hold."""

    regex = "(?s:.+)"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("querydsl_segment", _Segment())


def _segment(request: Request, name: str) -> str:
    """The path parameter `name` (the path's last part), percent-decoded, when the request sent it
    as one segment: `a%2Fb` is the uid `a/b`, while `a/b` as sent is two segments and no such
    path (HTTP 404, code 941, as before).

    >>> from starlette.testclient import TestClient
    >>> emulator = Emulator()
    >>> emulator.add_transactions(b'{"uid": "1/a", "status": "failed", "code": "F.0114"}')
    []
    >>> own = emulator.credentials
    >>> client = TestClient(emulator.app(), headers={"X-API-Version": "3"})
    >>> for path in ("/transactions/1%2Fa", "/transactions/1/a"):
    ...     answer = client.get(path, auth=(own.shop_id, own.secret_key))
    ...     print(answer.status_code, answer.json().get("uid"), answer.json().get("code"))
    200 1/a F.0114
    404 None 941
    """
    value: str = request.path_params[name]
    raw = request.scope.get("raw_path")
    if isinstance(raw, bytes):  # ASGI servers decode the path as uvicorn does: unquote, UTF-8
        sent = urllib.parse.unquote(raw.decode("latin-1").rpartition("/")[2])
    else:
        sent = value  # a server that gives no raw path: the decoded one is all there is
    if sent != value:
        raise HTTPException(404)
    return value


async def _refused(request: Request, refusal: Exception) -> Response:
    """Starlette's own refusals (no such path, a method the path does not take) as JSON."""
    assert isinstance(refusal, HTTPException)
    status = HTTPStatus(refusal.status_code)
    allowed = (refusal.headers or {}).get("Allow")
    code = {HTTPStatus.NOT_FOUND: 941, HTTPStatus.METHOD_NOT_ALLOWED: 942}.get(status, 943)
    return _json(
        status, {"code": code, "message": status.phrase}, {"Allow": allowed} if allowed else None
    )
