"""The clients' sending (SPEC 12): retries with backoff against a flaky upstream of the test's own
(a real uvicorn server on loopback), the token's grant and renewal, every error shape, the payload
checked before anything is sent, and no secret in any repr, message or log."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from client_servers import Recorder, Upstream, serving
from hypothesis import given
from hypothesis import strategies as st

import querydsl
from querydsl import ApiError, ClientError, QueryError, SchemaError, TransportError
from querydsl.client.retry import MAX_RETRIES, Backoff, check_sending, retry_after
from querydsl.client.token import lifetime, margin
from querydsl.homebank.client import DEFAULT_SCOPE, AsyncClient, Client

PASSWORD, CLIENT_SECRET = "hunter2-password", "s3cr3t-client-secret"
FAST = Backoff(base=0.001, cap=0.01)
QUERY = "created_date > 2018-01-01 and amount > 5"
#: The seed's page, which the scripted upstream answers: its records.
SEED_RECORDS = len(Upstream().page["records"])


def settings(url: str, options: dict[str, object]) -> dict[str, object]:
    return {"base_url": url, "token_url": f"{url}/oauth2/token", "username": "dana",
            "password": PASSWORD, "client_id": "shop", "client_secret": CLIENT_SECRET,
            "backoff": FAST, **options}  # fmt: skip


def client_for(url: str, **options: object) -> Client:
    return Client(**settings(url, options))  # type: ignore[arg-type]


def async_client_for(url: str, **options: object) -> AsyncClient:
    return AsyncClient(**settings(url, options))  # type: ignore[arg-type]


class Served:
    """The scripted upstream, served once for the module; each test gives it a new script."""

    def __init__(self, scripted: Upstream, url: str, recorder: Recorder) -> None:
        self.scripted, self.url, self.recorder = scripted, url, recorder

    def script(self, answers: list[Any] = (), tokens: list[Any] = ()) -> tuple[str, Recorder]:  # type: ignore[assignment]
        self.scripted.answers, self.scripted.tokens = list(answers), list(tokens)
        self.scripted.issued = 0
        self.recorder.clear()
        return self.url, self.recorder


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    scripted = Upstream()
    with serving(scripted.app()) as (url, recorder):
        yield Served(scripted, url, recorder)


@pytest.fixture
def upstream(served: Served) -> Served:
    served.script()
    return served


def operations(recorder: object) -> list[int]:
    return [status for path, status in recorder.seen() if path == "/operations"]  # type: ignore[attr-defined]


def grants(recorder: object) -> list[tuple[str, int]]:
    return [seen for seen in recorder.seen() if seen[0] != "/operations"]  # type: ignore[attr-defined]


# ---- the backoff and its rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retry", "ceiling"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (500, 8.0)]
)
def test_the_backoff_doubles_up_to_its_cap(retry: int, ceiling: float) -> None:
    assert Backoff().ceiling(retry) == ceiling


@given(st.integers(0, 100), st.integers(), st.floats(0.001, 5), st.floats(0.001, 60))
def test_a_delay_is_drawn_from_zero_to_the_ceiling(
    retry: int, seed: int, base: float, cap: float
) -> None:
    backoff = Backoff(base=base, cap=cap)
    delay = backoff.delay(retry, random.Random(seed))
    assert 0 <= delay <= min(cap, base * 2**retry)


def test_the_jitter_is_full_not_a_fixed_step() -> None:
    rng = random.Random(7)
    delays = [Backoff().delay(3, rng) for _ in range(200)]
    assert min(delays) < 1.0 and max(delays) > 3.0  # spread over 0..4 s


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("3", 3.0),
        ("0", 0.0),
        (" 12 ", 12.0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),  # a date 30 s after "now" below
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # already past
        ("soon", None),
        ("-1", None),
        ("1.5", None),  # delta-seconds are whole
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_a_date(
    header: str | None, seconds: float | None
) -> None:
    assert retry_after(header, datetime(2015, 10, 21, 7, 28, tzinfo=UTC)) == seconds


@pytest.mark.parametrize(
    ("timeout", "retries"),
    [(0, 3), (-1.0, 3), (float("nan"), 3), (float("inf"), 3), ("10", 3), (True, 3),
     (10.0, -1), (10.0, MAX_RETRIES + 1), (10.0, 2.0), (10.0, True), (10.0, None)],
)  # fmt: skip
def test_bad_sending_options_are_query_errors(timeout: object, retries: object) -> None:
    with pytest.raises(QueryError) as caught:
        check_sending(timeout, retries)
    assert [d.code for d in caught.value.diagnostics] == ["invalid_value"]


@pytest.mark.parametrize(
    ("expires_in", "seconds"),
    [(7200, 7200.0), (43199, 43199.0), ("1200", 1200.0), (" 7200 ", 7200.0), (1.5, 1.5),
     ("7200.5", 7200.5), (0, 0.0), (None, None), ("", None), ("soon", None), (-1, None),
     (True, None), ([7200], None), (float("nan"), None), ("1e3", None)],
)  # fmt: skip
def test_expires_in_is_a_number_or_a_numeric_string(expires_in: object, seconds: float) -> None:
    assert lifetime(expires_in) == seconds


@pytest.mark.parametrize(("seconds", "early"), [(43199, 60.0), (7200, 60.0), (600, 60.0),
                                                (100, 10.0), (1, 0.1), (0, 0.0)])  # fmt: skip
def test_a_token_is_renewed_a_minute_or_a_tenth_of_its_life_early(
    seconds: float, early: float
) -> None:
    assert margin(seconds) == early


@pytest.mark.parametrize(
    "options",
    [{"paging": "pages"}, {"paging": None}, {"retries": -1}, {"timeout": 0}, {"strict": 1},
     {"base_url": "ftp://example.kz"}, {"base_url": "not a url"}, {"token_url": 5},
     {"token_body": "json"}, {"scope": None}, {"password": None}, {"backoff": 3},
     {"refresh_scope": 5}],
)  # fmt: skip
def test_a_client_refuses_bad_options(upstream: Served, options: dict[str, object]) -> None:
    with pytest.raises(QueryError) as caught:
        client_for("http://127.0.0.1:9", **options)
    assert caught.value.diagnostics[0].code == "invalid_value"


# ---- a flaky upstream ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [503, 502, 504, 429])
def test_a_flaky_upstream_is_retried_until_it_answers(upstream: Served, status: int) -> None:
    url, recorder = upstream.script(answers=[(status, {"code": 1, "message": "busy"}, {})] * 2)
    with client_for(url) as client:
        page = client.page(QUERY)
    assert page.total_count == len(page.records) == SEED_RECORDS
    assert operations(recorder) == [status, status, 200]


def test_the_retries_are_bounded_then_a_transport_error(upstream: Served) -> None:
    url, recorder = upstream.script(answers=[(503, b"<html>down</html>", {})] * 10)
    with client_for(url, retries=2) as client, pytest.raises(TransportError) as caught:
        client.page(QUERY)
    assert operations(recorder) == [503, 503, 503]
    assert str(caught.value) == f"POST {url}/operations: HTTP 503 after 3 attempts"
    assert isinstance(caught.value, ClientError)


def test_no_retries_means_one_attempt(upstream: Served) -> None:
    url, recorder = upstream.script(answers=[(502, b"", {})])
    with (
        client_for(url, retries=0) as client,
        pytest.raises(TransportError, match=r"HTTP 502 after 1 attempt$"),
    ):
        client.page(QUERY)
    assert operations(recorder) == [502]


def test_the_backoff_waits_between_attempts(upstream: Served) -> None:
    slow = Backoff(base=0.2, cap=0.2)  # each wait drawn from 0..0.2 s
    url, _ = upstream.script(answers=[(503, b"", {})] * 3)
    with client_for(url, backoff=slow, retries=3) as client:
        client.page(QUERY)  # the token first: its wait is not counted below
        upstream.scripted.answers = [(503, b"", {})] * 3
        started = time.perf_counter()
        client.page(QUERY)
        elapsed = time.perf_counter() - started
    assert elapsed < 3.0  # three waits of at most 0.2 s, and four answers on loopback


def test_retry_after_is_honoured(upstream: Served) -> None:
    url, recorder = upstream.script(
        answers=[(429, {"code": 1, "message": "slow down"}, {"Retry-After": "1"})]
    )
    with client_for(url) as client:
        client.page(QUERY)
        upstream.scripted.answers = [
            (429, {"code": 1, "message": "slow down"}, {"Retry-After": "1"})
        ]
        started = time.perf_counter()
        client.page(QUERY)
        elapsed = time.perf_counter() - started
    assert elapsed >= 0.95  # FAST's own waits are milliseconds
    assert operations(recorder) == [429, 200, 429, 200]


def test_a_retry_after_past_the_limit_ends_the_retries_at_once(upstream: Served) -> None:
    url, recorder = upstream.script(answers=[(503, b"", {"Retry-After": "3600"})] * 3)
    with client_for(url) as client, pytest.raises(TransportError) as caught:
        client.page(QUERY)
    assert operations(recorder) == [503]
    assert "asked to retry after 3600 s (more than the 60 s waited at most)" in str(caught.value)


def test_a_timeout_is_retried_then_a_transport_error(upstream: Served) -> None:
    url, recorder = upstream.script(answers=[1.0, 1.0])
    with client_for(url, timeout=0.2, retries=1) as client, pytest.raises(TransportError) as caught:
        client.page(QUERY)
    assert "a timeout (ReadTimeout" in str(caught.value)
    assert str(caught.value).endswith("after 2 attempts")
    assert len(operations(recorder)) == 2


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_connection_failure_is_retried_then_a_transport_error() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    with client_for(url, retries=2) as client, pytest.raises(TransportError) as caught:
        client.page(QUERY)
    assert f"POST {url}/oauth2/token: a connection failure (ConnectError" in str(caught.value)
    assert str(caught.value).endswith("after 3 attempts")
    # httpx's error (and the request it holds, headers and all) is not kept
    assert caught.value.__context__ is None and caught.value.__cause__ is None


def test_the_async_client_retries_too(upstream: Served) -> None:
    url, recorder = upstream.script(answers=[(503, b"", {}), (504, b"", {})])

    async def main() -> list[object]:
        async with async_client_for(url) as client:
            return [record async for record in client.search(QUERY)]

    records = asyncio.run(main())
    assert len(records) == SEED_RECORDS
    assert operations(recorder) == [503, 504, 200]


# ---- error shapes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "code", "status"),
    [
        ((400, {"code": 232, "message": "Search Method Unavailable"}, {}), 232, 400),
        ((400, {"code": "E1", "message": "bad"}, {}), "E1", 400),
        ((200, {"code": 100, "message": ""}, {}), 100, 200),  # an error shape, sent as a success
        ((500, b"<html>oops</html>", {}), None, 500),  # not retried: only 502/503/504 are
        ((404, {"error": "not_found"}, {}), "not_found", 404),
        ((302, b"", {"Location": "http://127.0.0.1:9/elsewhere"}), None, 302),  # not followed
        ((403, b"[1, 2]", {}), None, 403),
    ],
)
def test_error_answers_are_api_errors(
    upstream: Served, answer: object, code: object, status: int
) -> None:
    url, recorder = upstream.script(answers=[answer])
    with client_for(url) as client, pytest.raises(ApiError) as caught:
        client.page(QUERY)
    assert (caught.value.code, caught.value.status) == (code, status)
    assert operations(recorder) == [status]


def test_the_error_message_is_the_apis(upstream: Served) -> None:
    url, _ = upstream.script(
        answers=[(400, {"code": 232, "message": "Search Method Unavailable"}, {})]
    )
    with client_for(url) as client, pytest.raises(ApiError) as caught:
        client.page(QUERY)
    assert str(caught.value) == "HTTP 400: the API answered code 232: Search Method Unavailable"
    assert caught.value.message == "Search Method Unavailable"


@pytest.mark.parametrize("body", [b"<html>not json</html>", b'{"totalCount": "x", "records": []}',
                                  b'{"records": [{"id": 1}]}'])  # fmt: skip
def test_a_success_that_is_no_page_is_a_schema_error(upstream: Served, body: bytes) -> None:
    url, _ = upstream.script(answers=[(200, body, {})])
    with client_for(url) as client, pytest.raises(SchemaError):
        client.page(QUERY)


# ---- the token ----------------------------------------------------------------------------------


def test_the_password_grant_is_form_encoded_with_the_exact_scope(upstream: Served) -> None:
    url, recorder = upstream.script()
    with client_for(url) as client:
        client.page(QUERY)
    token = recorder.exchanges[0]
    assert token.path == "/oauth2/token"
    assert token.headers["content-type"] == "application/x-www-form-urlencoded"
    assert token.form() == {"grant_type": "password", "username": "dana", "password": PASSWORD,
                            "scope": DEFAULT_SCOPE, "client_id": "shop",
                            "client_secret": CLIENT_SECRET}  # fmt: skip
    assert (
        DEFAULT_SCOPE
        == "webapi usermanagement email_send verification statement statistics payment"
    )
    assert recorder.exchanges[1].headers["authorization"] == "Bearer t1"


def test_the_token_form_can_be_multipart(upstream: Served) -> None:
    url, recorder = upstream.script()
    with client_for(url, token_body="multipart", scope="api") as client:
        client.page(QUERY)
    token = recorder.exchanges[0]
    assert token.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="scope"\r\n\r\napi\r\n' in token.body
    assert token.grant == "password"


def test_the_token_is_reused_until_it_is_due(upstream: Served) -> None:
    url, recorder = upstream.script()
    with client_for(url) as client:
        for _ in range(3):
            client.page(QUERY)
    assert grants(recorder) == [("password", 200)]


@pytest.mark.parametrize("expires_in", [0, "0"])
def test_a_due_token_is_renewed_by_its_refresh_token_before_sending(
    upstream: Served, expires_in: object
) -> None:
    token = {"access_token": "t0", "refresh_token": "r0", "expires_in": expires_in}
    url, recorder = upstream.script(tokens=[(200, token, {})])
    with client_for(url) as client:
        client.page(QUERY)
        client.page(QUERY)
    assert recorder.seen() == [("password", 200), ("/operations", 200), ("refresh_token", 200),
                               ("/operations", 200)]  # fmt: skip
    assert recorder.exchanges[2].form()["refresh_token"] == "r0"
    assert recorder.exchanges[2].form()["scope"] == DEFAULT_SCOPE
    assert recorder.exchanges[3].headers["authorization"] == "Bearer t1"


def test_the_refresh_scope_can_differ(upstream: Served) -> None:
    first = {"access_token": "t0", "refresh_token": "r0", "expires_in": 0}
    url, recorder = upstream.script(tokens=[(200, first, {})])
    with client_for(url, refresh_scope="api") as client:
        client.page(QUERY)
        client.page(QUERY)
    assert recorder.exchanges[0].form()["scope"] == DEFAULT_SCOPE
    assert recorder.exchanges[2].form()["refresh_token"] == "r0"
    assert recorder.exchanges[2].form()["scope"] == "api"


def test_a_refused_refresh_falls_back_to_the_password_grant(upstream: Served) -> None:
    first = {"access_token": "t0", "refresh_token": "r0", "expires_in": "0"}
    url, recorder = upstream.script(
        tokens=[(200, first, {}), (400, {"error": "invalid_grant"}, {})]
    )
    with client_for(url) as client:
        client.page(QUERY)
        client.page(QUERY)
    assert grants(recorder) == [("password", 200), ("refresh_token", 400), ("password", 200)]
    assert operations(recorder) == [200, 200]


def test_without_a_refresh_token_the_password_grant_renews(upstream: Served) -> None:
    first = {"access_token": "t0", "refresh_token": "", "expires_in": 0}  # "" is "not used"
    url, recorder = upstream.script(tokens=[(200, first, {})])
    with client_for(url) as client:
        client.page(QUERY)
        client.page(QUERY)
    assert grants(recorder) == [("password", 200), ("password", 200)]


def test_a_401_renews_once_and_repeats_once(upstream: Served) -> None:
    url, recorder = upstream.script(
        answers=[(401, {"code": 912, "message": "Invalid Or Expired Token"}, {})]
    )
    with client_for(url) as client:
        page = client.page(QUERY)
    assert page.total_count == SEED_RECORDS
    assert recorder.seen() == [("password", 200), ("/operations", 401), ("refresh_token", 200),
                               ("/operations", 200)]  # fmt: skip
    assert recorder.exchanges[3].headers["authorization"] == "Bearer t2"


def test_a_second_401_is_an_api_error(upstream: Served) -> None:
    refused = (401, {"code": 912, "message": "Invalid Or Expired Token"}, {})
    url, recorder = upstream.script(answers=[refused, refused, refused])
    with client_for(url) as client, pytest.raises(ApiError) as caught:
        client.page(QUERY)
    assert (caught.value.code, caught.value.status) == (912, 401)
    assert recorder.seen() == [("password", 200), ("/operations", 401), ("refresh_token", 200),
                               ("/operations", 401)]  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "code", "status"),
    [
        ((401, {"code": 905, "message": "Invalid User Credentials"}, {}), 905, 401),
        ((400, {"error": "invalid_scope", "error_description": "no such scope"}, {}),
         "invalid_scope", 400),
        ((400, b"", {}), None, 400),
        ((200, {"token_type": "bearer"}, {}), None, 200),  # no access_token
        ((200, b"not json", {}), None, 200),
    ],
)  # fmt: skip
def test_a_refused_token_is_an_api_error_and_nothing_else_is_sent(
    upstream: Served, answer: object, code: object, status: int
) -> None:
    url, recorder = upstream.script(tokens=[answer])
    with client_for(url) as client, pytest.raises(ApiError) as caught:
        client.page(QUERY)
    assert (caught.value.code, caught.value.status) == (code, status)
    assert operations(recorder) == []


def test_threads_sharing_a_client_share_one_token(upstream: Served) -> None:
    url, recorder = upstream.script()
    with client_for(url) as client:
        threads = [threading.Thread(target=client.page, args=(QUERY,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert grants(recorder) == [("password", 200)]
    assert operations(recorder) == [200] * 8


# ---- checked before anything is sent ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "options", "code"),
    [
        ("amount > ten", {}, "invalid_value"),
        ("amount > 5", {}, "missing_period"),
        ({"searchParameters": [{"name": "amout", "method": ">", "searchParameter": ["5"]}]}, {},
         "unknown_field"),
        (b'{"searchParameters": []}', {}, "missing_period"),
        ({"searchParameters": [{"name": "created_date", "method": ">",
                                "searchParameter": ["2024-01-01"]}]}, {"tz": "UTC"},
         "invalid_value"),  # options are for a query's text, not a payload
        (42, {}, "invalid_shape"),
        (QUERY, {"tz": "Mars/Olympus"}, "invalid_value"),
    ],
)  # fmt: skip
def test_an_invalid_query_is_a_query_error_and_nothing_is_sent(
    upstream: Served, query: object, options: dict[str, object], code: str
) -> None:
    url, recorder = upstream.script()
    with client_for(url) as client:
        with pytest.raises(QueryError) as caught:
            client.page(query, **options)  # type: ignore[arg-type]
        with pytest.raises(QueryError):
            client.search(query, **options)  # type: ignore[arg-type]  # at the call, not later
    assert caught.value.diagnostics[0].code == code
    assert recorder.seen() == []


@pytest.mark.parametrize(("page", "size"), [(0, 20), (-1, 20), (1, 0), (True, 20), (1, 2.0),
                                            (2**31, 20)])  # fmt: skip
def test_bad_paging_is_a_query_error_and_nothing_is_sent(
    upstream: Served, page: object, size: object
) -> None:
    url, recorder = upstream.script()
    with client_for(url) as client, pytest.raises(QueryError) as caught:
        client.page(QUERY, page=page, size=size)  # type: ignore[arg-type]
    assert caught.value.diagnostics[0].code == "invalid_paging"
    assert recorder.seen() == []


def test_skipping_past_the_largest_page_is_refused(upstream: Served) -> None:
    url, recorder = upstream.script()
    with client_for(url, paging="skip") as client, pytest.raises(QueryError):
        client.page(QUERY, page=2**30, size=4)
    assert recorder.seen() == []


@pytest.mark.parametrize(
    ("paging", "page", "size", "sent"),
    [("page", 1, 20, {"page": 1, "size": 20}), ("page", 3, 50, {"page": 3, "size": 50}),
     ("skip", 1, 20, {"page": 0, "size": 20}), ("skip", 3, 50, {"page": 100, "size": 50})],
)  # fmt: skip
def test_the_page_number_is_sent_as_the_api_reads_it(
    upstream: Served, paging: str, page: int, size: int, sent: dict[str, int]
) -> None:
    import json

    url, recorder = upstream.script()
    with client_for(url, paging=paging) as client:
        client.page("created_date > 2018-01-01 page 7 size 3", page=page, size=size)
    body = json.loads(recorder.exchanges[-1].body)
    assert body["paging"] == sent  # the call's paging, not the query's own


def test_a_payload_is_sent_as_given_with_the_calls_paging(upstream: Served) -> None:
    import json

    url, recorder = upstream.script()
    payload = {"searchParameters": [{"name": "created_date", "method": ">=",
                                     "searchParameter": ["2018-01-01T00:00:00Z"]}],
               "paging": {"page": 9, "size": 9}}  # fmt: skip
    with client_for(url) as client:
        client.page(payload, size=5)
    sent = json.loads(recorder.exchanges[-1].body)
    assert sent == {**payload, "paging": {"page": 1, "size": 5}}
    assert payload["paging"] == {"page": 9, "size": 9}  # the caller's payload is not changed


# ---- secrets ------------------------------------------------------------------------------------


def test_no_secret_in_reprs_messages_or_logs(
    upstream: Served, caplog: pytest.LogCaptureFixture
) -> None:
    echo = (f"user dana password {PASSWORD} secret {CLIENT_SECRET} token t1-access-token"
            " refresh r1-refresh-token card 4111111111111111")  # fmt: skip
    url, _ = upstream.script(
        answers=[(503, b"", {}), (401, {"code": 912, "message": "expired t1"}, {}),
                 (400, {"code": 1, "message": echo}, {})],
        tokens=[(200, {"access_token": "t1-access-token", "refresh_token": "r1-refresh-token",
                       "expires_in": 43199}, {})],
    )  # fmt: skip
    secrets = [PASSWORD, CLIENT_SECRET, "t1-access-token", "r1-refresh-token", "4111111111111111"]
    caplog.set_level(logging.DEBUG)  # every logger: querydsl's, httpx's and httpcore's
    with client_for(url) as client:
        with pytest.raises(ApiError) as caught:
            client.page(QUERY)
        shown = [repr(client), str(caught.value), repr(caught.value), caught.value.message,
                 repr(client._holder), repr(client._secrets)]  # fmt: skip
    logged = [record.getMessage() for record in caplog.records]
    assert any("HTTP Request" in line for line in logged)  # httpx's own lines were captured
    assert any("retry 1 of 3" in line for line in logged)  # and the client's
    for secret in secrets:
        assert not [text for text in shown + logged if secret in text], secret
    assert "password ***" in caught.value.message


def test_no_secret_in_a_transport_error() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    with client_for(url, retries=0) as client, pytest.raises(TransportError) as caught:
        client.page(QUERY)
    for secret in (PASSWORD, CLIENT_SECRET):
        assert secret not in str(caught.value) and secret not in repr(caught.value)
    assert caught.value.__context__ is None


def test_the_client_extra_is_named_when_httpx_is_missing() -> None:
    code = (
        "import sys; sys.modules['httpx'] = None\n"
        "import querydsl, querydsl.homebank\n"  # these need no httpx
        "from querydsl.homebank import Client\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "the API clients need the client extra (httpx is not installed): " \
           "pip install 'querydsl[client]'" in result.stderr  # fmt: skip


def test_the_names_are_exported() -> None:
    from querydsl import homebank

    assert homebank.Client is Client and homebank.AsyncClient is AsyncClient
    assert querydsl.ApiError is ApiError
