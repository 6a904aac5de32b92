"""The emulator's Horizonpay routes: the two reads behind the shop's Basic credentials and
`X-API-Version: 3` (transactions.py), `GET /transactions/{uid}` and
`GET /v2/transactions/tracking_id/{tracking_id}`, with the path parameter that takes a uid holding
`/`; and the emulator's own `POST /emulator/transactions` (transactions in, webhooks out) and
`GET /emulator/public-key` (the webhooks' key).
"""

from __future__ import annotations

import urllib.parse

from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from querydsl.emulator.http import emulator_of, json_answer, read_body, too_large
from querydsl.emulator.transactions import gateway_error, refusal
from querydsl.language.errors import QueryError


def _gateway_refusal(request: Request) -> Response | None:
    refused = refusal(
        emulator_of(request).credentials,
        request.headers.get("authorization"),
        request.headers.get("x-api-version"),
    )
    if refused is None:
        return None
    headers = {"WWW-Authenticate": 'Basic realm="shop"'} if refused[0] == 401 else None
    return json_answer(*refused, headers)


async def transaction(request: Request) -> Response:
    """`GET /transactions/{uid}`: the transaction, or the gateway's E.1404."""
    uid = _segment(request, "uid")
    refused = _gateway_refusal(request)
    if refused is not None:
        return refused
    found = emulator_of(request).transactions.get(uid)
    if found is None:
        return json_answer(
            *gateway_error("E.1404", "no transaction has this uid", {"uid": ["not found"]})
        )
    return json_answer(200, found)


async def tracking(request: Request) -> Response:
    """`GET /v2/transactions/tracking_id/{tracking_id}`: the transactions of a tracking id."""
    tracking_id = _segment(request, "tracking_id")
    refused = _gateway_refusal(request)
    if refused is not None:
        return refused
    found = emulator_of(request).transactions.by_tracking_id(tracking_id)
    return json_answer(200, {"transactions": found})


async def add_transactions(request: Request) -> Response:
    """`POST /emulator/transactions`: transactions in, each sent as a webhook when there is a
    URL; the gateway's E.1025 when they do not load."""
    emulator = emulator_of(request)
    body = await read_body(request)
    if body is None:
        return too_large()
    try:
        sent = await run_in_threadpool(emulator.add_transactions, body)
    except QueryError as error:
        first = error.diagnostics[0]
        errors = {d.path or "/": [d.message] for d in error.diagnostics}
        return json_answer(*gateway_error("E.1025", first.message, errors))
    return json_answer(
        201, {"webhooks": [delivery.to_json() for delivery in sent], **emulator.counts()}
    )


async def public_key(request: Request) -> Response:
    """`GET /emulator/public-key`: the webhooks' public key, bare Base64 DER, as text."""
    emulator = emulator_of(request)
    key = await run_in_threadpool(lambda: emulator.public_key)
    return Response(key, media_type="text/plain", headers={"Cache-Control": "no-store"})


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
    >>> from querydsl.emulator.asgi import Emulator
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
