"""ValueType, the base class of every value type, and the registry its subclasses join.

Subclassing `ValueType` with a `name` registers the type; the lookups find it by name
(`value_type`, `TYPES`, `every_type`) or by the Python values it writes (`type_of_value`,
`format_value`). The built-in types register in `builtin.py` and `enumerated.py` beside this
module, which importing the package `querydsl.language.types` always runs first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, tzinfo
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, cast

from querydsl.language.ast import Method, Value

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

_EQ, _IN, _LIKE, _BETWEEN = Method.EQ, Method.IN, Method.LIKE, Method.BETWEEN

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
        return iter((ValueType.STRING, ValueType.NUMBER, ValueType.DATETIME, ValueType.BOOLEAN))


class ValueType(metaclass=_Registered):
    """The kind of value a field holds; subclass it with a `name` to add a type.

    Class attributes say what a type is; methods say how its values are read and written. A type
    with parameters (`EnumType("a", "b")`) sets `takes_parameters` and keeps them on its instance.

    >>> FieldType("number") is FieldType.NUMBER, [kind.name for kind in FieldType]
    (True, ['string', 'number', 'datetime', 'boolean'])
    >>> from decimal import Decimal
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
        for a quoted one, ...), `text` as written (unquoted). Raises ValueProblem, and nothing
        else: it runs as the text is read, before the rest is known to parse, and may run twice
        for one token, so it must be a pure function of its arguments."""
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

    >>> from decimal import Decimal
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

    >>> from datetime import UTC
    >>> from decimal import Decimal
    >>> [format_value(v) for v in (True, Decimal("10.50"), datetime(2018, 1, 1, tzinfo=UTC))]
    ['true', '10.5', '2018-01-01T00:00:00Z']
    """
    writer = _WRITERS.get(type(value))
    return (writer or type_of_value(value)).format(value)
