"""A bounded load test of `querydsl serve` on loopback: 200 clients typing at once for 20 seconds
all get answers, while slow clients (headers a byte at a time, bodies that trickle, answers never
read) hold connections open beside them. Then Ctrl-C stops the server cleanly: exit 0, and nothing
on stderr (no traceback for the clients that went away)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx2
import pytest

CLIENTS = 200
SECONDS = 20.0
#: Beside them: clients sending their headers a byte at a time, bodies that trickle (refused
#: with 408 after 10 s, then sent again), and clients that ask for long answers and never read.
HEADER_TRICKLERS, BODY_TRICKLERS, NON_READERS = 300, 20, 10
#: The longest a client may wait for one answer: slow clients must not starve it. (Shorter than
#: the 10 s a trickling body is given: no answer waits for one.)
LONGEST_WAIT = 8.0
TEXTS = (
    "created_date between 2024-01-01..2024-02-01 and payer_email like dana%",
    "amount >= 1000 and post_link = true order by amount desc page 2 size 50",
    "client = Дана% and created_date = 2024-01-01",
    "(payer_email = a@b.kz or amount < 5) and created_date >= now-7d",
)


@pytest.fixture
def served() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`querydsl serve --port 0` in a process of its own: its URL, and the process."""
    server = subprocess.Popen(
        [sys.executable, "-m", "querydsl", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        started = re.search(r"on (http://127\.0\.0\.1:\d+/) ", server.stdout.readline())
        assert started is not None, server.stderr.read() if server.stderr else ""
        yield started.group(1), server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


async def typist(client: httpx2.AsyncClient, number: int, until: float) -> list[tuple[int, float]]:
    """One user typing: the three calls of a keystroke, again and again until `until`; each
    answer's (status, seconds waited)."""
    answers: list[tuple[int, float]] = []
    text = TEXTS[number % len(TEXTS)]
    while time.monotonic() < until:
        typed = text[: 1 + len(answers) % len(text)]
        for endpoint in ("tokens", "complete", "lint"):
            asked = time.monotonic()
            response = await client.post(f"api/{endpoint}", json={"text": typed})
            answers.append((response.status_code, time.monotonic() - asked))
    return answers


async def header_trickler(host: str, port: int, until: float) -> None:
    """Headers a byte a second, never finished."""
    _, writer = await asyncio.open_connection(host, port)
    head = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 1000
    with contextlib.suppress(OSError):
        for byte in head:
            if time.monotonic() >= until:
                break
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(1)
    writer.close()


async def body_trickler(host: str, port: int, until: float) -> int:
    """A body a byte a second; sent again each time it is refused. How many refusals (408)."""
    refused = 0
    while time.monotonic() < until:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(
            b"POST /api/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n"
        )
        with contextlib.suppress(OSError):
            while time.monotonic() < until and not reader.at_eof():
                writer.write(b" ")
                await writer.drain()
                with contextlib.suppress(TimeoutError):
                    answer = await asyncio.wait_for(reader.read(65536), timeout=1)
                    refused += answer.startswith(b"HTTP/1.1 408 ")
        writer.close()
    return refused


async def non_reader(host: str, port: int, until: float) -> None:
    """Asks for long answers (the tokens of 9 000 characters) and never reads them."""
    body = b'{"text": "' + b"amount > 5 and " * 600 + b'"}'
    _, writer = await asyncio.open_connection(host, port)
    request = (
        b"POST /api/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    with contextlib.suppress(OSError):
        while time.monotonic() < until:
            writer.write(request)
            await asyncio.wait_for(writer.drain(), timeout=max(0.1, until - time.monotonic()))
            await asyncio.sleep(0.2)
    writer.close()


async def load(url: str) -> tuple[list[list[tuple[int, float]]], list[int]]:
    host, port = "127.0.0.1", int(url.rstrip("/").rsplit(":", 1)[1])
    until = time.monotonic() + SECONDS
    slow = [
        *(header_trickler(host, port, until) for _ in range(HEADER_TRICKLERS)),
        *(non_reader(host, port, until) for _ in range(NON_READERS)),
    ]
    trickled = [
        asyncio.ensure_future(body_trickler(host, port, until)) for _ in range(BODY_TRICKLERS)
    ]
    slow_tasks = [asyncio.ensure_future(task) for task in slow]
    await asyncio.sleep(1)  # the slow ones are in first
    # One connection each (a client's calls follow one another).
    limits = httpx2.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx2.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        typed = await asyncio.gather(*(typist(client, n, until) for n in range(CLIENTS)))
    refusals = await asyncio.gather(*trickled)
    await asyncio.gather(*slow_tasks, return_exceptions=True)
    return typed, list(refusals)


def test_200_typists_all_get_answers_beside_slow_clients(
    served: tuple[str, subprocess.Popen[str]],
) -> None:
    url, server = served
    typed, refusals = asyncio.run(asyncio.wait_for(load(url), timeout=SECONDS + 60))

    assert len(typed) == CLIENTS
    statuses = {status for answers in typed for status, _ in answers}
    assert statuses == {200}
    assert min(len(answers) for answers in typed) >= 3  # every client, not only most
    waits = sorted(wait for answers in typed for _, wait in answers)
    longest = waits[-1]
    print(
        f"\n{sum(map(len, typed))} answers to {CLIENTS} clients in {SECONDS:.0f} s; waits: "
        f"median {waits[len(waits) // 2] * 1000:.1f} ms, longest {longest * 1000:.0f} ms; "
        f"trickling bodies refused {sum(refusals)} times"
    )
    assert longest < LONGEST_WAIT
    assert sum(refusals) >= BODY_TRICKLERS  # each trickling body was refused (408), not waited for

    os.killpg(server.pid, signal.SIGINT)
    out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert err == ""
