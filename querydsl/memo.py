"""A bounded, thread-safe memo of results by text and options: a search box repeats itself."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


def uses_clock(text: str) -> bool:
    """Whether `text` may hold a relative time (conservatively: the word appears anywhere).

    Text naming the clock gives another result as time goes on, so it is remembered only
    for a fixed `now`.
    """
    lowered = text.lower()
    return "now" in lowered or "today" in lowered or "yesterday" in lowered


class Memo:
    """Remembers up to `size` results; the oldest entry goes first when it is full.

    Reads take no lock (a lookup is atomic in CPython); writes do. An OrderedDict, because
    dropping the oldest entry of a plain dict means stepping over every slot freed before it.

    >>> memo = Memo(2)
    >>> memo.put("a", 1); memo.put("b", 2); memo.put("c", 3)
    >>> memo.get("a") is None, memo.get("c")
    (True, 3)
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        #: The remembered result, or None; TypeError for a key that cannot be hashed. The dict's
        #: own method: a hit is the hot path of a search box, and a Python call would double it.
        self.get: Callable[[Hashable], Any] = self._entries.get

    def put(self, key: Hashable, value: Any) -> None:
        """Remember `value` under `key`, forgetting the oldest entry when full."""
        try:
            hash(key)
        except TypeError:
            return
        with self._lock:
            entries = self._entries
            if key not in entries and len(entries) >= self.size:
                entries.popitem(last=False)
            entries[key] = value

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
