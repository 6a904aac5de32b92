"""A bounded, thread-safe memo of results by text and options: a search box repeats itself."""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from querydsl.homebank.compiler import FrozenPayload
from querydsl.language.ast import And, Condition, Not, Or, Query

# What an entry holds besides its text, from above (measured with tracemalloc on CPython 3.11):
# the key tuple and the dict slots; each condition of a Query (its node, spans and tuples) or
# search parameter of a payload; each value of a Query (a Decimal, string or datetime and its
# span) or of a payload (a string); each diagnostic.
_ENTRY, _CONDITION, _DIAGNOSTIC = 600, 800, 500
_QUERY_VALUE, _PAYLOAD_VALUE = 250, 100
# A result copies at most twice its text's characters (a date is written out as a datetime).
_TEXT_COPIES = 3


def uses_clock(text: str) -> bool:
    """Whether `text` may hold a relative time (conservatively: the word appears anywhere).

    Text naming the clock gives another result as time goes on, so it is remembered only
    for a fixed `now`.
    """
    lowered = text.lower()
    return "now" in lowered or "today" in lowered or "yesterday" in lowered


def footprint(text: str, result: object) -> int:
    """The bytes an entry for `text` holds, estimated from above without measuring objects:
    the text (in the key and in the values copied from it) and the parts of the result.

    >>> footprint("amount > 5", FrozenPayload({"searchParameters": [], "orderParameters": []}))
    777
    """
    parts = 0
    if isinstance(result, Query):
        conditions, values = _count(result)
        parts = conditions * _CONDITION + values * _QUERY_VALUE
    elif isinstance(result, FrozenPayload):
        parts = sum(_CONDITION + len(values) * _PAYLOAD_VALUE for _, values in result.parameters)
    elif isinstance(result, tuple):  # diagnostics: their quotes are cut short (errors.quoted)
        parts = len(result) * _DIAGNOSTIC
    return _ENTRY + _TEXT_COPIES * sys.getsizeof(text) + parts


def _count(query: Query) -> tuple[int, int]:
    """(conditions, values) of a query, without recursion."""
    conditions = values = 0
    stack = [] if query.filter is None else [query.filter]
    while stack:
        node = stack.pop()
        if isinstance(node, Condition):
            conditions += 1
            values += len(node.values)
        elif isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, (And, Or)):
            stack.extend(node.operands)
    return conditions + len(query.order), values


class Memo:
    """Remembers up to `size` results holding up to `budget` bytes; the oldest entry goes first.

    Each `put` says what its entry costs (`footprint`); an entry costing more than the whole
    budget is not kept. Reads take no lock (a lookup is atomic in CPython); writes do. An
    OrderedDict, because dropping the oldest entry of a plain dict means stepping over every
    slot freed before it.

    >>> memo = Memo(2)
    >>> memo.put("a", 1); memo.put("b", 2); memo.put("c", 3)
    >>> memo.get("a") is None, memo.get("c")
    (True, 3)
    >>> memo = Memo(budget=100)
    >>> memo.put("a", 1, cost=60); memo.put("b", 2, cost=60); memo.put("c", 3, cost=101)
    >>> memo.get("a"), memo.get("b"), memo.get("c"), memo.held
    (None, 2, None, 60)
    """

    def __init__(self, size: int = 4096, budget: int = 32 * 2**20) -> None:
        self.size, self.budget = size, budget
        #: The bytes the entries hold, as their costs add up.
        self.held = 0
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._costs: dict[Hashable, int] = {}  # apart from the values: a hit reads only those
        self._lock = threading.Lock()
        #: The remembered result, or None; TypeError for a key that cannot be hashed. The dict's
        #: own method: a hit is the hot path of a search box, and a Python call would double it.
        self.get: Callable[[Hashable], Any] = self._entries.get

    def put(self, key: Hashable, value: Any, cost: int = 0) -> None:
        """Remember `value` under `key`, forgetting the oldest entries until it fits.

        `cost` is what the entry holds, in bytes; one costing more than the budget is not kept.
        """
        if cost > self.budget:
            return
        with self._lock:
            entries, costs = self._entries, self._costs
            count = len(entries)
            try:
                entries[key] = value
            except TypeError:  # a key that cannot be hashed is never kept
                return
            # Each look-up hashes the key anew (a tuple keeps no hash): no more than needed.
            if len(entries) == count:  # a key kept already: its new cost replaces the old one
                self.held -= costs[key]
            costs[key] = cost
            self.held += cost
            while len(entries) > self.size or self.held > self.budget:
                oldest, _ = entries.popitem(last=False)
                self.held -= costs.pop(oldest)

    def values(self) -> list[Any]:
        """What is remembered, oldest first (a copy)."""
        with self._lock:
            return list(self._entries.values())

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
            self._costs.clear()
            self.held = 0


class Seen:
    """The keys that came lately, kept as their hashes: whether a key came before, without
    holding the key (its text) or an entry for it in a Memo.

    Up to about `size` keys are remembered; past that, the older half is forgotten at once.
    Two keys of one hash count as one (a payload is then kept a call early: no harm).

    >>> seen = Seen(4)
    >>> seen.first_time(("amount > 5", None)), seen.first_time(("amount > 5", None))
    (True, False)
    """

    def __init__(self, size: int = 4096) -> None:
        self.half = max(size // 2, 1)
        self._recent: set[int] = set()
        self._older: set[int] = set()

    def first_time(self, key: Hashable) -> bool:
        """Whether `key` comes for the first time (as far as this remembers); from now on it
        has come. TypeError for a key that cannot be hashed."""
        number = hash(key)
        if number in self._recent or number in self._older:
            return False
        if len(self._recent) >= self.half:  # one set for each half: forgetting is a swap
            self._older, self._recent = self._recent, set()
        self._recent.add(number)
        return True

    def clear(self) -> None:
        """Forget every key."""
        self._recent, self._older = set(), set()
