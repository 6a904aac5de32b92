"""querydsl.sql on PostgreSQL (issue 22, SPEC 10), on a real server the tests start
(tests/pg_server.py): text compared and ordered with `COLLATE "C"` (code points, whatever the
server's locale), `%s` placeholders and `%` in identifiers written `%%` when values bind, decimals
exact, instants compared in UTC, NULLs last; and the server itself (its own user, no TCP, a
missing engine skipped locally and failed where engines are required)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pg_server
import pytest

from querydsl import evaluate
from querydsl.language.schema import Field, Schema
from querydsl.sql import Statement, to_sql, where

pytest.importorskip("sqlglot")

SCHEMA = Schema(
    (Field("s", "string"), Field("n", "number"), Field("t", "datetime"), Field("b", "boolean"))
)
C = 'COLLATE "C"'

#: text, PostgreSQL's condition: a text column carries `COLLATE "C"`, other types do not.
CONDITIONS = [
    ("s = x", f'"s" {C} = %s'),
    ("s in (x, y)", f'"s" {C} IN (%s, %s)'),
    ("s like x%", f"\"s\" {C} LIKE %s ESCAPE '\\'"),
    ("s != x", f'NOT COALESCE("s" {C} = %s, FALSE)'),
    ("n = 1", '"n" = %s'),
    ("n between 1..2", '"n" BETWEEN %s AND %s'),
    ("t > 2024-01-01", '"t" > %s'),
    ("b = true", '"b" = %s'),
]


@pytest.mark.parametrize(("text", "condition"), CONDITIONS)
def test_text_is_compared_by_code_points_and_values_bind_as_percent_s(
    text: str, condition: str
) -> None:
    assert where(text, dialect="postgres", schema=SCHEMA).sql == condition


def test_text_is_ordered_by_code_points_and_nulls_last_both_ways() -> None:
    statement = to_sql("order by s desc, n, t desc", dialect="postgres", schema=SCHEMA, key="id")
    assert statement.sql == (
        f'SELECT * FROM "operations" ORDER BY "s" {C} DESC NULLS LAST, "n" ASC, '
        '"t" DESC NULLS LAST, "id" ASC'
    )


def test_other_dialects_keep_their_text_as_it_was() -> None:
    for dialect in ("duckdb", "sqlite", "trino", "mysql", "spark"):
        assert "COLLATE" not in to_sql("s = x order by s", dialect=dialect, schema=SCHEMA).sql


def test_a_percent_in_an_identifier_is_doubled_only_when_values_bind() -> None:
    names = {"table": "o%s", "columns": {"s": "100%"}, "key": "i%d", "schema": SCHEMA}
    bound = to_sql("s = x order by s", dialect="postgres", **names)  # type: ignore[arg-type]
    assert bound == Statement(
        f'SELECT * FROM "o%%s" WHERE "100%%" {C} = %s ORDER BY "100%%" {C} ASC, "i%%d" ASC',
        ("x",),
    )
    inline = to_sql("s = x order by s", dialect="postgres", inline=True, **names)  # type: ignore[arg-type]
    assert (
        inline.sql
        == f'SELECT * FROM "o%s" WHERE "100%" {C} = \'x\' ORDER BY "100%" {C} ASC, "i%d" ASC'
    )
    unbound = to_sql("order by s", dialect="postgres", **names)  # type: ignore[arg-type]
    assert unbound.sql == f'SELECT * FROM "o%s" ORDER BY "100%" {C} ASC, "i%d" ASC'
    # DuckDB's `?` needs no doubling
    assert '"100%"' in to_sql("s = x", columns={"s": "100%"}, schema=SCHEMA).sql


# --- on the server -----------------------------------------------------------------------------

ROWS = [
    (0, "a", Decimal("10.50"), datetime(2024, 1, 1, tzinfo=UTC), True),
    (1, "B", Decimal("10.5"), datetime(2024, 1, 1, 6, tzinfo=timezone(timedelta(hours=6))), False),
    (2, "b", Decimal("-1"), datetime(2024, 1, 1, 0, 0, 1, tzinfo=UTC), None),
    (3, "A", None, None, True),
    (
        4,
        "a%b",
        Decimal("0.001"),
        datetime(2023, 12, 31, 20, tzinfo=timezone(-timedelta(hours=4))),
        None,
    ),
    (5, None, Decimal("10"), datetime(2024, 1, 1, tzinfo=UTC), False),
    (6, "é", Decimal("2"), None, None),
]
#: text, the ids PostgreSQL selects in order (as `evaluate` would: code points, NULLs last).
QUERIES = [
    ("order by s", [3, 1, 0, 4, 2, 6, 5]),
    ("order by s desc", [6, 2, 4, 0, 1, 3, 5]),
    ("s like a%", [0, 4]),
    ("s like %\\%%", []),  # `\` is itself: no such text
    ("s like a_b%", []),  # `_` is itself
    ("n = 10.5", [0, 1]),
    ("n > 10.49 order by n desc", [0, 1]),
    ("t = 2024-01-01T00:00:00Z", [0, 1, 4, 5]),
    ("not t > 2024-01-01T00:00:00Z order by t desc", [0, 1, 4, 5, 3, 6]),
    ("not b = true", [1, 2, 4, 5, 6]),
    ("order by n desc size 2 page 2", [5, 6]),
]


@pytest.fixture(scope="module")
def table() -> Any:
    connection = pg_server.connection()
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE "o%s" (id INTEGER, "100%" TEXT, n NUMERIC, t TIMESTAMPTZ, b BOOLEAN)'
        )
        cursor.executemany('INSERT INTO "o%%s" VALUES (%s, %s, %s, %s, %s)', ROWS)
    connection.commit()
    yield connection
    connection.execute('DROP TABLE "o%s"')
    connection.commit()


def selected(connection: Any, statement: Statement) -> list[int]:
    """The ids a statement selects, run as the docs say: its values bound, if it has any."""
    try:
        return [row[0] for row in connection.execute(statement.sql, statement.params or None)]
    finally:
        connection.rollback()


@pytest.mark.parametrize(("text", "ids"), QUERIES)
@pytest.mark.parametrize("inline", [False, True])
def test_the_server_selects_what_evaluate_would(
    table: Any, text: str, ids: list[int], inline: bool
) -> None:
    options = {"table": "o%s", "columns": {"s": "100%"}, "key": "id", "schema": SCHEMA}
    statement = to_sql(text, dialect="postgres", inline=inline, **options)  # type: ignore[arg-type]
    assert selected(table, statement) == ids
    records = [dict(zip("isntb", row, strict=True)) for row in ROWS]
    assert [record["i"] for record in evaluate(text, records, schema=SCHEMA)] == ids


def test_the_servers_own_order_is_not_code_points(table: Any) -> None:
    """Why `COLLATE "C"` is there: without it, this server (ICU `en-US`, as `en_US.UTF-8`) puts
    `a` before `B`; so the differential tests would catch a statement that left it out."""
    plain = 'SELECT id FROM "o%s" WHERE "100%" IS NOT NULL ORDER BY "100%", id'
    assert [row[0] for row in table.execute(plain)][:4] != [3, 1, 0, 4]
    table.rollback()


def test_the_server_runs_as_its_own_user_on_a_socket_only() -> None:
    server = pg_server.server()
    connection = pg_server.connection()
    assert connection.execute("SHOW listen_addresses").fetchone() == ("",)
    assert connection.execute("SHOW unix_socket_directories").fetchone() == (str(server.directory),)
    connection.rollback()
    owner = server.data.stat().st_uid
    assert owner != 0


@pytest.mark.parametrize(
    ("required", "outcome"), [("1", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_a_missing_engine_is_skipped_locally_and_fails_where_required(
    monkeypatch: pytest.MonkeyPatch, required: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setenv(pg_server.REQUIRE_ENGINES, required)
    with pytest.raises(outcome, match="PostgreSQL is not installed"):
        pg_server.unavailable("PostgreSQL is not installed")
