"""The four built-in value types of SPEC 1.4: string, number, datetime and boolean.

>>> from datetime import UTC, datetime
>>> NumberType().read("WORD", "10.50", UTC, datetime.now(UTC))
Decimal('10.50')
>>> NumberType() is ValueType.NUMBER, BooleanType().format(True), list(ValueType) == [
...     StringType(), NumberType(), DatetimeType(), BooleanType()]
(True, 'true', True)
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from querydsl.carddata.redact import shown
from querydsl.language.ast import Method, Value
from querydsl.language.datetimes import DATE, DATETIME, Relative, format_datetime, parse_datetime
from querydsl.language.types.registry import _WRITERS, ValueType
from querydsl.language.values import (
    MAX_NUMBER_DIGITS,
    ValueProblem,
    digits_written,
    format_number,
    get_zone,
    parse_boolean,
    parse_number,
)

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

_EQ, _IN, _LIKE, _BETWEEN = Method.EQ, Method.IN, Method.LIKE, Method.BETWEEN
_ORDERED = frozenset({Method.LT, Method.GT, Method.LE, Method.GE})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # payload datetimes are absolute: no clock needed


class StringType(ValueType):
    """Text: any token, exactly as written (quotes removed)."""

    name = "string"
    noun = "text"
    methods = frozenset({_EQ, _IN, _LIKE})
    python_type = str
    python_noun = "a str"
    quotable = True
    operators = (
        ("=", "equals"),
        ("like", "matches a pattern with % wildcards"),
        ("in", "one of a list: in (a, b)"),
        (":", "equals (shorthand)"),
    )

    def read(self, kind: str, text: str, zone: tzinfo, now: datetime) -> str:
        return text

    def from_payload(self, text: str) -> str:
        return text

    def format(self, value: Any) -> str:
        return str.__str__(value)

    def strategy(self, *, like: bool = False) -> SearchStrategy[Value]:
        from hypothesis import strategies as st

        text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
        if like:
            return st.tuples(text, text).map(lambda parts: parts[0] + "%" + parts[1])
        return text


class NumberType(ValueType):
    """An exact decimal: `-?[0-9]+(\\.[0-9]+)?`, written without exponent or trailing zeros."""

    name = "number"
    noun = "a number"
    methods = frozenset({_EQ, _IN, _BETWEEN, *_ORDERED})
    python_type = Decimal
    python_noun = f"a finite Decimal of at most {MAX_NUMBER_DIGITS} digits written out"
    bare = True
    order_words = ("smallest first", "largest first")
    operators = (
        ("=", "equals"),
        (">=", "at least"),
        ("<=", "at most"),
        (">", "more than"),
        ("<", "less than"),
        ("between", "in a range: between a..b"),
        ("in", "one of a list: in (a, b)"),
        (":", "equals, or a range with a..b"),
    )

    def read(self, kind: str, text: str, zone: tzinfo, now: datetime) -> Decimal:
        if kind != "WORD":
            raise ValueProblem(f"{shown(text)} is not a number")
        return parse_number(text)

    def from_payload(self, text: str) -> Decimal:
        return parse_number(text)

    format = staticmethod(format_number)

    def json_schema(self) -> dict[str, Any]:
        return _pattern(r"^-?[0-9]+(\.[0-9]+)?$")

    def accepts(self, value: object) -> bool:
        return (
            isinstance(value, Decimal)
            and value.is_finite()
            and digits_written(value) <= MAX_NUMBER_DIGITS
        )

    def strategy(self, *, like: bool = False) -> SearchStrategy[Value]:
        from hypothesis import strategies as st

        return st.one_of(
            st.integers(-(10**15), 10**15).map(Decimal),
            st.integers(0, 6).flatmap(
                lambda places: st.decimals(
                    min_value=-(10**9),
                    max_value=10**9,
                    places=places,
                    allow_nan=False,
                    allow_infinity=False,
                )
            ),
        )


# Portable patterns: anchors, classes and groups only (no lookaround), so that ECMA 262, RE2 and
# Python engines read them alike. What a pattern cannot say (Feb 30, year 0) validate_payload does.
_YEAR_TO_MINUTE = (
    "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]"
)
_FIRST_DAY = datetime(1, 1, 1)
_LAST_MOMENT = datetime(9999, 12, 31, 23, 59, 59, 999_999)


class DatetimeType(ValueType):
    """An instant: a date, a datetime or a relative time in text; a full datetime in a payload."""

    name = "datetime"
    noun = "a date or time"
    methods = frozenset({_EQ, _BETWEEN, *_ORDERED})
    python_type = datetime
    python_noun = "an aware datetime in the years 1 to 9999 in UTC"
    bare = True
    order_words = ("oldest first", "newest first")
    operators = (
        ("between", "in a period: between a..b"),
        (">=", "at or after"),
        ("<=", "at or before"),
        (">", "after"),
        ("<", "before"),
        ("=", "at exactly"),
        (":", "at, or a period with a..b"),
    )
    suggestions = (
        ("today", "midnight today"),
        ("yesterday", "midnight yesterday"),
        ("now", "this moment"),
        ("now-1h", "an hour ago"),
        ("now-7d", "7 days ago"),
        ("now-30d", "30 days ago"),
        ("today-1w", "midnight a week ago"),
    )

    def read(self, kind: str, text: str, zone: tzinfo, now: datetime) -> datetime | Relative:
        """An absolute instant, or a relative time kept as written (SPEC 1.6) once it is seen
        to stand for an instant at `now`."""
        if kind != "WORD" and kind != "DATETIME":
            raise ValueProblem(f"{shown(text)} is not a date or time")
        instant = parse_datetime(text, zone, now)
        if kind == "WORD" and not "0" <= text[0] <= "9":  # a date is no relative time
            relative = Relative.read(text, zone)
            if relative is not None:
                return relative.read_at(now, instant)
        return instant

    def from_payload(self, text: str) -> datetime:
        """A full datetime with `Z` or an offset, as the compiler writes it; no dates, no `now`."""
        match = DATETIME.fullmatch(text)
        if match is None or match[8] is None:
            example = f"{text}T00:00:00Z" if DATE.fullmatch(text) else "2018-01-01T00:00:00Z"
            raise ValueProblem(
                f"{shown(text)} is not a datetime with a time zone",
                f"a payload needs a full datetime with Z or an offset, e.g. {example}",
            )
        return parse_datetime(text, UTC, _EPOCH)

    @staticmethod
    def format(value: datetime | Relative) -> str:
        """UTC `YYYY-MM-DDTHH:MM:SSZ`, or a relative time as it is kept (`now-7d`)."""
        return str(value) if type(value) is Relative else format_datetime(value)  # type: ignore[arg-type]

    def json_schema(self) -> dict[str, Any]:
        return _pattern(
            "^" + _YEAR_TO_MINUTE
            + r"(:[0-5][0-9](\.[0-9]{1,6})?)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
        )  # fmt: skip

    def accepts(self, value: object) -> bool:
        """Aware, and inside years 1 to 9999 in UTC, where the payload and the text write it
        (`9999-12-31T22:00-05:00` is year 10000 there); or a relative time in a known zone."""
        if type(value) is Relative:
            return _well_formed_relative(value)
        if not isinstance(value, datetime):
            return False
        try:
            if value.utcoffset() is None:
                return False
            value.astimezone(UTC)
        except (OverflowError, ValueError):  # past the years; or a tzinfo's offset out of range
            return False
        return True

    def strategy(self, *, like: bool = False) -> SearchStrategy[Value]:
        from hypothesis import strategies as st

        moments = st.datetimes(_FIRST_DAY, _LAST_MOMENT, timezones=st.just(UTC))
        return st.one_of(moments.map(lambda moment: moment.replace(microsecond=0)), moments)


def _well_formed_relative(value: Relative) -> bool:
    """Whether a (hand-built) relative time writes text that reads back as itself."""
    try:
        zone = get_zone(value.zone)
    except ValueProblem:
        return False
    read = Relative.read(str(value), zone) if type(value.amount) is int else None
    return read == value


_WRITERS[Relative] = _WRITERS[datetime]  # a relative time writes itself as a datetime field's value


class BooleanType(ValueType):
    """`true` or `false` (any case in text; exactly so in a payload)."""

    name = "boolean"
    noun = "true or false"
    methods = frozenset({_EQ})
    python_type = bool
    python_noun = "a bool"
    bare = True
    # `!=` comes after `=` where the target can say it (searchbox.complete asks the target).
    operators = (("=", "is"), (":", "is (shorthand)"))
    suggestions = (("true", "boolean"), ("false", "boolean"))

    def read(self, kind: str, text: str, zone: tzinfo, now: datetime) -> bool:
        return parse_boolean(text)  # only `true` and `false` tokens spell one

    def from_payload(self, text: str) -> bool:
        if text not in ("true", "false"):
            raise ValueProblem(f"{shown(text)} is not a boolean", 'write "true" or "false"')
        return text == "true"

    def format(self, value: Any) -> str:
        return "true" if value else "false"

    def json_schema(self) -> dict[str, Any]:
        return _pattern("^(true|false)$")

    def accepts(self, value: object) -> bool:
        return type(value) is bool

    def strategy(self, *, like: bool = False) -> SearchStrategy[Value]:
        from hypothesis import strategies as st

        return st.booleans()


def _pattern(pattern: str) -> dict[str, Any]:
    """A payload string matching `pattern`; Python's `$` also matches before a final newline,
    so `not` closes that door portably."""
    return {"type": "string", "pattern": pattern, "not": {"pattern": "\n"}}


_BUILT_IN: tuple[ValueType, ...] = (StringType(), NumberType(), DatetimeType(), BooleanType())
ValueType.STRING, ValueType.NUMBER, ValueType.DATETIME, ValueType.BOOLEAN = _BUILT_IN
