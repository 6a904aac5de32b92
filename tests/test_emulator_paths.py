"""A uid or tracking id is one path segment (SPEC 12, `GET /transactions/{uid}` and
`GET /v2/transactions/tracking_id/{id}`): querydsl's Horizonpay client percent-encodes it, and the
emulator, served by uvicorn on a loopback port, finds what was stored under it, `/` and all; an
unencoded `/` still splits the path (no such path, 941)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querydsl.emulator import Running, running
from querydsl.emulator.sample import transactions
from querydsl.horizonpay import Client

#: Ids that need percent-encoding in a path segment, or that a server could take apart.
AWKWARD = [
    "a/b",
    "/lead",
    "trail/",
    "a//b",
    "a/../b",
    "./a",
    "a%2Fb",
    "50%",
    "sp ace",
    "q?x=1#f",
    "+&=;,:@",
    "ü/é",
    "\\back",
]


def _stored(uid: str) -> dict[str, Any]:
    return dict(transactions(1, 5)[0], uid=uid, tracking_id=f"t-{uid}")


@pytest.fixture(scope="module")
def served() -> Iterator[Running]:
    with running() as started:
        started.emulator.add_transactions(json.dumps([_stored(uid) for uid in AWKWARD]).encode())
        yield started


@pytest.fixture(scope="module")
def client(served: Running) -> Iterator[Client]:
    with Client(**served.horizonpay()) as opened:
        yield opened


@pytest.mark.parametrize("uid", AWKWARD)
def test_a_stored_uid_is_reachable_through_the_client(client: Client, uid: str) -> None:
    assert client.transaction(uid).uid == uid
    assert [t.uid for t in client.by_tracking_id(f"t-{uid}")] == [uid]


def _get(served: Running, raw_path: str, method: str = "GET") -> tuple[int, Any]:
    own = served.credentials
    with httpx.Client(auth=(own.shop_id, own.secret_key)) as http:
        request = http.build_request(method, served.base_url, headers={"X-API-Version": "3"})
        request.url = request.url.copy_with(raw_path=raw_path.encode("ascii"))
        response = http.send(request)
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("raw_path", "status", "found"),
    [
        ("/transactions/a%2Fb", 200, {"uid": "a/b"}),
        ("/transactions/a%2fb", 200, {"uid": "a/b"}),  # lower-case hex is the same octet
        ("/transactions/%C3%BC%2F%C3%A9", 200, {"uid": "ü/é"}),
        ("/transactions/a%252Fb", 200, {"uid": "a%2Fb"}),  # decoded once, not twice
        ("/transactions/a/b", 404, {"code": 941}),  # two segments: no such path, as before
        ("/transactions/a%2Fb/", 404, {"code": 941}),
        ("/transactions/", 404, {"code": 941}),
        ("/transactions/nobody%2Fhere", 404, {"code": "E.1404"}),
        ("/v2/transactions/tracking_id/t-a%2Fb", 200, {"transactions": [{"uid": "a/b"}]}),
        ("/v2/transactions/tracking_id/t-a/b", 404, {"code": 941}),
        ("/v2/transactions/tracking_id/", 404, {"code": 941}),
        ("/transactions/tracking_id/t-a%2Fb", 404, {"code": 941}),  # no /v2: two segments
    ],
)
def test_the_path_as_sent_decides_the_uid(
    served: Running, raw_path: str, status: int, found: dict[str, Any]
) -> None:
    got, answer = _get(served, raw_path)
    assert got == status
    if "transactions" in found:
        assert [{"uid": t["uid"]} for t in answer["transactions"]] == found["transactions"]
    else:
        assert {key: answer.get(key) for key in found} == found


def test_another_method_on_an_encoded_uid_is_405(served: Running) -> None:
    assert _get(served, "/transactions/a%2Fb", method="POST") == (
        405,
        {"code": 942, "message": "Method Not Allowed"},
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=24))
def test_any_uid_stored_is_the_one_served(served: Running, client: Client, uid: str) -> None:
    if uid in (".", ".."):  # the client refuses them: a path would resolve them away
        return
    served.emulator.add_transactions(json.dumps([_stored(uid)]).encode())
    assert client.transaction(uid).uid == uid
    assert uid in [t.uid for t in client.by_tracking_id(f"t-{uid}")]
