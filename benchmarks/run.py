"""The benchmark harness: querydsl side by side with its peers, written to benchmarks/RESULTS.md.

Run from the repository root:

    python -m benchmarks.run            # full run (a few minutes): RESULTS.md and scaling.png
    python -m benchmarks.run --smoke    # a tiny run for CI: prints the tables, writes no file
    python -m benchmarks.run --profile  # cProfile top 15 of the cold text -> payload path
    python -m benchmarks.run --only store  # Store.search, 10^3..10^6 rows (minutes; not in the
                                           # full run): prints, and draws store_scaling.png
    python -m benchmarks.run --all      # the full run and the store: every target in RESULTS.md

Everything runs in one process. Contenders are interleaved round-robin within each repetition
(the starting contender rotates), the garbage collector is off while a batch is timed, inputs are
deterministic, and every figure is a median over repetitions. Peers that are not installed, and
querydsl functions that do not exist yet, are reported as "not available" instead of failing.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import io
import json
import math
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # `python benchmarks/run.py`: make `benchmarks` importable
    sys.path.insert(0, str(ROOT))

import querydsl  # noqa: E402
from tests.data.corpus import NOW, Entry, corpus, scaling_conditions, scaling_in_list  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
PLOT = HERE / "scaling.png"
SECTIONS = (
    "cold",
    "typing",
    "warm",
    "validate",
    "from_payload",
    "responses",
    "complete",
    "memory",
    "floors",
    "import",
    "scaling",
    "sql",
    "store",
    "client",
)
#: Sections a full run leaves out, each with the targets it measures: they run when asked for
#: (`--only store`: a million operations drawn and stored take minutes) and in the smoke run.
ASKED_FOR = {"store": ("store_vs_sql", "store_vs_evaluate")}
# Every bound is a ratio to a peer or a floor in the same run: an absolute time on a shared
# machine measures the neighbours.
TARGETS = {
    "cold_vs_luqum": 0.25,
    "cold_vs_odata": 0.33,
    "cut_vs_payload": 1.3,
    "warm_vs_dumps": 0.25,
    "first_vs_luqum": 2.5,
    "evaluate_vs_hand": 2.0,
    "validate_vs_pydantic": 2.0,
    "validate_text_vs_pydantic": 1.5,
    "responses_vs_pydantic": 1.0,
    "to_sql_vs_parse": 1.0,
    "store_vs_sql": 1.5,
    "store_vs_evaluate": 0.05,
}
#: The first query of a fresh process, in querydsl and in Lucene.
FIRST_TEXT = "created_date >= 2024-01-01 and amount > 5"
FIRST_LUCENE = "created_date:[2024-01-01 TO *] AND amount:{5 TO *}"
# Shifts (days added to created_date) per use, so no two timed strings are ever the same.
SHIFT_COLD, SHIFT_WARMUP, SHIFT_WARM, SHIFT_SCALING = 1, 400, 700, 1000
# A rough token pattern: the floor for any tokenizer of the same text.
TOKEN_FLOOR = re.compile(
    r"\s+|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[<>=!]=?|[():,\[\]]|\.\.|[^\s()\[\],\"'=<>!:]+"
)


class Settings:
    """How much to run: the full run, or the smoke run CI uses."""

    def __init__(self, smoke: bool) -> None:
        self.smoke = smoke
        self.corpus_size = 12 if smoke else 320
        self.repeats = 2 if smoke else 15
        self.warm_loops = 2 if smoke else 20
        self.import_runs = 2 if smoke else 11
        self.response_repeats = 1 if smoke else 7
        self.scaling_repeats = 1 if smoke else 11
        self.conditions = (1, 5, 10) if smoke else (1, 2, 5, 10, 25, 50, 75, 100, 150, 200)
        self.in_values = (1, 10, 50) if smoke else (1, 10, 50, 100, 250, 500, 750, 1000)


# --- timing ------------------------------------------------------------------------------------


def interleave(
    contenders: Sequence[tuple[str, Callable[[int], list[int]]]], repeats: int
) -> dict[str, list[list[int]]]:
    """Run each contender once per repetition, rotating who goes first; collect its timings.

    A contender is `run(rep) -> per-item nanoseconds`: it picks its own inputs for `rep` (so
    strings can differ per repetition) and times only the calls.
    """
    timings: dict[str, list[list[int]]] = {name: [] for name, _ in contenders}
    count = len(contenders)
    for rep in range(repeats):
        order = [contenders[(rep + offset) % count] for offset in range(count)]
        for name, run in order:
            gc.collect()
            gc.disable()
            try:
                timings[name].append(run(rep))
            finally:
                gc.enable()
    return timings


def per_item(func: Callable[[Any], object], items: Sequence[Any]) -> list[int]:
    """Time each call separately (the timer costs ~0.1 µs, small next to these calls)."""
    clock = time.perf_counter_ns
    spent = []
    for item in items:
        start = clock()
        func(item)
        spent.append(clock() - start)
    return spent


def batch(func: Callable[[Any], object], items: Sequence[Any], loops: int) -> list[int]:
    """Time `loops` passes over the items at once; one figure, the mean ns per call."""
    clock = time.perf_counter_ns
    start = clock()
    for _ in range(loops):
        for item in items:
            func(item)
    return [(clock() - start) // (loops * len(items))]


def batch_repeats(texts: Sequence[str], loops: int) -> list[int]:
    """`batch` of `to_payload` on texts it has seen, called inline as `batch` calls `json.dumps`.

    (Through `compile_text`, a Python frame of the benchmark's own would count as querydsl's.)
    """
    clock, to_payload = time.perf_counter_ns, querydsl.to_payload
    start = clock()
    for _ in range(loops):
        for text in texts:
            to_payload(text, now=NOW)
    return [(clock() - start) // (loops * len(texts))]


def item_medians(runs: list[list[int]]) -> list[float]:
    """For each item, the median over repetitions, in µs."""
    return [statistics.median(values) / 1000 for values in zip(*runs, strict=True)]


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}" if value >= 1 else f"{value:.{max(digits, 2)}f}"


class Report:
    """Rows per section, rendered as markdown tables; also dumped as JSON for the smoke test."""

    def __init__(self) -> None:
        self.sections: dict[str, dict[str, Any]] = {}
        self.targets: list[dict[str, Any]] = []
        self.measured: dict[str, float | None] = {}
        #: Each case's per-repetition seconds, by section (sections timed by bench_external).
        self.samples: dict[str, dict[str, list[float]]] = {}

    def section(self, key: str, title: str, header: Sequence[str], note: str = "") -> None:
        self.sections[key] = {"title": title, "header": list(header), "rows": [], "note": note}

    def row(self, key: str, *cells: object) -> None:
        self.sections[key]["rows"].append([str(cell) for cell in cells])

    def note(self, key: str, text: str) -> None:
        section = self.sections[key]
        section["note"] = (section["note"] + "\n\n" + text).strip()

    def markdown(self) -> str:
        lines: list[str] = []
        for section in self.sections.values():
            lines += [f"## {section['title']}", ""]
            if section["note"]:
                lines += [section["note"], ""]
            if section["rows"]:
                lines.append("| " + " | ".join(section["header"]) + " |")
                lines.append("|" + "---|" * len(section["header"]))
                lines += ["| " + " | ".join(row) + " |" for row in section["rows"]]
                lines.append("")
            if section.get("after"):  # what reads the table, kept with it
                lines += [section["after"], ""]
        return "\n".join(lines)


def _missing(error: BaseException) -> str:
    return f"not available ({type(error).__name__}: {error})"


# --- the peers ---------------------------------------------------------------------------------


def luqum_contender() -> Callable[[str], object]:
    from luqum.elasticsearch import ElasticsearchQueryBuilder
    from luqum.parser import parser

    build = ElasticsearchQueryBuilder()
    return lambda text: build(parser.parse(text))


def odata_contender() -> Callable[[str], object]:
    from odata_query.grammar import ODataLexer, ODataParser

    lexer, parser = ODataLexer(), ODataParser()
    return lambda text: parser.parse(lexer.tokenize(text))


def _peer(
    factory: Callable[[], Callable[[str], object]],
) -> tuple[Callable[[str], object] | None, str]:
    try:
        return factory(), ""
    except ImportError as error:
        return None, _missing(error)


def compile_text(text: str) -> dict[str, Any]:
    return querydsl.to_payload(text, now=NOW)


def cut_mid_typing(text: str) -> str:
    """A text as a search box holds it while one types: cut at half its length."""
    return text[: len(text) // 2]


def check_text(rep: int) -> Callable[[str], object]:
    """`check` with a `now` of its own for each repetition: no memo entry is ever found."""
    now = NOW + timedelta(microseconds=rep + 1)
    return lambda text: querydsl.check(text, now=now)


# --- sections ----------------------------------------------------------------------------------


def bench_cold_and_floors(report: Report, settings: Settings) -> None:
    """Text -> payload with strings never seen before, against luqum and odata-query."""
    size, repeats = settings.corpus_size, settings.repeats
    shifted = [corpus(SHIFT_COLD + rep, size) for rep in range(repeats)]
    base = shifted[0]
    lucene_ids = [i for i, entry in enumerate(base) if entry.lucene is not None]
    odata_ids = [i for i, entry in enumerate(base) if entry.odata is not None]
    luqum, luqum_note = _peer(luqum_contender)
    odata, odata_note = _peer(odata_contender)
    # Compiling the timed strings here would fill querydsl's memo: the json.dumps floor and the
    # per-count breakdown use the warm-up strings' payloads (same shapes, other dates) instead.
    warm = corpus(SHIFT_WARMUP, size)
    payloads = [compile_text(entry.text) for entry in warm]

    contenders: list[tuple[str, Callable[[int], list[int]]]] = [
        ("querydsl", lambda rep: per_item(compile_text, [e.text for e in shifted[rep]])),
        (
            "floor: re.finditer",
            lambda rep: per_item(
                lambda text: list(TOKEN_FLOOR.finditer(text)), [e.text for e in shifted[rep]]
            ),
        ),
        ("floor: json.dumps", lambda rep: per_item(json.dumps, payloads)),
        (
            "querydsl check, cut",
            lambda rep: per_item(check_text(rep), [cut_mid_typing(e.text) for e in shifted[rep]]),
        ),
    ]
    if luqum is not None:
        lucene_run = luqum
        contenders.append(
            (
                "luqum",
                lambda rep: per_item(lucene_run, [shifted[rep][i].lucene for i in lucene_ids]),
            )
        )
    if odata is not None:
        odata_run = odata
        contenders.append(
            ("odata", lambda rep: per_item(odata_run, [shifted[rep][i].odata for i in odata_ids]))
        )
    # warm up every contender (imports, lazy tables) on strings that are not timed
    for entry in warm:
        check_text(-1)(cut_mid_typing(entry.text))
        if luqum is not None and entry.lucene is not None:
            luqum(entry.lucene)
        if odata is not None and entry.odata is not None:
            odata(entry.odata)
    timings = interleave(contenders, repeats)
    medians = {name: item_medians(runs) for name, runs in timings.items()}
    ours = medians["querydsl"]

    report.section(
        "cold",
        "Text → payload, cold (every string new)",
        (
            "contender",
            "queries",
            "µs/query (mean of per-query medians)",
            "median query µs",
            "querydsl on the same queries µs",
            "querydsl / peer (sum)",
            "median per-query ratio",
        ),
        note=(
            f"{size} corpus queries, {repeats} repetitions; every repetition moves each "
            "`created_date` by one more day, so no string repeats (no cache can help). "
            "querydsl: `to_payload(text, now=NOW)` (parse, check, compile, order and paging "
            "included). luqum: `ElasticsearchQueryBuilder()(parser.parse(lucene))`. odata-query: "
            "`ODataParser().parse(ODataLexer().tokenize(filter))` (instances reused). The peers "
            "get the filter only: neither language has order or paging inside the filter string."
        ),
    )
    report.row(
        "cold",
        "querydsl to_payload",
        len(ours),
        fmt(statistics.fmean(ours)),
        fmt(statistics.median(ours)),
        "",
        "",
        "",
    )
    for key, label, ids, missing in (
        ("luqum", "luqum parse + ES query", lucene_ids, luqum_note),
        ("odata", "odata-query parse", odata_ids, odata_note),
    ):
        if key not in medians:
            report.row("cold", label, len(ids), missing, "", "", "", "")
            report.measured[f"cold_vs_{key}"] = None
            continue
        peer = medians[key]
        mine = [ours[i] for i in ids]
        ratio = sum(mine) / sum(peer)
        per_query = statistics.median(m / p for m, p in zip(mine, peer, strict=True))
        report.measured[f"cold_vs_{key}"] = ratio
        report.row(
            "cold",
            label,
            len(ids),
            fmt(statistics.fmean(peer)),
            fmt(statistics.median(peer)),
            fmt(statistics.fmean(mine)),
            f"{ratio:.2f}",
            f"{per_query:.2f}",
        )
    report.measured["cold_us"] = statistics.fmean(ours)

    # cost by number of conditions in the corpus
    by_count: dict[int, list[int]] = {}
    for index in range(len(base)):
        count = len(payloads[index]["searchParameters"])
        by_count.setdefault(count, []).append(index)
    lines = [
        "| conditions | queries | querydsl µs | luqum µs | odata-query µs |",
        "|---|---|---|---|---|",
    ]
    for count in sorted(by_count):
        ids = by_count[count]
        cells = [str(count), str(len(ids)), fmt(statistics.fmean(ours[i] for i in ids))]
        for key, subset in (("luqum", lucene_ids), ("odata", odata_ids)):
            if key in medians:
                position = {item: k for k, item in enumerate(subset)}
                values = [medians[key][position[i]] for i in ids if i in position]
                cells.append(fmt(statistics.fmean(values)) if values else "n/a")
            else:
                cells.append("n/a")
        lines.append("| " + " | ".join(cells) + " |")
    report.note(
        "cold",
        "Cold cost by the number of search parameters in the payload:\n\n" + "\n".join(lines),
    )

    cut = medians["querydsl check, cut"]
    ratio = sum(cut) / sum(ours)
    report.measured["cut_vs_payload"] = ratio
    report.section(
        "typing",
        "A text cut mid-typing → check",
        (
            "contender",
            "queries",
            "µs/query (mean of per-query medians)",
            "median query µs",
            "÷ to_payload of the whole text (sum)",
            "median per-query ratio",
        ),
        note="Each cold text of the table above cut at half its length, as a search box holds it "
        "while one types (most are syntax errors), through `check(text, now=...)`, with a `now` "
        "of its own in each repetition so that no memo entry is found; beside `to_payload` of "
        "the whole text, timed in the same rounds.",
    )
    report.row(
        "typing",
        "querydsl check (text cut mid-typing)",
        len(cut),
        fmt(statistics.fmean(cut)),
        fmt(statistics.median(cut)),
        f"{ratio:.2f}",
        f"{statistics.median(c / o for c, o in zip(cut, ours, strict=True)):.2f}",
    )

    report.section(
        "floors",
        "Floors: the least any implementation must spend on the same input",
        ("floor", "µs/query (mean of per-query medians)", "querydsl cold / floor"),
        note="`list(re.finditer(...))` with one token pattern over the cold text; "
        "`json.dumps` of the payload querydsl produced for it.",
    )
    for key, label in (
        ("floor: re.finditer", "re.finditer tokenization"),
        ("floor: json.dumps", "json.dumps(payload)"),
    ):
        mean = statistics.fmean(medians[key])
        report.row("floors", label, fmt(mean, 2), fmt(statistics.fmean(ours) / mean) + "x")


def bench_warm(report: Report, settings: Settings) -> None:
    """The same text again: what a cache (if any) buys, beside json.dumps of the same payloads."""
    texts = [entry.text for entry in corpus(SHIFT_WARM, settings.corpus_size)]
    for _ in range(2):  # the memo keeps a payload from the second time its text comes
        payloads = [compile_text(text) for text in texts]
    loops = settings.warm_loops
    timings = interleave(
        [
            ("querydsl", lambda rep: batch_repeats(texts, loops)),
            ("json.dumps", lambda rep: batch(json.dumps, payloads, loops)),
        ],
        settings.repeats,
    )
    hit, dumps = (
        statistics.median(run[0] for run in timings[name]) / 1000
        for name in ("querydsl", "json.dumps")
    )
    report.measured["warm_us"] = hit
    report.measured["warm_vs_dumps"] = hit / dumps
    report.section(
        "warm",
        "Text → payload, the same text again",
        ("contender", "queries", "µs/call (median)", "÷ json.dumps"),
        note=f"Each of {len(texts)} texts compiled twice first (the memo keeps a payload from "
        f"the second time its text comes), then {loops} passes over all of them per repetition; "
        f"median of {settings.repeats}. Interleaved with `json.dumps` of the same payloads (what "
        "a caller does next), which reads how fast the machine was meanwhile.",
    )
    report.row(
        "warm", "querydsl to_payload (repeat)", len(texts), fmt(hit, 2), f"{hit / dumps:.2f}"
    )
    report.row("warm", "json.dumps(payload)", len(texts), fmt(dumps, 2), "1.00")


def _payloads(settings: Settings) -> list[dict[str, Any]]:
    return [compile_text(entry.text) for entry in corpus(0, settings.corpus_size)]


def bench_validate(report: Report, settings: Settings) -> None:
    """validate_payload against fastjsonschema and a pydantic v2 model on the same payloads."""
    from benchmarks import peers

    payloads = _payloads(settings)
    texts = [json.dumps(payload) for payload in payloads]
    report.section(
        "validate",
        "validate_payload vs fastjsonschema and pydantic v2",
        ("contender", "input", "payloads", "µs/payload (mean of medians)", "querydsl / this"),
        note=(
            f"The {len(payloads)} payloads to_payload produced for the corpus, all valid. "
            f"JSON Schema: {peers.schema_source()}, compiled once with fastjsonschema. "
            "pydantic: the strict model in benchmarks/peers.py (shape, names, methods, "
            "typeOrder, paging ranges). querydsl checks more than either (values parse as the "
            "field's type, between order, arity, created_date present, order fields unique). "
            "pydantic, equivalent: `peers.pydantic_equivalent_model()`, which checks those too "
            "(validators, as a pydantic user would write them), but not keys repeated in JSON "
            "text, and reports less; the bound on text is against it."
        ),
    )
    if not hasattr(querydsl, "validate_payload"):
        report.row(
            "validate",
            "querydsl validate_payload",
            "dict",
            len(payloads),
            "not available (querydsl.validate_payload missing)",
            "",
        )
        report.measured["validate_vs_pydantic"] = None
        return
    validate = querydsl.validate_payload
    bad = [i for i, payload in enumerate(payloads) if validate(payload)]
    if bad:
        report.note(
            "validate", f"**validate_payload rejected {len(bad)} payloads to_payload made**"
        )
    contenders: list[tuple[str, Callable[[int], list[int]]]] = [
        ("querydsl dict", lambda rep: per_item(validate, payloads)),
        ("querydsl text", lambda rep: per_item(validate, texts)),
    ]
    missing: dict[str, str] = {}
    try:
        check_schema = peers.fastjsonschema_validator()
        contenders.append(("fastjsonschema dict", lambda rep: per_item(check_schema, payloads)))
        contenders.append(
            (
                "fastjsonschema text",
                lambda rep: per_item(lambda t: check_schema(json.loads(t)), texts),
            )
        )
    except Exception as error:  # ImportError, or a schema fastjsonschema cannot compile
        missing["fastjsonschema"] = _missing(error)
    try:
        model = peers.pydantic_model()
        contenders.append(("pydantic dict", lambda rep: per_item(model.model_validate, payloads)))
        contenders.append(("pydantic text", lambda rep: per_item(model.model_validate_json, texts)))
        same = peers.pydantic_equivalent_model()
        contenders.append(
            ("pydantic equivalent dict", lambda rep: per_item(same.model_validate, payloads))
        )
        contenders.append(
            ("pydantic equivalent text", lambda rep: per_item(same.model_validate_json, texts))
        )
    except ImportError as error:
        missing["pydantic"] = missing["pydantic equivalent"] = _missing(error)
    for _name, run in contenders:
        run(0)
    medians = {
        name: statistics.fmean(item_medians(runs))
        for name, runs in interleave(contenders, settings.repeats).items()
    }
    for kind in ("dict", "text"):
        ours = medians[f"querydsl {kind}"]
        report.row(
            "validate", "querydsl validate_payload", kind, len(payloads), fmt(ours, 2), "1.00"
        )
        for peer in ("fastjsonschema", "pydantic", "pydantic equivalent"):
            name = f"{peer} {kind}"
            called = "model_validate" if kind == "dict" else "model_validate_json"
            label = {
                "fastjsonschema": "fastjsonschema (compiled)",
                "pydantic": f"pydantic v2 {called}",
                "pydantic equivalent": f"pydantic v2 {called}, equivalent model",
            }[peer]
            if name in medians:
                report.row(
                    "validate",
                    label,
                    kind,
                    len(payloads),
                    fmt(medians[name], 2),
                    f"{ours / medians[name]:.2f}",
                )
            else:
                report.row("validate", label, kind, len(payloads), missing[peer], "")
    pydantic_dict = medians.get("pydantic dict")
    report.measured["validate_vs_pydantic"] = (
        medians["querydsl dict"] / pydantic_dict if pydantic_dict else None
    )
    equivalent_text = medians.get("pydantic equivalent text")
    report.measured["validate_text_vs_pydantic"] = (
        medians["querydsl text"] / equivalent_text if equivalent_text else None
    )


def bench_from_payload(report: Report, settings: Settings) -> None:
    """from_payload: payload -> Query, with the round trip's other half for scale."""
    report.section(
        "from_payload",
        "from_payload (payload → Query)",
        ("contender", "payloads", "µs/payload (mean of medians)"),
        note="Same payloads as above. to_payload(Query) is the way back, for scale.",
    )
    payloads = _payloads(settings)
    if not hasattr(querydsl, "from_payload"):
        report.row(
            "from_payload",
            "querydsl from_payload",
            len(payloads),
            "not available (querydsl.from_payload missing)",
        )
        return
    from_payload = querydsl.from_payload
    queries = [from_payload(payload) for payload in payloads]
    contenders: list[tuple[str, Callable[[int], list[int]]]] = [
        ("from_payload", lambda rep: per_item(from_payload, payloads)),
        (
            "to_payload(Query)",
            lambda rep: per_item(lambda query: querydsl.to_payload(query, now=NOW), queries),
        ),
    ]
    timings = interleave(contenders, settings.repeats)
    for name, label in (
        ("from_payload", "querydsl from_payload"),
        ("to_payload(Query)", "querydsl to_payload(Query), no text"),
    ):
        report.row(
            "from_payload",
            label,
            len(payloads),
            fmt(statistics.fmean(item_medians(timings[name])), 2),
        )


def _external_cases(module: str) -> tuple[list[tuple[str, Callable[[], object]]] | None, str]:
    try:
        cases = importlib.import_module(module).cases()
    except Exception as error:  # a missing module, a missing peer, a missing seed file
        return None, _missing(error)
    return list(cases), ""


def bench_external(
    report: Report, settings: Settings, key: str, module: str, title: str
) -> dict[str, float]:
    """The `cases()` another engineer's benchmark module exposes, interleaved: the medians in
    ms by case (none when the module cannot run here)."""
    report.section(
        key,
        title,
        ("case", "ms/call (median)", "÷ first case"),
        note=f"`{module}.cases()`, {settings.response_repeats} repetitions after one warm-up "
        "call each; calls under 5 ms are looped so each sample lasts about 5 ms.",
    )
    cases, problem = _external_cases(module)
    if cases is None:
        report.row(key, module, problem, "")
        report.note(key, f"Skipped: {problem}.")
        return {}
    contenders = [(name, _timed_call(run)) for name, run in cases]
    timings = interleave(contenders, settings.response_repeats)
    report.samples[key] = {name: [runs[0] / 1e9 for runs in timings[name]] for name, _ in cases}
    medians = {
        name: statistics.median(runs[0] for runs in timings[name]) / 1e6 for name, _ in cases
    }
    first = medians[cases[0][0]]
    for name, _ in cases:
        report.row(key, name, fmt(medians[name], 3), f"{medians[name] / first:.2f}")
    return medians


def bench_responses(report: Report, settings: Settings) -> None:
    """Loading 10 000 Homebank records against pydantic v2 on an equivalent model
    (bench_responses): an already decoded page (the bound), and the JSON bytes."""
    medians = bench_external(
        report,
        settings,
        "responses",
        "benchmarks.bench_responses",
        "Loading responses vs pydantic v2",
    )
    ratios = {
        label: medians[ours] / medians[theirs]
        for label, ours, theirs in (
            ("decoded page", "querydsl", "pydantic"),
            ("JSON bytes", "querydsl, JSON bytes", "pydantic, JSON bytes"),
        )
        if ours in medians and theirs in medians
    }
    report.measured["responses_vs_pydantic"] = ratios.get("decoded page")
    if ratios:
        report.note(
            "responses",
            "querydsl / pydantic: "
            + ", ".join(f"{label} {ratio:.2f}x" for label, ratio in ratios.items())
            + ". The pydantic model reads what `load_operations` reads, leniently: "
            "benchmarks/bench_responses.py says where it checks less.",
        )


def bench_memory(report: Report, settings: Settings) -> None:
    """`evaluate` over 100 000 records against a comprehension written by hand (bench_memory)."""
    medians = bench_external(
        report,
        settings,
        "memory",
        "benchmarks.bench_memory",
        "evaluate() over 100 000 records vs a hand-written comprehension",
    )
    labels = ("times, dicts", "times, Operation", "no times, dicts", "no times, Operation")
    samples = report.samples.get("memory", {})
    # Both sides of a ratio are timed in the same repetition: the median of those ratios leaves
    # out the machine's drift between repetitions, which moves a median of either side alone.
    paired = {
        label: statistics.median(
            ours / theirs
            for ours, theirs in zip(
                samples[f"{label}: evaluate"], samples[f"{label}: by hand"], strict=True
            )
        )
        for label in labels
        if f"{label}: evaluate" in samples
    }
    if paired:
        report.measured["evaluate_vs_hand"] = max(paired.values())
        of_medians = {label: medians[f"{label}: evaluate"] / medians[f"{label}: by hand"]
                      for label in paired}  # fmt: skip
        report.note(
            "memory",
            "evaluate / by hand, the median of the ratios within each repetition (the bound "
            "reads the largest): "
            + ", ".join(f"{label} {ratio:.2f}x" for label, ratio in paired.items())
            + "; the ratio of the medians above: "
            + ", ".join(f"{label} {ratio:.2f}x" for label, ratio in of_medians.items()),
        )


def _timed_call(run: Callable[[], object]) -> Callable[[int], list[int]]:
    """A contender timing `run()`; short calls are looped, the figure is ns per call."""
    clock = time.perf_counter_ns
    run()  # warm-up: lazy tables, first-use imports
    start = clock()
    run()
    loops = max(1, min(10_000, 5_000_000 // max(1, clock() - start)))

    def timed(rep: int) -> list[int]:
        begin = clock()
        for _ in range(loops):
            run()
        return [(clock() - begin) // loops]

    return timed


def bench_import(report: Report, settings: Settings) -> None:
    """`import querydsl` in a fresh interpreter: wall time minus an empty interpreter."""
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    # As installed (pip compiles the .pyc files): without this variable the warm-up below
    # writes them; with it, every run would compile every module again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def wall(code: str) -> int:
        start = time.perf_counter_ns()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)
        return time.perf_counter_ns() - start

    first = f"import querydsl; querydsl.to_payload({FIRST_TEXT!r})"
    luqum_first = (
        "import luqum.parser; from luqum.elasticsearch import ElasticsearchQueryBuilder; "
        f"ElasticsearchQueryBuilder()(luqum.parser.parser.parse({FIRST_LUCENE!r}))"
    )
    contenders = [
        ("import", lambda rep: [wall("import querydsl")]),
        ("first", lambda rep: [wall(first)]),
        ("pass", lambda rep: [wall("pass")]),
    ]
    has_luqum = _peer(luqum_contender)[0] is not None
    if has_luqum:
        contenders.append(("luqum", lambda rep: [wall(luqum_first)]))
    for _, run in contenders:
        run(0)  # compile the .pyc files first
    runs = interleave(contenders, settings.import_runs)
    imported = statistics.median(r[0] for r in runs["import"]) / 1e6
    empty = statistics.median(r[0] for r in runs["pass"]) / 1e6
    first_ms = statistics.median(r[0] for r in runs["first"]) / 1e6 - empty
    luqum_ms = statistics.median(r[0] for r in runs["luqum"]) / 1e6 - empty if has_luqum else None
    report.measured["first_vs_luqum"] = None if luqum_ms is None else first_ms / luqum_ms
    cumulative, heaviest = _importtime(env, settings.import_runs)
    report.measured["import_ms"] = imported - empty
    report.section(
        "import",
        "`import querydsl` in a fresh interpreter",
        ("measure", "ms (median)"),
        note=f"{settings.import_runs} runs each, interleaved. `python -c 'import querydsl'` "
        "minus `python -c pass`; the cumulative figure `-X importtime` gives for `querydsl`; "
        f"and the time to a first answer in a fresh process: `to_payload({FIRST_TEXT!r})` "
        f"against luqum's parse and Elasticsearch build of `{FIRST_LUCENE}`.",
    )
    report.row("import", "python -c 'import querydsl'", fmt(imported))
    report.row("import", "python -c pass", fmt(empty))
    report.row("import", "difference (the import)", fmt(imported - empty))
    fastest = min(r[0] for r in runs["import"]) / 1e6 - min(r[0] for r in runs["pass"]) / 1e6
    report.row("import", "difference of the fastest runs", fmt(fastest))
    report.row("import", "-X importtime cumulative for querydsl", fmt(cumulative))
    report.row("import", "import + first to_payload (minus `pass`)", fmt(first_ms))
    if luqum_ms is not None:
        report.row("import", "luqum: import + first parse + ES build (minus `pass`)", fmt(luqum_ms))
        report.row("import", "first payload / luqum's first query", f"{first_ms / luqum_ms:.2f}x")
    if heaviest:
        report.note(
            "import",
            "Heaviest modules by own time (-X importtime, median run): "
            + ", ".join(f"`{name}` {ms:.1f} ms" for name, ms in heaviest),
        )


def _importtime(env: dict[str, str], runs: int) -> tuple[float, list[tuple[str, float]]]:
    totals: list[float] = []
    selves: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import querydsl"],
            check=True,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        for line in done.stderr.splitlines():
            parts = line.split("|")
            if len(parts) != 3 or not parts[0].startswith("import time:") or "self" in parts[0]:
                continue
            own, cumulative, name = int(parts[0].split(":")[1]), int(parts[1]), parts[2].strip()
            selves.setdefault(name, []).append(own / 1000)
            if name == "querydsl":
                totals.append(cumulative / 1000)
    heaviest = sorted(((n, statistics.median(v)) for n, v in selves.items()), key=lambda x: -x[1])
    return (statistics.median(totals) if totals else math.nan), heaviest[:6]


def _fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Least squares y = a + b x: (slope, intercept, R²)."""
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, intercept, (1 - residual / total) if total else 1.0


def bench_scaling(report: Report, settings: Settings) -> dict[str, Any]:
    """Time against the number of conditions and the length of an `in` list; linear fits."""
    luqum, _ = _peer(luqum_contender)
    odata, _ = _peer(odata_contender)
    curves: dict[str, Any] = {}
    report.section(
        "scaling",
        "How cost grows",
        (
            "curve",
            "contender",
            "sizes",
            "µs at smallest",
            "µs at largest",
            "slope",
            "R² (linear)",
            "slope top half / bottom half",
            "slope on the fastest run",
        ),
        note=(
            "Cold calls (a new created_date every repetition), median of "
            f"{settings.scaling_repeats}, all sizes and contenders interleaved. Conditions: "
            "created_date plus amount >=, payer_email like, shop =, payout_date < in turn. "
            "`in` list: created_date and `amount in (...)`. A top-half/bottom-half slope near "
            "1 means linear growth; well above 1 means superlinear."
        ),
    )
    contenders: list[tuple[str, Callable[[str], object], int]] = [("querydsl", compile_text, 0)]
    if luqum is not None:
        contenders.append(("luqum", luqum, 1))
    if odata is not None:
        contenders.append(("odata-query", odata, 2))
    plan = (
        ("conditions", settings.conditions, scaling_conditions, "µs per condition"),
        ("in values", settings.in_values, scaling_in_list, "µs per value"),
    )
    # Every (curve, size, contender) is one contender of a single interleaved run, so a burst of
    # load on this shared machine lands on all sizes alike instead of bending one point.
    timed: list[tuple[str, Callable[[int], list[int]]]] = []
    for curve, sizes, make, _unit in plan:
        for size in sizes:
            inputs = [
                make(size, SHIFT_SCALING + rep) for rep in range(settings.scaling_repeats + 1)
            ]
            for name, run, field in contenders:
                run(inputs[-1][field])  # warm-up on the extra input
                timed.append((f"{curve}|{size}|{name}", _one(run, inputs, field)))
    timings = interleave(timed, settings.scaling_repeats)
    for curve, sizes, _make, unit in plan:
        series: dict[str, list[float]] = {}
        fastest: dict[str, list[float]] = {}
        for name, _, _ in contenders:
            runs = [[r[0] for r in timings[f"{curve}|{size}|{name}"]] for size in sizes]
            series[name] = [statistics.median(values) / 1000 for values in runs]
            fastest[name] = [min(values) / 1000 for values in runs]
        curves[curve] = {"sizes": list(sizes), "series": series, "unit": unit}
        for name, ys in series.items():
            slope, _, r2 = _fit(sizes, ys) if len(sizes) > 1 else (math.nan, 0.0, math.nan)
            low_slope, _, low_r2 = (
                _fit(sizes, fastest[name]) if len(sizes) > 1 else (math.nan, 0.0, math.nan)
            )
            half = len(sizes) // 2
            bottom = _fit(sizes[: half + 1], ys[: half + 1])[0] if half >= 1 else math.nan
            top = _fit(sizes[half:], ys[half:])[0] if len(sizes) - half >= 2 else math.nan
            bend = top / bottom if bottom and not math.isnan(bottom) else math.nan
            report.row(
                "scaling",
                curve,
                name,
                f"{sizes[0]}-{sizes[-1]}",
                fmt(ys[0]),
                fmt(ys[-1]),
                f"{fmt(slope, 2)} {unit}",
                f"{r2:.4f}",
                "n/a" if math.isnan(bend) else f"{bend:.2f}",
                f"{fmt(low_slope, 2)} (R² {low_r2:.4f})",
            )
            if name == "querydsl":
                report.measured[f"slope_{curve}"] = slope
                report.measured[f"r2_{curve}"] = r2
    return curves


def _one(
    run: Callable[[str], object], inputs: list[Entry], field: int
) -> Callable[[int], list[int]]:
    def timed(rep: int) -> list[int]:
        text = inputs[rep][field]
        start = time.perf_counter_ns()
        run(text)
        return [time.perf_counter_ns() - start]

    return timed


def plot(curves: dict[str, Any], path: Path) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        return _missing(error)
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for axis, (curve, data) in zip(axes, curves.items(), strict=True):
        sizes = data["sizes"]
        for name, ys in data["series"].items():
            style = "o-" if name == "querydsl" else "s--"
            axis.plot(sizes, [y / 1000 for y in ys], style, label=name, markersize=4)
            if name == "querydsl":
                slope, intercept, r2 = _fit(sizes, ys)
                axis.plot(
                    sizes,
                    [(intercept + slope * x) / 1000 for x in sizes],
                    ":",
                    color="grey",
                    label=f"fit {slope:.1f} µs/unit, R² {r2:.3f}",
                )
        axis.set_xlabel("conditions" if curve == "conditions" else "values in one `in` list")
        axis.set_ylabel("ms per call (median)")
        axis.set_title(f"cold text → result vs {curve}")
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return f"![scaling]({path.name})"


def profile_cold(size: int = 320, rounds: int = 3, top: int = 15) -> str:
    """cProfile of to_payload over cold strings: the top functions by own time."""
    texts = [entry.text for shift in range(rounds) for entry in corpus(2000 + shift, size)]
    compile_text(corpus(1999, 1)[0].text)
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        compile_text(text)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    header = [line for line in lines[:start] if "function calls" in line]
    return "\n".join(
        [*(line.strip() for line in header), f"({len(texts)} cold calls)", *lines[start:]]
    )


# --- the report --------------------------------------------------------------------------------


def targets(report: Report) -> list[list[str]]:
    measured = report.measured
    rows = []
    for key, label, bound, shown in (
        ("cold_vs_luqum", "cold text → payload vs luqum parse + ES build", "≤ 0.25x", "x"),
        ("cold_vs_odata", "cold text → payload vs odata-query parse", "≤ 0.33x", "x"),
        ("cut_vs_payload", "text cut mid-typing through check vs to_payload", "≤ 1.3x", "x"),
        ("warm_vs_dumps", "repeated text → payload vs json.dumps of it", "≤ 0.25x", "x"),
        ("first_vs_luqum", "import + first payload vs luqum's", "≤ 2.5x", "x"),
        ("evaluate_vs_hand", "evaluate 100 000 records vs a comprehension", "≤ 2x", "x"),
        ("validate_vs_pydantic", "validate_payload vs pydantic v2 (dict)", "≤ 2x", "x"),
        (
            "validate_text_vs_pydantic",
            "validate_payload on JSON text vs pydantic v2 (equivalent model)",
            "≤ 1.5x",
            "x",
        ),
        (
            "responses_vs_pydantic",
            "load_operations, 10 000 records, vs pydantic v2 (equivalent model)",
            "≤ 1x",
            "x",
        ),
        ("to_sql_vs_parse", "to_sql(query) vs sqlglot.parse_one of the SQL it writes", "≤ 1x", "x"),
        ("store_vs_sql", "Store.search, 10⁶ rows, vs the same SQL on DuckDB", "≤ 1.5x", "x"),
        (
            "store_vs_evaluate",
            "Store.search, 10⁶ rows, vs evaluate over the records in memory",
            "≤ 0.05x (20x faster)",
            "x",
        ),
    ):
        value = measured.get(key)
        if value is None:
            asked = next((f"--only {name}" for name, keys in ASKED_FOR.items() if key in keys), "")
            missing = f"not in this run (`{asked}`)" if asked and key not in measured else ""
            rows.append([label, bound, missing or "not available", "—"])
            continue
        met = "met" if value <= TARGETS[key] else "**not met**"
        rows.append([label, bound, f"{value:.2f}{shown}", met])
    return rows


def environment() -> list[str]:
    versions = []
    for name in ("lark", "attrs", "cattrs", "luqum", "odata-query", "pydantic", "fastjsonschema"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            versions.append(f"{name} not installed")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "querydsl"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commit += " (querydsl/ has uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return [
        f"- Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs (shared, noisy: read ratios, not absolute µs)",
        f"- commit {commit}; " + ", ".join(versions),
    ]


def run(
    settings: Settings, only: set[str] | None = None, everything: bool = False
) -> tuple[Report, dict[str, Any]]:
    report = Report()
    curves: dict[str, Any] = {}
    steps: list[tuple[str, Callable[[], object]]] = [
        ("cold", lambda: bench_cold_and_floors(report, settings)),
        ("warm", lambda: bench_warm(report, settings)),
        ("validate", lambda: bench_validate(report, settings)),
        ("from_payload", lambda: bench_from_payload(report, settings)),
        ("responses", lambda: bench_responses(report, settings)),
        (
            "complete",
            lambda: bench_external(
                report,
                settings,
                "complete",
                "benchmarks.bench_complete",
                "complete() (search-box suggestions)",
            ),
        ),
        ("memory", lambda: bench_memory(report, settings)),
        ("import", lambda: bench_import(report, settings)),
        ("scaling", lambda: curves.update(bench_scaling(report, settings))),
        ("sql", lambda: importlib.import_module("benchmarks.bench_sql").run(report, settings)),
        ("store", lambda: importlib.import_module("benchmarks.bench_store").run(report, settings)),
        (
            "client",
            lambda: importlib.import_module("benchmarks.bench_client").run(report, settings),
        ),
    ]
    for name, step in steps:
        if only and name not in only and not (name == "cold" and {"floors", "typing"} & only):
            continue
        if not only and not settings.smoke and not everything and name in ASKED_FOR:
            continue
        started = time.perf_counter()
        step()
        print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return report, curves


def document(
    report: Report, settings: Settings, plot_line: str, profile: str, seconds: float
) -> str:
    rows = targets(report)
    if "scaling" in report.sections:  # under its table, whatever sections follow
        measured = report.measured
        report.sections["scaling"]["after"] = "\n".join(
            [
                f"querydsl grows by **{fmt(measured.get('slope_conditions'), 2)} µs per "
                f"condition** (R² {measured.get('r2_conditions', math.nan):.4f}) and "
                f"**{fmt(measured.get('slope_in values'), 2)} µs per `in` value** "
                f"(R² {measured.get('r2_in values', math.nan):.4f}).",
                "",
                plot_line,
            ]
        )
    lines = [
        "# Benchmarks: querydsl side by side with its peers",
        "",
        "Generated by `python -m benchmarks.run` (do not edit by hand). "
        f"{'SMOKE RUN — numbers are not meaningful. ' if settings.smoke else ''}"
        f"Full run took {seconds:.0f} s.",
        "",
        *environment(),
        "",
        "## Targets",
        "",
        "| target | bound | measured (median) | verdict |",
        "|---|---|---|---|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        report.markdown(),
    ]
    if profile:
        lines += [
            "## Where the cold path spends its time",
            "",
            "cProfile of `to_payload` over cold corpus strings, top 15 by own time "
            "(`python -m benchmarks.run --profile`):",
            "",
            "```",
            profile,
            "```",
            "",
        ]
    lines += [
        "## Method",
        "",
        "- One process; contenders interleaved round-robin in every repetition, the first one "
        "rotating; `gc` disabled while a batch runs; `time.perf_counter_ns`; medians.",
        "- Corpus: tests/data/corpus.py, fixed seed; every querydsl query has a Lucene twin and "
        "an OData `$filter` twin wherever OData can say it (a `like` with `%` inside cannot). "
        "tests/test_benchmark_corpus.py checks that all three parse.",
        "- Ratios are querydsl / peer: below 1 means querydsl is faster.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny run; prints, writes no RESULTS.md"
    )
    parser.add_argument("--output", type=Path, help="where to write the markdown (- for stdout)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument(
        "--profile", action="store_true", help="print the cProfile top 15 of the cold path"
    )
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only these sections")
    parser.add_argument(
        "--all", action="store_true", help="the full run with the sections it leaves out (store)"
    )
    args = parser.parse_args(argv)
    if args.profile:
        print(profile_cold())
        return 0
    settings = Settings(args.smoke)
    started = time.perf_counter()
    only = set(args.only) if args.only else None
    report, curves = run(settings, only, everything=args.all)
    plot_line = ""
    if curves and not settings.smoke:
        plot_line = plot(curves, PLOT)
    profile = "" if settings.smoke or only else profile_cold()
    text = document(report, settings, plot_line, profile, time.perf_counter() - started)
    output = args.output or (Path("-") if settings.smoke or only else RESULTS)
    if str(output) == "-":
        print(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    if args.json:
        rows = {key: section["rows"] for key, section in report.sections.items()}
        args.json.write_text(
            json.dumps(
                {"sections": rows, "targets": targets(report), "measured": report.measured},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
