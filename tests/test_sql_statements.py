"""querydsl.sql's statements (issue 22, SPEC 10): the SQL of each method and form on DuckDB and
SQLite with its bound values, literals escaped by sqlglot, columns, key and paging, the dialects
that are only written (parsed back by sqlglot), and bad options as QueryError."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from querydsl import QueryError
from querydsl.language.ast import Condition, Method, Query
from querydsl.sql import Statement, to_sql, where

sqlglot = pytest.importorskip("sqlglot")

D = Decimal
LIKE = "LIKE ? ESCAPE '\\'"
NOON_UTC = datetime(2024, 1, 1, tzinfo=UTC)

#: text, DuckDB's condition and values, SQLite's condition and values
CONDITIONS = [
    ("amount = 10.50", '"amount" = ?', (D("10.50"),), '"amount" = ?', (10.5,)),
    ("amount < 5", '"amount" < ?', (D(5),), '"amount" < ?', (5,)),
    ("amount > 5", '"amount" > ?', (D(5),), '"amount" > ?', (5,)),
    ("amount <= 5", '"amount" <= ?', (D(5),), '"amount" <= ?', (5,)),
    ("amount >= 5", '"amount" >= ?', (D(5),), '"amount" >= ?', (5,)),
    ("amount between 1..2", '"amount" BETWEEN ? AND ?', (D(1), D(2)),
     '"amount" BETWEEN ? AND ?', (1, 2)),
    ("shop_id in (a, b)", '"shop_id" IN (?, ?)', ("a", "b"), '"shop_id" IN (?, ?)', ("a", "b")),
    ("payer_email like a_b%", '"payer_email" GLOB ?', ("a_b*",), '"payer_email" GLOB ?', ("a_b*",)),
    ("client like \"%*?[%\"", '"client" GLOB ?', ("*\\*\\?\\[*",), '"client" GLOB ?',
     ("*[*][?][[]*",)),
    ("post_link = true", '"post_link" = ?', (True,), '"post_link" = ?', (True,)),
    (
        "created_date > 2024-01-01T06:00:00+06:00",
        '"created_date" > ?', (NOON_UTC,),
        '"created_date" > ?', ("2024-01-01T00:00:00.000000Z",),
    ),
    ("payer_email != x", 'NOT COALESCE("payer_email" = ?, FALSE)', ("x",),
     'NOT COALESCE("payer_email" = ?, FALSE)', ("x",)),
    ("shop_id not in (a)", 'NOT COALESCE("shop_id" IN (?), FALSE)', ("a",),
     'NOT COALESCE("shop_id" IN (?), FALSE)', ("a",)),
    (
        "not (amount > 1 or client = a) and shop_id = s",
        'NOT COALESCE("amount" > ? OR "client" = ?, FALSE) AND "shop_id" = ?', (D(1), "a", "s"),
        'NOT COALESCE("amount" > ? OR "client" = ?, FALSE) AND "shop_id" = ?', (1, "a", "s"),
    ),
    (
        "(shop_id = a or shop_id = b) and amount > 1",
        '("shop_id" = ? OR "shop_id" = ?) AND "amount" > ?', ("a", "b", D(1)),
        '("shop_id" = ? OR "shop_id" = ?) AND "amount" > ?', ("a", "b", 1),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "duck", "duck_params", "lite", "lite_params"), CONDITIONS)
def test_each_method_and_form_writes_its_condition_and_binds_its_values(
    text: str,
    duck: str,
    duck_params: tuple[object, ...],
    lite: str,
    lite_params: tuple[object, ...],
) -> None:
    assert where(text) == Statement(duck, duck_params)
    assert where(text, dialect="sqlite") == Statement(lite, lite_params)
    assert to_sql(text).sql == f'SELECT * FROM "operations" WHERE {duck}'


#: `like` patterns with every character some engine reads specially: the bound pattern on DuckDB
#: (`GLOB`, its metacharacters `*`, `?`, `[` and `\` escaped by a backslash: a `LIKE` with `ESCAPE`
#: takes DuckDB's slow path), on SQLite (`GLOB`, metacharacters bracketed: its `LIKE` ignores case),
#: and elsewhere (`LIKE ? ESCAPE '\'`, `_` and `\` escaped).
LIKES = [
    ("a%", "a*", "a*", "a%"),
    ("%a_b[%", "*a_b\\[*", "*a_b[[]*", "%a\\_b[%"),
    ("a_b%*", "a_b*\\*", "a_b*[*]", "a\\_b%*"),
    ("%?%", "*\\?*", "*[?]*", "%?%"),
    ("%\\%", "*\\\\*", "*\\*", "%\\\\%"),
    ("%]%", "*]*", "*]*", "%]%"),
    ("%[!a-b]%", "*\\[!a-b]*", "*[[]!a-b]*", "%[!a-b]%"),
    ("%%", "**", "**", "%%"),
    ("%'é日😀%", "*'é日😀*", "*'é日😀*", "%'é日😀%"),
]


@pytest.mark.parametrize(("pattern", "duck", "lite", "other"), LIKES)
def test_like_is_a_glob_on_duckdb_and_sqlite_and_an_escaped_like_elsewhere(
    pattern: str, duck: str, lite: str, other: str
) -> None:
    query = Query(Condition("client", Method.LIKE, (pattern,)))
    assert where(query) == Statement('"client" GLOB ?', (duck,))
    assert where(query, dialect="sqlite") == Statement('"client" GLOB ?', (lite,))
    assert where(query, dialect="trino") == Statement(f'"client" {LIKE}', (other,))
    # inline, the same pattern as a DuckDB literal: a quote doubled, a backslash itself
    literal = "'" + duck.replace("'", "''") + "'"
    assert where(query, inline=True) == Statement(f'"client" GLOB {literal}', ())


def test_inline_literals_are_escaped_by_the_dialect() -> None:
    statement = where("""client = "it's; --" or amount = 10.50""", inline=True)
    assert statement == Statement("\"client\" = 'it''s; --' OR \"amount\" = 10.50", ())
    instant = where("created_date = 2024-01-01", inline=True).sql
    assert instant == "\"created_date\" = CAST('2024-01-01 00:00:00+00:00' AS TIMESTAMPTZ)"
    lite = where("created_date = 2024-01-01", dialect="sqlite", inline=True).sql
    assert lite == "\"created_date\" = '2024-01-01T00:00:00.000000Z'"


def test_the_order_puts_nulls_last_both_ways_and_the_key_breaks_ties() -> None:
    text = "order by amount desc, client size 5 page 3"
    assert to_sql(text, key="id").sql == (
        'SELECT * FROM "operations" ORDER BY "amount" DESC, "client" ASC, "id" ASC '
        "LIMIT 5 OFFSET 10"
    )
    assert to_sql(text, key="id", dialect="sqlite").sql == (
        'SELECT * FROM "operations" ORDER BY "amount" DESC, "client" ASC NULLS LAST, '
        '"id" ASC NULLS LAST LIMIT 5 OFFSET 10'
    )
    postgres = to_sql("order by amount desc", dialect="postgres").sql
    assert postgres == 'SELECT * FROM "operations" ORDER BY "amount" DESC NULLS LAST'


def test_paging_options_override_the_query_as_evaluate_reads_them() -> None:
    assert to_sql("size 5", page=3).sql.endswith("LIMIT 5 OFFSET 10")
    assert to_sql("size 5", page=3, paging="skip").sql.endswith("LIMIT 5 OFFSET 3")
    assert to_sql("amount > 1", page=0).sql.endswith("LIMIT 20")
    assert to_sql("amount > 1", size=2).sql.endswith("LIMIT 2")


def test_columns_map_fields_and_a_table_is_quoted() -> None:
    statement = to_sql("Amount > 1", table="my ops", columns={"amount": "sum"}, dialect="mysql")
    assert statement.sql == "SELECT * FROM `my ops` WHERE `sum` > ?"


def test_relative_times_and_zones_resolve_as_evaluate_resolves_them() -> None:
    now = datetime(2024, 6, 10, 12, tzinfo=UTC)
    assert where("created_date >= now-7d", now=now).params == (
        datetime(2024, 6, 3, 12, tzinfo=UTC),
    )
    almaty = where("created_date >= 2024-06-01", tz="Asia/Almaty", dialect="sqlite").params
    assert almaty == ("2024-05-31T19:00:00.000000Z",)


def test_a_statements_repr_masks_card_numbers() -> None:
    statement = where("card_mask = 4400430012345678")
    assert statement.params == ("4400430012345678",)
    assert "4400430012345678" not in repr(statement)


def test_no_filter_is_true() -> None:
    assert where("order by amount") == Statement("TRUE", ())


def test_postgres_binds_with_percent_s_and_clickhouse_with_named_typed_parameters() -> None:
    assert where("client = a", dialect="postgres") == Statement('"client" COLLATE "C" = %s', ("a",))
    clickhouse = where("client = a and amount > 1", dialect="clickhouse")
    assert clickhouse.sql == '"client" = {p1: String} AND "amount" > {p2: Decimal(76, 38)}'
    assert clickhouse.params == ("a", Decimal(1))


QUERIES = [text for text, *_ in CONDITIONS] + ["order by amount desc size 3 page 2"]


@pytest.mark.parametrize("dialect", ["trino", "mysql", "bigquery", "snowflake", "clickhouse"])
@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("inline", [False, True])
def test_other_dialects_are_written_and_parse_back(dialect: str, text: str, inline: bool) -> None:
    statement = to_sql(text, dialect=dialect, key="id", inline=inline)
    parsed = sqlglot.parse_one(statement.sql, read=dialect)
    assert parsed.sql(dialect=dialect) == statement.sql


@pytest.mark.parametrize(
    "options",
    [
        {"dialect": "no such dialect"},
        {"columns": {"amount": 1}},
        {"columns": "amount"},
        {"table": ""},
        {"key": 3},
        {"paging": "offset"},
        {"page": -1},
        {"size": 0},
    ],
)
def test_bad_options_are_query_errors(options: dict[str, object]) -> None:
    with pytest.raises(QueryError):
        to_sql("amount > 1", **options)  # type: ignore[arg-type]


def test_bad_text_is_a_query_error() -> None:
    with pytest.raises(QueryError):
        where("amount > ")
