"""The SQL target: a checked query as one sqlglot expression, written for any dialect (SPEC 10).

The statement carries SPEC 9's meaning explicitly, wherever engines differ:

- every condition is false on a NULL, and `not c` is true exactly when `c` is false: a `not` is
  written `NOT COALESCE(c, FALSE)` (under `and`/`or` alone, a NULL already keeps a row out);
- `like` is the whole string, `%` any run, every other character itself, case-sensitive: `LIKE`
  with `_` and `\\` escaped (`ESCAPE '\\'`); on SQLite, whose `LIKE` ignores ASCII case, `GLOB`
  with its metacharacters `*`, `?` and `[` bracketed; on DuckDB, where a `LIKE` with an `ESCAPE`
  takes a slow path (twice `GLOB`'s time for a prefix, a suffix or a part), `GLOB` with `*`, `?`,
  `[` and `\\` escaped by a backslash, as DuckDB's glob reads them (the same matches);
- the order puts NULLs last in both directions (sqlglot writes `NULLS LAST` where the dialect's
  default differs) and `key`, ascending, breaks ties;
- strings compare by code points: UTF-8 bytes order as code points do, and DuckDB's and SQLite's
  default collations compare bytes, as Spark's (`UTF8_BINARY`) does; PostgreSQL's follows the
  server's locale (`a < B < b` under `en_US`), so there a text column is compared and ordered
  `COLLATE "C"`;
- an inline number is written in plain digits (`1E-7` is a double on Spark and DuckDB); an inline
  instant is a UTC text cast to `TIMESTAMPTZ`, on Spark to `TIMESTAMP_LTZ` (its `TIMESTAMP` is a
  wall-clock time when `spark.sql.timestampType` is `TIMESTAMP_NTZ`);
- on SQLite a datetime is fixed-width UTC text `YYYY-MM-DDTHH:MM:SS.ffffffZ`, so text order is
  instant order; numbers are SQLite numbers and booleans 0/1.

Values are bound parameters in the dialect's placeholder style (ClickHouse's are named by
position and typed: `{p1: String}`), or with `inline` literals the dialect's generator escapes;
identifiers are quoted. The text never holds a value of the query. Where placeholders are `%s`
(PostgreSQL), a statement that binds values writes a `%` of an identifier `%%`, as psycopg reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal

import attrs
import sqlglot
from sqlglot import exp

from querydsl.carddata.cardrepr import redacted_repr
from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Query
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.options import DEFAULT_PAGE, DEFAULT_SIZE, check_paging
from querydsl.language.schema import Schema
from querydsl.memory.records import normalizer
from querydsl.memory.target import PAGING

#: The escape character of `like` patterns written as SQL `LIKE`.
ESCAPE = "\\"
_COMPARISON: dict[Method, type[exp.Binary]] = {
    Method.EQ: exp.EQ, Method.LT: exp.LT, Method.GT: exp.GT, Method.LE: exp.LTE, Method.GE: exp.GTE,
}  # fmt: skip


@redacted_repr
@attrs.frozen
class Statement:
    """SQL text and the values bound to its placeholders, in order (card numbers masked in its
    repr, as a query's are).

    >>> Statement('SELECT * FROM "operations" WHERE "amount" > ?', (5,)).params
    (5,)
    """

    sql: str
    params: tuple[object, ...] = ()


def sqlite_time(instant: datetime) -> str:
    """A datetime as SQLite holds it (SPEC 10): fixed-width UTC text, six fraction digits.

    >>> from datetime import timedelta, timezone
    >>> sqlite_time(datetime(2024, 1, 1, 6, tzinfo=timezone(timedelta(hours=6))))
    '2024-01-01T00:00:00.000000Z'
    """
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_column(field: str) -> str:
    """The column a field is in where `columns` names none: its name, dots as underscores.

    >>> default_column("customer.email")
    'customer_email'
    """
    return field.replace(".", "_")


class _Builder:
    """Builds one statement's expressions; keeps the values bound so far, in text order."""

    def __init__(
        self, schema: Schema, dialect: str, columns: Mapping[str, str], inline: bool
    ) -> None:
        self.schema = schema
        self.sqlite = dialect == "sqlite"
        self.duckdb = dialect == "duckdb"
        self.clickhouse = dialect == "clickhouse"
        self.collation = _CODE_POINT_COLLATIONS.get(dialect)
        self.instant_type = _INSTANT_TYPES.get(dialect, "timestamptz")
        self.percent_placeholders = dialect in _PERCENT_PLACEHOLDERS
        self.percent_names = False  # whether an identifier holds a `%` (see `statement`)
        self.columns = columns
        self.inline = inline
        self.params: list[object] = []

    def column(self, name: str) -> exp.Expr:
        """The field's column; a text column with the dialect's code-point collation, if any."""
        field = self.schema.lookup(name)
        assert field is not None  # a checked query names its schema's fields
        column = self.columns.get(field.name) or default_column(field.name)
        self.percent_names = self.percent_names or "%" in column
        found = exp.column(column, quoted=True)
        if self.collation is not None and field.type.python_type is str:
            collation = exp.to_identifier(self.collation, quoted=True)
            return exp.Collate(this=found, expression=collation)
        return found

    def statement(self, tree: exp.Expr, dialect: str, *names: str | None) -> Statement:
        """The tree written for the dialect, with its values.

        Where placeholders are `%s` (psycopg's), a driver given parameters reads every `%` of the
        text as a placeholder mark: when the statement binds values, a `%` in an identifier is
        written `%%`. A statement binding none (an inline one) is plain SQL, run without them.
        """
        if (
            self.percent_placeholders
            and self.params
            and (self.percent_names or any(name is not None and "%" in name for name in names))
        ):
            for identifier in tree.find_all(exp.Identifier):
                identifier.set("this", identifier.this.replace("%", "%%"))
        # the tree is ours and thrown away: the generator need not copy it first
        return Statement(tree.sql(dialect=dialect, copy=False), tuple(self.params))

    def value(self, value: object) -> exp.Expr:
        """A placeholder bound to `value`, or its literal; as the dialect stores it."""
        stored = self._stored(value)
        if not self.inline:
            self.params.append(stored)
            if self.clickhouse:  # its parameters are named and typed: `{p1: String}`
                kind = exp.DataType.build(_CLICKHOUSE_TYPES[type(stored)], dialect="clickhouse")
                return exp.Placeholder(this=f"p{len(self.params)}", kind=kind)
            return exp.Placeholder()
        if isinstance(stored, bool):
            return exp.Boolean(this=stored)
        if isinstance(stored, Decimal):  # plain digits: `1E-7` would be a double (Spark, DuckDB)
            return exp.Literal.number(format(stored, "f"))
        if isinstance(stored, int | float):
            return exp.Literal.number(str(stored))
        if isinstance(stored, datetime):
            text = stored.isoformat(sep=" ")
            return exp.cast(exp.Literal.string(text), exp.DataType.build(self.instant_type))
        return exp.Literal.string(str(stored))

    def _stored(self, value: object) -> object:
        if not self.sqlite:
            return value
        if isinstance(value, datetime):
            return sqlite_time(value)
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value

    def filter(self, expr: Expr) -> exp.Expr:
        """The filter as a condition: each `not` made two-valued over NULLs."""
        if isinstance(expr, Condition):
            return self.condition(expr)
        if isinstance(expr, Not):
            inner = exp.Coalesce(this=self.filter(expr.operand), expressions=[exp.false()])
            return exp.Not(this=inner)
        connector: type[exp.Connector] = exp.And if isinstance(expr, And) else exp.Or
        # an operand that is an `and`/`or` itself is bracketed, as sqlglot's `and_`/`or_` do:
        # `(a OR b) AND c`; built in place, without the copies those builders make
        first, *rest = (self.filter(operand) for operand in expr.operands)
        if not rest:
            return first
        combined = _bracketed(first)
        for operand in rest:
            combined = connector(this=combined, expression=_bracketed(operand))
        return combined

    def condition(self, condition: Condition) -> exp.Expr:
        field = self.schema.lookup(condition.field)
        assert field is not None
        normalize = normalizer(field.type)
        values = [normalize(value) for value in condition.values]
        column = self.column(field.name)
        method = condition.method
        if method is Method.IN:
            return exp.In(this=column, expressions=[self.value(value) for value in values])
        if method is Method.BETWEEN:
            low, high = self.value(values[0]), self.value(values[1])
            return exp.Between(this=column, low=low, high=high)
        if method is Method.LIKE:
            return self.like(column, str(values[0]))
        return _COMPARISON[method](this=column, expression=self.value(values[0]))

    def like(self, column: exp.Expr, pattern: str) -> exp.Expr:
        glob = _SQLITE_GLOB if self.sqlite else _DUCKDB_GLOB if self.duckdb else None
        if glob is not None:
            return exp.Glob(this=column, expression=self.value(_globbed(pattern, glob)))
        escaped = "".join(_LIKE.get(character, character) for character in pattern)
        like = exp.Like(this=column, expression=self.value(escaped))
        return exp.Escape(this=like, expression=exp.Literal.string(ESCAPE))


#: ClickHouse's type of a parameter, by the Python type of its value.
_CLICKHOUSE_TYPES = {
    str: "String", bool: "Bool", int: "Decimal(76, 38)", Decimal: "Decimal(76, 38)",
    datetime: "DateTime64(6, 'UTC')",
}  # fmt: skip
#: `like` as a glob: `%` is `*`; SQLite's metacharacters are literal in brackets (it has no escape
#: character), DuckDB's after a backslash (its glob reads `\` as "the next character itself"; a
#: `]` outside brackets is already literal in both).
_SQLITE_GLOB = {"%": "*", "*": "[*]", "?": "[?]", "[": "[[]"}
_DUCKDB_GLOB = {"%": "*", "*": "\\*", "?": "\\?", "[": "\\[", "\\": "\\\\"}


def duckdb_glob(pattern: str) -> str:
    """A `like` pattern as the GLOB DuckDB is given for it (what the store binds).

    >>> duckdb_glob("50%*off")
    '50*\\\\*off'
    """
    return _globbed(pattern, _DUCKDB_GLOB)


def _globbed(pattern: str, glob: dict[str, str]) -> str:
    return "".join(glob.get(character, character) for character in pattern)


#: The type of an instant written as a literal, where `timestamptz` would not say one: Spark's
#: `TIMESTAMP` is a wall-clock time when `spark.sql.timestampType` is `TIMESTAMP_NTZ`.
_INSTANT_TYPES = {"spark": "timestampltz"}
#: The collation that compares text by code points, where the default may not (PostgreSQL's
#: default follows the server's locale: `a < B < b` under `en_US`).
_CODE_POINT_COLLATIONS = {"postgres": "C"}
#: The dialects whose placeholder is `%s`: their drivers (psycopg) read `%%` as one `%`.
_PERCENT_PLACEHOLDERS = frozenset({"postgres", "redshift", "materialize", "risingwave"})
_LIKE = {"_": ESCAPE + "_", ESCAPE: ESCAPE + ESCAPE}


def _bracketed(operand: exp.Expr) -> exp.Expr:
    return exp.Paren(this=operand) if isinstance(operand, exp.Connector) else operand


def build_select(
    query: Query,
    schema: Schema,
    *,
    dialect: str,
    table: str,
    columns: Mapping[str, str],
    key: str | None,
    inline: bool,
    page: int | None,
    size: int | None,
    paging: str,
) -> Statement:
    """`SELECT * FROM table WHERE ... ORDER BY ... LIMIT ... OFFSET ...` of a checked query."""
    _check_dialect(dialect)
    if type(paging) is not str or paging not in PAGING:
        raise QueryError([Diagnostic("invalid_value", '`paging` must be "page" or "skip"')])
    check_paging(page, size)
    builder = _Builder(schema, dialect, columns, inline)
    # nodes set in place: sqlglot's builders (`select`, `where`, `limit` ...) copy the whole
    # tree at each step and parse their arguments, which cost more than writing the SQL
    source = exp.From(this=exp.table_(table, quoted=True))
    select = exp.Select(expressions=[exp.Star()], from_=source)
    if query.filter is not None:
        select.set("where", exp.Where(this=builder.filter(query.filter)))
    orders = [
        exp.Ordered(
            this=builder.column(order.field),
            desc=order.direction is Direction.DESC,
            nulls_first=False,
        )
        for order in query.order
    ]
    if key is not None:
        orders.append(exp.Ordered(this=exp.column(key, quoted=True), desc=False, nulls_first=False))
    if orders:
        select.set("order", exp.Order(expressions=orders))
    page = page if page is not None else query.page
    size = size if size is not None else query.size
    if page is not None or size is not None:
        page = DEFAULT_PAGE if page is None else page
        size = DEFAULT_SIZE if size is None else size
        start = page if paging == "skip" else max(page - 1, 0) * size
        select.set("limit", exp.Limit(expression=exp.Literal.number(size)))
        if start:
            select.set("offset", exp.Offset(expression=exp.Literal.number(start)))
    return builder.statement(select, dialect, table, key)


def build_where(
    query: Query, schema: Schema, *, dialect: str, columns: Mapping[str, str], inline: bool
) -> Statement:
    """The query's filter alone, as a condition (`TRUE` for no filter)."""
    _check_dialect(dialect)
    builder = _Builder(schema, dialect, columns, inline)
    condition = exp.true() if query.filter is None else builder.filter(query.filter)
    return builder.statement(condition, dialect)


def _check_dialect(dialect: object) -> None:
    try:
        sqlglot.Dialect.get_or_raise(dialect)  # type: ignore[arg-type]
    except Exception:
        message = "`dialect` must be a dialect sqlglot knows (duckdb, sqlite, postgres ...)"
        raise QueryError([Diagnostic("invalid_value", message)]) from None
