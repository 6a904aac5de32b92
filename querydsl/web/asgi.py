"""The search box as a Starlette ASGI app: the page, the component and the JSON endpoints."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from http import HTTPStatus

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from querydsl.homebank.schema import HOMEBANK
from querydsl.language.schema import Schema
from querydsl.searchbox.provider import ValueProvider
from querydsl.web.assets import Asset, assets
from querydsl.web.endpoints import (
    MAX_BODY,
    NAMES,
    SECURITY_HEADERS,
    Answer,
    Endpoints,
    error,
)

#: A request's body must arrive within this many seconds in all, however slowly it trickles.
BODY_SECONDS = 10.0


def app(
    *, schema: Schema = HOMEBANK, values: ValueProvider | None = None, tz: str | None = None
) -> Starlette:
    """The search box's ASGI application, to mount at any path (SPEC 11).

    Under its mount: `GET /` the playground page, `GET /querydsl-search.js` the component (and
    the page's other files, from querydsl/web/static), `POST /api/compile`, `/api/complete`,
    `/api/tokens`, `/api/explain` and `/api/lint`. `tz` is the time zone of requests that send
    none (None: UTC); `values` gives completion the values of string fields. No CORS headers:
    add Starlette's CORSMiddleware around it to let other origins call it.

    >>> from starlette.testclient import TestClient
    >>> answer = TestClient(app()).post("/api/tokens", json={"text": "amount"})
    >>> answer.status_code, answer.json()["tokens"][0]["kind"]
    (200, 'field')
    """
    endpoints = Endpoints(schema, values, tz)
    routes = [
        *(Route(f"/api/{name}", _endpoint(endpoints, name), methods=["POST"]) for name in NAMES),
        *(Route(path, _asset(asset), methods=["GET"]) for path, asset in assets().items()),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: _refused},
    )


def json_response(answer: Answer, headers: dict[str, str] | None = None) -> Response:
    """An answer as JSON: ASCII with `\\u` escapes (a lone surrogate has no UTF-8 bytes)."""
    status, value = answer
    body = json.dumps(value).encode("ascii")
    every = {**SECURITY_HEADERS, **(headers or {})}
    return Response(body, status, headers=every, media_type="application/json")


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every answer that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_guarded)


def _endpoint(endpoints: Endpoints, name: str) -> Callable[[Request], Awaitable[Response]]:
    async def answer(request: Request) -> Response:
        content_type = request.headers.get("content-type")
        refused = endpoints.refusal(name, content_type, _declared_length(request.headers))
        if refused is not None:  # the body is not read: the server drops what still comes
            return json_response(refused)
        try:
            with anyio.fail_after(BODY_SECONDS):
                body = await _body(request)
        except TimeoutError:
            late = error(HTTPStatus.REQUEST_TIMEOUT, "the body came too slowly")
            return json_response(late, {"Connection": "close"})
        except ClientDisconnect:  # gone: nobody reads this answer, and nothing is logged
            return Response(status_code=HTTPStatus.BAD_REQUEST)
        # In a thread: a value provider may wait for its store.
        return json_response(await run_in_threadpool(endpoints.answer, name, body, content_type))

    answer.__name__ = f"api_{name}"
    return answer


def _declared_length(headers: Headers) -> int | None:
    """The Content-Length (the server has checked it is one number), or None if chunked."""
    length = headers.get("content-length")
    return int(length) if length is not None and length.isdigit() else None


async def _body(request: Request) -> bytes:
    """The body, or as much of it as shows it is over MAX_BODY (a chunked body has no length)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:
            break
    return b"".join(chunks)


def _asset(asset: Asset) -> Callable[[Request], Awaitable[Response]]:
    async def serve(request: Request) -> Response:
        return Response(asset.read(), media_type=asset.content_type)

    serve.__name__ = f"asset_{asset.name}"
    return serve


async def _refused(request: Request, refusal: Exception) -> Response:
    """Starlette's own refusals (no such path, a method the path does not take) as JSON, in
    words that quote nothing of the request."""
    assert isinstance(refusal, HTTPException)
    allowed = (refusal.headers or {}).get("Allow")
    messages: dict[int, str] = {
        HTTPStatus.NOT_FOUND: "nothing is there",
        HTTPStatus.METHOD_NOT_ALLOWED: f"this path takes {allowed}",
    }
    status = HTTPStatus(refusal.status_code)
    headers = {"Allow": allowed} if allowed else None
    return json_response(error(status, messages.get(status, status.phrase)), headers)
