"""The search box's app (SPEC 11) served by uvicorn on a free loopback port, called over real
sockets: the files, the endpoints, the guards (Host, 413, 408, no CORS, CSP), a client that goes
away, and the app mounted under a prefix in a Starlette app of the test's own."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route

import querydsl.web.asgi
from querydsl import check, complete, explain, lint, to_payload, tokens
from querydsl.language.schema import Field, Schema
from querydsl.web import MAX_BODY, app
from querydsl.web.assets import assets
from querydsl.web.server import PlaygroundServer, running

SERVED = assets()


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
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names, body) of one request."""
    request = urllib.request.Request(
        server.url.rstrip("/") + path, data=body, method=method, headers=headers or {}
    )
    if body is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, got, answer = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, got, answer = error.code, error.headers, error.read()
    return status, {name.lower(): value for name, value in got.items()}, answer


def api(server: PlaygroundServer, path: str, value: Any) -> tuple[int, Any]:
    status, _, body = call(server, path, json.dumps(value).encode())
    return status, json.loads(body)


def exchange(server: PlaygroundServer, sent: bytes, wait: float = 10) -> bytes:
    """Everything the server answers to `sent` on one connection, until it closes it."""
    with socket.create_connection(server.server_address, timeout=wait) as sock:
        sock.sendall(sent)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def post(length: int | str, body: bytes = b"", host: str = "localhost", extra: str = "") -> bytes:
    """A raw POST to /api/tokens that asks the server to close the connection after it."""
    head = (
        f"POST /api/tokens HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\n{extra}\r\n"
    )
    return head.encode() + body


# ---- The files ----------------------------------------------------------------------------------


def test_answers_are_sent_without_waiting_for_an_ack(server: PlaygroundServer) -> None:
    """TCP_NODELAY on the listening socket (accepted connections inherit it on Linux): with
    Nagle's algorithm, an answer written as head then body waits ~40 ms for a delayed ACK."""
    assert server.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_the_page_and_the_component_are_served() -> None:
    # SPEC 11: `GET /` the playground page, `GET /querydsl-search.js` the component.
    assert SERVED["/"].content_type.startswith("text/html")
    assert SERVED["/querydsl-search.js"].content_type.startswith("text/javascript")


@pytest.mark.parametrize("path", sorted(SERVED))
def test_each_file_is_served_as_the_package_holds_it(server: PlaygroundServer, path: str) -> None:
    status, headers, body = call(server, path)
    assert status == 200
    assert body == SERVED[path].read()
    assert headers["content-type"] == SERVED[path].content_type
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert not any(name.startswith("access-control-") for name in headers)


@pytest.mark.parametrize("path", sorted(SERVED))
def test_the_files_fetch_nothing_from_outside(path: str) -> None:
    body = SERVED[path].read()
    assert b"http://" not in body and b"https://" not in body


@pytest.mark.parametrize(
    ("method", "path", "status", "allow"),
    [
        ("GET", "/nothing", 404, None),
        ("GET", "/../pyproject.toml", 404, None),
        ("GET", "/static/index.html", 404, None),  # the folder's files are at the top
        ("GET", "/api/compile", 405, {"POST"}),
        ("POST", "/", 405, {"GET", "HEAD"}),
        ("POST", "/api/nothing", 404, None),
        *[(m, "/api/compile", 405, {"POST"}) for m in ("PUT", "DELETE", "PATCH", "OPTIONS")],
        *[(m, "/querydsl-search.js", 405, {"GET", "HEAD"}) for m in ("PUT", "DELETE")],
        ("DELETE", "/nothing", 404, None),
    ],
)
def test_other_paths_and_methods_are_refused_in_json(
    server: PlaygroundServer, method: str, path: str, status: int, allow: set[str] | None
) -> None:
    body = b"{}" if method in ("POST", "PUT", "PATCH") else None
    got, headers, answer = call(server, path, body, method=method)
    assert got == status
    assert headers["content-type"] == "application/json"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert (set(headers["allow"].split(", ")) if "allow" in headers else None) == allow
    assert set(json.loads(answer)) == {"error"}


@pytest.mark.parametrize(("path", "status"), [("/", 200), ("/api/compile", 405), ("/nothing", 404)])
def test_head_gives_the_headers_of_get_without_a_body(
    server: PlaygroundServer, path: str, status: int
) -> None:
    sent = b"HEAD %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % path.encode()
    head, _, body = exchange(server, sent).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status) and body == b""  # read until it closed
    get_status, _, get_body = call(server, path)
    assert get_status == status and len(get_body) > 0
    assert b"content-length: %d\r\n" % len(get_body) in head.lower() + b"\r\n"


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


def test_an_empty_time_zone_is_refused_as_check_refuses_it(server: PlaygroundServer) -> None:
    text = "created_date > today"
    status, answer = api(server, "/api/compile", {"text": text, "tz": ""})
    assert status == 200 and not answer["ok"]
    assert answer["diagnostics"] == [d.to_dict() for d in check(text, tz="")]


def test_the_time_zone_sent_is_the_one_read(server: PlaygroundServer) -> None:
    body = {"text": "created_date >= today", "tz": "Asia/Almaty", "now": NOW}
    status, answer = api(server, "/api/compile", body)
    assert status == 200
    # Almaty is UTC+5: its midnight of 10 March is 19:00 UTC on the 9th.
    assert answer["payload"]["searchParameters"][0]["searchParameter"] == ["2024-03-09T19:00:00Z"]


# ---- /api/complete, /api/tokens, /api/explain, /api/lint ------------------------------------


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


@pytest.mark.parametrize(
    ("text", "said", "codes"),
    [
        ("amount > 5", explain("amount > 5"), []),
        ("amout > 5", None, ["unknown_field"]),  # as parse reads it: no missing_period
        ("created_date >= today", "created at or after 10 Mar 2024 00:00 UTC", []),
    ],
)
def test_explain_endpoint(
    server: PlaygroundServer, text: str, said: str | None, codes: list[str]
) -> None:
    status, answer = api(server, "/api/explain", {"text": text, "now": NOW})
    assert status == 200
    assert answer["explain"] == said
    assert [d["code"] for d in answer["diagnostics"]] == codes


@pytest.mark.parametrize(
    ("text", "period", "codes"),
    [
        ("amount > 5", "7d", []),
        ("amount > 5", None, ["missing_period"]),  # as compile says
        ("amout > 5", "7d", ["unknown_field"]),
        ("created_date >= now-7d and client = Дана%", None, ["wildcard_in_equals"]),
        ("created_date = 2024-01-01", None, ["instant_equality"]),
    ],
)
def test_lint_endpoint_answers_what_lint_says(
    server: PlaygroundServer, text: str, period: str | None, codes: list[str]
) -> None:
    sent = {"text": text, "tz": "Asia/Almaty", "default_period": period}
    status, answer = api(server, "/api/lint", sent)
    assert status == 200
    found = lint(text, tz="Asia/Almaty", default_period=period)
    assert answer == {"diagnostics": [d.to_dict() for d in found]}
    assert [d["code"] for d in answer["diagnostics"]] == codes


def test_unicode_round_trips(server: PlaygroundServer) -> None:
    status, answer = api(server, "/api/tokens", {"text": "ррн = Дана%"})
    assert status == 200
    assert [t["text"] for t in answer["tokens"]] == ["ррн", "=", "Дана%"]


def test_a_lone_surrogate_in_a_token_is_answered_in_json(server: PlaygroundServer) -> None:
    # A token's text may hold what UTF-8 cannot encode: the answer escapes it.
    status, answer = api(server, "/api/tokens", {"text": "amount = \ud800"})
    assert status == 200
    assert answer["tokens"][-1]["text"] == "\ud800"


def test_keep_alive_serves_several_requests_on_one_connection(server: PlaygroundServer) -> None:
    connection = http.client.HTTPConnection(*server.server_address, timeout=10)
    for text in ("am", "amo", "amount"):
        body = json.dumps({"text": text})
        connection.request("POST", "/api/complete", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["suggestions"][0]["text"] == "amount"
    connection.close()


# ---- Bad requests ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "status", "error"),
    [
        ("/api/compile", b"{not json", 400, "the body is not JSON: "),
        ("/api/compile", b"\xff\xfe", 400, "the body is not JSON: "),
        ("/api/compile", b"[1, 2]", 400, "the body must be a JSON object"),
        ("/api/compile", b"{}", 400, '"text" must be a string'),
        ("/api/compile", b'{"text": 5}', 400, '"text" must be a string'),
        ("/api/compile", b'{"text": "a", "page": "2"}', 400, '"page" must be a whole number'),
        ("/api/compile", b'{"text": "a", "now": "yesterday"}', 400, '"now" must be an ISO 8601'),
        ("/api/complete", b'{"text": "a", "cursor": true}', 400, '"cursor" must be a whole'),
        ("/api/complete", b'{"text": "a", "cursor": 1.5}', 400, '"cursor" must be a whole'),
        ("/api/tokens", b'{"text": null}', 400, '"text" must be a string'),
        ("/api/lint", b'{"text": "a", "tz": 3}', 400, '"tz" must be a string'),
        ("/api/explain", b"", 400, "the body is not JSON: "),
        ("/api/tokens", b"[" * (MAX_BODY - 10), 400, "the body is not JSON: "),  # deep, no crash
        (
            "/api/tokens",
            b'{"text": "a", "page": ' + b"9" * 5000 + b"}",
            400,
            "the body is not JSON: ",
        ),
        ("/api/tokens", b"[" * 100_000, 413, f"the body may be at most {MAX_BODY} bytes"),
    ],
)
def test_bad_bodies(
    server: PlaygroundServer, path: str, body: bytes, status: int, error: str | None
) -> None:
    got, headers, answer = call(server, path, body)
    assert got == status
    assert headers["content-type"] == "application/json"
    if error is not None:
        assert json.loads(answer)["error"].startswith(error)


def test_json_only(server: PlaygroundServer) -> None:
    # Also keeps other web sites out: a cross-site JSON POST needs a preflight, never answered.
    status, _, answer = call(server, "/api/tokens", b'{"text": "a"}', content_type="text/plain")
    assert (status, json.loads(answer)) == (415, {"error": "send Content-Type: application/json"})


def test_no_cors_unless_asked(server: PlaygroundServer) -> None:
    origin = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"}
    status, headers, _ = call(server, "/api/tokens", method="OPTIONS", headers=origin)
    assert status == 405
    status, headers, _ = call(server, "/api/tokens", b'{"text": "a"}', headers=origin)
    assert status == 200
    assert not any(name.startswith("access-control-") for name in headers)


@pytest.mark.parametrize("path", ["/4111111111111111", "/api/4111111111111111"])
def test_a_path_is_not_echoed(server: PlaygroundServer, path: str) -> None:
    status, _, answer = call(server, path)
    assert (status, json.loads(answer)) == (404, {"error": "nothing is there"})


def test_a_body_is_not_echoed(server: PlaygroundServer) -> None:
    status, _, answer = call(server, "/api/tokens", b'{"text": "4111111111111111"')
    assert status == 400 and b"4111" not in answer


def test_an_unreadable_request_is_refused_without_echo(server: PlaygroundServer) -> None:
    answer = exchange(
        server, b"GET /?pan=4111111111111111 HTTP/1.1 extra\r\nHost: localhost\r\n\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"4111" not in answer


# ---- Bodies over the limit, and bodies that come slowly ------------------------------------


def test_a_body_over_the_limit_is_413(server: PlaygroundServer) -> None:
    body = json.dumps({"text": "a" * (MAX_BODY + 1)}).encode()
    status, _, answer = call(server, "/api/tokens", body)
    assert (status, json.loads(answer)) == (413, {"error": "the body may be at most 65536 bytes"})


def test_a_body_over_the_limit_is_refused_before_it_is_sent(server: PlaygroundServer) -> None:
    started = time.monotonic()
    answer = exchange(server, post(10**12), wait=5)  # the body never comes
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert time.monotonic() - started < 4


def test_a_chunked_body_over_the_limit_is_413(server: PlaygroundServer) -> None:
    chunk = b"%x\r\n%s\r\n" % (32768, b"[" * 32768)
    sent = (
        b"POST /api/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunk * 3 + b"0\r\n\r\n"
    )
    assert exchange(server, sent).startswith(b"HTTP/1.1 413 ")


def test_after_a_413_the_connection_serves_the_next_request(server: PlaygroundServer) -> None:
    # The refused body is read and dropped by the server, never taken for a request.
    hidden = b"GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n"
    connection = http.client.HTTPConnection(*server.server_address, timeout=10)
    headers = {"Content-Type": "application/json"}
    connection.request("POST", "/api/tokens", hidden + b" " * MAX_BODY, headers)
    response = connection.getresponse()
    assert (response.status, response.read()) == (
        413,
        b'{"error": "the body may be at most 65536 bytes"}',
    )
    connection.request("POST", "/api/tokens", b'{"text": "a"}', headers)
    assert connection.getresponse().status == 200
    connection.close()


@pytest.mark.parametrize(
    ("length", "extra", "status"),
    [
        (MAX_BODY + 1, "", 413),
        (13, "Content-Type: text/plain\r\n", 415),  # the second Content-Type wins
    ],
)
def test_expect_continue_invites_only_a_body_that_will_be_read(
    server: PlaygroundServer, length: int, extra: str, status: int
) -> None:
    sent = post(length, extra=extra + "Expect: 100-continue\r\n")
    if "text/plain" in extra:
        sent = sent.replace(b"Content-Type: application/json\r\n", b"")
    answer = exchange(server, sent, wait=5)
    assert answer.startswith(b"HTTP/1.1 %d " % status), answer[:60]
    assert b"100 Continue" not in answer


def test_expect_continue_invites_a_good_body(server: PlaygroundServer) -> None:
    with socket.create_connection(server.server_address, timeout=10) as sock:
        sock.sendall(post(13, extra="Expect: 100-continue\r\n"))
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(b'{"text": "a"}')
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")


def test_a_body_that_trickles_in_is_refused_in_bounded_time(
    server: PlaygroundServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(querydsl.web.asgi, "BODY_SECONDS", 1.0)
    body = b'{"text": "a"}'
    started = time.monotonic()
    with socket.create_connection(server.server_address, timeout=10) as sock:
        sock.sendall(post(len(body)).replace(b"Connection: close\r\n", b""))
        sock.setblocking(False)
        answer, sent = b"", 0
        while not answer and sent < len(body):
            sock.sendall(body[sent : sent + 1])
            sent += 1
            time.sleep(0.3)
            try:
                answer = sock.recv(65536)
            except BlockingIOError:  # nothing yet
                continue
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:60]
    assert b"connection: close" in answer.lower()
    assert sent < len(body)  # refused before the body was all there
    assert time.monotonic() - started < 4


# ---- Clients that go away ---------------------------------------------------------------------


def test_a_client_that_goes_away_leaves_no_traceback(
    server: PlaygroundServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    long_text = json.dumps({"text": "amount > 5 and " * 3000}).encode()
    for sent in (
        post(100, b'{"text": '),  # mid-body
        post(len(long_text), long_text),  # before its answer
        b"GET / HTTP/1.1\r\nHost: local",  # mid-headers
        post(13, extra="Expect: 100-continue\r\n"),  # invited, then gone
    ):
        with socket.create_connection(server.server_address, timeout=10) as sock:
            sock.sendall(sent)
    time.sleep(0.5)
    assert api(server, "/api/tokens", {"text": "a"})[0] == 200  # still serving
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


# ---- Host names and addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("attacker.example", 421),
        ("attacker.example:80", 421),
        ("localhost.attacker.example", 421),
        ("", 421),
        ("localhost", 200),
        ("LOCALHOST:8765", 200),
        ("127.0.0.1:1", 200),
        ("[::1]:8765", 200),
    ],
)
def test_on_loopback_only_loopback_host_names_are_answered(
    server: PlaygroundServer, host: str, status: int
) -> None:
    sent = b"GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host.encode()
    answer = exchange(server, sent)
    assert answer.startswith(b"HTTP/1.1 %d " % status), answer[:60]
    if status == 421:
        body = answer.partition(b"\r\n\r\n")[2]
        assert json.loads(body) == {"error": "this server answers to localhost only"}


def test_a_refused_body_is_never_read_as_the_next_request(server: PlaygroundServer) -> None:
    hidden = b"GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
    for sent in (
        post(len(hidden), hidden, host="attacker.example"),  # 421
        post(len(hidden), hidden).replace(b"/api/tokens", b"/api/nothing"),  # 404
        post(len(hidden), hidden).replace(b"application/json", b"text/plain"),  # 415
    ):
        answer = exchange(server, sent)
        assert answer.count(b"HTTP/1.1 ") == 1, answer[:200]


def test_the_server_binds_loopback_by_default() -> None:
    with running() as server:
        assert server.server_address[0] == "127.0.0.1"
        assert server.loopback_only


def test_the_app_itself_does_not_check_the_host() -> None:
    # The Host check is the loopback server's: mounted in an app of yours, your host names count.
    from starlette.testclient import TestClient

    answer = TestClient(app(), base_url="http://search.example").get("/")
    assert answer.status_code == 200


# ---- Settings of the app -------------------------------------------------------------------


def test_the_apps_time_zone_is_read_when_a_request_sends_none() -> None:
    from starlette.testclient import TestClient

    client = TestClient(app(tz="Asia/Almaty"))
    sent = {"text": "created_date >= today", "now": NOW}
    answer = client.post("/api/compile", json=sent).json()
    assert answer["payload"]["searchParameters"][0]["searchParameter"] == ["2024-03-09T19:00:00Z"]
    utc = client.post("/api/compile", json={**sent, "tz": "UTC"}).json()
    assert utc["payload"]["searchParameters"][0]["searchParameter"] == ["2024-03-10T00:00:00Z"]


def test_the_apps_schema_is_the_one_read() -> None:
    from starlette.testclient import TestClient

    schema = Schema((Field("total", "number"), Field("note", "string")))
    client = TestClient(app(schema=schema))
    found = client.post("/api/complete", json={"text": "to"}).json()["suggestions"]
    assert [s["text"] for s in found] == ["total"]
    kinds = client.post("/api/tokens", json={"text": "total > 5"}).json()["tokens"]
    assert kinds[0] == {"kind": "field", "span": [0, 5], "text": "total"}
    answer = client.post("/api/explain", json={"text": "amount > 5"}).json()
    assert answer["diagnostics"][0]["code"] == "unknown_field"


def test_the_apps_value_provider_gives_completion_values() -> None:
    from starlette.testclient import TestClient

    asked: list[tuple[str, str, int]] = []

    def clients(field: str, prefix: str, limit: int) -> list[str]:
        asked.append((field, prefix, limit))
        return ["Дана", "Данияр", "Олжас"]

    client = TestClient(app(values=clients))
    found = client.post("/api/complete", json={"text": "client = Да"}).json()["suggestions"]
    assert [(s["text"], s["kind"]) for s in found] == [("Дана", "value"), ("Данияр", "value")]
    assert [(field, prefix) for field, prefix, _ in asked] == [("client", "Да")]


# ---- Mounted under a prefix in an app of yours ------------------------------------------------


def host_page(request: Request) -> HTMLResponse:
    return HTMLResponse(
        '<form action="/orders"><script type="module" src="/search/querydsl-search.js"></script>'
        '<querydsl-search endpoint="/search" name="q"></querydsl-search></form>'
    )


@pytest.fixture(scope="module")
def mounted() -> Iterator[PlaygroundServer]:
    yours = Starlette(routes=[Route("/", host_page), Mount("/search", app())])
    with running("127.0.0.1", 0, application=yours) as started:
        yield started


def test_mounted_under_a_prefix_the_app_answers_there(mounted: PlaygroundServer) -> None:
    status, headers, page = call(mounted, "/")
    assert status == 200 and b"<querydsl-search" in page
    assert "content-security-policy" not in headers  # your pages are yours
    for path, asset in SERVED.items():
        status, headers, body = call(mounted, "/search" + path)
        assert (status, body) == (200, asset.read()), path
        assert headers["x-content-type-options"] == "nosniff"
    status, answer = api(mounted, "/search/api/tokens", {"text": "amount"})
    assert (status, answer["tokens"][0]["kind"]) == (200, "field")
    status, headers, answer = call(mounted, "/search/nothing")
    assert (status, json.loads(answer)) == (404, {"error": "nothing is there"})
    assert call(mounted, "/api/tokens", b'{"text": "a"}')[0] == 404  # only under the prefix


def test_mounted_the_page_asks_for_its_files_relative_to_the_mount(
    mounted: PlaygroundServer,
) -> None:
    page = call(mounted, "/search/")[2].decode()
    assert 'src="/' not in page and 'href="/' not in page
    status, _, _ = call(mounted, "/search")  # without the slash: sent to it
    assert status == 200


# ---- Without the web extra --------------------------------------------------------------------

WITHOUT_THE_EXTRA = """
import sys
sys.modules.update(starlette=None, uvicorn=None)  # as if not installed: importing them fails
import querydsl, querydsl.web
from querydsl.web import Endpoints
print(Endpoints().answer("tokens", b'{"text": "amount"}', "application/json")[0])
print(querydsl.to_payload("amount > 5", default_period="7d")["searchParameters"][0]["name"])
from querydsl.cli import main
main(["serve", "--port", "0"])
"""


def test_querydsl_and_its_endpoints_need_no_web_extra() -> None:
    ran = subprocess.run(
        [sys.executable, "-c", WITHOUT_THE_EXTRA], capture_output=True, text=True, timeout=60
    )
    assert ran.stdout.split() == ["200", "amount"]
    assert ran.returncode == 2
    assert ran.stderr == (
        "querydsl: serve needs the web extra (starlette is not installed): "
        "pip install 'querydsl[web]'\n"
    )
