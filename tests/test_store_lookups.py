"""Store.search looks an operation up by `invoice_id` or `reference` in an index (issue 22 speed,
SPEC 10): which filters get the lookup's statement, and the law that a search is still `evaluate`
over the same records, a lookup alone, beside other conditions, updated by a later `add`."""

from __future__ import annotations

import json
import sys
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from querydsl import evaluate
from querydsl.homebank import load_operations

sys.path.insert(0, str(Path(__file__).resolve().parent))
from response_strategies import homebank_seed_text

pytest.importorskip("duckdb")
from querydsl.store import Store

SEED = json.loads(homebank_seed_text())
LOOKUP = 'FROM (SELECT * FROM "operations" WHERE'

SHAPES = [  # (query, the subquery's condition, or None for the plain statement)
    ("invoice_id = 7", '"invoice_id" = ?'),
    ("amount > 5 and invoice_id = 7 order by amount desc", '"invoice_id" = ?'),
    ("reference in (1, 2) and client = a", '"reference" IN (?, ?)'),
    ("invoice_id = 7 and reference = 8", '"invoice_id" = ?'),
    ("invoice_id = 7 or amount > 5", None),  # an `or` may hold without the lookup
    ('invoice_id = ""', None),  # many operations have none: no index helps
    ("not invoice_id = 7", None),
    ("invoice_id like 7%", None),
    ("shop_id = 7", None),
]


@pytest.mark.parametrize(("text", "inner"), SHAPES)
def test_a_lookup_by_an_id_gets_a_scan_of_its_own(text: str, inner: str | None) -> None:
    statements = Store().statements(text)
    written = [statements.page, statements.count]
    if statements.counted is not None:
        written.append(statements.counted)
    for statement in written:
        if inner is None:
            assert LOOKUP not in statement.sql
        else:
            assert f"{LOOKUP} {inner} OFFSET 0) AS " in statement.sql
        assert statement.sql.count("?") == len(statement.params)
    if inner is not None:  # a few rows at most: the page tells the total, no pass to save
        assert statements.counted is None


def test_the_lookup_is_an_index_scan() -> None:
    store = Store()
    store.add({"totalCount": 3, "records": [record(n, str(n), "", 1) for n in range(3)]})
    page = store.statements("amount > 0 and invoice_id = 1").page
    plan = store.connection.execute("EXPLAIN ANALYZE " + page.sql, page.params).fetchall()[0][1]
    assert "Index Scan" in plan


def record(number: int, invoice: str, reference: str, amount: int) -> dict[str, Any]:
    made: dict[str, Any] = deepcopy(SEED["records"][0]) | {"id": f"op-{number}"}
    return made | {"invoiceId": invoice, "reference": reference, "amount": amount}


KEYS = st.sampled_from(["", "1", "2", "a", "A"])
ROWS = st.lists(st.tuples(st.integers(0, 6), KEYS, KEYS, st.sampled_from([1, 5, -2])))
CONDITIONS = st.sampled_from([
    "invoice_id = 1", "invoice_id = a", 'invoice_id = ""', "reference in (1, a, A)",
    "reference = 2", "amount > 0", "amount <= 1", "client = x",
])  # fmt: skip


@settings(max_examples=60)
@given(ROWS, ROWS, st.lists(CONDITIONS, min_size=1, max_size=3), st.integers(1, 3))
def test_a_search_with_lookups_is_evaluate_over_the_same_records(
    first: list[tuple[int, str, str, int]],
    second: list[tuple[int, str, str, int]],
    conditions: list[str],
    size: int,
) -> None:
    store = Store()
    kept: dict[str, Any] = {}
    for batch in (first, second):  # the second updates some of the first's ids
        made = {"totalCount": len(batch), "records": [record(*row) for row in batch]}
        store.add(made)
        for operation in load_operations(made).records:
            assert operation.id is not None
            kept[operation.id] = operation
    records = list(kept.values())
    text = " and ".join(conditions) + " order by amount desc"
    for page in (1, 2):
        found = store.search(text, page=page, size=size)
        assert found.records == evaluate(text, records, page=page, size=size)
        assert found.total_count == len(evaluate(text, records))
