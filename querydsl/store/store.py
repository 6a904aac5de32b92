"""`Store`: Homebank operations kept in DuckDB, searched with the query language (SPEC 10)."""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from querydsl.engine import engine_for
from querydsl.homebank.models import Operation, OperationsPage
from querydsl.homebank.responses import load_operations
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import Query
from querydsl.language.errors import Diagnostic, QueryError, SchemaError
from querydsl.language.options import check_paging
from querydsl.language.rules import DEFAULT_LIMITS
from querydsl.language.schema import FieldType
from querydsl.store.intake import batch_of, operations_in, read_back, record_texts
from querydsl.store.rows import (
    COLUMNS,
    CREATE_TABLE,
    FIELD_COLUMNS,
    KEYED,
    ORDER_KEY,
    RECORD_JSON,
    TABLE,
)
from querydsl.wire.jsontext import WrittenNumber

if TYPE_CHECKING:
    from querydsl.store.shapes import Shapes
    from querydsl.store.statements import Statements

_EXTRA = (
    "querydsl.store needs the `sql` extra (duckdb, sqlglot, numpy): pip install 'querydsl[sql]'"
)
#: How many compiled searches a store keeps (a search box sends many different texts).
_CACHED = 256
_BATCH = "querydsl_batch"
_PAGING = ("page", "skip")


def _written_number(text: str) -> WrittenNumber:
    number = WrittenNumber(text)
    number.text = text
    return number


#: Reads stored JSON as `load_operations` reads response text: fractions keep their digits.
_STORED = json.JSONDecoder(parse_float=_written_number)


class Store:
    """Homebank operations in DuckDB: in memory (`path=None`) or in a file.

    `add` takes operations (records, a page, or the response JSON); `search` runs a query over
    them and gives a page of typed records and the total, as `querydsl.evaluate` would over the
    same records; `values` suggests a field's values to a search box. Needs the `sql` extra.

    >>> store = Store()
    >>> len(store), store.search("amount > 5").total_count, store.values("shop")
    (0, 0, [])
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        try:
            import duckdb
            import numpy  # noqa: F401  # batches reach DuckDB as numpy arrays

            import querydsl.sql  # noqa: F401
        except ImportError as missing:
            raise ImportError(_EXTRA) from missing
        self._duckdb = duckdb
        self.path = None if path is None else os.fspath(path)
        try:
            self._connection = duckdb.connect(":memory:" if self.path is None else self.path)
        except duckdb.Error as error:
            message = f"the store cannot be opened: {type(error).__name__}"
            raise QueryError([Diagnostic("invalid_value", message)]) from None
        self._lock = threading.RLock()
        self._cache: dict[tuple[object, ...], Statements] = {}
        #: Statements by the query's shape: a new text of a known shape binds its own values.
        self._shapes: Shapes | None = None
        self._connection.execute(CREATE_TABLE).fetchall()
        self._check_table()
        for column in KEYED:  # the lookups `statements` writes for an `=` or `in` on one
            self._connection.execute(
                f'CREATE INDEX IF NOT EXISTS "{TABLE}_{column}" ON "{TABLE}" ("{column}")'
            ).fetchall()
        (highest,) = self._connection.execute(
            f'SELECT max("{ORDER_KEY}") FROM "{TABLE}"'
        ).fetchall()
        self._next = 0 if highest[0] is None else int(highest[0]) + 1

    def _check_table(self) -> None:
        described = self._connection.execute(f'DESCRIBE "{TABLE}"').fetchall()
        if [row[0] for row in described] != [name for name, _ in COLUMNS]:
            self._connection.close()
            message = f"the database has a table {TABLE!r} that is not a querydsl store's"
            raise QueryError([Diagnostic("invalid_value", message)])

    @property
    def connection(self) -> Any:
        """The DuckDB connection (to run SQL of one's own; not safe to share across threads)."""
        return self._connection

    def close(self) -> None:
        """Close the database (a file store's data is already written)."""
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    def __len__(self) -> int:
        with self._lock:
            ((count,),) = self._connection.execute(f'SELECT COUNT(*) FROM "{TABLE}"').fetchall()
        return int(count)

    # ---- adding ----------------------------------------------------------------------------

    def add(self, data: object) -> int:
        """Keep operations: an iterable of `Operation` records, an `OperationsPage`, or the
        `/operations` response JSON (dict, str or bytes). Returns how many were new.

        All or nothing: a page that does not load, or a value the store cannot hold, is a
        `SchemaError` with a JSON Pointer to each problem, and nothing is added. An operation
        whose `id` is already stored replaces it in place (it keeps its place in the order).
        """
        records, where, trusted = operations_in(data)
        texts, problems = record_texts(records, where)
        if problems:
            raise SchemaError(problems)
        if not trusted:  # records built by hand: stored as their JSON reads back, or refused
            records = read_back(texts, where)
        latest: dict[object, int] = {}  # id -> its place in `kept`, which holds its last record
        kept: list[tuple[int, Operation, str]] = []
        for number, (record, text) in enumerate(zip(records, texts, strict=True)):
            place = latest.get(record.id)
            if place is None:
                latest[record.id] = len(kept)
                kept.append((number, record, text))
            else:
                kept[place] = (number, record, text)
        batch, problems = batch_of(kept, where)
        if problems:
            raise SchemaError(problems)
        if not kept:
            return 0
        return self._insert(batch, len(kept))

    def _insert(self, batch: dict[str, Any], count: int) -> int:
        import numpy

        arrays = {name: numpy.array(values, dtype=object) for name, values in batch.items()}
        arrays["position"] = numpy.arange(count, dtype=numpy.int64)
        casts = ", ".join(f'CAST(b."{name}" AS {kind})' for name, kind in FIELD_COLUMNS)
        assign = ", ".join(f'"{name}" = CAST(b."{name}" AS {kind})' for name, kind in FIELD_COLUMNS)
        with self._lock:
            connection = self._connection
            connection.register(_BATCH, arrays)
            try:
                connection.execute("BEGIN TRANSACTION").fetchall()
                try:
                    connection.execute(
                        f'UPDATE "{TABLE}" SET {assign}, "{RECORD_JSON}" = b."{RECORD_JSON}" '
                        f'FROM {_BATCH} AS b WHERE "{TABLE}"."id" = b."id"'
                    ).fetchall()
                    before = len(self)
                    connection.execute(
                        f'INSERT INTO "{TABLE}" SELECT {self._next} + b.position, b."id", {casts}, '
                        f'b."{RECORD_JSON}" FROM {_BATCH} AS b '
                        f'WHERE b."id" NOT IN (SELECT "id" FROM "{TABLE}")'
                    ).fetchall()
                    added = len(self) - before
                    connection.execute("COMMIT").fetchall()
                except BaseException:
                    connection.execute("ROLLBACK").fetchall()
                    raise
            finally:
                connection.unregister(_BATCH)
            self._next += count
        return added

    # ---- searching --------------------------------------------------------------------------

    def search(
        self,
        query_or_text: Query | str,
        *,
        tz: str = "UTC",
        now: datetime | None = None,
        page: int | None = None,
        size: int | None = None,
        paging: str = "page",
    ) -> OperationsPage:
        """The page of operations the query asks for, and how many match in all.

        The records are those `querydsl.evaluate` gives for the same query over the stored
        operations in the order they were added; they come back typed exactly as
        `load_operations` read them. `page` and `size` override the query's (SPEC 9, with
        `paging`); with neither anywhere, the first page of 20.
        """
        total, stored = self.stored_page(
            self.statements(query_or_text, tz=tz, now=now, page=page, size=size, paging=paging)
        )
        # Decoded here, not as text by load_operations: the stored JSON was written by the
        # store (no duplicate keys to watch for), and a number past a float's range, which a
        # record given as a dict may hold, keeps its digits. One array, one decoder call.
        records = _STORED.decode("[" + ",".join(stored) + "]")
        return load_operations({"totalCount": total, "records": records})

    def stored_page(self, statements: Statements) -> tuple[int, list[str]]:
        """How many operations match in all, and the page's records as the store keeps their
        JSON (what `search` reads back, and what the emulator answers with). One pass over the
        filter where `Statements.counted` is written (the total beside each record); otherwise
        the page alone, and the count only when the page does not tell the total."""
        with self._lock:
            connection = self._connection
            both = statements.counted
            if both is not None:
                rows = connection.execute(both.sql, both.params).fetchall()
                if rows:
                    return rows[0][0], [row[1] for row in rows]
                found: list[Any] = []  # no row to hold the total: none, or past the end
            else:
                select = statements.page
                found = connection.execute(select.sql, select.params).fetchall()
            count = len(found)
            if count < statements.limit and (count or not statements.offset):
                total = statements.offset + count
            else:
                counted = statements.count
                ((total,),) = connection.execute(counted.sql, counted.params).fetchall()
        return total, [row[0] for row in found]

    def statements(
        self,
        query_or_text: Query | str,
        *,
        tz: str = "UTC",
        now: datetime | None = None,
        page: int | None = None,
        size: int | None = None,
        paging: str = "page",
    ) -> Statements:
        """The SQL `search` runs for these arguments (for a benchmark, or a look at the plan)."""
        check_paging(page, size)
        if type(paging) is not str or paging not in _PAGING:
            raise QueryError([Diagnostic("invalid_value", '`paging` must be "page" or "skip"')])
        query = engine_for(HOMEBANK, DEFAULT_LIMITS)._query(query_or_text, tz, now)
        key = (query, page, size, paging)
        found = self._cache.get(key)
        if found is None:
            from querydsl.store.shapes import Shapes  # sqlglot: the `sql` extra

            with self._lock:
                if self._shapes is None:
                    self._shapes = Shapes()
                found = self._shapes.statements(query, page, size, paging)
            if len(self._cache) >= _CACHED:
                self._cache.clear()
            self._cache[key] = found
        return found

    # ---- suggesting -------------------------------------------------------------------------

    def values(self, field: str, prefix: str = "", limit: int = 10) -> list[str]:
        """Up to `limit` distinct values of a string field that start with `prefix`, ignoring
        case (as the search box does), most frequent first, then in code-point order. `%` and
        `_` in the prefix are themselves; empty values are never offered. A value provider for
        `complete(..., values=store.values)` and `querydsl.web.app(values=store.values)`.
        """
        known = HOMEBANK.lookup(field) if isinstance(field, str) else None
        if known is None:
            shown_field = "a field" if not isinstance(field, str) else "no such field"
            raise QueryError([Diagnostic("unknown_field", f"values() needs {shown_field} name")])
        if type(prefix) is not str:
            raise QueryError([Diagnostic("invalid_value", "`prefix` must be a string")])
        if type(limit) is not int or limit < 0:
            raise QueryError([Diagnostic("invalid_value", "`limit` must be a whole number ≥ 0")])
        if known.type is not FieldType.STRING or limit == 0:
            return []
        column = f'"{known.name}"'
        sql = (
            f"SELECT {column} FROM \"{TABLE}\" WHERE {column} <> '' "
            f"AND starts_with(lower({column}), lower(?)) "
            f"GROUP BY {column} ORDER BY COUNT(*) DESC, {column} LIMIT ?"
        )
        try:
            with self._lock:
                rows = self._connection.execute(sql, (prefix, limit)).fetchall()
        except self._duckdb.InvalidInputException:  # half a surrogate pair: no value has one
            return []
        return [row[0] for row in rows]
