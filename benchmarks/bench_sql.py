"""Benchmark: `querydsl.sql.to_sql` against `sqlglot.parse_one` of the SQL it writes (issue 22).

Building a statement from a checked query should cost no more than sqlglot reading the same
statement back: both walk the same tree, and building skips the tokenizer and the parser. Goal:
`to_sql` at most 1.0x `parse_one(sql, dialect="duckdb")`, same run, ratio of medians.

Run with the harness (`python -m benchmarks.run --only sql`) or alone from the repository root:
`python benchmarks/bench_sql.py`.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):  # `python benchmarks/bench_sql.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.data.corpus import NOW, corpus

if TYPE_CHECKING:
    from benchmarks.run import Report, Settings

#: Corpus shifts of this module's own (see benchmarks/run.py's SHIFT_*), so no string it times
#: was compiled by another section of the same run.
SHIFT_SQL = 1300
DIALECTS = ("postgres",)  # with COLLATE "C" on every text column


def run(report: Report, settings: Settings) -> None:
    """The `sql` section: per-query medians of to_sql and of parse_one, interleaved."""
    from benchmarks.run import _missing, fmt, interleave, item_medians, per_item

    report.section(
        "sql",
        "to_sql vs sqlglot.parse_one of the SQL it writes",
        (
            "contender",
            "queries",
            "µs/query (mean of per-query medians)",
            "÷ parse_one (sum)",
            "median per-query ratio",
        ),
        note=(
            f"{settings.corpus_size} corpus queries, {settings.repeats} repetitions, interleaved. "
            "`to_sql(query)`: a query parsed and checked beforehand (with `now`), written as "
            "`SELECT * FROM ... WHERE ... ORDER BY ... LIMIT` for DuckDB, with bound "
            "parameters; `parse_one`: sqlglot reading that very text back (`dialect='duckdb'`), "
            "the cost of a statement one writes by hand. `to_sql(text)` starts from the text "
            "(a new `created_date` every repetition, so no memo helps): parse, check and build."
        ),
    )
    try:
        import sqlglot

        from querydsl.sql import to_sql
    except ImportError as error:
        report.row("sql", "querydsl.sql", _missing(error), "", "", "")
        report.measured["to_sql_vs_parse"] = None
        return
    texts = [
        [entry.text for entry in corpus(SHIFT_SQL + rep, settings.corpus_size)]
        for rep in range(settings.repeats + 1)
    ]
    import querydsl

    queries = [querydsl.parse(text, now=NOW) for text in texts[-1]]
    written = [to_sql(query, now=NOW).sql for query in queries]

    def parse_duckdb(sql: str) -> object:
        return sqlglot.parse_one(sql, dialect="duckdb")

    def build(query: Any) -> object:
        return to_sql(query, now=NOW)

    def build_text(text: str) -> object:
        return to_sql(text, now=NOW)

    contenders: list[tuple[str, Callable[[int], list[int]]]] = [
        ("to_sql", lambda rep: per_item(build, queries)),
        ("parse_one", lambda rep: per_item(parse_duckdb, written)),
        ("to_sql text", lambda rep: per_item(build_text, texts[rep])),
    ]
    for dialect in DIALECTS:
        contenders.append(
            (
                f"to_sql {dialect}",
                lambda rep, d=dialect: per_item(  # type: ignore[misc]
                    lambda query: to_sql(query, dialect=d, now=NOW), queries
                ),
            )
        )
    for name, contender in contenders:  # warm-up: sqlglot's dialect tables, first imports
        if name != "to_sql text":
            contender(0)
    medians = {
        name: item_medians(runs) for name, runs in interleave(contenders, settings.repeats).items()
    }
    parsed = medians["parse_one"]
    for name, label in (
        ("parse_one", "sqlglot.parse_one(sql, dialect='duckdb')"),
        ("to_sql", "querydsl to_sql(query), DuckDB"),
        ("to_sql text", "querydsl to_sql(text), DuckDB"),
        *((f"to_sql {d}", f"querydsl to_sql(query), {d}") for d in DIALECTS),
    ):
        ours = medians[name]
        ratio = sum(ours) / sum(parsed)
        per_query = statistics.median(o / p for o, p in zip(ours, parsed, strict=True))
        report.row(
            "sql", label, len(ours), fmt(statistics.fmean(ours)), f"{ratio:.2f}", f"{per_query:.2f}"
        )
        if name == "to_sql":
            report.measured["to_sql_vs_parse"] = ratio
        if name == "to_sql text":
            report.measured["to_sql_text_vs_parse"] = ratio


if __name__ == "__main__":
    from benchmarks.run import Report, Settings

    found = Report()
    run(found, Settings(smoke="--smoke" in sys.argv))
    print(found.markdown())
