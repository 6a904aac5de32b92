"""Secrets out of what a client says: the values it must never show, masked in any text.

A server may echo what it was sent (a password in "invalid password 'hunter2'"); every message a
client builds from an answer goes through `Secrets.scrub`, card numbers masked too.
"""

from __future__ import annotations

from collections.abc import Iterable

from querydsl.carddata.redact import redact_text

HIDDEN = "***"
#: How many tokens one holder remembers besides the credentials it was made with.
_KEPT = 16


class Secrets:
    """The secret values of one client, to mask in the texts it shows.

    >>> secrets = Secrets(["hunter2"])
    >>> secrets.add("f2288c2b-1d08")
    >>> secrets.scrub("token f2288c2b-1d08 for hunter2, card 4111 1111 1111 1111")
    'token *** for ***, card 4111 11** **** 1111'
    >>> secrets
    Secrets(2 values)
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._kept = [value for value in values if value]  # the credentials: always
        self._recent: list[str] = []  # tokens: the last _KEPT

    def add(self, value: str | None) -> None:
        """Remember a secret such as a token (an empty one hides nothing)."""
        if value and value not in self._kept and value not in self._recent:
            self._recent.append(value)
            del self._recent[:-_KEPT]

    def scrub(self, text: str) -> str:
        """The text with every secret hidden (the longest first: one may hold another) and card
        numbers masked."""
        for value in sorted([*self._kept, *self._recent], key=len, reverse=True):
            text = text.replace(value, HIDDEN)
        return redact_text(text)

    def __repr__(self) -> str:
        return f"Secrets({len(self._kept) + len(self._recent)} values)"
