"""The valid payload's fast path: plain type checks over the whole shape, no pointers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from querydsl.homebank.schema import HOMEBANK, PERIOD_FIELD
from querydsl.language.ast import And, Condition, Direction, Method, Order, Query, Value
from querydsl.language.rules import MAX_PAGING, METHOD_ARITY, Limits, exceeded
from querydsl.language.schema import FieldType, Schema
from querydsl.language.values import MAX_NUMBER_DIGITS, NUMBER

# Field kinds and method arities as small ints: cheaper to branch on than enum members.
_STRING, _NUMBER, _DATETIME, _BOOLEAN = 0, 1, 2, 3
_KINDS = {
    FieldType.STRING: _STRING,
    FieldType.NUMBER: _NUMBER,
    FieldType.DATETIME: _DATETIME,
    FieldType.BOOLEAN: _BOOLEAN,
}
# A method's extra check (its value count is rules.METHOD_ARITY's, with 0 for "one or more").
_PLAIN, _ORDERED, _LIKE = 0, 1, 2
_CHECKS = {Method.BETWEEN: _ORDERED, Method.LIKE: _LIKE}
_TOP_KEYS = frozenset({"paging", "searchParameters", "orderParameters"})
_DIRECTIONS = {"ASC": Direction.ASC, "DESC": Direction.DESC}
_BOOLEANS = {"true": True, "false": False}
# The datetimes that cannot fail DatetimeType.from_payload's checks on their form: DATETIME with a
# `T`, an upper-case `Z` or an offset, and every part in range (the day is left to the calendar).
_DATETIME_FORM = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])",
    re.ASCII,
).fullmatch
_NUMBER_FORM = NUMBER.fullmatch
_from_iso = datetime.fromisoformat
#: What validate_payload's fast path answers for a valid payload: it builds no query.
VALID = Query()

# (canonical field name, method as the API spells it) -> the name, Method, field kind, value
# count and extra check, for every method the field's type allows; a field of another type than
# these four (an enum, a type of one's own) is left to the detailed walk.
_Rule = tuple[str, Method, int, int, int]
_Tables = tuple[dict[tuple[str, str], _Rule], dict[str, str], "str | None"]
_CACHE: dict[int, tuple[Schema, _Tables]] = {}


def _plain_object(value: object, size: int) -> bool:
    """A dict of exactly `size` entries, all keys str (anything else takes the detailed walk)."""
    if type(value) is not dict or len(value) != size:
        return False
    for key in value:  # noqa: SIM110 - a loop: all() with a generator costs twice as much here
        if type(key) is not str:
            return False
    return True


def _tables(schema: Schema) -> _Tables:
    """The lookup tables of a schema, built once per schema object."""
    cached = _CACHE.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    rules = {
        (field.name, method.value): (
            field.name,
            method,
            _KINDS[field.type],
            METHOD_ARITY[method] or 0,
            _CHECKS.get(method, _PLAIN),
        )
        for field in schema.fields
        if field.type in _KINDS
        for method in field.type.methods
    }
    names = {field.name: field.name for field in schema.fields}
    period = schema.lookup(PERIOD_FIELD)
    tables = (rules, names, period.name if period is not None else None)
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[id(schema)] = (schema, tables)
    return tables


_HOMEBANK_TABLES = _tables(HOMEBANK)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def fast_query(payload: object, schema: Schema, limits: Limits, build: bool) -> Query | None:
    """The query of a payload that passes every check (VALID unless `build`), else None.

    None means only "look closer": anything unusual (dict or str subclasses, aliases, key
    types) is left to the detailed walk, which finds the diagnostics or the same query.
    """
    if type(payload) is not dict:
        return None
    for key in payload:
        if type(key) is not str or key not in _TOP_KEYS:
            return None
    rules, names, period = _HOMEBANK_TABLES if schema is HOMEBANK else _tables(schema)
    page = size = None
    if "paging" in payload:
        paging = payload["paging"]
        if not _plain_object(paging, 2):
            return None
        page, size = paging.get("page"), paging.get("size")
        if type(page) is not int or type(size) is not int:
            return None
        # rules.PAGING_LOWEST, written in (a constant costs less than a name here): the paging
        # tests in tests/test_payload_validate.py check that the two agree.
        if not (0 <= page <= MAX_PAGING and 1 <= size <= MAX_PAGING):
            return None
    items = payload.get("searchParameters", [])
    if type(items) is not list or exceeded(limits.max_conditions, len(items)):
        return None
    conditions: list[Condition] = []
    dated = period is None
    max_in = limits.max_in_values
    for item in items:
        if not _plain_object(item, 3):
            return None
        name, method, texts = item.get("name"), item.get("method"), item.get("searchParameter")
        if type(name) is not str or type(method) is not str or type(texts) is not list:
            return None
        rule = rules.get((name, method))  # None: an alias, unknown, or not allowed on the field
        if rule is None:
            return None
        kind, wanted, check = rule[2], rule[3], rule[4]
        count = len(texts)
        if wanted:
            if count != wanted:
                return None
        elif count == 0 or exceeded(max_in, count):
            return None
        values: Sequence[Value]
        if kind == _STRING:
            for text in texts:
                if type(text) is not str or (not text.isascii() and not _encodes(text)):
                    return None
            if check == _LIKE and "%" not in texts[0]:
                return None
            values = texts
        elif kind == _DATETIME:
            stamps: list[datetime] = []
            for text in texts:
                if type(text) is not str or _DATETIME_FORM(text) is None:
                    return None
                try:
                    stamps.append(_from_iso(text).astimezone(UTC))
                except (ValueError, OverflowError):  # no such day, or out of range in UTC
                    return None
            values = stamps
        elif kind == _NUMBER:
            for text in texts:  # ASCII digits alone are a number; anything else, ask NUMBER
                if type(text) is not str or (
                    not (text.isdigit() and text.isascii()) and _NUMBER_FORM(text) is None
                ):
                    return None
                if len(text) > MAX_NUMBER_DIGITS:  # it may write too many digits: look closer
                    return None
            values = list(map(Decimal, texts)) if build or check == _ORDERED else texts
        else:
            for text in texts:
                if type(text) is not str or text not in _BOOLEANS:
                    return None
            values = [_BOOLEANS[text] for text in texts] if build or check == _ORDERED else texts
        if check == _ORDERED and values[0] > values[1]:  # type: ignore[operator]
            return None
        if name == period:
            dated = True
        if build:
            conditions.append(Condition(rule[0], rule[1], tuple(values)))
    if not dated:
        return None
    order = payload.get("orderParameters")
    sorts: list[Order] = []
    if order is not None:
        if type(order) is not list:
            return None
        seen: set[str] = set()
        for item in order:
            if not _plain_object(item, 2):
                return None
            name, direction = item.get("field"), item.get("typeOrder")
            if type(name) is not str or type(direction) is not str:
                return None
            if name not in names or name in seen or direction not in _DIRECTIONS:
                return None
            seen.add(name)
            if build:
                sorts.append(Order(names[name], _DIRECTIONS[direction]))
    if not build:
        return VALID
    single = conditions[0] if conditions else None
    return Query(
        And(tuple(conditions)) if len(conditions) > 1 else single, tuple(sorts), page, size
    )
