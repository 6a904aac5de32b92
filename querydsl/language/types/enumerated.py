"""EnumType: a value type with parameters, one of a fixed set of strings.

>>> from datetime import UTC, datetime
>>> status = EnumType("successful", "failed")
>>> status.read("WORD", "Successful", UTC, datetime.now(UTC))
'successful'
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from querydsl.carddata.redact import shown
from querydsl.language.ast import Method, Value
from querydsl.language.lexer import FORBIDDEN
from querydsl.language.types.registry import ValueType
from querydsl.language.values import ValueProblem

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class EnumType(ValueType):
    """One of a fixed set of strings: `EnumType("successful", "failed", "pending")`.

    Methods `=` and `in`. Text may write a value in any case (`Successful`) and it reads as listed;
    a payload writes it exactly as listed. An unknown value is `invalid_value`, with a did-you-mean
    hint when one is close.

    >>> from datetime import UTC, datetime
    >>> status = EnumType("successful", "failed")
    >>> status.read("WORD", "sucessful", UTC, datetime.now(UTC))
    Traceback (most recent call last):
    querydsl.language.values.ValueProblem: 'sucessful' is not one of successful, failed
    """

    name = "enum"
    methods = frozenset({Method.EQ, Method.IN})
    python_type = str
    quotable = True
    takes_parameters = True

    def __init__(self, *values: str) -> None:
        if not values:
            raise ValueError("an enum type needs at least one value")
        by_key: dict[str, str] = {}
        for value in values:
            if not isinstance(value, str) or not value or FORBIDDEN.search(value):
                raise ValueError(f"{value!r} cannot be an enum value: a query could not write it")
            plain = str.__str__(value)  # a StrEnum member's text
            if plain.casefold() in by_key:
                twin = by_key[plain.casefold()]
                raise ValueError(f"the enum values {twin!r} and {plain!r} differ only in case")
            by_key[plain.casefold()] = plain
        self.values: tuple[str, ...] = tuple(by_key.values())
        self._by_key = by_key
        self._listed = frozenset(self.values)
        self.noun = "one of " + ", ".join(self.values)
        self.python_noun = f"a str, {self.noun}"
        self.suggestions = tuple((value, "enum") for value in self.values)

    def __repr__(self) -> str:
        return f"EnumType({', '.join(map(repr, self.values))})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EnumType) and other.values == self.values

    def __hash__(self) -> int:
        return hash(self.values)

    def read(self, kind: str, text: str, zone: tzinfo, now: datetime) -> str:
        value = self._by_key.get(text.casefold())
        if value is None:
            raise self._unknown(text)
        return value

    def from_payload(self, text: str) -> str:
        if text not in self._listed:
            raise self._unknown(text)
        return text

    def _unknown(self, text: str) -> ValueProblem:
        close = self._by_key.get(text.casefold())  # a payload must write the case as listed
        if close is None:
            from difflib import get_close_matches  # only for a value that is wrong

            found = get_close_matches(text.casefold(), list(self._by_key), n=1)
            close = self._by_key[found[0]] if found else None
        hint = f"did you mean {close!r}?" if close is not None else None
        return ValueProblem(f"{shown(text)} is not {self.noun}", hint)

    def format(self, value: Any) -> str:
        return str.__str__(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}

    def accepts(self, value: object) -> bool:
        return isinstance(value, str) and value in self._listed

    def strategy(self, *, like: bool = False) -> SearchStrategy[Value]:
        from hypothesis import strategies as st

        return st.sampled_from(self.values)
