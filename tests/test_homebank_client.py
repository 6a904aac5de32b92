"""querydsl.homebank.Client and AsyncClient against the emulator, served for real on loopback
(SPEC 12): tokens issued, renewed and refused; paging across many pages in both readings of
`page`; the emulator's error shapes; and the law that `search` returns exactly `evaluate`'s
records over the emulator's data."""

from __future__ import annotations

import asyncio
import json
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from client_servers import Recorder, serving
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from starlette.types import ASGIApp, Receive, Scope, Send

import querydsl
from querydsl import ApiError, QueryError, SchemaError
from querydsl.client.retry import Backoff
from querydsl.emulator import Credentials, Emulator, running
from querydsl.emulator.sample import operations_page
from querydsl.homebank import AsyncClient, Client, Operation, load_operations
from querydsl.homebank.client import PagingWarning
from querydsl.language.ast import Query
from querydsl.strategies import payloads

FAST = Backoff(base=0.001, cap=0.01)
EVERY = "created_date > 2000-01-01"


def homebank(emulator: Emulator, url: str, **options: Any) -> dict[str, Any]:
    """The client's keyword arguments for an emulator served at `url`."""
    own = emulator.credentials
    return {"base_url": url, "token_url": f"{url}/oauth2/token", "username": own.username,
            "password": own.password, "client_id": own.client_id,
            "client_secret": own.client_secret, "backoff": FAST, **options}  # fmt: skip


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Emulator, str, Recorder]]:
    """An emulator behind a recorder: 30 sample records, or the options a test gives
    (`@pytest.mark.parametrize("served", [{...}], indirect=True)`)."""
    emulator = Emulator(**getattr(request, "param", {"sample": 30, "seed": 1}))
    with serving(emulator.app()) as (url, recorder):
        yield emulator, url, recorder


def typed(emulator: Emulator, count: int, seed: int) -> list[Operation]:
    """The sample records the emulator holds, typed, in its order."""
    return load_operations(operations_page(count, seed)).records


# ---- three lines --------------------------------------------------------------------------------


def test_typed_records_for_a_query_in_three_lines() -> None:
    with running(sample=200, seed=4) as emulator:
        client = Client(**emulator.homebank())
        found = list(client.search("created_date >= 2025-01-01 and amount > 100000"))
        client.close()
    assert found and all(isinstance(record, Operation) for record in found)
    expected = querydsl.evaluate(
        "created_date >= 2025-01-01 and amount > 100000", typed(emulator.emulator, 200, 4)
    )
    assert found == expected


# ---- tokens -------------------------------------------------------------------------------------


def test_a_token_is_issued_once_and_used(served: tuple) -> None:
    emulator, url, recorder = served
    with Client(**homebank(emulator, url)) as client:
        client.page(EVERY)
        client.page(EVERY, page=2)
    assert recorder.seen() == [("password", 200), ("/operations", 200), ("/operations", 200)]


def test_the_multipart_form_is_taken_too(served: tuple) -> None:
    emulator, url, recorder = served
    with Client(**homebank(emulator, url, token_body="multipart")) as client:
        assert client.page(EVERY).total_count == 30
    assert recorder.exchanges[0].headers["content-type"].startswith("multipart/form-data")


@pytest.mark.parametrize(
    ("options", "code", "status"),
    [
        ({"password": "wrong"}, 905, 401),
        ({"username": "nobody"}, 905, 401),
        ({"client_secret": "wrong"}, 904, 401),
        ({"scope": "api"}, 903, 400),  # the emulator takes the exact /operations scope only
    ],
)
def test_refused_credentials_are_api_errors_and_no_search_is_sent(
    served: tuple, options: dict[str, str], code: int, status: int
) -> None:
    emulator, url, recorder = served
    with Client(**homebank(emulator, url, **options)) as client:
        with pytest.raises(ApiError) as caught:
            client.page(EVERY)
        assert "wrong" not in str(caught.value) and "wrong" not in repr(client)
    assert (caught.value.code, caught.value.status) == (code, status)
    assert [path for path, _ in recorder.seen()] == ["password"]


def test_an_expired_token_is_renewed_on_the_401_and_the_search_repeated(served: tuple) -> None:
    emulator, url, recorder = served
    with Client(**homebank(emulator, url)) as client:
        client.page(EVERY)
        emulator.tokens.expire_all()
        page = client.page(EVERY)
    assert page.total_count == 30
    assert recorder.seen() == [("password", 200), ("/operations", 200), ("/operations", 401),
                               ("refresh_token", 200), ("/operations", 200)]  # fmt: skip


@pytest.mark.parametrize("served", [dict(sample=30, seed=1, expires_in=1)], indirect=True)
def test_a_token_is_renewed_before_it_expires(served: tuple) -> None:
    emulator, url, recorder = served
    with Client(**homebank(emulator, url)) as client:
        client.page(EVERY)
        time.sleep(1.05)  # past the client's margin (0.1 s of a 1 s token), not only the server's
        client.page(EVERY)
    assert recorder.seen() == [("password", 200), ("/operations", 200),
                               ("refresh_token", 200), ("/operations", 200)]  # fmt: skip


@pytest.mark.parametrize(
    "served", [dict(sample=30, seed=1, expires_in=1, expires_in_text=True)], indirect=True
)
def test_expires_in_as_a_numeric_string_is_a_lifetime(served: tuple) -> None:
    emulator, url, recorder = served
    with Client(**homebank(emulator, url)) as client:
        client.page(EVERY)
        time.sleep(1.05)
        client.page(EVERY)
    assert [path for path, _ in recorder.seen()] == [
        "password", "/operations", "refresh_token", "/operations"
    ]  # fmt: skip


@pytest.mark.parametrize("served", [dict(sample=30, seed=1, expires_in=0)], indirect=True)
def test_a_token_refused_after_its_renewal_is_an_api_error(served: tuple) -> None:
    emulator, url, recorder = served
    with Client(**homebank(emulator, url)) as client, pytest.raises(ApiError) as caught:
        client.page(EVERY)
    assert (caught.value.code, caught.value.status) == (912, 401)
    assert recorder.seen() == [("password", 200), ("/operations", 401),
                               ("refresh_token", 200), ("/operations", 401)]  # fmt: skip


def test_the_async_client_renews_on_401_too(served: tuple) -> None:
    emulator, url, recorder = served

    async def main() -> int:
        async with AsyncClient(**homebank(emulator, url)) as client:
            await client.page(EVERY)
            emulator.tokens.expire_all()
            return len([record async for record in client.search(EVERY, page_size=7)])

    assert asyncio.run(main()) == 30
    assert recorder.seen()[:5] == [("password", 200), ("/operations", 200), ("/operations", 401),
                                   ("refresh_token", 200), ("/operations", 200)]  # fmt: skip


# ---- paging -------------------------------------------------------------------------------------


@pytest.mark.parametrize("paging", ["page", "skip"])
@pytest.mark.parametrize(("count", "size"), [(95, 10), (100, 10), (7, 100), (0, 5), (23, 1)])
def test_search_pages_through_every_record(paging: str, count: int, size: int) -> None:
    emulator = Emulator(sample=count, seed=2, paging=paging)  # type: ignore[arg-type]
    query = f"{EVERY} order by amount desc"
    with serving(emulator.app()) as (url, recorder), warnings.catch_warnings():
        warnings.simplefilter("error", PagingWarning)
        with Client(**homebank(emulator, url, paging=paging)) as client:
            found = list(client.search(query, page_size=size))
    assert found == querydsl.evaluate(query, typed(emulator, count, 2))
    pages = max(1, -(-count // size))  # an empty result still asks for its first page
    assert [path for path, _ in recorder.seen()].count("/operations") == pages


@pytest.mark.parametrize("paging", ["page", "skip"])
def test_the_async_client_pages_through_every_record(paging: str) -> None:
    emulator = Emulator(sample=45, seed=3, paging=paging)  # type: ignore[arg-type]

    async def main(url: str) -> list[Operation]:
        async with AsyncClient(**homebank(emulator, url, paging=paging)) as client:
            return [record async for record in client.search(EVERY, page_size=10)]

    with serving(emulator.app()) as (url, _):
        found = asyncio.run(main(url))
    assert found == querydsl.evaluate(EVERY, typed(emulator, 45, 3))


@pytest.mark.parametrize("paging", ["page", "skip"])
@pytest.mark.parametrize(("page", "size"), [(1, 7), (2, 7), (5, 7), (6, 7), (1, 100)])
def test_page_gives_the_page_of_that_number(paging: str, page: int, size: int) -> None:
    emulator = Emulator(sample=30, seed=1, paging=paging)  # type: ignore[arg-type]
    query = f"{EVERY} order by created_date"
    with (
        serving(emulator.app()) as (url, _),
        Client(**homebank(emulator, url, paging=paging)) as client,
    ):
        answer = client.page(query, page=page, size=size)
    everything = querydsl.evaluate(query, typed(emulator, 30, 1))
    assert answer.total_count == 30
    assert answer.records == everything[(page - 1) * size : page * size]


@pytest.mark.parametrize(("client", "server"), [("page", "skip"), ("skip", "page")])
def test_a_paging_mismatch_is_warned_of(client: str, server: str) -> None:
    emulator = Emulator(sample=95, seed=2, paging=server)  # type: ignore[arg-type]
    warned = pytest.warns(PagingWarning, match="the API may read `page` the other way")
    with (
        serving(emulator.app()) as (url, _),
        Client(**homebank(emulator, url, paging=client)) as own,
        warned,
    ):
        list(own.search(EVERY, page_size=10))


# ---- the emulator's answers ---------------------------------------------------------------------


def test_a_wrong_path_is_the_emulators_404(served: tuple) -> None:
    emulator, url, _ = served
    options = homebank(emulator, url)
    options["base_url"] = f"{url}/api"  # the test host's path, which the emulator does not have
    with Client(**options) as client, pytest.raises(ApiError) as caught:
        client.page(EVERY)
    assert (caught.value.code, caught.value.status) == (941, 404)


def test_an_invalid_query_sends_nothing_not_even_for_a_token(served: tuple) -> None:
    emulator, url, recorder = served
    with Client(**homebank(emulator, url)) as client:
        with pytest.raises(QueryError) as caught:
            client.search("amount like 5%")  # refused here, as the emulator would (code 232)
        assert [d.code for d in caught.value.diagnostics] == [
            "method_not_allowed",
            "missing_period",
        ]
    assert recorder.seen() == []


@pytest.mark.parametrize("served", [dict(sample=0)], indirect=True)
@pytest.mark.parametrize("strict", [False, True])
def test_strict_reading_is_passed_through(served: tuple, strict: bool) -> None:
    emulator, url, _ = served
    page = operations_page(1, seed=9)
    page["records"][0]["bonusPoints"] = 5  # a key Homebank does not document
    emulator.add_operations(page)
    with Client(**homebank(emulator, url, strict=strict)) as client:
        if strict:
            with pytest.raises(SchemaError):
                client.page(EVERY)
        else:
            assert client.page(EVERY).records[0].extra == {"bonusPoints": 5}


# ---- the law ------------------------------------------------------------------------------------


class Switch:
    """ASGI: whichever emulator app the test set last (one server for every example)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


CREDENTIALS = Credentials.generate()


@pytest.fixture(scope="module")
def switch() -> Iterator[tuple[Switch, str]]:
    switch = Switch(Emulator(credentials=CREDENTIALS).app())
    with serving(switch) as (url, _):
        yield switch, url


WIDE = {"name": "created_date", "method": ">=", "searchParameter": ["2000-01-01T00:00:00Z"]}
ORDER_FIELDS = ["amount", "created_date", "payer_email", "invoice_id", "client"]


@st.composite
def around(draw: st.DrawFn, records: list[dict[str, Any]]) -> dict[str, Any]:
    """A payload that finds some of these records: a wide period, maybe a condition on a value
    one of them holds, and an order."""
    conditions = [WIDE]
    if records and draw(st.booleans()):
        record = draw(st.sampled_from(records))
        if draw(st.booleans()):
            method = draw(st.sampled_from([">", "<", ">=", "<=", "="]))
            conditions.append({"name": "amount", "method": method,
                               "searchParameter": [str(record["amount"])]})  # fmt: skip
        else:
            prefix = record["payerEmail"][:2] + "%"
            conditions.append({"name": "payer_email", "method": "like",
                               "searchParameter": [prefix]})  # fmt: skip
    fields = draw(st.lists(st.sampled_from(ORDER_FIELDS), unique=True, max_size=2))
    order = [{"field": f, "typeOrder": draw(st.sampled_from(["ASC", "DESC"]))} for f in fields]
    return {"searchParameters": conditions, "orderParameters": order}


@st.composite
def searches(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(records, payload): sample data from a drawn seed, and a random or a data-led payload."""
    records = operations_page(draw(st.integers(0, 40)), draw(st.integers(0, 10**6)))["records"]
    payload = draw(payloads(max_conditions=3) | around(records))
    return records, payload


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    search=searches(),
    paging=st.sampled_from(["page", "skip"]),
    page_size=st.integers(1, 12),
    as_text=st.booleans(),
)
def test_search_returns_exactly_evaluates_records(
    switch: tuple[Switch, str],
    search: tuple[list[dict[str, Any]], dict[str, Any]],
    paging: str,
    page_size: int,
    as_text: bool,
) -> None:
    server, url = switch
    records, payload = search
    emulator = Emulator(data=[{"totalCount": len(records), "records": records}],
                        credentials=CREDENTIALS, paging=paging)  # type: ignore[arg-type]  # fmt: skip
    server.app = emulator.app()
    query = querydsl.from_payload(payload)
    sent = querydsl.to_text(query) if as_text else json.loads(json.dumps(payload))
    with Client(**homebank(emulator, url, paging=paging)) as client, warnings.catch_warnings():
        warnings.simplefilter("error", PagingWarning)
        found = list(client.search(sent, page_size=page_size))
    event("found: " + ("none" if not found else "a page" if len(found) <= page_size else "pages"))
    typed_records = load_operations({"totalCount": len(records), "records": records}).records
    # search pages through everything: the payload's own paging is not the result's
    assert found == querydsl.evaluate(Query(query.filter, query.order), typed_records)
