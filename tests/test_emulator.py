"""The emulator (SPEC 12) served by uvicorn on a free loopback port and called over HTTP: the token
endpoint's three grants and its refusals, `/operations` (Bearer, the payload's errors as codes,
Homebank's record shape, both paging readings, the same records `evaluate` finds), Horizonpay's
two reads, signed webhooks to a receiver of the test's own, the sample generator, and the CLI."""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querydsl import evaluate, from_payload
from querydsl.emulator import SCOPE, Credentials, Emulator, Running, running
from querydsl.emulator.sample import operations, operations_page, transactions
from querydsl.homebank import load_operations
from querydsl.horizonpay import load_transaction
from querydsl.strategies import payloads
from tests.response_strategies import homebank_seed_text, horizonpay_seed_text

SEED, COUNT = 11, 240
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def emulator() -> Iterator[Running]:
    with running(sample=COUNT, seed=SEED) as started:
        yield started


def call(
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names, body) of one request."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, got, answer = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, got, answer = error.code, error.headers, error.read()
        error.close()
    return status, {name.lower(): value for name, value in got.items()}, answer


def token_request(base: str, form: dict[str, str]) -> tuple[int, Any]:
    body = urllib.parse.urlencode(form).encode()
    status, _, answer = call(
        f"{base}/oauth2/token", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    return status, json.loads(answer)


def token(running_: Running) -> str:
    status, answer = token_request(running_.base_url, running_.credentials.password_form())
    assert status == 200, answer
    return str(answer["access_token"])


def search(
    running_: Running, payload: Any, access: str | None = None
) -> tuple[int, dict[str, str], Any]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if access is not None:
        headers["Authorization"] = f"Bearer {access}"
    status, got, answer = call(f"{running_.base_url}/operations", body, headers)
    return status, got, json.loads(answer)


def gateway(running_: Running, path: str, **overrides: str | None) -> tuple[int, Any]:
    own = running_.credentials
    basic = base64.b64encode(f"{own.shop_id}:{own.secret_key}".encode()).decode()
    headers = {"Authorization": f"Basic {basic}", "X-API-Version": "3", **overrides}
    status, _, answer = call(
        running_.base_url + path, headers={k: v for k, v in headers.items() if v is not None}
    )
    return status, json.loads(answer)


PERIOD = {"name": "created_date", "method": ">=", "searchParameter": ["2000-01-01T00:00:00Z"]}


def payload(
    *conditions: dict[str, Any],
    page: int | None = None,
    size: int | None = None,
    order: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    built: dict[str, Any] = {}
    if page is not None or size is not None:
        built["paging"] = {"page": page, "size": size}
    built["searchParameters"] = [PERIOD, *conditions]
    built["orderParameters"] = order or []
    return built


# ---- The token endpoint -------------------------------------------------------------------------


def test_the_password_grant_answers_as_the_token_page_shows(emulator: Running) -> None:
    status, answer = token_request(emulator.base_url, emulator.credentials.password_form())
    assert status == 200
    assert list(answer) == ["access_token", "token_type", "refresh_token", "expires_in"]
    assert answer["token_type"] == "bearer" and answer["expires_in"] == 43199
    assert answer["access_token"] != answer["refresh_token"]


def test_the_password_grant_takes_the_operations_scope_exactly() -> None:
    assert SCOPE == "webapi usermanagement email_send verification statement statistics payment"


def _form(credentials: Credentials, **changes: str | None) -> dict[str, str]:
    form: dict[str, str | None] = {**credentials.password_form(), **changes}
    return {name: value for name, value in form.items() if value is not None}


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"grant_type": "implicit"}, 400, 901),
        ({"grant_type": None}, 400, 902),
        ({"username": None}, 400, 902),
        ({"scope": "api"}, 400, 903),
        ({"scope": SCOPE.replace(" ", "  ")}, 400, 903),
        ({"client_secret": "wrong"}, 401, 904),
        ({"client_id": "wrong"}, 401, 904),
        ({"password": "wrong"}, 401, 905),
        ({"username": "wrong"}, 401, 905),
        ({"grant_type": "refresh_token", "refresh_token": "never-issued"}, 401, 906),
    ],
)
def test_token_refusals_have_a_status_and_a_code(
    emulator: Running, changes: dict[str, str | None], status: int, code: int
) -> None:
    got, answer = token_request(emulator.base_url, _form(emulator.credentials, **changes))
    assert (got, answer["code"]) == (status, code)
    assert set(answer) == {"code", "message"}


def test_a_token_request_that_is_not_a_form_is_415(emulator: Running) -> None:
    body = json.dumps(emulator.credentials.password_form()).encode()
    status, _, answer = call(
        f"{emulator.base_url}/oauth2/token", body, {"Content-Type": "application/json"}
    )
    assert (status, json.loads(answer)["code"]) == (415, 907)


def test_a_multipart_form_is_a_form_too(emulator: Running) -> None:
    # APIS.md 1.2: the pages say "form-data", which may mean multipart.
    boundary = "querydsl-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in emulator.credentials.password_form().items()
    ]
    body = "".join([*parts, f"--{boundary}--\r\n"]).encode()
    status, _, answer = call(
        f"{emulator.base_url}/oauth2/token",
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert status == 200, answer
    assert json.loads(answer)["token_type"] == "bearer"


def test_a_refresh_token_gives_a_new_access_token_that_works(emulator: Running) -> None:
    _, first = token_request(emulator.base_url, emulator.credentials.password_form())
    own = emulator.credentials
    status, renewed = token_request(
        emulator.base_url,
        {
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "scope": "api",
            "client_id": own.client_id,
            "client_secret": own.client_secret,
        },
    )
    assert status == 200
    assert renewed["token_type"] == "Bearer" and renewed["expires_in"] == 7200
    assert renewed["scope"] == SCOPE and "refresh_token" not in renewed
    assert renewed["access_token"] != first["access_token"]
    assert search(emulator, payload(), renewed["access_token"])[0] == 200


def test_client_credentials_echo_their_scope_and_work(emulator: Running) -> None:
    own = emulator.credentials
    status, answer = token_request(
        emulator.base_url,
        {
            "grant_type": "client_credentials",
            "scope": "webapi",
            "client_id": own.client_id,
            "client_secret": own.client_secret,
        },
    )
    assert status == 200
    assert (answer["scope"], answer["token_type"], answer["expires_in"]) == (
        "webapi",
        "Bearer",
        7200,
    )
    assert search(emulator, payload(), answer["access_token"])[0] == 200


def test_expires_in_can_be_sent_as_a_numeric_string() -> None:
    # APIS.md 1.5: one page shows "expires_in": "1200".
    with running(expires_in=1200, expires_in_text=True) as served:
        _, answer = token_request(served.base_url, served.credentials.password_form())
    assert answer["expires_in"] == "1200"


# ---- /operations: tokens ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authorization", "code"),
    [(None, 911), ("Bearer", 911), ("Basic abc", 911), ("Bearer not-a-token", 912)],
)
def test_operations_without_a_valid_token_is_401(
    emulator: Running, authorization: str | None, code: int
) -> None:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    status, got, answer = call(
        f"{emulator.base_url}/operations", json.dumps(payload()).encode(), headers
    )
    assert (status, json.loads(answer)["code"]) == (401, code)
    assert got["www-authenticate"] == "Bearer"


def test_a_token_expires_by_the_clock_the_test_moves() -> None:
    now = [1000.0]
    with running(clock=lambda: now[0]) as served:
        access = token(served)
        assert search(served, payload(), access)[0] == 200
        now[0] += 43198
        assert search(served, payload(), access)[0] == 200
        now[0] += 1
        status, _, answer = search(served, payload(), access)
    assert (status, answer["code"]) == (401, 912)


def test_a_zero_lifetime_issues_tokens_already_expired() -> None:
    with running(expires_in=0) as served:
        _, answer = token_request(served.base_url, served.credentials.password_form())
        assert answer["expires_in"] == 0
        assert search(served, payload(), answer["access_token"])[0] == 401


def test_expire_all_ends_every_token_issued() -> None:
    with running() as served:
        access = token(served)
        served.emulator.tokens.expire_all()
        assert search(served, payload(), access)[0] == 401
        assert search(served, payload(), token(served))[0] == 200


# ---- /operations: the payload's errors ----------------------------------------------------------


def _with(**condition: Any) -> dict[str, Any]:
    return payload({"name": "amount", "method": "=", "searchParameter": ["5"], **condition})


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (_with(method="like", searchParameter=["5%"]), 232),
        (b"{not json", 920),
        ({"searchParameters": [PERIOD], "orderParameters": [], "extra": 1}, 920),
        (b'{"searchParameters": [], "searchParameters": [], "orderParameters": []}', 921),
        (_with(name="amout"), 922),
        (_with(method="~"), 923),
        (_with(method="between"), 924),
        (payload({"name": "payer_email", "method": "like", "searchParameter": ["dana"]}), 925),
        (_with(searchParameter=["five"]), 926),
        (_with(method="between", searchParameter=["9", "1"]), 927),
        ({"searchParameters": [], "orderParameters": []}, 928),
        (payload(page=-1, size=20), 929),
        (payload(order=[{"field": "amount", "typeOrder": "UP"}]), 930),
        (payload(order=[{"field": "amount", "typeOrder": "ASC"}] * 2), 931),
        (payload(*[{"name": "amount", "method": "=", "searchParameter": ["5"]}] * 201), 932),
    ],
)
def test_a_bad_payload_is_400_with_a_code(emulator: Running, body: Any, code: int) -> None:
    status, _, answer = search(emulator, body, token(emulator))
    assert (status, answer["code"]) == (400, code), answer
    assert set(answer) == {"code", "message"} and answer["message"]


def test_232_is_answered_in_homebanks_own_words(emulator: Running) -> None:
    status, _, answer = search(
        emulator, _with(method="like", searchParameter=["5%"]), token(emulator)
    )
    assert (status, answer) == (400, {"code": 232, "message": "Search Method Unavailable"})


def test_a_body_over_a_mebibyte_is_413_before_it_is_read(emulator: Running) -> None:
    host, port = emulator.server.server_address
    head = (
        f"POST /operations HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {token(emulator)}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {(1 << 20) + 1}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(head.encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["code"] == 940


# ---- /operations: the records -------------------------------------------------------------------


def test_records_come_back_exactly_as_homebank_writes_them(emulator: Running) -> None:
    status, _, answer = search(emulator, payload(page=1, size=COUNT), token(emulator))
    assert status == 200
    assert list(answer) == ["totalCount", "records"]
    assert answer["totalCount"] == COUNT
    assert answer["records"] == operations(COUNT, SEED)  # keys, order, formats: as the sample's


def test_a_request_without_paging_gets_the_first_twenty(emulator: Running) -> None:
    _, _, answer = search(emulator, payload(), token(emulator))
    assert answer["totalCount"] == COUNT
    assert [r["id"] for r in answer["records"]] == [r["id"] for r in operations(20, SEED)]


def _ids(answer: dict[str, Any]) -> list[str]:
    return [record["id"] for record in answer["records"]]


def test_paging_reads_page_as_a_page_number_by_default(emulator: Running) -> None:
    every = [r["id"] for r in operations(COUNT, SEED)]
    access = token(emulator)
    assert _ids(search(emulator, payload(page=1, size=7), access)[2]) == every[0:7]
    assert _ids(search(emulator, payload(page=0, size=7), access)[2]) == every[0:7]
    assert _ids(search(emulator, payload(page=3, size=7), access)[2]) == every[14:21]


def test_paging_skip_reads_page_as_records_to_skip() -> None:
    every = [r["id"] for r in operations(40, 2)]
    with running(sample=40, seed=2, paging="skip") as served:
        access = token(served)
        assert _ids(search(served, payload(page=0, size=7), access)[2]) == every[0:7]
        assert _ids(search(served, payload(page=3, size=7), access)[2]) == every[3:10]


def test_data_loads_homebank_responses_and_the_seeds_page_is_served_as_it_came() -> None:
    seed = json.loads(homebank_seed_text())
    with running(data=[homebank_seed_text().encode()]) as served:
        _, _, answer = search(served, payload(page=1, size=100), token(served))
    assert answer == {"totalCount": 2, "records": seed["records"]}


def test_amounts_keep_every_digit_and_undocumented_keys_are_kept() -> None:
    record = operations(1, 6)[0] | {"amount": 1, "payoutAmount": 2, "riskScore": [1, "a"]}
    text = json.dumps({"totalCount": 1, "records": [record]})
    text = text.replace('"amount": 1,', '"amount": 10.50,').replace(": 2,", ": 1E+3,")
    with running(data=[text]) as served:
        body = json.dumps(payload()).encode()
        headers = {"Authorization": f"Bearer {token(served)}"}
        _, _, answer = call(f"{served.base_url}/operations", body, headers)
    assert b'"amount":10.50,' in answer and b'"payoutAmount":1E+3,' in answer
    assert json.loads(answer)["records"][0]["riskScore"] == [1, "a"]


def test_the_emulator_serves_a_store_of_ones_own_and_adds_to_it() -> None:
    from querydsl.store import Store

    store = Store()
    store.add(operations_page(4, 2))
    with running(emulator=Emulator(store, sample=3, seed=9)) as served:
        _, _, answer = search(served, payload(page=1, size=50), token(served))
    assert answer["records"] == operations(4, 2) + operations(3, 9)
    assert len(store) == 7


def test_the_seeds_v3_example_is_served_as_documented() -> None:
    # The example repeats "exp_year": JSON's last value counts, as every JSON reader does.
    with running() as served:
        served.emulator.add_transactions(horizonpay_seed_text())
        status, answer = gateway(served, "/transactions/46154-aba1cf5e57")
    assert status == 200 and answer == json.loads(horizonpay_seed_text())


_RECORDS = load_operations(operations_page(COUNT, SEED)).records
_SPAN = (datetime(2024, 1, 1), datetime(2026, 1, 1))


@st.composite
def _searches(draw: st.DrawFn) -> dict[str, Any]:
    """Payloads that match some of the sample: a period, an amount bound, a card prefix, an
    order, a page."""
    start = draw(st.datetimes(*_SPAN))
    end = start + timedelta(days=draw(st.integers(1, 800)))
    conditions: list[dict[str, Any]] = [
        {
            "name": "created_date",
            "method": "between",
            "searchParameter": [f"{start.isoformat()}Z", f"{end.isoformat()}Z"],
        },
    ]
    if draw(st.booleans()):
        bound = draw(st.decimals(0, 100000, places=2))
        conditions.append(
            {
                "name": "amount",
                "method": draw(st.sampled_from(["<", ">", ">="])),
                "searchParameter": [str(bound)],
            }
        )
    if draw(st.booleans()):
        prefix = draw(st.sampled_from(["4003%", "5395%", "%1%", "4%"]))
        conditions.append({"name": "card_mask", "method": "like", "searchParameter": [prefix]})
    if draw(st.booleans()):
        conditions.append({"name": "post_link", "method": "=", "searchParameter": ["true"]})
    fields = draw(
        st.lists(
            st.sampled_from(["amount", "created_date", "payer_email", "client", "payout_amount"]),
            unique=True,
            max_size=2,
        )
    )
    order = [{"field": f, "typeOrder": draw(st.sampled_from(["ASC", "DESC"]))} for f in fields]
    return {
        "paging": {"page": draw(st.integers(0, 8)), "size": draw(st.integers(1, 40))},
        "searchParameters": conditions,
        "orderParameters": order,
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.one_of(_searches(), payloads(max_conditions=3)))
def test_a_page_holds_exactly_the_records_evaluate_finds(emulator: Running, body: Any) -> None:
    query = from_payload(body)
    found = evaluate(query.__class__(query.filter, query.order), _RECORDS)
    page, size = query.page or 0, query.size or 20
    start = max(page - 1, 0) * size
    status, _, answer = search(emulator, body, _TOKEN.get(emulator))
    assert status == 200, answer
    assert answer["totalCount"] == len(found)
    assert _ids(answer) == [record.id for record in found[start : start + size]]  # type: ignore[attr-defined]


class _Tokens:
    """One token per served emulator, for the property's many requests."""

    def __init__(self) -> None:
        self.issued: dict[str, str] = {}

    def get(self, served: Running) -> str:
        if served.base_url not in self.issued:
            self.issued[served.base_url] = token(served)
        return self.issued[served.base_url]


_TOKEN = _Tokens()


def test_operations_added_over_http_are_searched_at_once() -> None:
    with running() as served:
        status, _, answer = call(
            f"{served.base_url}/emulator/operations", json.dumps(operations_page(9, 3)).encode()
        )
        assert (status, json.loads(answer)) == (
            201,
            {"added": 9, "operations": 9, "transactions": 0},
        )
        _, _, found = search(served, payload(page=1, size=50), token(served))
    assert found["records"] == operations(9, 3)


@pytest.mark.parametrize(  # a record that leaves keys out loads (leniently): an id of 5 does not
    "body", [b"{", b'{"totalCount": 1, "records": [{"id": 5}]}', b'{"records": 5}']
)
def test_records_that_do_not_load_are_refused_and_nothing_is_added(body: bytes) -> None:
    with running() as served:
        status, _, answer = call(f"{served.base_url}/emulator/operations", body)
        assert served.emulator.counts()["operations"] == 0
    assert (status, json.loads(answer)["code"]) == (400, 920)


# ---- Horizonpay ---------------------------------------------------------------------------------


def test_a_transaction_is_served_by_uid_exactly_as_the_sample_made_it(emulator: Running) -> None:
    for made in transactions(5, SEED):
        status, answer = gateway(emulator, f"/transactions/{made['uid']}")
        assert (status, answer) == (200, made)
        assert load_transaction(answer, strict=True).uid == made["uid"]


def test_an_unknown_uid_is_404_in_the_v3_error_shape(emulator: Running) -> None:
    status, answer = gateway(emulator, "/transactions/00000-0000000000")
    assert status == 404
    assert list(answer) == ["code", "friendly_message", "message", "errors"]
    assert answer["code"] == "E.1404"


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"Authorization": None}, 401, "E.1401"),
        ({"Authorization": "Basic " + base64.b64encode(b"1:wrong").decode()}, 401, "E.1401"),
        ({"Authorization": "Bearer x"}, 401, "E.1401"),
        ({"X-API-Version": None}, 422, "E.1025"),
        ({"X-API-Version": "2"}, 422, "E.1025"),
    ],
)
def test_horizonpay_refusals(
    emulator: Running, overrides: dict[str, str | None], status: int, code: str
) -> None:
    uid = transactions(1, SEED)[0]["uid"]
    for path in (f"/transactions/{uid}", "/v2/transactions/tracking_id/x"):
        got, answer = gateway(emulator, path, **overrides)
        assert (got, answer["code"]) == (status, code)
        assert set(answer) == {"code", "friendly_message", "message", "errors"}


def test_a_tracking_id_gives_its_transactions_most_recent_first(emulator: Running) -> None:
    made = transactions(COUNT, SEED)
    tracking = made[0]["tracking_id"]
    expected = sorted(
        (t for t in made if t["tracking_id"] == tracking),
        key=lambda t: load_transaction(t).created_at,
        reverse=True,
    )
    status, answer = gateway(emulator, f"/v2/transactions/tracking_id/{tracking}")
    assert status == 200 and list(answer) == ["transactions"]
    assert answer["transactions"] == expected and len(expected) == 3


def test_an_unknown_tracking_id_is_an_empty_list(emulator: Running) -> None:
    assert gateway(emulator, "/v2/transactions/tracking_id/nobody") == (200, {"transactions": []})


def test_a_tracking_id_answers_at_most_ten() -> None:
    many = [dict(t, tracking_id="shared") for t in transactions(14, 4)]
    with running() as served:
        served.emulator.add_transactions(many)
        status, answer = gateway(served, "/v2/transactions/tracking_id/shared")
    newest = sorted(many, key=lambda t: load_transaction(t).created_at, reverse=True)[:10]
    assert status == 200 and answer["transactions"] == newest


# ---- Webhooks -----------------------------------------------------------------------------------


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[bytes, dict[str, str]]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((body, {k.lower(): v for k, v in self.headers.items()}))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[bytes, dict[str, str]]]]]:
    received: list[tuple[bytes, dict[str, str]]] = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def _verify(public_key: str, body: bytes, signature: str) -> bool:
    key = serialization.load_der_public_key(base64.b64decode(public_key))
    try:
        key.verify(base64.b64decode(signature), body, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr, call-arg, arg-type]
    except InvalidSignature:
        return False
    return True


def test_each_added_transaction_is_posted_signed_to_the_webhook_url(
    receiver: tuple[str, list[tuple[bytes, dict[str, str]]]],
) -> None:
    url, received = receiver
    made = transactions(3, 9)
    with running(webhook_url=url) as served:
        status, _, answer = call(
            f"{served.base_url}/emulator/transactions",
            json.dumps(made).encode(),
            {"Content-Type": "application/json"},
        )
        _, _, key = call(f"{served.base_url}/emulator/public-key")
    assert status == 201
    assert json.loads(answer)["webhooks"] == [
        {"uid": t["uid"], "status": 200, "error": None} for t in made
    ]
    public_key = key.decode()
    assert re.fullmatch(r"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA[A-Za-z0-9+/]+=*", public_key)
    assert [json.loads(body) for body, _ in received] == made
    own = served.credentials
    for body, headers in received:
        assert _verify(public_key, body, headers["content-signature"])
        assert headers["content-type"] == "application/json"
        assert (
            headers["authorization"]
            == "Basic " + base64.b64encode(f"{own.shop_id}:{own.secret_key}".encode()).decode()
        )
        # A body changed by one byte, or another body's signature, does not verify.
        assert not _verify(
            public_key, body.replace(b'"uid"', b'"UID"'), headers["content-signature"]
        )
    (first, first_headers), (second, _) = received[0], received[1]
    assert not _verify(public_key, second, first_headers["content-signature"])
    # The body is sent as UTF-8, Cyrillic unescaped: the signature is over these bytes.
    assert "ул. Абая".encode() in first


def test_the_webhooks_verify_with_querydsls_own_verify_webhook(
    receiver: tuple[str, list[tuple[bytes, dict[str, str]]]],
) -> None:
    from querydsl import SignatureError
    from querydsl.horizonpay import verify_webhook

    url, received = receiver
    made = transactions(2, 12)
    with running(webhook_url=url) as served:
        served.emulator.add_transactions(made)
        public_key = served.emulator.public_key
    for (body, headers), sent in zip(received, made, strict=True):
        assert verify_webhook(body, headers["content-signature"], public_key).uid == sent["uid"]
        with pytest.raises(SignatureError):
            verify_webhook(body + b" ", headers["content-signature"], public_key)


def test_a_transaction_that_is_not_v3_is_refused_and_nothing_is_sent(
    receiver: tuple[str, list[tuple[bytes, dict[str, str]]]],
) -> None:
    url, received = receiver
    with running(webhook_url=url) as served:
        status, _, answer = call(
            f"{served.base_url}/emulator/transactions",
            json.dumps(
                [transactions(1, 1)[0], {"uid": "1", "status": "successful", "code": "F.1"}]
            ).encode(),
        )
        assert served.emulator.counts()["transactions"] == 0
    assert status == 422 and json.loads(answer)["code"] == "E.1025"
    assert received == []


def test_an_unreachable_receiver_is_reported_not_raised() -> None:
    with running(webhook_url="http://127.0.0.1:9/nobody", webhook_timeout=5) as served:
        (delivery,) = served.emulator.add_transactions(transactions(1, 3))
    assert (delivery.status, delivery.delivered) == (None, False)
    assert delivery.error is not None and "not delivered" in delivery.error


def test_the_clients_take_runnings_arguments_as_they_are() -> None:
    from querydsl.homebank import Client
    from querydsl.horizonpay import Client as GatewayClient

    made = transactions(3, SEED)
    with running(sample=60, seed=SEED) as served:
        with Client(**served.homebank()) as client:
            found = list(client.search("created_date >= 2000-01-01", page_size=7))
        with GatewayClient(**served.horizonpay()) as gateway_client:
            one = gateway_client.transaction(made[2]["uid"])
            tracked = gateway_client.by_tracking_id(made[0]["tracking_id"])
    assert [record.id for record in found] == [record["id"] for record in operations(60, SEED)]
    assert one.uid == made[2]["uid"]
    assert sorted(t.uid for t in tracked) == sorted(t["uid"] for t in made)


# ---- The sample ---------------------------------------------------------------------------------


def test_the_sample_is_deterministic_and_a_smaller_one_is_a_prefix() -> None:
    assert operations(30, 5) == operations(30, 5)
    assert operations(10, 5) == operations(30, 5)[:10]
    assert transactions(10, 5) == transactions(30, 5)[:10]
    assert operations(10, 5) != operations(10, 6)


@settings(max_examples=25)
@given(seed=st.integers(0, 2**64), count=st.integers(0, 12), more=st.integers(0, 12))
def test_a_smaller_sample_is_the_start_of_a_larger_one(seed: int, count: int, more: int) -> None:
    assert operations(count, seed) == operations(count + more, seed)[:count]
    assert transactions(count, seed) == transactions(count + more, seed)[:count]


def test_the_sample_reads_strictly_as_both_providers_responses() -> None:
    page = load_operations(json.dumps(operations_page(500, 3), ensure_ascii=False), strict=True)
    assert len(page.records) == 500 and page.warnings == ()
    for made in transactions(300, 3):
        found = load_transaction(made, strict=True)
        assert found.status in found.code.statuses


def test_the_sample_looks_like_real_data() -> None:
    made = operations(500, 1)
    offsets = {record["createdDate"][-6:] for record in made}
    assert {"+06:00", "+05:00", "+03:00", "+00:00"} <= offsets
    assert any(re.search("[а-яәұқ]", record["payerName"]) for record in made)
    assert all(re.fullmatch(r"[0-9]{4}\.\.\.[0-9]{4}", record["cardMask"]) for record in made)
    assert all(re.fullmatch(r"[a-z0-9._]+@[a-z.]+", record["payerEmail"]) for record in made)
    amounts = {Decimal(str(record["amount"])) for record in made}
    assert any(a != a.to_integral_value() for a in amounts) and max(amounts) > 10000
    assert any(record["payoutDate"] is None for record in made)
    assert any(record["payoutDate"] is not None for record in made)
    moved = transactions(300, 1)
    assert {t["status"] for t in moved} == {"successful", "failed", "incomplete", "pending"}
    assert any(t["created_at"].endswith("Z") for t in moved)
    assert any(not t["created_at"].endswith("Z") for t in moved)


# ---- Secrets ------------------------------------------------------------------------------------


def test_no_secret_or_token_shows_in_reprs_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with running(sample=3) as served:
        access = token(served)
        search(served, payload(), access)
        gateway(served, "/transactions/x")
        own = served.credentials
        shown = repr(served) + repr(served.emulator) + repr(own) + repr(served.emulator.tokens)
    secrets = (own.password, own.client_secret, own.secret_key, access)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not any(secret in shown or secret in logged for secret in secrets)


def test_on_loopback_it_answers_loopback_names_only(emulator: Running) -> None:
    # A web page cannot rebind its own name onto the emulator and read its data.
    status, _, _ = call(f"{emulator.base_url}/", headers={"Host": "attacker.example"})
    assert status == 421
    assert call(f"{emulator.base_url}/", headers={"Host": "localhost"})[0] == 200


# ---- The command line ---------------------------------------------------------------------------


def _start(*arguments: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    process = subprocess.Popen(
        ["bash", "-c", " ".join(arguments)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    url = re.search(r"on (http://\S+) ", first)
    assert url is not None, first + (process.stderr.read() if process.stderr else "")
    lines = [process.stdout.readline() for _ in range(4)]
    return process, url.group(1).rstrip("/"), lines


def _stop(process: subprocess.Popen[str]) -> None:
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err


def test_emulate_prints_its_credentials_and_serves_with_them(tmp_path: Path) -> None:
    data = tmp_path / "page.json"
    data.write_text(json.dumps(operations_page(3, 8)))
    process, url, lines = _start(
        "querydsl emulate --port 0 --sample 25 --seed 4 --paging skip", f"--data {data}"
    )
    try:
        printed = dict(re.findall(r"(\w+)=(\S+)", " ".join(lines)))
        form = {
            "grant_type": "password",
            "scope": SCOPE,
            **{k: printed[k] for k in ("username", "password", "client_id", "client_secret")},
        }
        status, answer = token_request(url, form)
        assert status == 200
        body = json.dumps(payload(page=25, size=100)).encode()
        _, _, found = call(
            f"{url}/operations", body, {"Authorization": f"Bearer {answer['access_token']}"}
        )
        records = json.loads(found)
        # 3 from --data, then 25 of the sample; paging skip: page 25 skips 25 records.
        assert records["totalCount"] == 28
        assert records["records"] == operations(25, 4)[22:]
    finally:
        _stop(process)


def test_the_emulate_example_in_its_help_serves_until_interrupted() -> None:
    shown = subprocess.run(
        [BIN / "querydsl", "emulate", "--help"], capture_output=True, text=True, check=True
    )
    (line,) = shown.stdout.partition("\nexamples:\n")[2].strip().splitlines()
    process, url, _ = _start(line.split("#")[0])
    try:
        with urllib.request.urlopen(url + "/", timeout=30) as index:
            assert json.load(index)["operations"] == 1000
    finally:
        _stop(process)


@pytest.mark.parametrize(
    ("content", "status", "said"),
    [(None, 2, "No such file"), ('{"totalCount": 1, "records": [{}]}', 1, "error[")],
)
def test_emulate_refuses_data_it_cannot_read(
    tmp_path: Path, content: str | None, status: int, said: str
) -> None:
    data = tmp_path / "page.json"
    if content is not None:
        data.write_text(content)
    ran = subprocess.run([BIN / "querydsl", "emulate", "--port", "0", "--data", str(data)],
                         capture_output=True, text=True, check=False, timeout=60)  # fmt: skip
    assert ran.returncode == status and said in ran.stderr and ran.stdout == ""


def test_emulate_refuses_a_bad_paging_reading() -> None:
    ran = subprocess.run(
        [BIN / "querydsl", "emulate", "--paging", "offset"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 2 and "invalid choice" in ran.stderr


def test_the_emulator_app_is_an_asgi_app_over_its_emulator() -> None:
    from querydsl.emulator import app

    application = app(sample=4, seed=2)
    assert isinstance(application.state.emulator, Emulator)
    assert application.state.emulator.counts() == {"operations": 4, "transactions": 4}
