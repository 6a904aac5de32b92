"""Benchmark: `client.search` of 10 000 records from the local emulator (issue 23, SPEC 12):
records per second, and where a search's wall time goes.

The emulator runs in a process of its own (`python -m benchmarks.bench_client serve N SEED`):
in a thread of the benchmark's process it would share the client's interpreter lock, and each
side's waiting for the lock would show up as the other's time. Apart, the client's process is
the client alone (one thread: `time.process_time` is its CPU time) and the emulator's work is
counted where it happens. One search's wall time, on the client, in four parts:

- querydsl (client): the client's own work, timed around `Client._payload` (the query checked
  and compiled, once a search) and `Client._read` (each page's JSON read into typed records);
- emulator: from the call of the emulator's ASGI app for a `/operations` request to the end of
  its answer, summed over the pages (counted by a wrapper in the emulator's process; the search
  waits meanwhile: one page at a time);
- HTTP and loopback: the rest of the time in the client's `Sender.send` (httpx writing the
  request and reading the answer, uvicorn parsing and writing HTTP, the kernel's loopback, and
  waiting for a CPU on a loaded machine);
- the rest: what is left of the wall time (the iteration over the records, building each
  request, the token check).

The bodies the emulator sent are also read again with `load_operations` alone, in the same
rounds, to check the `_read` figure away from the network.

Run with the harness (`python -m benchmarks.run --only client`) or alone from the repository
root: `python benchmarks/bench_client.py [--smoke]`.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # `python benchmarks/bench_client.py`
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from benchmarks.run import Report, Settings

RECORDS, SMOKE_RECORDS = 10_000, 300
PAGE_SIZES = (100, 1000)
REPEATS, SMOKE_REPEATS = 7, 1
SEED = 23
#: Every sample operation falls after this date: the search returns all of them.
QUERY = "created_date >= 2000-01-01"
#: The emulator process's own counters (GET): not an endpoint of the emulator.
COUNTERS = "/__bench__/counters"
#: How long the emulator process may take to make its data and bind its port.
START_SECONDS = 300
PARTS = ("querydsl", "emulator", "http", "rest")


# --- the emulator's process --------------------------------------------------------------------


class Counted:
    """The emulator's ASGI app, counting the wall time spent answering `/operations`; a GET of
    COUNTERS answers the totals and the process's CPU time so far."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.answering_ns = 0
        self.answered = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == COUNTERS:
            body = json.dumps(
                {
                    "answering_ns": self.answering_ns,
                    "answered": self.answered,
                    "cpu_ns": time.process_time_ns(),
                }
            ).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        counted = scope["type"] == "http" and scope["path"].endswith("/operations")
        start = time.perf_counter_ns()
        try:
            await self.app(scope, receive, send)
        finally:
            if counted:
                self.answering_ns += time.perf_counter_ns() - start
                self.answered += 1


def serve(records: int, seed: int) -> None:
    """The emulator with `records` sample operations, on a free loopback port, until killed.

    Its first line on stdout is the Homebank client's keyword arguments, as JSON.
    """
    from querydsl.emulator import Emulator, Running
    from querydsl.web.server import make_server

    emulator = Emulator(sample=records, seed=seed)
    server = make_server("127.0.0.1", 0, Counted(emulator.app()))
    served = Running(server.url.rstrip("/"), emulator, server)
    print(json.dumps(served.homebank()), flush=True)
    server.serve_forever()


@contextlib.contextmanager
def emulator_process(records: int, seed: int) -> Iterator[dict[str, str]]:
    """`serve` in a child process for the length of the block: the client's keyword arguments."""
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    command = [sys.executable, "-m", "benchmarks.bench_client", "serve", str(records), str(seed)]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        try:
            assert process.stdout is not None
            ready, _, _ = select.select([process.stdout], [], [], START_SECONDS)
            line = process.stdout.readline() if ready else ""
            if not line:
                errors.seek(0)
                told = errors.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"the emulator process did not start: {told}")
            yield json.loads(line)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def counters(base_url: str) -> dict[str, int]:
    """The emulator process's counters now."""
    with urllib.request.urlopen(base_url + COUNTERS, timeout=30) as answer:
        counted: dict[str, int] = json.load(answer)
    return counted


# --- the client's side -------------------------------------------------------------------------


class _TimedSender:
    """A `Sender` adding the wall time of each `send` to `spent["send"]`."""

    def __init__(self, sender: Any, spent: dict[str, int]) -> None:
        self.sender, self.spent = sender, spent

    def send(self, request: Any) -> Any:
        start = time.perf_counter_ns()
        try:
            return self.sender.send(request)
        finally:
            self.spent["send"] += time.perf_counter_ns() - start


def timed_client(**options: Any) -> Any:
    """A `querydsl.homebank.Client` counting the nanoseconds of its own work (`_payload`,
    `_read`: wall and CPU time; the client is one thread) and of sending the `/operations`
    requests; it keeps the bodies it read."""
    from querydsl.homebank import Client

    class TimedClient(Client):
        spent: dict[str, int]
        bodies: list[bytes]

        def _connect(self) -> None:
            super()._connect()  # the token keeper keeps the sender untimed
            self.spent = dict.fromkeys(("compile", "read", "cpu", "send"), 0)
            self.bodies = []
            self._sender = _TimedSender(self._sender, self.spent)  # type: ignore[assignment]

        def _payload(self, query: object, options: dict[str, Any]) -> dict[str, Any]:
            start, cpu = time.perf_counter_ns(), time.thread_time_ns()
            try:
                return super()._payload(query, options)
            finally:
                self.spent["compile"] += time.perf_counter_ns() - start
                self.spent["cpu"] += time.thread_time_ns() - cpu

        def _read(self, response: Any) -> Any:
            start, cpu = time.perf_counter_ns(), time.thread_time_ns()
            try:
                return super()._read(response)
            finally:
                self.spent["read"] += time.perf_counter_ns() - start
                self.spent["cpu"] += time.thread_time_ns() - cpu
                self.bodies.append(response.content)

    return TimedClient(**options)


def one_search(client: Any, base_url: str, size: int) -> dict[str, float]:
    """One `client.search` of every record, pages of `size`: its parts in ms, and the count."""
    client.spent.update(dict.fromkeys(client.spent, 0))
    client.bodies.clear()
    before = counters(base_url)
    gc.collect()
    cpu, start = time.process_time_ns(), time.perf_counter_ns()
    found = sum(1 for _ in client.search(QUERY, page_size=size))
    wall = time.perf_counter_ns() - start
    cpu = time.process_time_ns() - cpu
    after = counters(base_url)
    spent = client.spent
    answering = after["answering_ns"] - before["answering_ns"]
    querydsl = spent["compile"] + spent["read"]
    return {
        "records": found,
        "pages": after["answered"] - before["answered"],
        "wall": wall / 1e6,
        "querydsl": querydsl / 1e6,
        "compile": spent["compile"] / 1e6,
        "read": spent["read"] / 1e6,
        "emulator": answering / 1e6,
        "http": (spent["send"] - answering) / 1e6,
        "rest": (wall - querydsl - spent["send"]) / 1e6,
        "client_cpu": cpu / 1e6,
        "emulator_cpu": (after["cpu_ns"] - before["cpu_ns"]) / 1e6,
        "querydsl_cpu": spent["cpu"] / 1e6,
    }


def load_alone(bodies: list[bytes]) -> float:
    """`load_operations` over the same page bodies, away from the network: ms."""
    from querydsl.homebank import load_operations

    gc.collect()
    start = time.perf_counter_ns()
    for body in bodies:
        load_operations(body)
    return (time.perf_counter_ns() - start) / 1e6


def measure(records: int, repeats: int) -> dict[int, list[dict[str, float]]]:
    """Every page size's searches, `repeats` rounds after one warm-up search each; the page
    size going first rotates from round to round."""
    runs: dict[int, list[dict[str, float]]] = {size: [] for size in PAGE_SIZES}
    # Without the emulator or client extra: ImportError here, naming the extra, before any
    # process is started.
    from querydsl.emulator import Emulator  # noqa: F401
    from querydsl.homebank import Client  # noqa: F401

    with emulator_process(records, SEED) as options:
        base_url = options["base_url"]
        with timed_client(**options) as client:
            bodies: dict[int, list[bytes]] = {}
            for size in PAGE_SIZES:  # warm-up: the token, the connection, first-use imports
                one_search(client, base_url, size)
                bodies[size] = list(client.bodies)
            for rep in range(repeats):
                for offset in range(len(PAGE_SIZES)):
                    size = PAGE_SIZES[(rep + offset) % len(PAGE_SIZES)]
                    parts = one_search(client, base_url, size)
                    parts["alone"] = load_alone(bodies[size])
                    runs[size].append(parts)
    return runs


# --- the report --------------------------------------------------------------------------------


def shares(parts: dict[str, float]) -> dict[str, float]:
    """One search's parts as fractions: of its wall time, and of the CPU time both processes
    spent meanwhile."""
    wall = parts["wall"]
    cpu = parts["client_cpu"] + parts["emulator_cpu"]
    fractions = {f"wall {part}": parts[part] / wall for part in PARTS}
    fractions["cpu querydsl"] = parts["querydsl_cpu"] / cpu
    fractions["cpu client"] = (parts["client_cpu"] - parts["querydsl_cpu"]) / cpu
    fractions["cpu emulator"] = parts["emulator_cpu"] / cpu
    return fractions


SHARES = (
    "wall querydsl",
    "wall emulator",
    "wall http",
    "wall rest",
    "cpu querydsl",
    "cpu client",
    "cpu emulator",
)


def run(report: Report, settings: Settings) -> None:
    """The `client` section of the harness."""
    records = SMOKE_RECORDS if settings.smoke else RECORDS
    repeats = SMOKE_REPEATS if settings.smoke else REPEATS
    report.section(
        "client",
        f"client.search of {records:,} records from the emulator",
        (
            "page size",
            "pages",
            "ms/search (median)",
            "records/s",
            "wall: querydsl (client)",
            "wall: emulator",
            "wall: HTTP and loopback",
            "wall: rest",
            "CPU: querydsl (client)",
            "CPU: httpx and the rest of the client",
            "CPU: emulator",
        ),
        note=(
            f"`Client(**emulator.homebank()).search({QUERY!r}, page_size=...)` over an emulator "
            f"holding {records:,} sample operations (seed {SEED}), every one of them found; "
            f"{repeats} rounds after a warm-up search, the page sizes taking turns to go "
            "first, the garbage collector on (as a user runs it). The emulator runs in a "
            "process of its own (in a thread it would share the client's interpreter lock). "
            "Each share is the median over the rounds of one part's share of a search. Of the "
            "search's wall time: **querydsl (client)** the client's own work (the query checked "
            "and compiled, each page's JSON read into typed records), **emulator** its app "
            "answering each page (searching its store, writing the JSON), **HTTP and loopback** "
            "the rest of sending (httpx, uvicorn, the kernel, waiting for a CPU), **rest** the "
            "iteration and building requests. Of the CPU time both processes spent meanwhile: "
            "querydsl's work on the client, the rest of the client's process (httpx, sockets), "
            "and the emulator's whole process (uvicorn included). On a loaded machine the wall "
            "shares include waiting for a CPU; the CPU shares do not. The machine is shared: "
            "read the shares, not the milliseconds."
        ),
    )
    try:
        runs = measure(records, repeats)
    except ImportError as error:  # the client and emulator extras
        report.row("client", f"not available ({type(error).__name__}: {error})", *[""] * 10)
        return
    lines = [
        "| page size | querydsl reading pages | load_operations alone, same bodies "
        "| compiling the query | emulator answering | client CPU | of it querydsl's "
        "| emulator CPU |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size, rounds in runs.items():
        wrong = [parts["records"] for parts in rounds if parts["records"] != records]
        if wrong:
            report.note("client", f"**page size {size}: searches found {wrong}, not {records}**")
        fractions = [shares(parts) for parts in rounds]
        share = {key: statistics.median(f[key] for f in fractions) for key in SHARES}
        per_second = statistics.median(parts["records"] / parts["wall"] * 1000 for parts in rounds)
        median = {key: statistics.median(parts[key] for parts in rounds) for key in rounds[0]}
        report.row(
            "client",
            size,
            f"{median['pages']:.0f}",
            f"{median['wall']:,.0f}",
            f"{per_second:,.0f}",
            *(f"{share[key] * 100:.0f}%" for key in SHARES),
        )
        report.measured[f"client_records_per_s_{size}"] = per_second
        for key in SHARES:
            report.measured[f"client_{key.replace(' ', '_')}_share_{size}"] = share[key]
        lines.append(
            f"| {size} | "
            + " | ".join(
                f"{median[key]:,.1f}"
                for key in (
                    "read",
                    "alone",
                    "compile",
                    "emulator",
                    "client_cpu",
                    "querydsl_cpu",
                    "emulator_cpu",
                )
            )
            + " |"
        )
    report.note(
        "client",
        "The parts in ms per search (medians), and each process's CPU time during a search; "
        "`load_operations` alone reads the same page bodies again, in the same rounds, away "
        "from the network:\n\n" + "\n".join(lines),
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(int(sys.argv[2]), int(sys.argv[3]))
    else:
        from benchmarks.run import Report, Settings

        found = Report()
        run(found, Settings(smoke="--smoke" in sys.argv))
        print(found.markdown())
