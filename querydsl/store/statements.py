"""The statements `Store.search` runs for a query: compiled once by querydsl.sql, then kept."""

from __future__ import annotations

import attrs

from querydsl.carddata.cardrepr import redacted_repr
from querydsl.language.ast import Query
from querydsl.language.options import DEFAULT_PAGE, DEFAULT_SIZE
from querydsl.sql import Statement, to_sql
from querydsl.store.bounds import fitted
from querydsl.store.rows import ORDER_KEY, RECORD_JSON, TABLE

_SELECT_ALL = f'SELECT * FROM "{TABLE}"'


@redacted_repr
@attrs.frozen
class Statements:
    """What `Store.search` runs: `page` selects the records' JSON (`SELECT "record" FROM ...
    ORDER BY ... LIMIT ... OFFSET ...`), `count` counts every match (`SELECT COUNT(*) ...`),
    only when the page alone does not tell the total. `offset` and `limit` are the page's.

    >>> from querydsl.store import Store
    >>> store = Store()
    >>> statements = store.statements("amount > 5 order by created_date desc", size=10)
    >>> print(statements.page.sql)  # doctest: +NORMALIZE_WHITESPACE
    SELECT "record" FROM "operations" WHERE "amount" > ? ORDER BY "created_date" DESC, "seq" ASC
    LIMIT 10
    >>> statements.count.sql, statements.count.params
    ('SELECT COUNT(*) FROM "operations" WHERE "amount" > ?', (Decimal('5.0000000000'),))
    """

    page: Statement
    count: Statement
    offset: int
    limit: int


def compile_search(query: Query, page: int | None, size: int | None, paging: str) -> Statements:
    """The page's and the count's statements of a checked query, with the page's place."""
    if page is None and size is None and query.page is None and query.size is None:
        size = DEFAULT_SIZE  # a store answers in pages, as the API does
    query = fitted(query)
    select = to_sql(query, table=TABLE, key=ORDER_KEY, page=page, size=size, paging=paging)
    assert select.sql.startswith(_SELECT_ALL)
    # `[ WHERE ...] ORDER BY ... LIMIT ...`: the order always holds the key, the paging is
    # written as numbers and every value is bound, so the condition is what precedes the order
    # and its values are all the statement's.
    tail = select.sql[len(_SELECT_ALL) :]
    condition = tail[: tail.rindex(" ORDER BY ")]
    page_sql = f'SELECT "{RECORD_JSON}" FROM "{TABLE}"{tail}'
    count_sql = f'SELECT COUNT(*) FROM "{TABLE}"{condition}'
    page = page if page is not None else query.page
    size = size if size is not None else query.size
    page = DEFAULT_PAGE if page is None else page
    size = DEFAULT_SIZE if size is None else size
    offset = page if paging == "skip" else max(page - 1, 0) * size
    return Statements(
        Statement(page_sql, select.params), Statement(count_sql, select.params), offset, size
    )
