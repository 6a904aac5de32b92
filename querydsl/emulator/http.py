"""The emulator's HTTP plumbing, shared by its routes: a body read within MAX_BODY, JSON answers
that are never cached, Starlette's own refusals (no such path, method) as JSON, and the emulator
behind a request.

>>> answer = json_answer(201, {"added": 1})
>>> answer.status_code, answer.body, answer.headers["cache-control"]
(201, b'{"added": 1}', 'no-store')
>>> too_large().status_code
413
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from querydsl.emulator.operations import BODY_TOO_LARGE, MAX_BODY

if TYPE_CHECKING:
    from querydsl.emulator.asgi import Emulator

NO_STORE = {"Cache-Control": "no-store"}


def emulator_of(request: Request) -> Emulator:
    """The emulator whose app took `request` (`app().state.emulator`)."""
    emulator: Emulator = request.app.state.emulator
    return emulator


def json_answer(status: int, value: Any, headers: dict[str, str] | None = None) -> Response:
    """`value` as JSON (UTF-8, not ASCII-escaped), with `Cache-Control: no-store`."""
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    every = {**NO_STORE, **(headers or {})}
    return Response(body, status, headers=every, media_type="application/json")


def too_large() -> Response:
    """The answer to a body over MAX_BODY bytes."""
    return json_answer(413, {"code": BODY_TOO_LARGE[0], "message": BODY_TOO_LARGE[1]})


async def read_body(request: Request) -> bytes | None:
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


async def refused(request: Request, refusal: Exception) -> Response:
    """Starlette's own refusals (no such path, a method the path does not take) as JSON."""
    assert isinstance(refusal, HTTPException)
    status = HTTPStatus(refusal.status_code)
    allowed = (refusal.headers or {}).get("Allow")
    code = {HTTPStatus.NOT_FOUND: 941, HTTPStatus.METHOD_NOT_ALLOWED: 942}.get(status, 943)
    return json_answer(
        status, {"code": code, "message": status.phrase}, {"Allow": allowed} if allowed else None
    )
