"""The SQL target: the same query over a table of operations, in any SQL dialect (SPEC 10).

`to_sql` writes a whole `SELECT`; `where` the condition alone. The rows selected are the records
`querydsl.evaluate` returns for the same query and data (SPEC 9). Needs the `sql` extra (sqlglot).

>>> statement = to_sql("amount > 10 and payer_email like %@b.kz order by amount desc", key="id")
>>> print(statement.sql)  # doctest: +NORMALIZE_WHITESPACE
SELECT * FROM "operations" WHERE "amount" > ? AND "payer_email" GLOB ? ORDER BY
"amount" DESC, "id" ASC
>>> statement.params
(Decimal('10'), '*@b.kz')
>>> where("not post_link = true", dialect="sqlite").sql
'NOT COALESCE("post_link" = ?, FALSE)'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from querydsl.engine import engine_for
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import Query
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.rules import DEFAULT_LIMITS
from querydsl.language.schema import Schema
from querydsl.sql.target import Statement, build_select, build_where

__all__ = ["Statement", "to_sql", "where"]


def to_sql(
    query_or_text: Query | str,
    *,
    dialect: str = "duckdb",
    table: str = "operations",
    columns: Mapping[str, str] | None = None,
    key: str | None = None,
    inline: bool = False,
    schema: Schema = HOMEBANK,
    tz: str = "UTC",
    now: datetime | None = None,
    page: int | None = None,
    size: int | None = None,
    paging: str = "page",
) -> Statement:
    """`SELECT * FROM table WHERE ... ORDER BY ... LIMIT ... OFFSET ...` for the query.

    >>> print(to_sql("order by created_date size 5", dialect="sqlite", key="id", page=2).sql)
    ... # doctest: +NORMALIZE_WHITESPACE
    SELECT * FROM "operations" ORDER BY "created_date" ASC NULLS LAST, "id" ASC NULLS LAST LIMIT 5
    OFFSET 5
    """
    query = engine_for(schema, DEFAULT_LIMITS)._query(query_or_text, tz, now)
    _check_names(table, key)
    return build_select(
        query,
        schema,
        dialect=dialect,
        table=table,
        columns=_columns(columns),
        key=key,
        inline=inline,
        page=page,
        size=size,
        paging=paging,
    )


def where(
    query_or_text: Query | str,
    *,
    dialect: str = "duckdb",
    columns: Mapping[str, str] | None = None,
    inline: bool = False,
    schema: Schema = HOMEBANK,
    tz: str = "UTC",
    now: datetime | None = None,
) -> Statement:
    """The query's filter alone, as an SQL condition (its order and paging are not used).

    >>> where("shop_id in (a, b)", inline=True).sql
    '"shop_id" IN (\\'a\\', \\'b\\')'
    """
    query = engine_for(schema, DEFAULT_LIMITS)._query(query_or_text, tz, now)
    return build_where(query, schema, dialect=dialect, columns=_columns(columns), inline=inline)


def _columns(columns: object) -> Mapping[str, str]:
    if columns is None:
        return {}
    if isinstance(columns, Mapping) and all(
        type(name) is str and type(column) is str for name, column in columns.items()
    ):
        return columns
    message = "`columns` maps field names to column names (str to str)"
    raise QueryError([Diagnostic("invalid_value", message)])


def _check_names(table: object, key: object) -> None:
    if type(table) is not str or not table or (key is not None and type(key) is not str):
        message = "`table` is a table name and `key` a column name (str)"
        raise QueryError([Diagnostic("invalid_value", message)])
