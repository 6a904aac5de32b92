"""The differential law of querydsl.sql (issue 22, SPEC 10): the rows a statement selects on a real
engine are exactly the records `querydsl.evaluate` returns, in its order, whatever the query (every
method, `and`/`or`/`not`, order, paging) and the data (NULLs, hostile and Unicode strings, decimals
of several scales, datetimes at many offsets). Engines here: DuckDB (embedded), SQLite (the
standard library), PostgreSQL (a real server the tests start: tests/pg_server.py) and Spark (pyspark
in local mode: tests/spark_session.py; slow per query, so its own shorter run of the same law).
Hostile values never change a statement's shape: they only ever bind."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pg_server
import pytest
import spark_session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querydsl import evaluate
from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Or, Order, Query
from querydsl.language.schema import Field, Schema
from querydsl.sql import to_sql, where

duckdb = pytest.importorskip("duckdb")

SCHEMA = Schema(
    (
        Field("s", "string"),
        Field("n", "number"),
        Field("t", "datetime"),
        Field("b", "boolean"),
        Field("a.b", "string"),
    )
)
#: The column of each field (dotted names join with `_`).
COLUMNS = {"s": "s", "n": "n", "t": "t", "b": "b", "a.b": "a_b"}
DUCKDB_TABLE = 'CREATE TABLE "operations" (id INTEGER, s VARCHAR, n DECIMAL(18, 4), '
DUCKDB_TABLE += "t TIMESTAMPTZ, b BOOLEAN, a_b VARCHAR)"
SQLITE_TABLE = 'CREATE TABLE "operations" (id INTEGER, s TEXT, n NUMERIC, t TEXT, b INTEGER, '
SQLITE_TABLE += "a_b TEXT)"
POSTGRES_TABLE = 'CREATE TABLE IF NOT EXISTS "operations" (id INTEGER, s TEXT, n NUMERIC, '
POSTGRES_TABLE += "t TIMESTAMPTZ, b BOOLEAN, a_b TEXT)"
POSTGRES_READY: set[int] = set()  # the connections whose server has the table

# Characters that break naive SQL (quotes, backslash, wildcards of LIKE and GLOB, comment and
# statement marks), mixed case, and Unicode beyond ASCII (UTF-8 of 2, 3 and 4 bytes).
ALPHABET = [
    "a",
    "A",
    "b",
    "'",
    '"',
    "\\",
    "%",
    "_",
    ";",
    "-",
    "*",
    "?",
    "[",
    "]",
    "é",
    "É",
    "日",
    "😀",
]
# Words that collide with each other (case, `_` against other characters, escapes), so that the
# conditions drawn often hold on some records and not on others; and any text of the alphabet.
WORDS = [
    "",
    "a",
    "A",
    "ab",
    "aB",
    "Ab",
    "a_b",
    "axb",
    "a%b",
    "a\\b",
    "it's",
    "日本",
    "é",
    "É",
    "[a]",
]
strings = st.one_of(st.sampled_from(WORDS), st.text(st.sampled_from(ALPHABET), max_size=4))
# Scales 0, 1 and 2: 10.50 and 10.5 are the same number.
numbers = st.one_of(
    st.sampled_from(
        [Decimal("10.50"), Decimal("10.5"), Decimal("10"), Decimal("0"), Decimal("-1.25")]
    ),
    st.builds(
        lambda units, scale: Decimal(units).scaleb(-scale), st.integers(-30, 30), st.integers(0, 2)
    ),
)
offsets = st.integers(-12 * 4, 14 * 4).map(
    lambda quarters: timezone(timedelta(minutes=15 * quarters))
)
instants = st.builds(
    lambda steps, micro, zone: (
        datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=30 * steps, microseconds=micro)
    ).astimezone(zone),
    st.integers(-6, 6),
    st.sampled_from([0, 1, 500_000]),
    offsets,
)
VALUES = {"s": strings, "a.b": strings, "n": numbers, "t": instants, "b": st.booleans()}


def nullable(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), values)


records = st.lists(
    st.fixed_dictionaries(
        {
            "s": nullable(strings),
            "n": nullable(numbers),
            "t": nullable(instants),
            "b": nullable(st.booleans()),
            "a": st.one_of(st.none(), st.fixed_dictionaries({"b": nullable(strings)})),
        }
    ),
    max_size=12,
)


@st.composite
def conditions(draw: st.DrawFn) -> Condition:
    name = draw(st.sampled_from(sorted(VALUES)))
    field = SCHEMA.lookup(name)
    assert field is not None
    method = draw(st.sampled_from(sorted(field.type.methods, key=lambda method: method.value)))
    values = VALUES[name]
    if method is Method.LIKE:
        form = draw(st.sampled_from(["{}%", "%{}", "%{}%", "{}%{}", "{}%{}%{}"]))
        pieces = [draw(strings) for _ in range(form.count("{}"))]
        return Condition(name, method, (form.format(*pieces),))
    if method is Method.IN:
        return Condition(name, method, tuple(draw(st.lists(values, min_size=1, max_size=3))))
    if method is Method.BETWEEN:
        low, high = sorted([draw(values), draw(values)])  # type: ignore[type-var]
        return Condition(name, method, (low, high))
    return Condition(name, method, (draw(values),))


filters: st.SearchStrategy[Expr] = st.recursive(
    conditions(),
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(lambda parts: And(tuple(parts)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda parts: Or(tuple(parts)), st.lists(inner, min_size=2, max_size=3)),
    ),
    max_leaves=6,
)
orders = st.lists(
    st.builds(Order, st.sampled_from(sorted(VALUES)), st.sampled_from(list(Direction))),
    max_size=2,
    unique_by=lambda order: order.field,
)
queries = st.builds(
    lambda expr, order, page, size: Query(expr, tuple(order), page, size),
    st.one_of(filters, filters, filters, st.none()),  # mostly a filter
    orders,
    st.one_of(st.none(), st.integers(0, 3)),
    st.one_of(st.none(), st.integers(1, 4)),
)
paging = st.fixed_dictionaries(
    {"page": st.one_of(st.none(), st.integers(0, 4)), "paging": st.sampled_from(["page", "skip"])}
)


def sqlite_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def rows(data: list[dict[str, object]]) -> Iterator[tuple[int, dict[str, object]]]:
    for position, record in enumerate(data):
        nested = record["a"]
        yield position, {**record, "a_b": None if nested is None else nested["b"]}  # type: ignore[index]


def duckdb_ids(
    data: list[dict[str, object]], statement_sql: str, params: tuple[object, ...]
) -> list[int]:
    connection = duckdb.connect()
    connection.execute(DUCKDB_TABLE)
    loaded = [[i, r["s"], r["n"], r["t"], r["b"], r["a_b"]] for i, r in rows(data)]
    if loaded:  # DuckDB's executemany refuses none
        connection.executemany('INSERT INTO "operations" VALUES (?, ?, ?, ?, ?, ?)', loaded)
    return [row[0] for row in connection.execute(statement_sql, list(params)).fetchall()]


def sqlite_ids(
    data: list[dict[str, object]], statement_sql: str, params: tuple[object, ...]
) -> list[int]:
    connection = sqlite3.connect(":memory:")
    connection.execute(SQLITE_TABLE)
    loaded = [
        (
            i,
            r["s"],
            None if r["n"] is None else sqlite_number(r["n"]),  # type: ignore[arg-type]
            None if r["t"] is None else r["t"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),  # type: ignore[attr-defined]
            r["b"],
            r["a_b"],
        )
        for i, r in rows(data)
    ]
    connection.executemany('INSERT INTO "operations" VALUES (?, ?, ?, ?, ?, ?)', loaded)
    return [row[0] for row in connection.execute(statement_sql, params).fetchall()]


def postgres_ids(
    data: list[dict[str, object]], statement_sql: str, params: tuple[object, ...]
) -> list[int]:
    """On the tests' one server and connection: the rows go in, the statement runs, and the
    transaction rolls back, so the table is empty again for the next example."""
    connection = pg_server.connection()
    if id(connection) not in POSTGRES_READY:
        connection.execute(POSTGRES_TABLE)
        connection.commit()
        POSTGRES_READY.add(id(connection))
    loaded = [(i, r["s"], r["n"], r["t"], r["b"], r["a_b"]) for i, r in rows(data)]
    try:
        with connection.cursor() as cursor:
            cursor.executemany('INSERT INTO "operations" VALUES (%s, %s, %s, %s, %s, %s)', loaded)
            # psycopg reads `%` as a placeholder mark whenever it is given parameters: an inline
            # statement (no parameters) runs alone
            cursor.execute(statement_sql, params or None)
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.rollback()


#: The data loaded last into the tests' Spark, by its repr: the like tables load theirs only once.
SPARK_LOADED: list[str] = []


def spark_load(spark: Any, data: list[dict[str, object]]) -> None:
    """The rows as the temporary view `operations` of the Spark session, typed by an explicit
    schema: `t` is `TimestampType`, an instant (`TIMESTAMP_LTZ`) whatever the session's default."""
    from pyspark.sql import types

    schema = types.StructType(
        [
            types.StructField("id", types.IntegerType()),
            types.StructField("s", types.StringType()),
            types.StructField("n", types.DecimalType(18, 4)),
            types.StructField("t", types.TimestampType()),
            types.StructField("b", types.BooleanType()),
            types.StructField("a_b", types.StringType()),
        ]
    )
    loaded = [(i, r["s"], r["n"], r["t"], r["b"], r["a_b"]) for i, r in rows(data)]
    spark.createDataFrame(loaded, schema=schema).createOrReplaceTempView("operations")


def spark_run(spark: Any, statement_sql: str, params: tuple[object, ...]) -> list[int]:
    """The statement's ids, its values bound to its `?` markers (positional `args`)."""
    found = spark.sql(statement_sql, args=list(params) if params else None)
    return [row[0] for row in found.collect()]


def spark_ids(
    data: list[dict[str, object]], statement_sql: str, params: tuple[object, ...]
) -> list[int]:
    """On the tests' one local Spark (tests/spark_session.py)."""
    spark = spark_session.session()
    shown = repr(data)
    if shown not in SPARK_LOADED:
        spark_load(spark, data)
        SPARK_LOADED[:] = [shown]
    return spark_run(spark, statement_sql, params)


ENGINES = {
    "duckdb": duckdb_ids,
    "sqlite": sqlite_ids,
    "postgres": postgres_ids,
    "spark": spark_ids,
}
#: Engines that take a second or so a query (Spark: a job per statement) run the law apart, with
#: fewer examples.
SLOW_ENGINES = {"spark": 35}


def blanked(expr: Expr | None) -> Expr | None:
    """The same filter with every value replaced by a plain one of its type."""
    plain = {
        "s": "x",
        "a.b": "x",
        "n": Decimal(1),
        "t": datetime(2000, 1, 1, tzinfo=UTC),
        "b": True,
    }
    if expr is None:
        return None
    if isinstance(expr, Condition):
        value = "x%" if expr.method is Method.LIKE else plain[expr.field]
        return Condition(expr.field, expr.method, tuple(value for _ in expr.values))
    if isinstance(expr, Not):
        return Not(blanked(expr.operand))  # type: ignore[arg-type]
    return type(expr)(tuple(blanked(operand) for operand in expr.operands))  # type: ignore[misc]


def assert_engine_returns_evaluates_records(
    dialect: str,
    query: Query,
    data: list[dict[str, object]],
    options: dict[str, object],
    inline: bool,
) -> None:
    position = {id(record): number for number, record in enumerate(data)}
    found = evaluate(query, data, schema=SCHEMA, **options)  # type: ignore[arg-type]
    expected = [position[id(record)] for record in found]
    statement = to_sql(
        query, dialect=dialect, schema=SCHEMA, columns=COLUMNS, key="id", inline=inline, **options
    )  # type: ignore[arg-type]
    assert ENGINES[dialect](data, statement.sql, statement.params) == expected, statement


@pytest.mark.parametrize("dialect", sorted(set(ENGINES) - set(SLOW_ENGINES)))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries, data=records, options=paging, inline=st.booleans())
def test_every_engine_returns_evaluates_records_in_its_order(
    dialect: str,
    query: Query,
    data: list[dict[str, object]],
    options: dict[str, object],
    inline: bool,
) -> None:
    assert_engine_returns_evaluates_records(dialect, query, data, options, inline)


@settings(
    max_examples=SLOW_ENGINES["spark"],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(query=queries, data=records, options=paging, inline=st.booleans())
def test_spark_returns_evaluates_records_in_its_order(
    query: Query, data: list[dict[str, object]], options: dict[str, object], inline: bool
) -> None:
    assert_engine_returns_evaluates_records("spark", query, data, options, inline)


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite", "postgres", "trino", "mysql", "spark"])
@settings(max_examples=60, deadline=None)
@given(query=queries)
def test_values_never_change_a_statements_shape(dialect: str, query: Query) -> None:
    plain = Query(blanked(query.filter), query.order, query.page, query.size)
    statement = to_sql(query, dialect=dialect, schema=SCHEMA, key="id")
    assert statement.sql == to_sql(plain, dialect=dialect, schema=SCHEMA, key="id").sql


#: `like` patterns whose characters are wildcards or escapes somewhere: SQL's `_`, GLOB's `*`, `?`
#: and `[`, LIKE's escape `\`, and case.
PATTERNS = [
    "a_b%",
    "%_",
    "a%",
    "A%",
    "%b",
    "%\\%",
    "\\%",
    "%*%",
    "%?",
    "[a]%",
    "%[%",
    "%a_b[%",
    "a_b%*",
    "%[!a]%",
    "%'%",
    "%%",
    "%日%",
]
TEXTS = [*WORDS, "_", "*", "?", "\\", "a\\", "[", "x_", "AB", "ab_", "日", "aab", "a\\b", "xa_b[y",
         "a_b*", "a_bx*", "[!a]", "b"]  # fmt: skip


@pytest.mark.parametrize("dialect", sorted(ENGINES))
@pytest.mark.parametrize("pattern", PATTERNS)
def test_like_is_exact_on_every_engine(dialect: str, pattern: str) -> None:
    data = [{"s": text, "n": None, "t": None, "b": None, "a": None} for text in [*TEXTS, None]]
    query = Query(Condition("s", Method.LIKE, (pattern,)), (), None, None)
    position = {id(record): number for number, record in enumerate(data)}
    expected = [position[id(record)] for record in evaluate(query, data, schema=SCHEMA)]
    for inline in (False, True):
        statement = to_sql(query, dialect=dialect, schema=SCHEMA, key="id", inline=inline)
        assert ENGINES[dialect](data, statement.sql, statement.params) == expected, statement


#: Numbers Python writes with an exponent (`1E-7`, `1E+19`), against a column value next to them
#: (by 1 in the 18th digit) and the column's type: as SQL text an exponent makes a double on Spark
#: and DuckDB, which cannot tell these apart.
EXPONENT_NUMBERS = [
    (Decimal("0.0000001"), "DECIMAL(20, 8)", Method.LT, Decimal("1.00000000000000001E-7")),
    (Decimal("0.0000001"), "DECIMAL(20, 8)", Method.GT, Decimal("9.99999999999999999E-8")),
    (Decimal("0.0000001"), "DECIMAL(20, 8)", Method.EQ, Decimal("1.00000000000000001E-7")),
    (Decimal("0.0000001"), "DECIMAL(20, 8)", Method.EQ, Decimal("1.0000E-7")),
    (Decimal("1E+19"), "DECIMAL(30, 2)", Method.LT, Decimal("1.00000000000000001E+19")),
    (Decimal("1E+19"), "DECIMAL(30, 2)", Method.EQ, Decimal("1.00000000000000001E+19")),
]


def decimal_answer(dialect: str, sql: str, params: tuple[object, ...]) -> object:
    """The one value `sql` selects, on a real engine."""
    if dialect == "duckdb":
        return duckdb.connect().execute(sql, list(params)).fetchone()[0]  # type: ignore[index]
    if dialect == "postgres":
        connection = pg_server.connection()
        try:
            return connection.execute(sql, params or None).fetchone()[0]
        finally:
            connection.rollback()
    return spark_session.session().sql(sql, args=list(params) if params else None).first()[0]


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "spark"])
@pytest.mark.parametrize(("column", "column_type", "method", "value"), EXPONENT_NUMBERS)
def test_numbers_are_compared_as_exact_decimals(
    dialect: str, column: Decimal, column_type: str, method: Method, value: Decimal
) -> None:
    query = Query(Condition("n", method, (value,)), (), None, None)
    expected = evaluate(query, [{"n": column}], schema=SCHEMA) != []
    for inline in (False, True):
        condition = where(query, dialect=dialect, schema=SCHEMA, inline=inline)
        source = f"SELECT CAST('{column:f}' AS {column_type}) AS n"
        sql = f"SELECT {condition.sql} FROM ({source}) AS operations"
        assert decimal_answer(dialect, sql, condition.params) is expected, condition


#: One instant written at several offsets, and its neighbours a microsecond away.
MIDNIGHT = datetime(2024, 1, 1, tzinfo=UTC)
SPARK_INSTANTS = [
    MIDNIGHT.astimezone(timezone(timedelta(hours=5, minutes=45))),
    MIDNIGHT.astimezone(timezone(timedelta(hours=-3, minutes=-30))),
    (MIDNIGHT - timedelta(microseconds=1)).astimezone(timezone(timedelta(hours=14))),
    (MIDNIGHT + timedelta(microseconds=1)).astimezone(timezone(timedelta(hours=-12))),
    MIDNIGHT + timedelta(hours=5, minutes=45),
    None,
]
SPARK_INSTANT_CONDITIONS = [
    Condition("t", Method.EQ, (MIDNIGHT.astimezone(timezone(timedelta(hours=1))),)),
    Condition("t", Method.LT, (MIDNIGHT,)),
    Condition("t", Method.GE, (MIDNIGHT.astimezone(timezone(timedelta(hours=-12))),)),
    Condition("t", Method.BETWEEN, (MIDNIGHT, MIDNIGHT + timedelta(hours=5))),
    Condition("t", Method.GT, (MIDNIGHT - timedelta(microseconds=1),)),
]


@pytest.mark.parametrize("inline", [False, True])
def test_spark_compares_instants_whatever_its_sessions_zone_and_timestamp_type(
    inline: bool,
) -> None:
    # a session of its own (Spark's SQL settings and views are per session) where a plain
    # `TIMESTAMP` is a wall-clock time and the wall clock is Kathmandu's (+05:45)
    spark = spark_session.session().newSession()
    spark.conf.set("spark.sql.session.timeZone", "Asia/Kathmandu")
    spark.conf.set("spark.sql.timestampType", "TIMESTAMP_NTZ")
    data = [{"s": None, "n": None, "t": t, "b": None, "a": None} for t in SPARK_INSTANTS]
    spark_load(spark, data)
    position = {id(record): number for number, record in enumerate(data)}
    for condition in SPARK_INSTANT_CONDITIONS:
        query = Query(condition, (Order("t", Direction.DESC),), None, None)
        expected = [position[id(record)] for record in evaluate(query, data, schema=SCHEMA)]
        statement = to_sql(query, dialect="spark", schema=SCHEMA, key="id", inline=inline)
        assert spark_run(spark, statement.sql, statement.params) == expected, statement
