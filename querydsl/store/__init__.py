"""A local store of Homebank operations: DuckDB, searched with the query language (SPEC 10).

`Store(path=None)` keeps operations in memory, or in a DuckDB file; `add` takes records, pages or
the `/operations` response JSON; `search` answers a query with a page of typed records and the
total, exactly as `querydsl.evaluate` over the same records; `values` is a value provider for the
search box. Needs the `sql` extra (duckdb, sqlglot, numpy).

>>> from querydsl.store import Store
>>> with Store() as store:
...     page = store.search("amount > 1000 order by created_date desc", size=5)
>>> page.total_count, page.records
(0, [])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from querydsl.lazy import exports
from querydsl.store.store import Store

if TYPE_CHECKING:
    from querydsl.store.statements import Statements

__all__ = ["Statements", "Store"]


# Loaded on first use: it needs sqlglot (the `sql` extra).
__getattr__, __dir__ = exports(__name__, {"Statements": ".statements"})
