"""`querydsl serve`: the search box's app (asgi.py) served by uvicorn, on loopback by default."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http import HTTPStatus

import uvicorn
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from querydsl.web.asgi import app, json_response
from querydsl.web.endpoints import error

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765
#: The names a server on loopback answers to: a web page cannot rebind its own name onto it.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
#: Connections waiting to be accepted (the standard library's server had 5).
BACKLOG = 2048
#: On shutdown, requests still running get this many seconds to finish.
SHUTDOWN_SECONDS = 2


class LoopbackHosts:
    """ASGI middleware: 421 for a request whose `Host` is not a loopback name."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _is_loopback_name(Headers(scope=scope).get("host", "")):
            refused = error(HTTPStatus.MISDIRECTED_REQUEST, "this server answers to localhost only")
            await json_response(refused)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class PlaygroundServer:
    """uvicorn serving an ASGI app (the search box's by default) on a socket bound at once.

    On a loopback address only loopback `Host` names are answered (LoopbackHosts).
    Nothing is logged but uvicorn's warnings: a request's path or body may hold card data.
    """

    def __init__(self, host: str, port: int, application: ASGIApp | None = None) -> None:
        self.loopback_only = _is_loopback_address(host)
        served = app() if application is None else application
        if self.loopback_only:
            served = LoopbackHosts(served)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.create_server((host, port), family=family, backlog=BACKLOG)
        # Each answer goes out at once: with Nagle's algorithm on, an answer written in two
        # parts (head, then body) waits for the client's delayed ACK, 40 ms per request here.
        # Linux hands the option on to every accepted connection.
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        config = uvicorn.Config(
            served,
            log_config=None,  # the process's logging stays as it was
            access_log=False,
            server_header=False,
            backlog=BACKLOG,
            timeout_graceful_shutdown=SHUTDOWN_SECONDS,
        )
        self._uvicorn = uvicorn.Server(config)

    @property
    def server_address(self) -> tuple[str, int]:
        """The address and port listened on (the port chosen, for port 0)."""
        host, port = self.socket.getsockname()[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        """The page's address, e.g. `http://127.0.0.1:8765/`."""
        host, port = self.server_address
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    @property
    def started(self) -> bool:
        """Whether uvicorn has started accepting connections."""
        return bool(self._uvicorn.started)

    def serve_forever(self) -> None:
        """Serve until `shutdown()` or, in the main thread, Ctrl-C (KeyboardInterrupt after
        the requests running have had SHUTDOWN_SECONDS to finish)."""
        self._uvicorn.run(sockets=[self.socket])

    def shutdown(self) -> None:
        """Ask `serve_forever` to return (it may take up to SHUTDOWN_SECONDS)."""
        self._uvicorn.should_exit = True

    def server_close(self) -> None:
        """Close the listening socket."""
        self.socket.close()


def make_server(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, application: ASGIApp | None = None
) -> PlaygroundServer:
    """A server bound to `host:port` (port 0 picks a free one); call serve_forever.

    >>> server = make_server(port=0); server.url.startswith("http://127.0.0.1:")
    True
    >>> server.server_close()
    """
    return PlaygroundServer(host, port, application)


@contextlib.contextmanager
def running(
    host: str = DEFAULT_HOST, port: int = 0, application: ASGIApp | None = None
) -> Iterator[PlaygroundServer]:
    """A server answering from a background thread until the block ends.

    >>> import urllib.request
    >>> with running() as server:
    ...     urllib.request.urlopen(server.url).status
    200
    """
    server = make_server(host, port, application)
    thread = threading.Thread(target=server.serve_forever, name="querydsl-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=SHUTDOWN_SECONDS + 5)
        server.server_close()


def _is_loopback_address(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_loopback_name(host: str) -> bool:
    """Whether a `Host` header names this machine: `localhost`, `127.0.0.1` or `[::1]`, with or
    without a port."""
    name = host if host.endswith("]") else host.rsplit(":", 1)[0]
    return name.strip("[]").lower() in LOOPBACK_NAMES
