"""Benchmark: `Store.search` against the same SQL run on DuckDB directly, and against `evaluate`
over the same records in memory, from a thousand to a million operations (issue 22).

Goals at a million operations: `Store.search` at most 1.5x the statements it runs, executed on
its own DuckDB connection with the same parameters and fetching the same page; and at least 20x
faster than `querydsl.evaluate` over the same `Operation` records (≤ 0.05x). A plot of time
against rows, with the crossover of the two, goes to `benchmarks/store_scaling.png`.

The operations come from `benchmarks/sample_operations.py` (drawn column-wise; the store files
are written straight into DuckDB, and checked against `Store.add` on a prefix in every run).

Run with the harness (`python -m benchmarks.run --only store`) or alone from the repository
root: `python benchmarks/bench_store.py [--smoke]`.
"""

from __future__ import annotations

import gc
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):  # `python benchmarks/bench_store.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.data.corpus import NOW

if TYPE_CHECKING:
    from benchmarks.run import Report, Settings

HERE = Path(__file__).resolve().parent
PLOT = HERE / "store_scaling.png"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
SMOKE_SIZES = (200, 1_000)
#: Repetitions by size: every one runs each query's three contenders once, in turn.
REPEATS = {1_000_000: 5}
SMALL_REPEATS = 9
#: evaluate's first call readies nothing a second one would reuse; past this size it is skipped.
WARM_EVALUATE_BELOW = 1_000_000
#: How many operations `Store.add` fills a store with, to check the fast fill against it.
CHECKED = 1_000
#: A search box's queries over a merchant's operations. `{s}` moves the period's start by a
#: second each repetition (no statement, memo or plan is ever reused; every record of the data
#: falls on the same side of it); the others are filled in from the data.
QUERIES = (
    (
        "a month of large payments, newest first",
        "created_date >= 2025-03-01T00:00:{s:02d}+06:00"
        " and created_date < 2025-04-01T00:00:00+06:00 and amount > 50000"
        " order by created_date desc",
    ),
    (
        "unposted payments from gmail payers, largest first",
        "created_date >= 2024-01-01T00:00:{s:02d}+06:00 and payer_email like %@gmail.com"
        " and not post_link = true order by amount desc",
    ),
    (
        "one invoice",
        "created_date >= 2024-01-01T00:00:{s:02d}+06:00 and invoice_id = {invoice}",
    ),
    (
        "a shop's refunds since July, latest first",
        "created_date >= 2025-07-01T00:00:{s:02d}+06:00 and shop_id = {shop}"
        " and payout_amount > 0 order by payout_date desc",
    ),
    (
        "the last fortnight, newest first, page 3",
        "created_date >= 2025-12-18T00:00:{s:02d}+06:00 order by created_date desc page 3",
    ),
)


def texts(records: Sequence[Any], repeats: int) -> dict[str, list[str]]:
    """Each query's text for each repetition (plus one for the warm-up)."""
    invoice = next(
        record.invoice_id for record in records[len(records) // 2 :] if record.invoice_id
    )
    shop = records[0].shop_id
    return {
        label: [
            template.format(s=rep % 60, invoice=invoice, shop=shop) for rep in range(repeats + 1)
        ]
        for label, template in QUERIES
    }


def _single(run: Callable[[int], object], results: dict[int, object]) -> Callable[[int], list[int]]:
    """A contender timing one call of `run(rep)`, keeping its result for the checks."""

    def timed(rep: int) -> list[int]:
        start = time.perf_counter_ns()
        results[rep] = run(rep)
        return [time.perf_counter_ns() - start]

    return timed


def measure(
    size: int, made: Any, repeats: int
) -> tuple[dict[str, dict[str, float]], list[str], float]:
    """Medians in ms by query and contender at one size, what differed between them, and the
    seconds it took to fill the store."""
    import querydsl
    from benchmarks.run import interleave
    from querydsl.store import Store

    records = made.records[:size]
    wording = texts(records, repeats)
    engine = querydsl.Engine()  # parses of its own: the store's memo never sees these texts
    scratch = Store()  # compiles the raw side's statements: the timed store's cache stays cold
    contenders: list[tuple[str, Callable[[int], list[int]]]] = []
    results: dict[tuple[str, str], dict[int, object]] = {}
    problems: list[str] = []
    with Store() as store:  # in memory, as `evaluate`'s records are
        connection = store.connection
        started = time.perf_counter()
        made.fill(connection, size)
        filled = time.perf_counter() - started

        for label, variants in wording.items():
            queries = [engine.parse(text, now=NOW) for text in variants]
            statements = [scratch.statements(query, now=NOW) for query in queries]

            def search(rep: int, variants: list[str] = variants) -> object:
                return store.search(variants[rep], now=NOW)

            def raw(rep: int, statements: list[Any] = statements) -> object:
                # what `Store.stored_page` runs: the page with the total beside each record,
                # or the page alone and the count when the page does not tell the total
                found = statements[rep]
                if found.counted is not None:
                    both = connection.execute(found.counted.sql, found.counted.params).fetchall()
                    if both:
                        return [row[1:] for row in both], both[0][0]
                    rows = both
                else:
                    rows = connection.execute(found.page.sql, found.page.params).fetchall()
                count = len(rows)
                if count < found.limit and (count or not found.offset):
                    return rows, found.offset + count
                counted = connection.execute(found.count.sql, found.count.params).fetchall()
                return rows, counted[0][0]

            def evaluate(rep: int, queries: list[Any] = queries) -> object:
                return querydsl.evaluate(queries[rep], records, now=NOW, size=20)

            for name, run in (("search", search), ("sql", raw), ("evaluate", evaluate)):
                kept = results[(label, name)] = {}
                if name != "evaluate" or size < WARM_EVALUATE_BELOW:
                    run(repeats)  # warm-up on the extra text: first reads, lazy imports
                contenders.append((f"{label}|{name}", _single(run, kept)))
        timings = interleave(contenders, repeats)
        for label, variants in wording.items():
            ours = store.statements(variants[0], now=NOW)
            theirs = scratch.statements(engine.parse(variants[0], now=NOW), now=NOW)
            if _written(ours) != _written(theirs):
                problems.append(f"{size} rows, {label}: search and the raw side run other SQL")
        for label, _ in QUERIES:
            page = results[(label, "search")][0]
            rows, total = results[(label, "sql")][0]  # type: ignore[misc]
            found = results[(label, "evaluate")][0]
            if page.records != found:  # type: ignore[attr-defined]
                problems.append(f"{size} rows, {label}: search and evaluate give other records")
            if page.total_count != total or len(rows) != len(found):  # type: ignore[attr-defined,arg-type]
                problems.append(f"{size} rows, {label}: search and the raw SQL differ")
    medians = {
        label: {
            name: statistics.median(run[0] for run in timings[f"{label}|{name}"]) / 1e6
            for name in ("search", "sql", "evaluate")
        }
        for label, _ in QUERIES
    }
    return medians, problems, filled


def _written(statements: Any) -> object:
    """The SQL of the statements and the values they bind, by type and digits."""
    return [
        (found.sql, [(type(value), str(value)) for value in found.params])
        for found in (statements.page, statements.count, statements.counted)
        if found is not None
    ]


def _geomean(values: Sequence[float]) -> float:
    return math.exp(statistics.fmean(math.log(value) for value in values))


def crossover(sizes: Sequence[int], ours: Sequence[float], theirs: Sequence[float]) -> float | None:
    """The row count where the two curves cross, interpolated on log-log axes (None if not)."""
    for index in range(len(sizes) - 1):
        before = math.log(ours[index] / theirs[index])
        after = math.log(ours[index + 1] / theirs[index + 1])
        if before >= 0 > after or before <= 0 < after:
            share = before / (before - after)
            low, high = math.log(sizes[index]), math.log(sizes[index + 1])
            return math.exp(low + share * (high - low))
    return None


def plot(sizes: Sequence[int], by_size: dict[int, dict[str, dict[str, float]]], path: Path) -> str:
    """Time against rows for Store.search, the raw SQL and evaluate; the crossover marked."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        return f"not plotted ({type(error).__name__}: {error})"
    figure, axis = plt.subplots(figsize=(8, 5))
    styles = {
        "search": ("Store.search", "tab:blue", "o-"),
        "sql": ("the same SQL on DuckDB", "tab:green", "s--"),
        "evaluate": ("evaluate over Operation records", "tab:red", "^-"),
    }
    curves = {}
    for name, (label, colour, style) in styles.items():
        for query, _ in QUERIES:
            axis.plot(
                sizes,
                [by_size[size][query][name] for size in sizes],
                "-",
                color=colour,
                alpha=0.18,
                linewidth=1,
            )
        curve = [_geomean([by_size[size][q][name] for q, _ in QUERIES]) for size in sizes]
        curves[name] = curve
        axis.plot(sizes, curve, style, color=colour, label=f"{label} (geometric mean)")
    where = crossover(sizes, curves["search"], curves["evaluate"])
    if where is not None:
        axis.axvline(where, color="grey", linestyle=":")
        axis.annotate(
            f"crossover ≈ {where:,.0f} rows",
            (where, _geomean(curves["search"])),
            textcoords="offset points",
            xytext=(6, 30),
            fontsize=9,
        )
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("operations stored")
    axis.set_ylabel("ms per search (median)")
    axis.set_title(f"A page of 20: {len(QUERIES)} queries (thin lines), their geometric mean")
    axis.grid(alpha=0.3, which="both")
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return f"![Store.search and evaluate against rows]({path.name})"


def run(report: Report, settings: Settings) -> None:
    """The `store` section: every size, every query, the three contenders interleaved."""
    from benchmarks.run import _missing

    sizes = SMOKE_SIZES if settings.smoke else SIZES
    repeats = {size: 2 if settings.smoke else REPEATS.get(size, SMALL_REPEATS) for size in sizes}
    report.section(
        "store",
        "Store.search vs the same SQL on DuckDB vs evaluate in memory",
        (
            "rows",
            "query",
            "Store.search ms",
            "same SQL ms",
            "evaluate ms",
            "search ÷ SQL",
            "search ÷ evaluate",
        ),
        note=(
            "Homebank operations from benchmarks/sample_operations.py "
            f"({', '.join(map(str, sizes))} rows; a year and a half of payments in time order, "
            "12 shops, returning payers) in a store in memory (`Store()`, as `evaluate`'s records "
            "are; its rows written through its connection, checked against `Store.add`'s). Each "
            "query asks for a page of 20. **Store.search**: the text "
            "(a new one every repetition), parsed, compiled to SQL, run, the page read back as "
            "typed `Operation` records. **Same SQL**: the statements that search runs "
            "(`Store.statements`: the page and the total in one pass over the filter where "
            "it writes one, else the page, and the count when the page does not tell the total), "
            "on the store's own connection, same parameters, `fetchall()` of the same rows. "
            "**evaluate**: `querydsl.evaluate(query, records, size=20)` over the same operations "
            "as `Operation` records in a list (the query parsed beforehand). Medians of "
            f"{repeats[sizes[0]]} repetitions ({repeats[sizes[-1]]} at {sizes[-1]:,} rows), "
            "the three interleaved."
        ),
    )
    try:
        import duckdb  # noqa: F401

        from benchmarks.sample_operations import sample
        from querydsl.store import Store  # noqa: F401
    except ImportError as error:
        report.row("store", "—", _missing(error), "", "", "", "", "")
        report.measured["store_vs_sql"] = report.measured["store_vs_evaluate"] = None
        return
    started = time.perf_counter()
    made = sample(sizes[-1])
    drawn = time.perf_counter() - started
    # A million records are tens of millions of objects: out of the collector's sight, or every
    # `gc.collect()` the harness makes before a timed call walks them all (seconds each).
    gc.freeze()
    try:
        _measure_all(report, settings, sizes, repeats, made, drawn)
    finally:
        gc.unfreeze()


def _measure_all(
    report: Report,
    settings: Settings,
    sizes: Sequence[int],
    repeats: dict[int, int],
    made: Any,
    drawn: float,
) -> None:
    from benchmarks.run import fmt
    from benchmarks.sample_operations import same_as_added

    by_size: dict[int, dict[str, dict[str, float]]] = {}
    problems: list[str] = []
    problems += same_as_added(made, min(CHECKED, sizes[0]))
    for size in sizes:
        by_size[size], found, filled = measure(size, made, repeats[size])
        problems += found
    for size in sizes:
        for label, _ in QUERIES:
            row = by_size[size][label]
            report.row(
                "store",
                f"{size:,}",
                label,
                fmt(row["search"], 2),
                fmt(row["sql"], 2),
                fmt(row["evaluate"], 2),
                f"{row['search'] / row['sql']:.2f}",
                f"{row['search'] / row['evaluate']:.4f}",
            )
    largest = by_size[sizes[-1]]
    report.measured["store_vs_sql"] = max(row["search"] / row["sql"] for row in largest.values())
    report.measured["store_vs_evaluate"] = max(
        row["search"] / row["evaluate"] for row in largest.values()
    )
    means = {
        name: [_geomean([by_size[size][q][name] for q, _ in QUERIES]) for size in sizes]
        for name in ("search", "sql", "evaluate")
    }
    where = crossover(sizes, means["search"], means["evaluate"])
    report.measured["store_crossover_rows"] = where
    lines = [
        f"At {sizes[-1]:,} rows, the worst query: search ÷ SQL "
        f"{report.measured['store_vs_sql']:.2f}x, search ÷ evaluate "
        f"{report.measured['store_vs_evaluate']:.4f}x (evaluate takes "
        f"{1 / report.measured['store_vs_evaluate']:.1f}x as long). Geometric means over the "
        "queries by size (ms): "
        + "; ".join(
            f"{size:,}: search {fmt(s, 2)}, SQL {fmt(q, 2)}, evaluate {fmt(e, 2)}"
            for size, s, q, e in zip(
                sizes, means["search"], means["sql"], means["evaluate"], strict=True
            )
        )
        + ". "
        + (
            f"Store.search overtakes evaluate at about {where:,.0f} rows."
            if where is not None
            else "The curves do not cross in this range."
        ),
        f"Drawing {sizes[-1]:,} operations took {drawn:.0f} s, writing them into the store "
        f"{filled:.0f} s.",
    ]
    if problems:
        lines.append("**Differences:** " + "; ".join(problems[:6]))
    for line in lines:
        report.note("store", line)
    if not settings.smoke:
        report.note("store", plot(sizes, by_size, PLOT))


if __name__ == "__main__":
    from benchmarks.run import Report, Settings

    found = Report()
    run(found, Settings(smoke="--smoke" in sys.argv))
    print(found.markdown())
