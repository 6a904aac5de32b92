"""Real HTTP servers on loopback for the client tests: a recorder around any ASGI app (what was
asked, and what was answered), and a scripted upstream that answers as a test tells it to."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from response_strategies import homebank_seed_text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from querydsl.web.server import running


@dataclass
class Exchange:
    """One request a server took, and the status it answered."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 0

    def form(self) -> dict[str, str]:
        """A URL-encoded body's fields."""
        return dict(urllib.parse.parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))

    @property
    def grant(self) -> str | None:
        """The token request's grant_type (URL-encoded or multipart), else None."""
        if self.path != "/oauth2/token":
            return None
        if self.headers.get("content-type", "").startswith("multipart/"):
            for grant in ("password", "refresh_token", "client_credentials"):
                if f'name="grant_type"\r\n\r\n{grant}\r\n'.encode() in self.body:
                    return grant
            return "?"
        return self.form().get("grant_type")


@dataclass
class Recorder:
    """ASGI middleware: every exchange, in order."""

    app: ASGIApp
    exchanges: list[Exchange] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        exchange = Exchange(scope["method"], scope["path"], headers, b"")
        with self.lock:
            self.exchanges.append(exchange)

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                exchange.body += message.get("body", b"")
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                exchange.status = message["status"]
            await send(message)

        await self.app(scope, receiving, sending)

    def seen(self) -> list[tuple[str, int]]:
        """(path, or the token grant, and the status) of each exchange."""
        with self.lock:
            return [(e.grant or e.path, e.status) for e in self.exchanges]

    def clear(self) -> None:
        with self.lock:
            self.exchanges.clear()


@contextlib.contextmanager
def serving(app: ASGIApp) -> Iterator[tuple[str, Recorder]]:
    """The app behind a recorder, served by uvicorn on a free loopback port: its base URL and
    the recorder."""
    recorder = Recorder(app)
    with running("127.0.0.1", 0, recorder) as server:
        yield server.url.rstrip("/"), recorder


#: An answer of the scripted upstream: (status, JSON body or raw bytes, headers), or a number of
#: seconds to wait before answering the page (longer than the client's timeout: a timeout).
Answer = tuple[int, Any, dict[str, str]] | float


class Upstream:
    """A scripted Homebank: `POST /oauth2/token` answers from `tokens` (then issues tokens
    `t1`, `t2`, ... with a refresh token), `POST /operations` answers from `answers` (then the
    seed's page, its totalCount set to its length)."""

    def __init__(self, answers: list[Answer] = (), tokens: list[Answer] = ()) -> None:  # type: ignore[assignment]
        self.answers, self.tokens = list(answers), list(tokens)
        self.issued = 0
        self.page = json.loads(homebank_seed_text())
        self.page["totalCount"] = len(self.page["records"])

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/oauth2/token", self._token, methods=["POST"]),
                Route("/operations", self._operations, methods=["POST"]),
            ]
        )

    async def _token(self, request: Request) -> Response:
        await request.body()
        if self.tokens:
            return await _answer(self.tokens.pop(0), None)
        self.issued += 1
        body = {"access_token": f"t{self.issued}", "token_type": "bearer",
                "refresh_token": f"r{self.issued}", "expires_in": 43199}  # fmt: skip
        return _json(200, body, {})

    async def _operations(self, request: Request) -> Response:
        await request.body()
        answer = self.answers.pop(0) if self.answers else (200, self.page, {})
        return await _answer(answer, self.page)


async def _answer(answer: Answer, page: object) -> Response:
    if isinstance(answer, float | int):
        await asyncio.sleep(answer)
        return _json(200, page, {})
    status, body, headers = answer
    return _json(status, body, headers)


def _json(status: int, body: Any, headers: dict[str, str]) -> Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    return Response(content, status, headers=headers, media_type="application/json")
