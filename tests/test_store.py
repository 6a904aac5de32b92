"""querydsl.store.Store (issue 22 item 4, SPEC 10): operations kept in DuckDB, searched with the
query language. What goes in (records, pages, response JSON; all or nothing; an id once), what
comes out (typed records exactly as `load_operations` reads them, the total over the whole
filter, card data masked in reprs), value suggestions, and the law that a search is `evaluate`
over the same records."""

from __future__ import annotations

import json
import sys
from copy import deepcopy
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from querydsl import QueryError, evaluate
from querydsl.homebank import Operation, OperationsPage, load_operations
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Or, Order, Query
from querydsl.language.errors import SchemaError
from querydsl.language.schema import allowed_methods
from querydsl.language.text import value_text
from querydsl.strategies import queries

sys.path.insert(0, str(Path(__file__).resolve().parent))
from response_strategies import homebank_records, homebank_seed_text

pytest.importorskip("duckdb")
from querydsl.store import Store

SEED = json.loads(homebank_seed_text())
PAN = "4111111111111111"


def record(number: int, **changes: Any) -> dict[str, Any]:
    """The seed's first record as operation `op-<number>`, with camelCase keys changed."""
    made = deepcopy(SEED["records"][0]) | {"id": f"op-{number}"}
    return made | changes


def page(*records: dict[str, Any]) -> dict[str, Any]:
    return {"totalCount": len(records), "records": list(records)}


# ---- add: what it takes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "given_as",
    [
        lambda text: text,
        lambda text: text.encode(),
        lambda text: bytearray(text.encode()),
        json.loads,
        load_operations,
        lambda text: load_operations(text).records,
        lambda text: tuple(load_operations(text).records),
        lambda text: iter(load_operations(text).records),
    ],
    ids=["str", "bytes", "bytearray", "dict", "page", "list", "tuple", "iterator"],
)
def test_add_takes_json_pages_and_records(given_as: Any) -> None:
    store = Store()
    assert store.add(given_as(homebank_seed_text())) == 2
    assert len(store) == 2
    assert store.search("amount > 0").records == load_operations(homebank_seed_text()).records


def test_adding_an_id_again_replaces_it_where_it_stands() -> None:
    store = Store()
    store.add(page(record(1, amount=10), record(2, amount=20), record(3, amount=30)))
    assert store.add(page(record(2, amount=25), record(4, amount=40))) == 1
    assert len(store) == 4
    found = store.search("amount > 0")
    assert [(r.id, r.amount) for r in found.records] == [
        ("op-1", 10), ("op-2", 25), ("op-3", 30), ("op-4", 40)
    ]  # fmt: skip


def test_the_last_of_one_id_in_a_batch_wins_at_the_first_ones_place() -> None:
    store = Store()
    assert store.add(page(record(1, amount=1), record(2, amount=2), record(1, amount=3))) == 2
    assert [(r.id, r.amount) for r in store.search("").records] == [("op-1", 3), ("op-2", 2)]


BAD_PAGES = [
    # a page that does not load: the loader's pointers
    (page(record(1), record(2, amount="ten")), ["/records/1/amount"]),
    (page(record(1, createdDate="2024-01-01")), ["/records/0/createdDate"]),
    ({"totalCount": 1}, ["/records"]),
    # values the store cannot hold exactly
    (page(record(1), record(2, amount=10**27)), ["/records/1/amount"]),
    (page(record(1, payoutAmount=0.00000000001)), ["/records/0/payoutAmount"]),
    (page(record(1, client="\ud800")), ["/records/0/client"]),
]


@pytest.mark.parametrize(("bad", "pointers"), BAD_PAGES)
def test_a_bad_page_adds_nothing_and_says_where(bad: Any, pointers: list[str]) -> None:
    store = Store()
    store.add(page(record(0)))
    with pytest.raises(SchemaError) as raised:
        store.add(bad)
    assert [d.path for d in raised.value.diagnostics] == pointers
    assert len(store) == 1


def test_a_bad_record_later_in_a_batch_adds_none_of_it() -> None:
    store = Store()
    with pytest.raises(SchemaError):
        store.add(page(*(record(n) for n in range(50)), record(50, amount=10**30)))
    assert len(store) == 0


def test_records_built_by_hand_are_read_back_or_refused() -> None:
    good = load_operations(page(record(1))).records[0]
    store = Store()
    store.add([attrs.evolve(good, amount=Decimal("10.50"))])
    assert store.search("amount = 10.5").records[0].amount.as_tuple() == Decimal("10.50").as_tuple()
    for bad, pointer in [
        (attrs.evolve(good, amount="10"), "/0/amount"),
        (attrs.evolve(good, created_date=datetime(2024, 1, 1)), "/0/createdDate"),
        (attrs.evolve(good, extra={"note": object()}), "/0/note"),
        (attrs.evolve(good, amount=Decimal("NaN")), "/0/amount"),
    ]:
        with pytest.raises(SchemaError) as raised:
            store.add([good, bad][1:])
        assert [d.path for d in raised.value.diagnostics] == [pointer]
    with pytest.raises(SchemaError) as raised:
        store.add([good, "not a record"])
    assert [d.path for d in raised.value.diagnostics] == ["/1"]
    with pytest.raises(QueryError):
        store.add(42)
    assert len(store) == 1


# ---- search: what comes out -------------------------------------------------------------------


def test_records_come_back_exactly_as_they_were_read() -> None:
    extra = {"note": [1, 2.50, {"deep": None}], "big": 10**40}
    original = page(
        record(1, amount=10.50, payoutAmount=None, payoutDate=None, cardNumber=PAN,
               createdDate="2024-02-29T23:59:59.000001-03:30", **extra),
        record(2, amount=0, postLink="true", cardType={"ID": "v", "Name": "VISA", "x": 1}),
    )  # fmt: skip
    text = json.dumps(original).replace('"amount": 10.5', '"amount": 10.50')
    store = Store()
    store.add(text)
    expected = load_operations(text).records
    found = store.search("order by created_date").records  # op-2 (2018), then op-1 (2024)
    assert found == expected[::-1]
    assert [r.created_date.utcoffset() for r in found] == [
        r.created_date.utcoffset() for r in expected[::-1]
    ]
    assert found[1].amount.as_tuple() == Decimal("10.50").as_tuple()
    assert found[1].extra == {"note": [1, 2.5, {"deep": None}], "big": 10**40}
    assert found[0].card_type.extra == {"x": 1}
    assert found[1].card_number == PAN
    assert PAN not in repr(found) and PAN not in str(store.search(""))


def test_a_dict_of_decimals_keeps_every_digit() -> None:
    given = page(record(1, amount=Decimal("10.50"), amountBonus=Decimal("1E+400"),
                        ipLatitude=Decimal("-0.000")))  # fmt: skip
    store = Store()
    store.add(given)
    (found,) = store.search("amount = 10.5").records
    assert found == load_operations(given).records[0]
    digits = [found.amount, found.amount_bonus, found.ip_latitude]
    assert [d.as_tuple() for d in digits] == [
        Decimal("10.50").as_tuple(), Decimal("1E+400").as_tuple(), Decimal("-0.000").as_tuple()
    ]  # fmt: skip


TOTALS = [
    # text, options, ids on the page, total
    ("amount >= 30", {}, ["op-3", "op-4", "op-5"], 3),
    ("amount >= 10 order by amount desc", {"size": 2}, ["op-5", "op-4"], 5),
    ("amount >= 10 order by amount desc", {"size": 2, "page": 3}, ["op-1"], 5),
    ("amount >= 10 order by amount desc", {"size": 2, "page": 4}, [], 5),
    ("amount >= 10 size 2 page 2", {}, ["op-3", "op-4"], 5),
    ("amount >= 10", {"size": 2, "page": 1, "paging": "skip"}, ["op-2", "op-3"], 5),
    ("amount >= 10", {"page": 0, "size": 5}, ["op-1", "op-2", "op-3", "op-4", "op-5"], 5),
    ("amount > 100", {}, [], 0),
    ("not amount = 30 and amount < 50", {"size": 1}, ["op-1"], 3),
    ("amount in (10, 50) or client = c3", {}, ["op-1", "op-3", "op-5"], 3),
]


@pytest.mark.parametrize(("text", "options", "ids", "total"), TOTALS)
def test_total_count_covers_the_whole_filter(
    text: str, options: dict[str, Any], ids: list[str], total: int
) -> None:
    store = Store()
    store.add(page(*(record(n, amount=10 * n, client=f"c{n}") for n in range(1, 6))))
    found = store.search(text, **options)
    assert isinstance(found, OperationsPage)
    assert ([r.id for r in found.records], found.total_count) == (ids, total)


def test_with_no_paging_anywhere_a_search_gives_the_first_page_of_20() -> None:
    store = Store()
    store.add(page(*(record(n) for n in range(45))))
    found = store.search("amount > 0")
    assert (len(found.records), found.total_count) == (20, 45)
    assert found.records[0].id == "op-0"


E40 = "1" + "0" * 40
NUMBERS = [  # amounts 10.50, 0.0000000001 and -123456789012345678901234567.9999999999 stored
    ("amount = 10.5", ["op-1"]),
    ("amount = 10.500000000000000000000000001", []),
    ("amount > 10.49999999999999999", ["op-1"]),
    ("amount >= 10.50000000001", []),
    ("amount < 0.00000000010000001", ["op-2", "op-3"]),
    ("amount <= 0.00000000009999", ["op-3"]),
    (f"amount > -{E40}", ["op-1", "op-2", "op-3"]),
    (f"amount < {E40}", ["op-1", "op-2", "op-3"]),
    (f"amount > {E40}", []),
    ("amount between 0.00000000005..10.50000000000001", ["op-1", "op-2"]),
    ("amount between 0.00000000015..0.00000000016", []),
    ("amount in (0.00000000001, 10.50, 1" + "0" * 99 + ")", ["op-1"]),
    ("amount = -123456789012345678901234567.9999999999", ["op-3"]),
]


@pytest.mark.parametrize(("text", "ids"), NUMBERS)
def test_numbers_of_any_scale_compare_exactly(text: str, ids: list[str]) -> None:
    amounts = ["10.50", "0.0000000001", "-123456789012345678901234567.9999999999"]
    raw = page(*(record(n, amount=f"@{n}") for n in range(1, 4)))
    text_of_page = json.dumps(raw)
    for n, amount in enumerate(amounts, 1):
        text_of_page = text_of_page.replace(f'"@{n}"', amount)
    store = Store()
    store.add(text_of_page)
    assert [r.id for r in store.search(text).records] == ids
    assert [r.id for r in evaluate(text, load_operations(text_of_page).records)] == ids


LIKES = [  # clients a_b, axb, a%b, a\\b, a*b, a?b, [a], A_B, "", 日本😀
    ("a_b%", ["op-1"]),
    ("a%b", ["op-1", "op-2", "op-3", "op-4", "op-5", "op-6"]),
    ("%_%", ["op-1", "op-8"]),
    ("%\\%", ["op-4"]),
    ("a*b%", ["op-5"]),
    ("a?b%", ["op-6"]),
    ("[a]%", ["op-7"]),
    ("[%", ["op-7"]),
    ("%", ["op-1", "op-2", "op-3", "op-4", "op-5", "op-6", "op-7", "op-8", "op-9", "op-10"]),
    ("%😀", ["op-10"]),
    ("日本%", ["op-10"]),
    ("%B", ["op-8"]),
]


@pytest.mark.parametrize(("pattern", "ids"), LIKES)
def test_like_is_exact_for_every_character(pattern: str, ids: list[str]) -> None:
    clients = ["a_b", "axb", "a%b", "a\\b", "a*b", "a?b", "[a]", "A_B", "", "日本😀"]
    given = page(*(record(n, client=name) for n, name in enumerate(clients, 1)))
    store = Store()
    store.add(given)
    text = f"client like {value_text(pattern)} size 20"
    assert "GLOB ?" in store.statements(text).page.sql  # DuckDB's fast, exact form of like
    assert [r.id for r in store.search(text).records] == ids
    assert [r.id for r in evaluate(text, load_operations(given).records)] == ids


def test_bad_queries_and_options_are_query_errors() -> None:
    store = Store()
    for text, options in [
        ("amount >", {}),
        ("nope = 1", {}),
        ("amount > 1", {"page": -1}),
        ("amount > 1", {"size": 0}),
        ("amount > 1", {"paging": "pages"}),
        ("amount > 1", {"page": [1]}),
        ("amount > 1", {"tz": "Mars/Olympus"}),
    ]:
        with pytest.raises(QueryError):
            store.search(text, **options)


def test_values_are_bound_never_written_into_the_sql() -> None:
    store = Store()
    hostile = "x'; DROP TABLE operations; --"
    store.add(page(record(1, client=hostile)))
    statements = store.statements(f"client = {json.dumps(hostile)}")
    assert hostile not in statements.page.sql and hostile not in statements.count.sql
    assert statements.page.params == (hostile,)
    assert [r.id for r in store.search(f"client = {json.dumps(hostile)}").records] == ["op-1"]


def test_the_statements_are_compiled_once_and_shown_for_benchmarks() -> None:
    store = Store()
    first = store.statements("amount > 5 order by created_date desc", size=10)
    assert first is store.statements("amount > 5 order by created_date desc", size=10)
    assert first.page.sql.startswith('SELECT "record" FROM "operations" WHERE "amount" > ?')
    assert first.count.params == first.page.params == (Decimal("5.0000000000"),)
    assert first.page.sql.endswith('ORDER BY "created_date" DESC, "seq" ASC LIMIT 10')
    assert (first.offset, first.limit) == (0, 10)
    assert first.count.sql == 'SELECT COUNT(*) FROM "operations" WHERE "amount" > ?'
    assert store.connection.execute(first.count.sql, first.count.params).fetchall() == [(0,)]
    assert first.counted is None  # the stored order: the page runs alone (ONE_PASS below)


# ---- the filter runs once ---------------------------------------------------------------------

# (text, whether one statement gives the page and the total: `Statements.counted`)
ONE_PASS = [
    ("amount > 5 order by amount desc", True),
    ("payer_email like %@gmail.com and not post_link = true order by amount desc", True),
    ("client = a or amount > 5 order by payout_date desc, amount", True),
    ("amount > 5 order by amount, created_date", True),  # only the first key is the stored order's
    # the stored order (seq; created_date, the order operations come in): DuckDB's top-N skips
    # row groups by their min/max, which materialising every match would undo
    ("amount > 5", False),
    ("amount > 5 order by created_date desc", False),
    ("amount > 5 order by created_date, amount desc", False),
    ("order by amount desc", False),  # no filter: the count is the table's row count
    ("invoice_id = 7 order by amount desc", False),  # an index lookup: the page tells the total
    ("amount > 5 and reference in (1, 2) order by amount", False),
]


@pytest.mark.parametrize(("text", "one_pass"), ONE_PASS)
def test_where_the_total_is_counted_the_filter_runs_once(text: str, one_pass: bool) -> None:
    statements = Store().statements(text)
    assert (statements.counted is not None) is one_pass


def test_the_one_pass_statement_materialises_the_matches_order_columns_once() -> None:
    statements = Store().statements("amount > 5 order by amount desc, client", size=10, page=2)
    counted = statements.counted
    assert counted is not None
    order = '"amount" DESC, "client" ASC, "seq" ASC'
    assert counted.sql == (
        'WITH "matched" AS MATERIALIZED (SELECT "seq", "amount", "client" FROM "operations" '
        'WHERE "amount" > ?), '
        f'"page" AS (SELECT * FROM "matched" ORDER BY {order} LIMIT 10 OFFSET 10) '
        'SELECT (SELECT COUNT(*) FROM "matched"), "record" FROM "page" '
        'JOIN (SELECT "seq" AS "found", "record" FROM "operations") ON "found" = "seq" '
        f"ORDER BY {order}"
    )
    # the condition is written once, its values bound once, as the page's and the count's
    assert counted.params == statements.page.params == (Decimal("5.0000000000"),)


def test_duckdb_reads_the_filtered_columns_in_one_scan() -> None:
    store = Store()
    # gmail or not, posted or not: DuckDB drops a condition its statistics say always holds
    emails = ["a@gmail.com", "b@mail.ru", "c@gmail.com"]
    made = [record(n, payerEmail=e, postLink=str(n == 1).lower()) for n, e in enumerate(emails)]
    store.add(page(*made))
    counted = store.statements(
        "payer_email like %@gmail.com and not post_link = true order by amount desc"
    ).counted
    assert counted is not None
    plan = store.connection.execute("EXPLAIN " + counted.sql, counted.params).fetchall()[0][1]
    # one scan of the table holds the filter; the count and the page read what it kept; the
    # other scan of the table reads the page's records back by seq, with no filter
    assert (plan.count("payer_email"), plan.count("post_link"), plan.count("CTE Scan")) == (1, 1, 2)


class Recording:
    """A DuckDB connection that keeps the SQL it was given."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.sql: list[str] = []

    def execute(self, sql: str, *params: Any) -> Any:
        self.sql.append(sql)
        return self.connection.execute(sql, *params)


# (text, options, ids, total, the statements run: the page's total comes with it, from the page
# when it is not full, or from the count)
RUNS = [
    ("amount >= 10 order by amount desc", {"size": 2}, ["op-5", "op-4"], 5, ["counted"]),
    ("amount >= 20 order by amount desc", {"size": 9}, ["op-5", "op-4", "op-3", "op-2"], 4,
     ["counted"]),
    ("amount > 100 order by amount desc", {}, [], 0, ["counted"]),
    ("amount >= 10 order by amount desc", {"size": 2, "page": 4}, [], 5, ["counted", "count"]),
    ("amount >= 10", {"size": 2}, ["op-1", "op-2"], 5, ["page", "count"]),
    ("amount >= 20", {"size": 9}, ["op-2", "op-3", "op-4", "op-5"], 4, ["page"]),
    ("amount >= 10", {"size": 2, "page": 4}, [], 5, ["page", "count"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "options", "ids", "total", "run"), RUNS)
def test_the_total_costs_no_second_pass_when_the_page_tells_it(
    text: str, options: dict[str, Any], ids: list[str], total: int, run: list[str]
) -> None:
    store = Store()
    store.add(page(*(record(n, amount=10 * n) for n in range(1, 6))))
    statements = store.statements(text, **options)
    recording = Recording(store.connection)
    store._connection = recording  # type: ignore[assignment]
    found = store.search(text, **options)
    assert ([r.id for r in found.records], found.total_count) == (ids, total)
    names = {getattr(statements, name).sql: name for name in ("page", "count")}
    if statements.counted is not None:
        names[statements.counted.sql] = "counted"
    assert [names[sql] for sql in recording.sql] == run


def test_relative_times_count_from_the_search_call() -> None:
    store = Store()
    now = datetime(2024, 5, 1, tzinfo=UTC)
    store.add(page(record(1, createdDate="2024-04-28T00:00:00Z"),
                   record(2, createdDate="2024-04-20T00:00:00Z")))  # fmt: skip
    assert [r.id for r in store.search("created_date >= now-7d", now=now).records] == ["op-1"]
    later = now + timedelta(days=30)
    assert store.search("created_date >= now-7d", now=later).records == []


# ---- files, threads, the extra ----------------------------------------------------------------


def test_a_file_store_keeps_its_operations_and_their_order(tmp_path: Path) -> None:
    path = tmp_path / "operations.duckdb"
    with Store(path) as store:
        store.add(page(record(1), record(2)))
    with Store(str(path)) as store:
        assert len(store) == 2
        store.add(page(record(3), record(1, amount=5)))
        assert [r.id for r in store.search("").records] == ["op-1", "op-2", "op-3"]
        assert store.search("amount = 5").total_count == 1


def test_a_database_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "other.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute("CREATE TABLE operations (x INTEGER)")
    connection.close()
    with pytest.raises(QueryError):
        Store(path)
    (tmp_path / "text.duckdb").write_text("not a database")
    with pytest.raises(QueryError):
        Store(tmp_path / "text.duckdb")


def test_without_the_sql_extra_the_message_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(ImportError, match=r"querydsl\[sql\]"):
        Store()


def test_searches_from_many_threads_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = Store()
    store.add(page(*(record(n, amount=n) for n in range(100))))
    with ThreadPoolExecutor(8) as pool:
        totals = list(pool.map(lambda n: store.search(f"amount >= {n}").total_count, range(100)))
        values = list(pool.map(lambda n: store.values("client", "t"), range(50)))
    assert totals == [100 - n for n in range(100)]
    assert values == [["test"]] * 50


# ---- values: suggestions for the search box ---------------------------------------------------


@pytest.fixture(scope="module")
def clients() -> Store:
    names = ["Дана", "дана", "Данияр", "Дана", "a%b", "axb", "a_b", "aXb", "", "b", "Дана", "axb"]
    store = Store()
    store.add(page(*(record(n, client=name) for n, name in enumerate(names))))
    return store


VALUES = [
    # field, prefix, limit, values: most frequent first, then by code point; case ignored
    ("client", "", 10, ["Дана", "axb", "a%b", "aXb", "a_b", "b", "Данияр", "дана"]),
    ("client", "да", 10, ["Дана", "Данияр", "дана"]),
    ("client", "ДАНИ", 10, ["Данияр"]),
    ("client", "a%", 10, ["a%b"]),
    ("client", "a_", 10, ["a_b"]),
    ("client", "ax", 10, ["axb", "aXb"]),
    ("client", "", 2, ["Дана", "axb"]),
    ("client", "", 0, []),
    ("payer", "b", 10, ["b"]),
    ("client", "zz", 10, []),
    ("client", "\ud800", 10, []),
    ("amount", "1", 10, []),
    ("post_link", "", 10, []),
]


@pytest.mark.parametrize(("field", "prefix", "limit", "expected"), VALUES)
def test_values(clients: Store, field: str, prefix: str, limit: int, expected: list[str]) -> None:
    assert clients.values(field, prefix, limit) == expected


@pytest.mark.parametrize(
    "arguments", [("nope",), (5,), ("client", 5), ("client", "", -1), ("client", "", True)]
)
def test_bad_values_arguments_are_query_errors(clients: Store, arguments: tuple[Any, ...]) -> None:
    with pytest.raises(QueryError):
        clients.values(*arguments)


def test_values_is_a_value_provider_for_completion(clients: Store) -> None:
    from querydsl import complete

    suggested = complete("client = да", values=clients.values)
    assert [s.text for s in suggested if s.kind == "value"] == ["Дана", "Данияр", "дана"]


# ---- the law: a search is evaluate over the same records ---------------------------------------

WORDS = ["", "a", "A", "a_b", "axb", "a%b", "it's", "日本", "😀", "a\\b", "a*b", "a?b", "[a]", "a]",
         "\\"]  # fmt: skip
AMOUNTS = ["0", "10.50", "10.5", "-1.25", "0.0000000001", "99999999999999999999999999"]
OFFSETS = st.integers(-14 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
INSTANTS = st.builds(
    lambda steps, micro, zone: (
        datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=6 * steps, microseconds=micro)
    ).astimezone(zone),
    st.integers(-4, 4),
    st.sampled_from([0, 1, 500_000]),
    OFFSETS,
)


@st.composite
def stored_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record from the response strategies, its searchable fields drawn from small pools (so
    that conditions hold on some records and not others) and its amounts within the store's."""
    made = draw(homebank_records())
    for key in ("client", "shopID", "payerEmail", "reference", "cardMask", "description"):
        made[key] = draw(st.sampled_from(WORDS))
    made["amount"] = f"@{draw(st.sampled_from(AMOUNTS))}@"
    made["payoutAmount"] = draw(st.none() | st.sampled_from(AMOUNTS).map(lambda a: f"@{a}@"))
    made["createdDate"] = draw(INSTANTS).isoformat()
    made["payoutDate"] = draw(st.none() | INSTANTS.map(datetime.isoformat))
    made["id"] = draw(st.sampled_from(["1", "2", "3", "4", "5", "6", "7", "8"]))
    return made


def as_text(records: list[dict[str, Any]]) -> str:
    """The page as JSON, amounts written with the digits drawn (10.50 stays 10.50)."""
    text = json.dumps(page(*records))
    for amount in AMOUNTS:
        text = text.replace(f'"@{amount}@"', amount)
    return text


SEARCHABLE = ["client", "shop_id", "payer_email", "amount", "payout_amount", "created_date",
              "payout_date", "post_link", "card_mask", "description"]  # fmt: skip


POOLS: dict[str, st.SearchStrategy[Any]] = {
    **dict.fromkeys(["client", "shop_id", "payer_email", "card_mask", "description"],
                    st.sampled_from(WORDS)),
    **dict.fromkeys(["amount", "payout_amount"], st.sampled_from(AMOUNTS).map(Decimal)),
    **dict.fromkeys(["created_date", "payout_date"], INSTANTS),
    "post_link": st.booleans(),
}  # fmt: skip


@st.composite
def pooled_conditions(draw: st.DrawFn) -> Condition:
    """A condition whose values come from the records' pools: it holds on some of them."""
    name = draw(st.sampled_from(SEARCHABLE))
    field = HOMEBANK.lookup(name)
    assert field is not None
    method = draw(st.sampled_from(sorted(allowed_methods(field.type), key=lambda m: m.value)))
    values = POOLS[name]
    if method is Method.LIKE:
        form = draw(st.sampled_from(["{}%", "%{}", "%{}%", "{}%{}"]))
        return Condition(name, method, (form.format(*(draw(values) for _ in range(2))),))
    if method is Method.IN:
        return Condition(name, method, tuple(draw(st.lists(values, min_size=1, max_size=3))))
    if method is Method.BETWEEN:
        return Condition(name, method, tuple(sorted([draw(values), draw(values)])))
    return Condition(name, method, (draw(values),))


pooled_filters: st.SearchStrategy[Expr] = st.recursive(
    pooled_conditions(),
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(lambda parts: And(tuple(parts)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda parts: Or(tuple(parts)), st.lists(inner, min_size=2, max_size=3)),
    ),
    max_leaves=5,
)
pooled_queries = st.builds(
    Query,
    st.none() | pooled_filters,
    st.lists(
        st.builds(Order, st.sampled_from(SEARCHABLE), st.sampled_from(list(Direction))),
        max_size=2,
        unique_by=lambda order: order.field,
    ).map(tuple),
)


@settings(max_examples=100)
@given(
    st.lists(stored_records(), max_size=10),
    st.lists(stored_records(), max_size=4),
    st.one_of(pooled_queries, pooled_queries, queries(fields=SEARCHABLE), st.sampled_from([
        "client = a", "client like a%", "client like %_%", "amount = 10.5", "amount > 0",
        "not amount > 0 order by payout_amount desc",
        "payout_date < 2024-01-01 or post_link = true",
        "shop_id in (a, A, 日本) order by created_date desc, amount",
        "order by description, payout_amount desc", "card_mask like %😀",
        "amount between -1.25..0.0000000001 order by amount",
    ])),
    st.one_of(st.none(), st.integers(0, 4)),
    st.integers(1, 5),
    st.sampled_from(["page", "skip"]),
)  # fmt: skip
def test_a_search_is_evaluate_over_the_same_records(
    first: list[dict[str, Any]],
    second: list[dict[str, Any]],
    text: Query | str,
    page_number: int | None,
    size: int,
    paging: str,
) -> None:
    store = Store()
    kept: dict[str, Operation] = {}  # by id: the last record read, at its first place
    for batch in (first, second):
        loaded = as_text(batch)
        store.add(loaded)
        for operation in load_operations(loaded).records:
            kept[operation.id] = operation
    records = list(kept.values())
    options = {"page": page_number, "size": size, "paging": paging}
    found = store.search(text, **options)
    assert found.records == evaluate(text, records, **options)
    unpaged = text if isinstance(text, str) else attrs.evolve(text, page=None, size=None)
    assert found.total_count == len(evaluate(unpaged, records))
    assert len(store) == len(records)
