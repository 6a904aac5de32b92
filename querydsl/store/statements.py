"""The statements `Store.search` runs for a query: compiled once by querydsl.sql, then kept."""

from __future__ import annotations

import attrs

from querydsl.carddata.cardrepr import redacted_repr
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Expr, Method, Query
from querydsl.language.options import DEFAULT_PAGE, DEFAULT_SIZE
from querydsl.sql import Statement, to_sql
from querydsl.sql.target import default_column
from querydsl.store.bounds import fitted
from querydsl.store.rows import KEYED, ORDER_KEY, RECORD_JSON, TABLE

_SELECT_ALL = f'SELECT * FROM "{TABLE}"'
#: Fields the stored rows already follow (besides `seq`): operations come, and are added, in
#: time order. A page in this order is DuckDB's top-N skipping row groups by their min/max, which
#: materialising every match for `Statements.counted` would undo.
STORED_ORDER = ("created_date",)


@redacted_repr
@attrs.frozen
class Statements:
    """What `Store.search` runs. `counted`, where there is one, gives the page's records with
    the total beside each from one pass over the filter (the matches' `seq` and order columns
    materialised once, counted, the page taken from them, its JSON joined back); otherwise
    `page` selects the records' JSON (`SELECT "record" FROM ... ORDER BY ... LIMIT ... OFFSET
    ...`) and `count` counts every match (`SELECT COUNT(*) ...`), run only when the page alone
    does not tell the total (and after `counted`, for a page past the end, which has no row to
    hold it). `offset` and `limit` are the page's.

    >>> from querydsl.store import Store
    >>> store = Store()
    >>> statements = store.statements("amount > 5 order by created_date desc", size=10)
    >>> print(statements.page.sql)  # doctest: +NORMALIZE_WHITESPACE
    SELECT "record" FROM "operations" WHERE "amount" > ? ORDER BY "created_date" DESC, "seq" ASC
    LIMIT 10
    >>> statements.count.sql, statements.count.params, statements.counted
    ('SELECT COUNT(*) FROM "operations" WHERE "amount" > ?', (Decimal('5.0000000000'),), None)
    >>> counted = store.statements("amount > 5 order by amount desc").counted
    >>> print(counted.sql)  # doctest: +NORMALIZE_WHITESPACE
    WITH "matched" AS MATERIALIZED (SELECT "seq", "amount" FROM "operations" WHERE "amount" > ?),
    "page" AS (SELECT * FROM "matched" ORDER BY "amount" DESC, "seq" ASC LIMIT 20)
    SELECT (SELECT COUNT(*) FROM "matched"), "record" FROM "page"
    JOIN (SELECT "seq" AS "found", "record" FROM "operations") ON "found" = "seq"
    ORDER BY "amount" DESC, "seq" ASC
    """

    page: Statement
    count: Statement
    offset: int
    limit: int
    counted: Statement | None = None


def compile_search(query: Query, page: int | None, size: int | None, paging: str) -> Statements:
    """The page's and the count's statements of a checked query, with the page's place, and
    the one statement for both where that saves a pass over the filter."""
    if page is None and size is None and query.page is None and query.size is None:
        size = DEFAULT_SIZE  # a store answers in pages, as the API does
    query = fitted(query)
    select = to_sql(query, table=TABLE, key=ORDER_KEY, page=page, size=size, paging=paging)
    tail = _tail(select.sql)
    # `[ WHERE ...] ORDER BY ... LIMIT ...`: the order always holds the key, the paging is
    # written as numbers and every value is bound, so the condition is what precedes the order
    # and its values are all the statement's.
    condition = tail[: tail.rindex(" ORDER BY ")]
    source, params = f'"{TABLE}"', select.params
    looked_up = lookup(query.filter)
    if looked_up is not None:
        # DuckDB scans an index only for a table scan with one filter, and the page's top-N
        # adds one on the key: the lookup gets a scan of its own, which OFFSET 0 keeps apart.
        key, rest = looked_up
        keyed = to_sql(Query(key), table=TABLE, key=ORDER_KEY)
        inner = _tail(keyed.sql)
        inner = inner[: inner.rindex(" ORDER BY ")]
        source = f'(SELECT * FROM "{TABLE}"{inner} OFFSET 0) AS "{TABLE}"'
        select = to_sql(
            attrs.evolve(query, filter=rest),
            table=TABLE,
            key=ORDER_KEY,
            page=page,
            size=size,
            paging=paging,
        )
        tail = _tail(select.sql)
        condition = tail[: tail.rindex(" ORDER BY ")]
        params = keyed.params + select.params
    page_sql = f'SELECT "{RECORD_JSON}" FROM {source}{tail}'
    count_sql = f"SELECT COUNT(*) FROM {source}{condition}"
    counted = None
    # One pass where it saves one (measured over 10^6 operations, docs/store.md): not for a
    # lookup's few rows, nor with no filter (the count is the table's row count), nor in the
    # stored order, which DuckDB's top-N reads a few row groups of.
    stored_order = not query.order or query.order[0].field in STORED_ORDER
    if looked_up is None and query.filter is not None and not stored_order:
        counted = Statement(_counted(query, condition, tail[len(condition) :]), params)
    page = page if page is not None else query.page
    size = size if size is not None else query.size
    page = DEFAULT_PAGE if page is None else page
    size = DEFAULT_SIZE if size is None else size
    offset = page if paging == "skip" else max(page - 1, 0) * size
    return Statements(
        Statement(page_sql, params), Statement(count_sql, params), offset, size, counted
    )


def _counted(query: Query, condition: str, ordered: str) -> str:
    """One pass over the filter for the page and the total (`Statements.counted`): the matches'
    `seq` and order columns, materialised once, are counted and give the page, whose records
    are joined back by `seq`. `ordered` is `ORDER BY ... LIMIT ... [OFFSET ...]`."""
    columns = [f'"{ORDER_KEY}"']
    for order in query.order:
        field = HOMEBANK.lookup(order.field)
        assert field is not None  # a checked query orders by its schema's fields
        column = f'"{default_column(field.name)}"'  # as querydsl.sql names it
        if column not in columns:
            columns.append(column)
    order_by = ordered[: ordered.rindex(" LIMIT ")]
    return (
        f'WITH "matched" AS MATERIALIZED (SELECT {", ".join(columns)} FROM "{TABLE}"{condition}), '
        f'"page" AS (SELECT * FROM "matched"{ordered}) '
        f'SELECT (SELECT COUNT(*) FROM "matched"), "{RECORD_JSON}" FROM "page" '
        f'JOIN (SELECT "{ORDER_KEY}" AS "found", "{RECORD_JSON}" FROM "{TABLE}") '
        f'ON "found" = "{ORDER_KEY}"{order_by}'
    )


def _tail(sql: str) -> str:
    assert sql.startswith(_SELECT_ALL)
    return sql[len(_SELECT_ALL) :]


def _is_lookup(expr: Expr) -> bool:
    return (
        isinstance(expr, Condition)
        and expr.field in KEYED
        and expr.method in (Method.EQ, Method.IN)
        and all(value != "" for value in expr.values)  # many operations have none
    )


def lookup(expr: Expr | None) -> tuple[Condition, Expr | None] | None:
    """The filter's first lookup of an operation by a keyed column (an `=` or `in` holding
    alone or beside others in an `and`) and what else the filter asks, or None."""
    if expr is None:
        return None
    if _is_lookup(expr):
        assert isinstance(expr, Condition)
        return expr, None
    if isinstance(expr, And):
        for index, operand in enumerate(expr.operands):
            if _is_lookup(operand):
                assert isinstance(operand, Condition)
                others = expr.operands[:index] + expr.operands[index + 1 :]
                return operand, others[0] if len(others) == 1 else And(others)
    return None
