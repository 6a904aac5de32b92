"""The seed's own request example, written as a query, compiles to exactly that payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from conftest import SEEDS

from querydsl import check, parse, to_payload, to_text

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)
SEED_QUERY = (
    "created_date between 2017-11-19..2018-11-20 "
    "and description in (description) "
    "and payer_email like danatugumbayeva% "
    "order by payer_email asc, description desc "
    "page 1 size 2"
)


def seed_request() -> dict[str, Any]:
    """The JSON after "Request example, JSON:" in the Homebank seed, read as it stands."""
    text = (SEEDS / "homebank-operations-api.txt").read_text(encoding="utf-8")
    start = text.index("{", text.index("Request example, JSON:"))
    request: dict[str, Any] = json.JSONDecoder().raw_decode(text, start)[0]  # from its `{`
    return request


def test_the_seed_example_is_what_we_think_it_is() -> None:
    request = seed_request()
    assert list(request) == ["paging", "searchParameters", "orderParameters"]
    assert [p["name"] for p in request["searchParameters"]] == [
        "created_date",
        "description",
        "payer_email",
    ]


def test_query_compiles_to_the_seed_request() -> None:
    request = seed_request()
    payload = to_payload(SEED_QUERY, now=NOW)
    assert payload == request
    assert json.dumps(payload) == json.dumps(request)


def test_query_in_other_words_compiles_to_the_seed_request() -> None:
    text = (
        "Created:2017-11-19..2018-11-20 AND description IN [description] "
        "AND email LIKE 'danatugumbayeva%' SORT BY email, description DESC SIZE 2 PAGE 1"
    )
    assert to_payload(text, now=NOW) == seed_request()


def test_seed_query_time_zone_changes_only_the_dates() -> None:
    payload = to_payload(SEED_QUERY, now=NOW, tz="Asia/Almaty")  # UTC+6 in 2017 and 2018
    assert payload["searchParameters"][0]["searchParameter"] == [
        "2017-11-18T18:00:00Z",
        "2018-11-19T18:00:00Z",
    ]
    assert payload["searchParameters"][1:] == seed_request()["searchParameters"][1:]


def test_seed_query_canonical_text_round_trips() -> None:
    query = parse(SEED_QUERY, now=NOW)
    assert to_text(query) == (
        "created_date between 2017-11-19T00:00:00Z..2018-11-20T00:00:00Z "
        "and description in (description) and payer_email like danatugumbayeva% "
        "order by payer_email, description desc page 1 size 2"
    )
    assert parse(to_text(query), now=NOW) == query
    assert check(to_text(query), now=NOW) == []
