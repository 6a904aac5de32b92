"""Reading a field from a record, and its value as one exact Python type per field type.

A record is a mapping (a field is its key) or any other object (a field is its attribute); a dotted
name walks nested ones, each step by what it meets. A missing field reads as None. What a value
may be (SPEC 9) follows the Python type of the field type's values: `str` (an enum's too); `int` or
finite `Decimal`; aware `datetime`; `bool`; an instance of a type's own `python_type`; or None.
Subclasses become their base type here (a `str` subclass's `__eq__` is never asked), so the
predicate only ever compares exact types; anything else raises `BadValue`, which the caller turns
into a `SchemaError` at the record's pointer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Any, TypeAlias, cast

from querydsl.language.types import ValueType

#: A value as the predicate compares it: exact str, int, finite Decimal, UTC datetime or an
#: instant past what one holds, bool; None for missing.
Normal: TypeAlias = "str | int | Decimal | datetime | FarInstant | bool | None"


class BadValue(Exception):
    """A value that is not of its field's type (or could not be read): what the record says."""

    def __init__(self, message: str, hint: str | None = None, code: str = "invalid_shape") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code  # invalid_shape: another type; invalid_value: the type, but unusable


# Types known not to be mappings, so that reading a field from one skips the costly ABC check.
# Capped: a program that makes classes on the fly must not grow it without end.
PLAIN_TYPES: set[type] = set()
PLAIN_TYPES_CAP = 256


def is_plain(record: object) -> bool:
    """Whether fields of `record` are its attributes (it is no Mapping).

    >>> is_plain({"amount": 5}), is_plain(object())
    (False, True)
    """
    kind = type(record)
    if kind in PLAIN_TYPES:
        return True
    if kind is dict:
        return False
    if isinstance(record, Mapping):
        return False
    if len(PLAIN_TYPES) < PLAIN_TYPES_CAP:
        PLAIN_TYPES.add(kind)
    return True


def read(record: object, parts: tuple[str, ...]) -> object:
    """The value at the dotted name's `parts` in `record`, None when any step is missing.

    >>> read({"customer": {"email": "a@b.kz"}}, ("customer", "email")), read({}, ("amount",))
    ('a@b.kz', None)
    """
    value = record
    for part in parts:
        if value is None:
            return None
        try:
            # a mapping's own get: `[]` would make a defaultdict add the key
            value = getattr(value, part, None) if is_plain(value) else value.get(part)  # type: ignore[attr-defined]
        except Exception as error:  # a hostile record: whatever it raised, no value
            message = f"could not be read: reading it from {kind_of(value)} raised {kind_of(error)}"
            raise BadValue(message) from None
    return value


# ---- one exact type per field type ------------------------------------------------------------

#: Past this magnitude an int is turned into a Decimal once, exactly, rather than by every
#: comparison with a Decimal (which costs quadratic time in its digits).
HUGE = 2**256
# Enough precision that no operation on an int's digits ever rounds.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def exact_decimal(number: int) -> Decimal:
    """`Decimal(number)` in time near-linear in its digits (halves, then one multiplication).

    >>> exact_decimal(3**1000) == Decimal(3**1000)
    True
    """
    if -HUGE < number < HUGE:
        return Decimal(number)
    if number < 0:
        return -exact_decimal(-number)
    half = number.bit_length() // 2
    high, low = number >> half, number & ((1 << half) - 1)
    return _EXACT.add(
        _EXACT.multiply(exact_decimal(high), _EXACT.power(2, half)), exact_decimal(low)
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class FarInstant:
    """An instant a UTC datetime cannot hold: an aware datetime within a day of year 1 or 9999
    whose offset moves it past either end. Compares with UTC datetimes by instant."""

    __slots__ = ("since_epoch",)
    #: Where the predicate finds the constants to compare it with: in UTC, as they are.
    tzinfo = UTC

    def __init__(self, since_epoch: timedelta) -> None:
        self.since_epoch = since_epoch

    @staticmethod
    def _since_epoch(other: object) -> timedelta | None:
        if isinstance(other, FarInstant):
            return other.since_epoch
        if isinstance(other, datetime):
            return other - _EPOCH
        return None

    def __eq__(self, other: object) -> bool:
        theirs = self._since_epoch(other)
        return theirs is not None and self.since_epoch == theirs

    def __hash__(self) -> int:
        return hash(self.since_epoch)

    def __lt__(self, other: object) -> bool:
        return self.since_epoch < self._comparable(other)

    def __le__(self, other: object) -> bool:
        return self.since_epoch <= self._comparable(other)

    def __gt__(self, other: object) -> bool:
        return self.since_epoch > self._comparable(other)

    def __ge__(self, other: object) -> bool:
        return self.since_epoch >= self._comparable(other)

    def _comparable(self, other: object) -> timedelta:
        theirs = self._since_epoch(other)
        if theirs is None:
            raise TypeError(f"an instant does not compare with {kind_of(other)}")
        return theirs

    def __repr__(self) -> str:
        return f"FarInstant({self.since_epoch!r})"


def as_string(value: object) -> str | None:
    """A string field's value: a `str` (a subclass's text as a plain `str`), or None."""
    if value is None:
        return None
    # By type(), not isinstance(): an object's `__class__` may claim to be a str.
    if issubclass(type(value), str):
        return str.__str__(cast(str, value))
    raise _wrong_type(value, "a string field takes a str")


def as_number(value: object) -> int | Decimal | None:
    """A number field's value: an `int` (not a bool) or a finite `Decimal`, or None."""
    if value is None:
        return None
    kind = type(value)
    if issubclass(kind, int) and kind is not bool:
        number = int.__int__(cast(int, value))
        return number if -HUGE < number < HUGE else exact_decimal(number)
    if issubclass(kind, Decimal):
        decimal = Decimal(cast(Decimal, value))  # a subclass's digits, as a Decimal
        if not decimal.is_finite():
            raise BadValue(
                f"is {decimal!r}; a number field takes a finite number", code="invalid_value"
            )
        return decimal
    if kind is float:
        raise BadValue(
            "is a float; a number field takes an int or a Decimal (a float is not exact)",
            "store amounts as Decimal: json.loads(text, parse_float=Decimal)",
        )
    raise _wrong_type(value, "a number field takes an int or a Decimal")


def as_instant(value: object) -> datetime | FarInstant | None:
    """A datetime field's value as a UTC datetime (or a FarInstant), or None; naive is an error."""
    if value is None:
        return None
    if not issubclass(type(value), datetime):
        raise _wrong_type(value, "a datetime field takes an aware datetime")
    moment = cast(datetime, value)
    try:
        offset = datetime.utcoffset(moment)
        local = datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute,
                         moment.second, moment.microsecond)  # fmt: skip
    except Exception as error:  # a time zone or a subclass that fails
        raise BadValue(f"could not be read: its datetime raised {kind_of(error)}") from None
    if offset is None:
        raise BadValue(
            "is a naive datetime; a datetime field takes an aware one",
            "give it a time zone: value.replace(tzinfo=...)",
            "invalid_value",
        )
    try:
        return (local - offset).replace(tzinfo=UTC)
    except OverflowError:
        return FarInstant(local - _EPOCH.replace(tzinfo=None) - offset)


def as_boolean(value: object) -> bool | None:
    """A boolean field's value: a `bool`, or None."""
    if value is None or type(value) is bool:
        return value
    raise _wrong_type(value, "a boolean field takes a bool")


# How a value becomes what the predicate compares, by the Python type of the field type's values.
_NORMALIZE: dict[type, Callable[[object], Any]] = {
    str: as_string,
    Decimal: as_number,
    datetime: as_instant,
    bool: as_boolean,
}


def normalizer(field_type: ValueType) -> Callable[[object], Any]:
    """The function that gives a record's value of a field of `field_type` as the predicate
    compares it: by the Python type of the type's values (an enum's values are `str`); a type of
    one's own takes instances of its `python_type` as they are.

    >>> from querydsl.language.types import EnumType
    >>> normalizer(EnumType("successful", "failed")) is as_string
    True
    """
    found = _NORMALIZE.get(field_type.python_type)
    return found if found is not None else _instances_of(field_type)


def _instances_of(field_type: ValueType) -> Callable[[object], Any]:
    kind = field_type.python_type
    takes = f"{_with_article(field_type.name)} field takes {field_type.python_noun}"

    def normalize(value: object) -> object:
        if value is None or issubclass(type(value), kind):  # type(): `__class__` may pretend
            return value
        raise _wrong_type(value, takes)

    return normalize


def _wrong_type(value: object, takes: str) -> BadValue:
    return BadValue(f"is {kind_of(value)}; {takes}")


# The name of a class as `type` holds it: a metaclass cannot answer for it.
_TYPE_NAME = type.__dict__["__name__"]


def kind_of(value: object) -> str:
    """`a str`, `an int`: the type of a value, for a message (a hostile type's name cut short)."""
    return _with_article(_TYPE_NAME.__get__(type(value))[:40])


def _with_article(name: str) -> str:
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name
