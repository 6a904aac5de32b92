"""Store.search compiles a query's shape once (issue 22 speed, SPEC 10): a new text that differs
only in its values reuses the statements of the first of its shape, with its own values bound.
The law: the reused statements are the ones a fresh compile writes, text and values alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querydsl.engine import engine_for
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Expr, Method, Not, Or, Query
from querydsl.language.rules import DEFAULT_LIMITS
from querydsl.strategies import queries, values

pytest.importorskip("duckdb")
import querydsl.store.shapes as shapes_module
from querydsl.store import Store
from querydsl.store.shapes import Shapes
from querydsl.store.statements import Statements, compile_search

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)

# (first text, second text, whether the second reuses the first's statements)
PAIRS = [
    ("created_date >= 2024-01-01T00:00:01+06:00 and amount > 5",
     "created_date >= 2024-01-01T00:00:02+06:00 and amount > 7.25", True),
    ("payer_email like %@gmail.com order by amount desc",
     "payer_email like ab%c_d order by amount desc", True),
    ("shop_id in (a, b)", "shop_id in (c, d)", True),
    ("shop_id in (a, b)", "shop_id in (a, b, c)", False),  # one `?` a value
    ("invoice_id = 7 and amount > 1", "invoice_id = 8 and amount > 2", True),
    ("invoice_id = 7 and amount > 1", 'invoice_id = "" and amount > 1', False),  # no lookup
    ("reference in (1, 2)", 'reference in (1, "")', False),
    ("amount > 1 order by amount", "amount > 1 order by amount desc", False),
    ("amount > 1 order by amount", "amount > 1 order by created_date", False),  # one pass or not
    ("client = a order by amount", "client = b order by amount", True),  # one pass, rebound
    ("amount > 1 page 2", "amount > 2 page 3", False),  # the offset is written
    ("amount between 1..2", "amount between 1.00000000001..1.00000000002", True),  # no step
    ("not post_link = true or amount > 1", "not post_link = false or amount > 2", True),
    ("amount > 1 and client = a", "client = a and amount > 1", False),
    ("created_date > now-7d", "created_date > now-8d", True),
]  # fmt: skip


def compiled(store: Store, text: str, **options: Any) -> tuple[Statements, int]:
    """The store's statements for the text, and how many sqlglot compiles that took."""
    calls = []

    def counting(*arguments: Any) -> Statements:
        calls.append(arguments)
        return compile_search(*arguments)

    original = shapes_module.compile_search
    shapes_module.compile_search = counting  # type: ignore[assignment]
    try:
        return store.statements(text, now=NOW, **options), len(calls)
    finally:
        shapes_module.compile_search = original  # type: ignore[assignment]


def fresh(text: str | Query, page: int | None = None, size: int | None = None,
          paging: str = "page") -> Statements:  # fmt: skip
    query = engine_for(HOMEBANK, DEFAULT_LIMITS)._query(text, "UTC", NOW)
    return compile_search(query, page, size, paging)


def exactly(statements: Statements) -> object:
    """Everything of the statements, values by type and digits (10.0 is not 10.00 here)."""
    return (
        statements.page.sql,
        statements.count.sql,
        [(type(value), str(value)) for value in statements.page.params],
        [(type(value), str(value)) for value in statements.count.params],
        statements.offset,
        statements.limit,
        None if statements.counted is None else statements.counted.sql,
        None
        if statements.counted is None
        else [(type(value), str(value)) for value in statements.counted.params],
    )


@pytest.mark.parametrize(("first", "second", "reused"), PAIRS)
def test_a_new_text_of_a_known_shape_is_not_compiled_again(
    first: str, second: str, reused: bool
) -> None:
    store = Store()
    _, compiles = compiled(store, first)
    assert compiles == 1
    found, compiles = compiled(store, second)
    assert compiles == (0 if reused else 1)
    assert exactly(found) == exactly(fresh(second))
    assert store.search(second, now=NOW).total_count == 0  # the statement runs as it is


def test_the_same_query_again_is_the_same_statements() -> None:
    store = Store()
    first, _ = compiled(store, "amount > 5", size=10)
    again, compiles = compiled(store, "amount > 5", size=10)
    assert again is first and compiles == 0


# ---- the law: reused statements are a fresh compile's ------------------------------------------


def revalued(draw: st.DrawFn, expr: Expr) -> Expr:
    """The filter with new values of the same kinds in the same places (its shape, mostly:
    a drawn `""` on a keyed column makes another)."""
    if isinstance(expr, Condition):
        field = HOMEBANK.lookup(expr.field)
        assert field is not None
        one = values(field.type, like=expr.method is Method.LIKE)
        if expr.field in ("invoice_id", "reference") and expr.method in (Method.EQ, Method.IN):
            one = st.sampled_from(["", "7", "a"]) | one
        drawn = tuple(draw(one) for _ in expr.values)
        if expr.method is Method.BETWEEN:
            low, high = drawn
            drawn = (high, low) if low > high else drawn  # type: ignore[operator]
        return Condition(expr.field, expr.method, drawn)
    if isinstance(expr, Not):
        return Not(revalued(draw, expr.operand))
    kind = And if isinstance(expr, And) else Or
    assert isinstance(expr, And | Or)
    return kind(tuple(revalued(draw, operand) for operand in expr.operands))


PAGING = st.tuples(
    st.none() | st.integers(0, 3), st.none() | st.integers(1, 30), st.sampled_from(["page", "skip"])
)
KEYED_FIRST = queries(fields=["invoice_id", "reference", "amount", "created_date", "client"])
#: One store for every example: the shapes of earlier examples are found again by later ones.
SHARED = Shapes()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.one_of(queries(), KEYED_FIRST), PAGING)
def test_reused_statements_are_a_fresh_compile(
    data: st.DataObject, query: Query, paging: tuple[int | None, int | None, str]
) -> None:
    page, size, kind = paging
    engine = engine_for(HOMEBANK, DEFAULT_LIMITS)
    drawn = [query]
    for _ in range(2):
        refilled = None if query.filter is None else data.draw(st.composite(
            lambda draw: revalued(draw, query.filter)  # type: ignore[arg-type]
        )())  # fmt: skip
        drawn.append(Query(refilled, query.order, query.page, query.size))
    for each in drawn:
        resolved = engine._query(each, "UTC", NOW)
        assert exactly(SHARED.statements(resolved, page, size, kind)) == exactly(
            compile_search(resolved, page, size, kind)
        )
