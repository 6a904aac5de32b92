"""The playground over HTTP: the page with a search box, and the JSON endpoints (endpoints.py)."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import TYPE_CHECKING, Any

from querydsl.web.endpoints import ENDPOINTS, BadRequest

#: The largest request body taken, in bytes (a query is at most 10 000 characters).
MAX_BODY = 64 * 1024
#: After a 413, up to this much of the body is read and dropped, so the answer is not reset.
_DRAIN_LIMIT = 1024 * 1024
#: A request's line and headers must arrive within this many seconds in all (so an idle
#: keep-alive connection is closed after as long), and so must its body.
HEAD_SECONDS = BODY_SECONDS = 10
_DIGITS = re.compile(r"[0-9]+")
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class _TimedReader(io.RawIOBase):
    """The connection's reads, each given only the time left until `deadline`.

    The standard library reads the request line and each header with a timeout per read, so
    a client sending a byte at a time could hold a thread as long as it liked.
    """

    def __init__(self, connection: socket.socket, timeout: float) -> None:
        self.connection = connection
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout

    def allow(self, seconds: float) -> None:
        """From now on, reads must be done within `seconds`."""
        self.deadline = time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request came too slowly")
        self.connection.settimeout(min(left, self.timeout))
        try:
            return self.connection.recv_into(buffer)
        finally:
            self.connection.settimeout(self.timeout)  # for writes: the answer is not hurried


class PlaygroundHandler(BaseHTTPRequestHandler):
    """Serves the page, its two assets and the JSON endpoints; nothing else."""

    server_version = "querydsl-playground"
    protocol_version = "HTTP/1.1"
    timeout = 30  # a client that stops reading does not hold a thread for ever
    _unread = 0  # the bytes of a refused body the client may still send
    _invited = False  # whether `100 Continue` asked for the body

    def setup(self) -> None:
        super().setup()
        self._reader = _TimedReader(self.connection, self.timeout)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        """One request, its line and headers read within HEAD_SECONDS (the library closes
        the connection, saying nothing, when they come too slowly)."""
        self._reader.allow(HEAD_SECONDS)
        super().handle_one_request()

    def do_GET(self) -> None:
        if not self._host_allowed():
            return
        path = self.path.split("?", 1)[0]
        if path not in _STATIC:
            self._refuse(path)
            return
        if self._carries_body():
            self.close_connection = True  # a body we do not read must not pass for a request
        name, content_type = _STATIC[path]
        body = resources.files("querydsl.web").joinpath("playground", name).read_bytes()
        self._send(HTTPStatus.OK, body, content_type)

    def do_HEAD(self) -> None:
        self.do_GET()  # _send leaves the body out

    def do_POST(self) -> None:
        if not self._host_allowed():
            return
        path = self.path.split("?", 1)[0]
        endpoint = ENDPOINTS.get(path)
        if endpoint is None:
            self._refuse(path)
            return
        try:
            body = self._json_body()
            result = endpoint(body)
        except BadRequest as error:
            self._error(error.status, error.message)
            if not self.headers.get("Expect") or self._invited:  # else nothing more is coming
                self._drain()
            return
        self._json(HTTPStatus.OK, result)

    def _other_method(self) -> None:
        if self._host_allowed():
            self._refuse(self.path.split("?", 1)[0])

    # Methods no path takes. (OPTIONS too: a cross-site preflight is refused, see _json_body.)
    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _other_method

    def _refuse(self, path: str) -> None:
        """404 for a path that is not there; 405, naming the methods it takes, for one that is."""
        allowed = "POST" if path in ENDPOINTS else "GET, HEAD" if path in _STATIC else None
        if allowed is None:
            self._error(HTTPStatus.NOT_FOUND, "nothing is there")  # the path: the client has it
        else:
            message = f"{path} takes {allowed.replace(', ', ' or ')}"
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, message, allow=allowed)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (a bad request line, an unknown method), as JSON.

        Only the status's phrase: the library's message quotes the request line, which may
        hold card data.
        """
        self.close_connection = True
        try:
            status = HTTPStatus(code)
        except ValueError:
            status = HTTPStatus.BAD_REQUEST
        self._error(status, status.phrase)

    def handle_expect_100(self) -> bool:
        """Invite the body only of a request that may be read: any other is refused at once,
        without the client sending its body first."""
        self._invited = (
            self._host_ok()
            and self._is_json()
            and not self.headers.get("Transfer-Encoding")
            and 0 <= self._length() <= MAX_BODY
        )
        return super().handle_expect_100() if self._invited else True  # else do_POST refuses it

    def _carries_body(self) -> bool:
        length = self.headers.get("Content-Length", "0").strip(" \t")
        return length != "0" or bool(self.headers.get("Transfer-Encoding"))

    def _is_json(self) -> bool:
        content_type = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        return content_type == "application/json"

    def _length(self) -> int:
        """The body's length: -1 if it is not one Content-Length in ASCII digits."""
        lengths = self.headers.get_all("Content-Length") or []
        if len(set(lengths)) != 1 or not _DIGITS.fullmatch(lengths[0].strip(" \t")):
            return -1
        digits = lengths[0].strip(" \t").lstrip("0") or "0"
        return int(digits) if len(digits) <= 18 else MAX_BODY + 1  # int() stops at 4 300 digits

    def _json_body(self) -> dict[str, Any]:
        if self.headers.get("Transfer-Encoding") or "Content-Length" not in self.headers:
            raise BadRequest(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length")
        length = self._length()
        if length < 0:
            raise BadRequest(HTTPStatus.BAD_REQUEST, "send one Content-Length, a whole number")
        if length > MAX_BODY:
            self._unread = length
            raise BadRequest(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body may be at most {MAX_BODY} bytes"
            )
        if not self._is_json():
            # Also keeps other web sites out: a cross-site JSON POST needs a preflight we refuse.
            self._unread = length
            message = "send Content-Type: application/json"
            raise BadRequest(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, message)
        raw = self._read(length)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as error:  # also an integer too long to read
            raise BadRequest(HTTPStatus.BAD_REQUEST, f"the body is not JSON: {error}") from None
        if not isinstance(body, dict):
            raise BadRequest(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
        return body

    def _read(self, length: int) -> bytes:
        """The body's `length` bytes, read within BODY_SECONDS in all."""
        self._reader.allow(BODY_SECONDS)
        chunks: list[bytes] = []
        while length > 0:
            try:
                chunk = self.rfile.read1(min(length, 65536))
            except TimeoutError:
                raise BadRequest(HTTPStatus.REQUEST_TIMEOUT, "the body came too slowly") from None
            if not chunk:
                raise BadRequest(HTTPStatus.BAD_REQUEST, "the body ended early")
            chunks.append(chunk)
            length -= len(chunk)
        return b"".join(chunks)

    def _drain(self) -> None:
        """After a 413: read what the client still sends, up to _DRAIN_LIMIT bytes for up to a
        second, so that closing the connection does not reset it before the answer is read."""
        remaining = min(self._unread, _DRAIN_LIMIT)
        self._unread = 0
        self._reader.allow(1)
        with contextlib.suppress(OSError):  # TimeoutError included
            while remaining > 0:
                chunk = self.rfile.read1(min(65536, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)

    def _host_allowed(self) -> bool:
        """Whether the Host is one this server answers to; if not, says so (421)."""
        if self._host_ok():
            return True
        self._error(HTTPStatus.MISDIRECTED_REQUEST, "this server answers to localhost only")
        return False

    def _host_ok(self) -> bool:
        """On loopback, only loopback names: a web page cannot rebind its own name onto us."""
        if not getattr(self.server, "loopback_only", False):
            return True
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.strip("[]").lower() in ("localhost", "127.0.0.1", "::1")

    def _json(self, status: HTTPStatus, value: dict[str, Any]) -> None:
        # ASCII with \u escapes: a lone surrogate in a token's text has no UTF-8 bytes.
        body = json.dumps(value).encode("ascii")
        self._send(status, body, "application/json; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str, allow: str | None = None) -> None:
        self.close_connection = True  # a body we did not read would pass for the next request
        headers = {"Allow": allow} if allow else {}
        body = json.dumps({"error": message}).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", headers)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**_SECURITY_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Nothing is logged: a request's path or body may hold card data."""


class PlaygroundServer(ThreadingHTTPServer):
    """A threading HTTP server that knows whether it listens on loopback only."""

    daemon_threads = True

    def __init__(self, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.loopback_only = _is_loopback(host)
        super().__init__((host, port), PlaygroundHandler)

    @property
    def url(self) -> str:
        """The page's address, e.g. `http://127.0.0.1:8765/`."""
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> PlaygroundServer:
    """A playground server bound to `host:port` (port 0 picks a free one); call serve_forever.

    >>> server = make_server(port=0); server.url.startswith("http://127.0.0.1:")
    True
    >>> server.server_close()
    """
    return PlaygroundServer(host, port)


@contextlib.contextmanager
def running(host: str = DEFAULT_HOST, port: int = 0) -> Iterator[PlaygroundServer]:
    """A playground server answering from a background thread until the block ends.

    >>> with running() as server:
    ...     server.url.startswith("http://127.0.0.1:")
    True
    """
    server = make_server(host, port)
    thread = threading.Thread(target=server.serve_forever, name="querydsl-playground")
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
