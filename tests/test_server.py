"""The playground server, started for real on a free loopback port and called with urllib."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

import pytest

import querydsl.web.server
from querydsl import check, complete, to_payload, tokens
from querydsl.web.server import MAX_BODY, PlaygroundHandler, PlaygroundServer, running


@pytest.fixture(scope="module")
def server() -> Iterator[PlaygroundServer]:
    with running("127.0.0.1", 0) as started:
        yield started


def call(
    server: PlaygroundServer,
    path: str,
    body: bytes | None = None,
    content_type: str = "application/json",
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(server.url.rstrip("/") + path, data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def connect(server: PlaygroundServer) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)


def api(server: PlaygroundServer, path: str, value: Any) -> tuple[int, Any]:
    status, _, body = call(server, path, json.dumps(value).encode())
    return status, json.loads(body)


# ---- The page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "marker"),
    [
        ("/", "text/html", b'id="query"'),
        ("/index.html", "text/html", b'<script src="/app.js"'),
        ("/app.js", "text/javascript", b"/api/complete"),
        ("/style.css", "text/css", b".u-diag"),
    ],
)
def test_the_page_and_its_assets(
    server: PlaygroundServer, path: str, content_type: str, marker: bytes
) -> None:
    status, headers, body = call(server, path)
    assert status == 200
    assert headers["Content-Type"].startswith(content_type)
    assert marker in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_page_fetches_nothing_from_outside(server: PlaygroundServer) -> None:
    for path in ("/", "/app.js", "/style.css"):
        body = call(server, path)[2]
        assert b"http://" not in body and b"https://" not in body, path


@pytest.mark.parametrize(
    ("method", "path", "status", "allow"),
    [
        ("GET", "/nothing", 404, None),
        ("GET", "/../pyproject.toml", 404, None),
        ("GET", "/api/compile", 405, "POST"),
        ("POST", "/", 405, "GET, HEAD"),
        ("POST", "/api/nothing", 404, None),
        *[(m, "/api/compile", 405, "POST") for m in ("PUT", "DELETE", "PATCH", "OPTIONS")],
        *[(m, "/app.js", 405, "GET, HEAD") for m in ("PUT", "DELETE", "PATCH", "OPTIONS")],
        ("DELETE", "/nothing", 404, None),
    ],
)
def test_other_paths_and_methods(
    server: PlaygroundServer, method: str, path: str, status: int, allow: str | None
) -> None:
    body = b"{}" if method in ("POST", "PUT", "PATCH") else None
    got, headers, answer = call(server, path, body, method=method)
    assert got == status
    assert headers["Content-Type"].startswith("application/json")
    assert headers.get("Allow") == allow
    assert "error" in json.loads(answer)


@pytest.mark.parametrize(("path", "status"), [("/", 200), ("/api/compile", 405), ("/nothing", 404)])
def test_head_gives_the_headers_of_get_without_a_body(
    server: PlaygroundServer, path: str, status: int
) -> None:
    sent = b"HEAD %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % path.encode()
    head, _, body = raw_exchange(server, sent).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status) and body == b""  # read until it closed
    get_status, _, get_body = call(server, path)
    assert get_status == status and len(get_body) > 0
    assert b"Content-Length: %d\r\n" % len(get_body) in head + b"\r\n"


@pytest.mark.parametrize(
    ("sent", "status"),
    [
        (b"FROB / HTTP/1.1\r\n", 501),  # a method HTTP does not have
        (b"GET / HTTP/1.1\r\n" + b"X-A: 1\r\n" * 101, 431),  # the library's header limit
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n", 414),
        # A request line the library cannot read a version from is answered as HTTP/0.9 would
        # be: the body alone.
        (b"GET /?pan=4111111111111111 HTTP/1.1 extra\r\n", 400),
    ],
)
def test_refusals_of_the_http_library_are_json_too(
    server: PlaygroundServer, sent: bytes, status: int
) -> None:
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as sock:
        sock.sendall(sent + b"Host: localhost\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    body = answer
    if answer.startswith(b"HTTP/"):
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 %d " % status), head
        assert b"Content-Type: application/json" in head
    else:
        assert b"extra" in sent  # only the unreadable request line has no status line
    assert json.loads(body) == {"error": HTTPStatus(status).phrase}
    assert b"4111" not in answer  # the request line is not quoted back


# ---- /api/compile -------------------------------------------------------------------------------

NOW = "2024-03-10T12:00:00+00:00"


def test_compile_gives_the_payload_canonical_text_and_explanation(server: PlaygroundServer) -> None:
    text = "created_date between 2018-01-01..2018-02-01 and email like dana%"
    status, answer = api(server, "/api/compile", {"text": text})
    assert status == 200
    assert answer == {
        "ok": True,
        "payload": to_payload(text),
        "diagnostics": [],
        "canonical": "created_date between 2018-01-01T00:00:00Z..2018-02-01T00:00:00Z"
        " and payer_email like dana%",
        "explain": "created between 1 Jan 2018 00:00 UTC and 1 Feb 2018 00:00 UTC, "
        'payer email starting with "dana"',
    }


def test_compile_without_a_period_says_missing_period(server: PlaygroundServer) -> None:
    status, answer = api(server, "/api/compile", {"text": "amount > 5"})
    assert status == 200
    assert answer["ok"] is False and answer["payload"] is None
    assert [d["code"] for d in answer["diagnostics"]] == ["missing_period"]
    assert answer["canonical"] == "amount > 5"  # still shown: the text itself is fine
    assert answer["explain"] == "amount above 5"


def test_compile_with_default_period_and_options(server: PlaygroundServer) -> None:
    body = {"text": "amount > 5", "default_period": "30d", "now": NOW, "page": 2, "size": 10}
    status, answer = api(server, "/api/compile", body)
    assert status == 200 and answer["ok"] is True
    expected = to_payload(
        "amount > 5", default_period="30d", now=datetime(2024, 3, 10, 12, tzinfo=UTC),
        page=2, size=10,
    )  # fmt: skip
    assert answer["payload"] == expected


@pytest.mark.parametrize(
    ("text", "code", "span"),
    [
        ("amout > 5", "unknown_field", [0, 5]),
        ("amount >", "syntax_error", [8, 8]),
        ('email = "dana', "syntax_error", [8, 13]),
    ],
)
def test_compile_reports_diagnostics_with_spans(
    server: PlaygroundServer, text: str, code: str, span: list[int]
) -> None:
    status, answer = api(server, "/api/compile", {"text": text})
    assert status == 200 and answer["ok"] is False
    assert answer["diagnostics"][0]["code"] == code
    assert answer["diagnostics"][0]["span"] == span


def test_compile_reports_bad_options_as_diagnostics(server: PlaygroundServer) -> None:
    body = {"text": "amount > 5", "default_period": "a month"}
    status, answer = api(server, "/api/compile", body)
    assert status == 200
    assert [d["code"] for d in answer["diagnostics"]] == ["invalid_value"]


# ---- /api/complete and /api/tokens ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cursor"), [("amount > 5 and cr", None), ("payer_email ", None), ("amou", 2)]
)
def test_complete_endpoint(server: PlaygroundServer, text: str, cursor: int | None) -> None:
    status, answer = api(server, "/api/complete", {"text": text, "cursor": cursor})
    assert status == 200
    assert answer["suggestions"] == [
        {"text": s.text, "kind": s.kind, "span": list(s.span), "detail": s.detail}
        for s in complete(text, cursor)
    ]


def test_tokens_endpoint(server: PlaygroundServer) -> None:
    text = 'amount >= 10 and email = "dana'
    status, answer = api(server, "/api/tokens", {"text": text})
    assert status == 200
    assert answer["tokens"] == [
        {"kind": t.kind, "span": list(t.span), "text": t.text} for t in tokens(text)
    ]
    assert answer["tokens"][-1]["kind"] == "error"


def test_unicode_round_trips(server: PlaygroundServer) -> None:
    status, answer = api(server, "/api/tokens", {"text": "ррн = Дана%"})
    assert status == 200
    assert [t["text"] for t in answer["tokens"]] == ["ррн", "=", "Дана%"]


def test_a_lone_surrogate_in_a_token_is_answered_in_json(server: PlaygroundServer) -> None:
    # A token's text may hold what UTF-8 cannot encode: the answer escapes it.
    status, answer = api(server, "/api/tokens", {"text": "amount = \ud800"})
    assert status == 200
    assert answer["tokens"][-1]["text"] == "\ud800"


def test_a_bad_option_type_is_named_in_words(server: PlaygroundServer) -> None:
    status, answer = api(server, "/api/complete", {"text": "a", "cursor": "x"})
    assert (status, answer) == (400, {"error": '"cursor" must be a whole number or null'})


# ---- Bad requests ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/compile", b"{not json", 400),
        ("/api/compile", b"\xff\xfe", 400),
        ("/api/compile", b"[1, 2]", 400),
        ("/api/compile", b"{}", 400),
        ("/api/compile", b'{"text": 5}', 400),
        ("/api/compile", b'{"text": "a", "page": "2"}', 400),
        ("/api/compile", b'{"text": "a", "now": "yesterday"}', 400),
        ("/api/complete", b'{"text": "a", "cursor": true}', 400),
        ("/api/complete", b'{"text": "a", "cursor": 1.5}', 400),
        ("/api/tokens", b'{"text": null}', 400),
        ("/api/tokens", b"[" * 100_000, 413),
    ],
)
def test_bad_bodies(server: PlaygroundServer, path: str, body: bytes, status: int) -> None:
    got, headers, answer = call(server, path, body)
    assert got == status
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(answer)["error"]


def test_deeply_nested_json_is_a_400_not_a_crash(server: PlaygroundServer) -> None:
    body = b"[" * (MAX_BODY - 10)
    assert call(server, "/api/tokens", body)[0] == 400


def test_a_body_over_the_limit_is_413(server: PlaygroundServer) -> None:
    body = json.dumps({"text": "a" * (MAX_BODY + 1)}).encode()
    status, _, answer = call(server, "/api/tokens", body)
    assert status == 413
    assert str(MAX_BODY) in json.loads(answer)["error"]


def test_a_huge_content_length_is_refused_without_reading(server: PlaygroundServer) -> None:
    connection = connect(server)
    connection.putrequest("POST", "/api/compile")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(10**12))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def raw_exchange(server: PlaygroundServer, sent: bytes, wait: float = 10) -> bytes:
    """Everything the server answers to `sent` on one connection, until it closes it."""
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=wait) as sock:
        sock.sendall(sent)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def post(length: str, body: bytes, host: str = "localhost", extra: str = "") -> bytes:
    head = (
        f"POST /api/tokens HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n{extra}\r\n"
    )
    return head.encode() + body


def test_an_integer_too_long_to_read_is_a_400(server: PlaygroundServer) -> None:
    body = b'{"text": "a", "page": ' + b"9" * 5000 + b"}"
    status, _, answer = call(server, "/api/compile", body)
    assert status == 400
    assert json.loads(answer)["error"].startswith("the body is not JSON")


@pytest.mark.parametrize(
    "length", ["1_3", "+13", " 0x0d", "13\u00a0", "1" * 5000], ids=lambda length: length[:8]
)
def test_a_content_length_is_plain_digits(server: PlaygroundServer, length: str) -> None:
    answer = raw_exchange(server, post(length, b'{"text": "a"}'))
    status = b"413" if length.isdigit() else b"400"  # 5 000 ones: a length, and a long one
    assert answer.startswith(b"HTTP/1.1 " + status + b" "), answer[:60]


def test_a_content_length_may_have_leading_zeros(server: PlaygroundServer) -> None:
    sent = post("0" * 5000 + "13", b'{"text": "a"}', extra="Connection: close\r\n")
    answer = raw_exchange(server, sent)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:60]


def test_a_get_with_an_empty_body_keeps_the_connection(server: PlaygroundServer) -> None:
    connection = connect(server)
    for _ in range(2):
        connection.request("GET", "/style.css", headers={"Content-Length": "0"})
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("Connection") != "close"
        response.read()
    connection.close()


def test_two_different_content_lengths_are_a_400(server: PlaygroundServer) -> None:
    answer = raw_exchange(server, post("13", b'{"text": "a"}', extra="Content-Length: 200\r\n"))
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:60]


def test_a_refused_body_is_never_read_as_the_next_request(server: PlaygroundServer) -> None:
    hidden = b"GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
    for sent in (
        post(str(len(hidden)), hidden, host="attacker.example"),  # 421
        post(str(len(hidden)), hidden).replace(b"/api/tokens", b"/api/nothing"),  # 404
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n" % len(hidden)
        + hidden,  # a GET with a body: answered, then the connection closes
    ):
        answer = raw_exchange(server, sent)
        assert answer.count(b"HTTP/1.1 ") == 1, answer[:200]


def test_a_body_over_the_limit_is_refused_before_it_is_sent(server: PlaygroundServer) -> None:
    started = time.monotonic()
    answer = raw_exchange(server, post(str(MAX_BODY + 1), b""), wait=5)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert time.monotonic() - started < 4  # not the 30 s a missing body would take to time out


@pytest.fixture
def drains(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The times the server waited to drain a refused body (recorded, not waited)."""
    calls: list[int] = []
    monkeypatch.setattr(PlaygroundHandler, "_drain", lambda handler: calls.append(1))
    return calls


@pytest.mark.parametrize(
    ("length", "host", "extra", "status"),
    [
        (str(MAX_BODY + 1), "localhost", "", 413),
        ("13", "attacker.example", "", 421),
        ("x", "localhost", "", 400),
        ("13", "localhost", "Transfer-Encoding: chunked\r\n", 411),
        ("13", "localhost", "Content-Type: text/plain\r\n", 415),  # the second one counts
    ],
)
def test_expect_continue_invites_only_a_body_that_will_be_read(
    server: PlaygroundServer, drains: list[int], length: str, host: str, extra: str, status: int
) -> None:
    sent = post(length, b"", host, extra + "Expect: 100-continue\r\n")
    if "text/plain" in extra:
        sent = sent.replace(b"Content-Type: application/json\r\n", b"")
    answer = raw_exchange(server, sent, wait=5)
    assert answer.startswith(b"HTTP/1.1 %d " % status), answer[:60]
    assert b"100 Continue" not in answer
    assert drains == []  # no wait for a body it did not invite


def test_expect_continue_invites_a_good_body(server: PlaygroundServer) -> None:
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as sock:
        sock.sendall(post("13", b"", extra="Expect: 100-continue\r\n"))
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(b'{"text": "a"}')
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")


def drip(sock: socket.socket, data: bytes, every: float) -> tuple[bytes | None, int]:
    """Send `data` a byte at a time, `every` seconds apart (each read comes in time), until
    the server answers or closes: what it sent (b"" for a close, None for nothing at all)
    and how many bytes went."""
    sock.setblocking(False)
    for sent in range(1, len(data) + 1):
        try:
            sock.sendall(data[sent - 1 : sent])
        except (ConnectionResetError, BrokenPipeError):
            return b"", sent - 1
        time.sleep(every)
        try:
            return sock.recv(65536), sent
        except BlockingIOError:  # nothing to read yet
            continue
        except ConnectionResetError:
            return b"", sent
    return None, len(data)


def test_a_body_that_trickles_in_is_refused_in_bounded_time(
    server: PlaygroundServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(querydsl.web.server, "BODY_SECONDS", 1)
    started = time.monotonic()
    body = b'{"text": "a"}'
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as sock:
        sock.sendall(post(str(len(body)), b""))
        answer, sent = drip(sock, body, every=0.3)
    assert answer is not None and answer.startswith(b"HTTP/1.1 408 "), answer
    assert sent < len(body)  # refused before the body was all there
    assert time.monotonic() - started < 4


def test_headers_that_trickle_in_are_dropped_in_bounded_time(
    server: PlaygroundServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(querydsl.web.server, "HEAD_SECONDS", 1)
    started = time.monotonic()
    head = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 40
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as sock:
        answer, sent = drip(sock, head, every=0.2)
    assert answer == b""  # closed
    assert sent < len(head)  # dropped before the headers were all there
    assert time.monotonic() - started < 4


def test_an_idle_keep_alive_connection_is_closed(
    server: PlaygroundServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(querydsl.web.server, "HEAD_SECONDS", 0.5)
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as sock:
        sock.sendall(b"GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):  # the answer, then the close once idle
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("path", ["/4111111111111111", "/4111%201111%201111%201111"])
def test_a_path_is_not_echoed(server: PlaygroundServer, path: str) -> None:
    status, _, answer = call(server, path)
    assert (status, json.loads(answer)) == (404, {"error": "nothing is there"})


def test_an_empty_time_zone_is_refused_as_check_refuses_it(server: PlaygroundServer) -> None:
    text = "created_date > today"
    status, answer = api(server, "/api/compile", {"text": text, "tz": ""})
    assert status == 200 and not answer["ok"]
    assert answer["diagnostics"] == [d.to_dict() for d in check(text, tz="")]
    (diagnostic,) = answer["diagnostics"]
    assert (diagnostic["code"], diagnostic["message"]) == ("invalid_value", "unknown time zone ''")


def test_json_only(server: PlaygroundServer) -> None:
    status, _, _ = call(server, "/api/tokens", b'{"text": "a"}', content_type="text/plain")
    assert status == 415


def test_a_foreign_host_name_is_refused_on_loopback(server: PlaygroundServer) -> None:
    connection = connect(server)
    connection.request("GET", "/", headers={"Host": "attacker.example:80"})
    assert connection.getresponse().status == 421
    connection.close()


def test_keep_alive_serves_several_requests_on_one_connection(server: PlaygroundServer) -> None:
    connection = connect(server)
    for text in ("am", "amo", "amount"):
        body = json.dumps({"text": text})
        connection.request("POST", "/api/complete", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["suggestions"][0]["text"] == "amount"
    connection.close()


def test_the_server_binds_loopback_by_default() -> None:
    with running() as server:
        assert server.server_address[0] == "127.0.0.1"
        assert server.loopback_only


def test_the_serve_command_defaults_to_loopback() -> None:
    from querydsl.cli import COMMANDS, build_parser

    args = build_parser().parse_args(["serve", "--port", "0"])
    assert (args.host, args.port) == ("127.0.0.1", 0)
    assert COMMANDS["serve"].__name__ == "cmd_serve"
