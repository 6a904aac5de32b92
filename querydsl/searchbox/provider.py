"""Values from the caller's provider for completion: asked on a worker thread and waited for
until a deadline, then filtered and written as they read back.

A search box asks for suggestions at every keystroke, so a provider that is slow, stuck or broken
must never hold an answer up: it runs on one of a few daemon threads, and what it has not
returned by the deadline is not waited for. Its call may still finish in the background (a
thread cannot be stopped); what it returns then is dropped. While every worker is busy with a
late call, a provider is not asked at all: calls never queue up behind a stuck one, and the
threads stay few.
"""

from __future__ import annotations

import itertools
import math
import os
import queue
import re
import threading
from collections.abc import Callable, Iterable

from querydsl.language.rules import DEFAULT_MAX_LENGTH
from querydsl.language.text import value_text

#: A provider of values: `values(field, prefix, limit)` gives up to `limit` values of the field
#: (its canonical name) that start with `prefix` (as typed; case is the provider's to judge).
ValueProvider = Callable[[str, str, int], Iterable[str]]

#: How long completion waits for a provider by default, in seconds.
DEFAULT_DEADLINE = 0.2
#: How many values a provider is asked for, and completion offers at most.
VALUE_LIMIT = 10
#: How many calls may run at once (late ones included).
WORKERS = 4
# How many items of a provider's answer are read: a generator may never end.
_MOST_READ = 1_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def offered_values(provider: ValueProvider, field: str, prefix: str, deadline: object) -> list[str]:
    """The provider's values that start with `prefix` (ignoring case), once each, as they read
    back in a query (quoted where they would not read bare); none that no query can hold (half
    a surrogate pair, or past the length limit). At most VALUE_LIMIT.

    >>> offered_values(lambda field, prefix, limit: ["Дана Ким", "Данияр", "Дана Ким"], "client",
    ...                "да", 0.5)
    ['"Дана Ким"', 'Данияр']
    """
    folded = prefix.casefold()
    offers: list[str] = []
    seen: set[str] = set()
    for value in provided(provider, field, prefix, VALUE_LIMIT, deadline):
        if not value or value in seen or not value.casefold().startswith(folded):
            continue
        seen.add(value)
        written = value_text(value)
        if len(written) <= DEFAULT_MAX_LENGTH and _SURROGATE.search(value) is None:
            offers.append(written)
            if len(offers) == VALUE_LIMIT:
                break
    return offers


def provided(
    provider: ValueProvider, field: str, prefix: str, limit: int, deadline: object
) -> list[str]:
    """The strings `provider(field, prefix, limit)` returns within `deadline` seconds; none when
    it raises, returns what is no iterable, is late, or no worker is free. Never raises.

    >>> provided(lambda field, prefix, limit: ["Дана", 5, "Данияр"], "client", "Да", 10, 0.5)
    ['Дана', 'Данияр']
    >>> provided(lambda field, prefix, limit: 1 / 0, "client", "", 10, 0.5)
    []
    """
    seconds = _seconds(deadline)
    if seconds is None:
        return []
    found = _POOL.call(lambda: _strings(provider(field, prefix, limit)), seconds)
    return [] if found is None else found


def _seconds(deadline: object) -> float | None:
    """A deadline as a wait `threading` takes; None for one that is no duration."""
    if isinstance(deadline, bool) or not isinstance(deadline, (int, float)):
        return None
    if math.isnan(deadline) or deadline < 0:
        return None
    return min(float(deadline), threading.TIMEOUT_MAX)


def _strings(answer: Iterable[object]) -> list[str]:
    """The strings of a provider's answer (run on the worker: reading it may take time too).
    A string or bytes alone is no list of values."""
    if isinstance(answer, (str, bytes)):
        return []
    return [item for item in itertools.islice(answer, _MOST_READ) if isinstance(item, str)]


class _Call:
    """One call handed to a worker, and its result once it has one."""

    __slots__ = ("finished", "function", "result")

    def __init__(self, function: Callable[[], list[str]]) -> None:
        self.function = function
        self.finished = threading.Event()
        self.result: list[str] | None = None


class _Workers:
    """A few daemon threads, started as calls need them, that run calls and never block exit."""

    def __init__(self, count: int) -> None:
        self._count = count
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._calls: queue.SimpleQueue[_Call] = queue.SimpleQueue()
        self._started = 0
        self._running = 0  # calls handed over and not yet returned, late ones included

    def call(self, function: Callable[[], list[str]], seconds: float) -> list[str] | None:
        """`function()` on a worker, if it returns within `seconds`; else None."""
        with self._lock:
            if self._running == self._count:
                return None
            # As many threads as calls running: one is free for every call handed over.
            if self._started == self._running:
                try:
                    worker = threading.Thread(target=self._work, name="querydsl-values")
                    worker.daemon = True  # a stuck provider never keeps the process from exiting
                    worker.start()
                except RuntimeError:  # no thread to be had: no values this time
                    return None
                self._started += 1
            self._running += 1
        handed = _Call(function)
        self._calls.put(handed)
        return handed.result if handed.finished.wait(seconds) else None

    def _work(self) -> None:
        while True:
            handed = self._calls.get()
            try:
                handed.result = handed.function()
            except BaseException:  # the provider's failure (even sys.exit) is no values
                handed.result = None
            with self._lock:
                self._running -= 1
            handed.finished.set()


_POOL = _Workers(WORKERS)
# A forked child has none of its parent's threads: it starts its own.
os.register_at_fork(after_in_child=_POOL._reset)
