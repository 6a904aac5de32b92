"""Value types: one class per kind of value a field holds, registered by its name.

A type says everything the library needs to know about its values, in one place: the methods it
takes, how a token of the text becomes a value (`read`) and how a payload's string does
(`from_payload`), how a value is written (`format`: the payload's string and, quoted if it would not
read back bare, the canonical text), its Python type, its JSON Schema, what completion suggests, its
noun in messages and its words in `explain`. Subclassing `ValueType` with a `name` registers the
type: a schema may then name it (`Field("addr", "ip")`), and nothing else changes.

>>> FieldType.NUMBER.read("WORD", "10.50", UTC, datetime.now(UTC))
Decimal('10.50')
>>> status = EnumType("successful", "failed")
>>> status.read("WORD", "Successful", UTC, datetime.now(UTC))
'successful'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, cast

from querydsl.carddata.redact import shown
from querydsl.language.ast import Method, Value
from querydsl.language.lexer import FORBIDDEN
from querydsl.language.values import (
    DATE,
    DATETIME,
    MAX_NUMBER_DIGITS,
    Relative,
    ValueProblem,
    digits_written,
    format_datetime,
    format_number,
    get_zone,
    parse_boolean,
    parse_datetime,
    parse_number,
)

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

_EQ, _IN, _LIKE, _BETWEEN = Method.EQ, Method.IN, Method.LIKE, Method.BETWEEN
_ORDERED = frozenset({Method.LT, Method.GT, Method.LE, Method.GE})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # payload datetimes are absolute: no clock needed

#: Every registered type by its name ("string" -> StringType), in the order they registered.
_REGISTRY: dict[str, type[ValueType]] = {}
#: The one instance of each type that takes no parameters.
_SINGLES: dict[type[ValueType], ValueType] = {}
#: Those of the registered types, in the order they registered.
_EVERY: list[ValueType] = []
#: The type that writes each Python type of value: the first registered for it.
_WRITERS: dict[type, ValueType] = {}


class _Registered(type):
    """The metaclass of value types: it keeps one instance of each type without parameters, so
    that `field.type is FieldType.BOOLEAN` holds however the type was named; and it lets
    `FieldType` still act as the enum it once was (iteration, `FieldType("string")`)."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls is ValueType:  # FieldType("string"), as the enum answered it
            return value_type(*args, **kwargs)
        kind = cast("type[ValueType]", cls)
        if args or kwargs or kind.takes_parameters:
            return super().__call__(*args, **kwargs)
        one = _SINGLES.get(kind)
        if one is None:
            one = _SINGLES[kind] = super().__call__()
        return one

    def __iter__(cls) -> Iterator[ValueType]:
        """The four built-in types, in the order the enum FieldType listed them."""
        return iter(_BUILT_IN)


class ValueType(metaclass=_Registered):
    """The kind of value a field holds; subclass it with a `name` to add a type.

    Class attributes say what a type is; methods say how its values are read and written. A type
    with parameters (`EnumType("a", "b")`) sets `takes_parameters` and keeps them on its instance.

    >>> FieldType("number") is FieldType.NUMBER, [kind.name for kind in FieldType]
    (True, ['string', 'number', 'datetime', 'boolean'])
    >>> FieldType.NUMBER.format(Decimal("10.50")), FieldType.BOOLEAN.noun
    ('10.5', 'true or false')
    """

    #: How a schema names the type (`Field("total", "number")`); the registry's key.
    name: ClassVar[str]
    #: What a field of the type holds, in a message: "a number", "a date or time".
    noun: str = "a value"
    #: The methods a field of the type takes.
    methods: frozenset[Method] = frozenset({_EQ, _IN})
    #: The Python type of its values in a checked query (and of a record's value, SPEC 9).
    python_type: ClassVar[type] = object
    #: What a hand-built query's value must be, in a message ("a bool").
    python_noun: str = "a value"
    #: Whether a quoted token may be a value (a string's is; a number's is not: `"5"` is text).
    quotable: ClassVar[bool] = False
    #: Whether a value's canonical text always reads back as one bare word (no quotes needed).
    bare: ClassVar[bool] = False
    #: Values completion offers where one may stand, as (text, detail) pairs.
    suggestions: tuple[tuple[str, str], ...] = ()
    #: How `explain` says an order by a field of the type: (ascending, descending).
    order_words: ClassVar[tuple[str, str]] = ("ascending", "descending")
    #: The operators completion offers after a field of the type, best first, as (text, detail)
    #: pairs; by default each of its methods', in plain words.
    operators: ClassVar[tuple[tuple[str, str], ...]] = ()
    #: Whether the type keeps parameters on its instances (then it has no single instance).
    takes_parameters: ClassVar[bool] = False

    # The built-in types, under the names the enum FieldType gave them.
    STRING: ClassVar[ValueType]
    NUMBER: ClassVar[ValueType]
    DATETIME: ClassVar[ValueType]
    BOOLEAN: ClassVar[ValueType]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("name")
        if name is None:  # a base for other types, not a type of its own
            return
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"a value type's name is a word, not {name!r}")
        if name in _REGISTRY:
            raise ValueError(f"a value type named {name!r} is registered already")
        if cls.python_type is object:
            raise ValueError(f"the value type {name!r} must say its values' python_type")
        if cls.read is ValueType.read or cls.from_payload is ValueType.from_payload:
            raise ValueError(f"the value type {name!r} must define read and from_payload")
        _REGISTRY[name] = cls
        if "operators" not in cls.__dict__:
            cls.operators = _operators(cls.methods)
        if not cls.takes_parameters:
            one = cls()
            _EVERY.append(one)
            _WRITERS.setdefault(cls.python_type, one)

    @property
    def value(self) -> str:
        """The type's name, as `FieldType.STRING.value` gave it."""
        return self.name

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # ---- reading -------------------------------------------------------------------------

    def read(self, kind: str, text: str, zone: tzinfo, now: datetime) -> Value:
        """The value a token stands for: `kind` is its terminal (`WORD`, `DATETIME`, `STRING`
        for a quoted one, ...), `text` as written (unquoted). Raises ValueProblem."""
        raise NotImplementedError(f"{type(self).__name__} reads no tokens")

    def from_payload(self, text: str) -> Value:
        """The value a payload's `searchParameter` string stands for. Raises ValueProblem."""
        raise NotImplementedError(f"{type(self).__name__} reads no payload strings")

    # ---- writing -------------------------------------------------------------------------

    def format(self, value: Any) -> str:
        """A value's canonical string: what the payload carries and canonical text writes."""
        return str(value)

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema of one of its payload strings."""
        return {"type": "string"}

    # ---- Python values -------------------------------------------------------------------

    def accepts(self, value: object) -> bool:
        """Whether a hand-built query's value is one of this type's (what parsing could give)."""
        return isinstance(value, self.python_type)

    def strategy(self, *, like: bool = False) -> SearchStrategy[Value]:
        """Hypothesis values of the type (with `like`, strings holding a `%`)."""
        raise NotImplementedError(f"{type(self).__name__} has no hypothesis strategy")


# Every operator a type may take, in the words of a type that says nothing more.
_OPERATOR_WORDS = (
    ("=", _EQ, "equals"),
    (">=", Method.GE, "at least"),
    ("<=", Method.LE, "at most"),
    (">", Method.GT, "more than"),
    ("<", Method.LT, "less than"),
    ("between", _BETWEEN, "in a range: between a..b"),
    ("in", _IN, "one of a list: in (a, b)"),
    ("like", _LIKE, "matches a pattern with % wildcards"),
)


def _operators(methods: frozenset[Method]) -> tuple[tuple[str, str], ...]:
    """The operators of a type that names none: each its methods allow, in plain words."""
    found = [(text, detail) for text, method, detail in _OPERATOR_WORDS if method in methods]
    if _EQ in methods:
        found.append(
            (":", "equals, or a range with a..b" if _BETWEEN in methods else "equals (shorthand)")
        )
    return tuple(found)


#: ValueType under the name it had as an enum: `FieldType.STRING`, `for kind in FieldType`.
FieldType = ValueType


def value_type(spec: ValueType | str) -> ValueType:
    """A field's type from itself or its name; ValueError for a name no type registered.

    >>> value_type("number") is FieldType.NUMBER
    True
    """
    if isinstance(spec, ValueType):
        return spec
    kind = _REGISTRY.get(spec) if isinstance(spec, str) else None
    if kind is None:
        names = ", ".join(_REGISTRY)
        raise ValueError(f"{spec!r} is not a valid FieldType; the types are {names}")
    if kind.takes_parameters:
        raise ValueError(f"the {spec} type takes parameters: write {kind.__name__}(...)")
    return kind()


def every_type() -> tuple[ValueType, ...]:
    """The registered types without parameters, in the order they registered.

    >>> [kind.name for kind in every_type()][:4]
    ['string', 'number', 'datetime', 'boolean']
    """
    return tuple(_EVERY)


#: The registered types by name, read-only.
TYPES: Mapping[str, type[ValueType]] = MappingProxyType(_REGISTRY)


def type_of_value(value: object) -> ValueType:
    """The type that writes a Python value: the first registered for its class (or a base).

    >>> type_of_value(Decimal("1")) is FieldType.NUMBER
    True
    """
    writer = _WRITERS.get(type(value))
    if writer is None:
        writer = next((_WRITERS[base] for base in type(value).__mro__ if base in _WRITERS), None)
    if writer is None:
        raise TypeError(f"no value type writes {type(value).__name__}")
    return writer


def format_value(value: Value) -> str:
    """A typed value's canonical string: what the payload carries and canonical text writes.

    >>> [format_value(v) for v in (True, Decimal("10.50"), datetime(2018, 1, 1, tzinfo=UTC))]
    ['true', '10.5', '2018-01-01T00:00:00Z']
    """
    writer = _WRITERS.get(type(value))
    return (writer or type_of_value(value)).format(value)


# ---- the built-in types ---------------------------------------------------------------------


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


class EnumType(ValueType):
    """One of a fixed set of strings: `EnumType("successful", "failed", "pending")`.

    Methods `=` and `in`. Text may write a value in any case (`Successful`) and it reads as listed;
    a payload writes it exactly as listed. An unknown value is `invalid_value`, with a did-you-mean
    hint when one is close.

    >>> status = EnumType("successful", "failed")
    >>> status.read("WORD", "sucessful", UTC, datetime.now(UTC))
    Traceback (most recent call last):
    querydsl.language.values.ValueProblem: 'sucessful' is not one of successful, failed
    """

    name = "enum"
    methods = frozenset({_EQ, _IN})
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


_BUILT_IN: tuple[ValueType, ...] = (StringType(), NumberType(), DatetimeType(), BooleanType())
ValueType.STRING, ValueType.NUMBER, ValueType.DATETIME, ValueType.BOOLEAN = _BUILT_IN
