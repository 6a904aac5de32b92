"""The common query's text straight to the API's objects, past the syntax tree and the AST.

This reader writes search and order parameters as it reads the tokens: conditions joined by
`and`, groups, an `or` of `=` and `in` on one field (merged into one `in`), `not` over a
comparison or a boolean `=`, open ranges, order and paging. It follows the rules the full
pipeline follows (the schema, METHODS_BY_TYPE, check.typed_value, rules.broken_rule,
rules.NEGATED, the value formatters) and gives up (returns None) at anything else, such as
an `or` the API cannot say or `not` over a group, and at any problem with a field or a value.
The full pipeline then reads the text and words the diagnostics. tests/test_direct.py checks
that whatever this reader returns, the full pipeline returns too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from querydsl.homebank.compiler import METHOD_TEXT, Lowered
from querydsl.homebank.schema import HOMEBANK, PERIOD_FIELD
from querydsl.language.ast import COMPARE_METHOD, Method, Value
from querydsl.language.check import typed_value
from querydsl.language.descent import CLOSING, ENDS, FILTER_START, MAX_NESTING, padded_tokens
from querydsl.language.grammar import BARE_VALUE_TERMINALS, VALUE_TERMINALS, token_table
from querydsl.language.lexer import RawToken, forbidden_character
from querydsl.language.rules import (
    DEFAULT_MAX_CONDITIONS,
    DEFAULT_MAX_IN_VALUES,
    DEFAULT_MAX_LENGTH,
    NEGATED,
    broken_rule,
    paging_number,
)
from querydsl.language.schema import METHODS_BY_TYPE, Field, FieldType
from querydsl.language.syntax import SyntaxFailure, is_field_name, unescape
from querydsl.language.values import ValueProblem, format_value

# The tokens a query may end with: a value, a field (order by f), `)`, `]`, asc or desc.
_LAST_KINDS = VALUE_TERMINALS | {"RPAR", "RSQB", "ASC", "DESC"}
# `not` turns a comparison into its opposite (as spelled in a parameter); a boolean `=` takes the
# other value.
_NEGATED = {METHOD_TEXT[method]: METHOD_TEXT[opposite] for method, opposite in NEGATED.items()}
_OTHER_BOOLEAN = {"true": "false", "false": "true"}
_EQ, _IN, _LIKE, _BETWEEN = Method.EQ, Method.IN, Method.LIKE, Method.BETWEEN
_STRING, _BOOLEAN = FieldType.STRING, FieldType.BOOLEAN
_lookup = HOMEBANK.lookup
# The schema's names and aliases as written: found without a call (a field is known by its name).
_FIELDS = {
    name: field
    for field in HOMEBANK.fields
    for name in (field.name, *field.aliases)
    if is_field_name(name)
}


class _GiveUp(Exception):
    """Not a query this reader writes: the full pipeline takes over."""


def direct_tokens(text: str) -> list[RawToken] | None:
    """The padded tokens of a text this reader may take (within the default length, with no
    refused character, lexed without a problem), or None."""
    if len(text) > DEFAULT_MAX_LENGTH or forbidden_character(text) is not None:
        return None
    return padded_tokens(token_table(), text)


def read_lowered(tokens: list[RawToken], zone: tzinfo, now: datetime) -> Lowered | None:
    """The API's objects for a text's tokens (from `direct_tokens`) with the Homebank schema
    and default limits, or None when the full pipeline must read it.

    >>> from datetime import UTC
    >>> tokens = direct_tokens("amount >= 5 order by amount desc")
    >>> read_lowered(tokens, UTC, datetime.now(UTC))  # doctest: +NORMALIZE_WHITESPACE
    Lowered(parameters=[{'name': 'amount', 'method': '>=', 'searchParameter': ['5']}],
            orders=[{'field': 'amount', 'typeOrder': 'DESC'}], has_period=False,
            page=None, size=None)
    >>> read_lowered(direct_tokens("amount >= 5 or amount < 1"), UTC, datetime.now(UTC))
    """
    if len(tokens) > len(ENDS) and tokens[-len(ENDS) - 1][0] not in _LAST_KINDS:
        return None  # a text cut short, as a search box sends while one types: not worth a try
    try:
        return _Writer(tokens, zone, now).query()
    except (_GiveUp, SyntaxFailure, ValueProblem):
        return None


class _Writer:
    """One pass over the tokens, writing API objects; each method reads one rule."""

    __slots__ = ("conditions", "has_period", "now", "position", "room", "tokens", "zone")

    def __init__(self, tokens: list[RawToken], zone: tzinfo, now: datetime) -> None:
        self.tokens, self.zone, self.now = tokens, zone, now
        self.position = 0
        self.room = MAX_NESTING  # how many more parentheses may nest (deeper: the full pipeline)
        self.conditions = 0
        self.has_period = False

    def query(self) -> Lowered:
        """start: [or_expr] [order_clause] [paging]"""
        tokens = self.tokens
        parameters = self.or_expr() if tokens[0][0] in FILTER_START else []
        if self.conditions > DEFAULT_MAX_CONDITIONS:
            raise _GiveUp
        kind = tokens[self.position][0]
        orders = self.order_clause() if kind == "ORDER" or kind == "SORT" else []
        paging: dict[str, int] = {}
        while tokens[self.position][0] in ("PAGE", "SIZE"):  # twice at most: no name repeats
            self.paging_item(paging)
        if tokens[self.position][0] != "$END":
            raise _GiveUp
        return Lowered(parameters, orders, self.has_period, paging.get("page"), paging.get("size"))

    def or_expr(self) -> list[dict[str, Any]]:
        """and_expr (OR and_expr)*: the API's one `or` is `=` and `in` on one field, merged."""
        parameters = self.and_expr()
        if self.tokens[self.position][0] != "OR":
            return parameters
        name = parameters[0]["name"]
        merged: dict[str, None] = {}  # the values: canonical strings, so equal ones are one
        while True:
            if len(parameters) != 1 or not _mergeable(parameters[0], name):
                raise _GiveUp
            merged.update(dict.fromkeys(parameters[0]["searchParameter"]))
            if len(merged) > DEFAULT_MAX_IN_VALUES:
                raise _GiveUp
            if self.tokens[self.position][0] != "OR":
                break
            self.position += 1
            parameters = self.and_expr()
        return [{"name": name, "method": "in", "searchParameter": [*merged]}]

    def and_expr(self) -> list[dict[str, Any]]:
        """not_expr (AND not_expr)*, groups opened up: `and` is the API's list of parameters."""
        tokens = self.tokens
        parameters: list[dict[str, Any]] = []
        while True:
            if tokens[self.position][0] == "WORD":  # most operands: a condition, no dispatch
                parameters.append(self.condition())
            else:
                self.not_expr(parameters)
            if tokens[self.position][0] != "AND":
                return parameters
            self.position += 1

    def not_expr(self, parameters: list[dict[str, Any]]) -> None:
        """NOT condition | LPAR or_expr RPAR | condition, added to `parameters`."""
        kind = self.tokens[self.position][0]
        if kind == "WORD":
            parameters.append(self.condition())
        elif kind == "NOT" and self.tokens[self.position + 1][0] == "WORD":
            self.position += 1
            parameters.append(_negated(self.condition()))
        elif kind == "LPAR" and self.room:
            self.room -= 1
            self.position += 1
            parameters += self.or_expr()
            if self.tokens[self.position][0] != "RPAR":
                raise _GiveUp
            self.position += 1
            self.room += 1
        else:
            raise _GiveUp

    def condition(self) -> dict[str, Any]:
        """A condition of any form but `not in`, as a search parameter (`!=` negated)."""
        self.conditions += 1
        tokens, position = self.tokens, self.position
        kind, name, _, _ = tokens[position]
        field = _FIELDS.get(name) if kind == "WORD" else None
        if field is None:
            field = _field(tokens[position])
        kind, operator, _, _ = tokens[position + 1]
        method: Method | None
        if kind == "COMPARE" or kind == "LIKE":
            method = COMPARE_METHOD[operator] if kind == "COMPARE" else _LIKE
            terms = [tokens[position + 2]]
            self.position = position + 3
        elif kind == "COLON" and tokens[position + 3][0] != "RANGE":
            method, terms = _EQ, [tokens[position + 2]]
            self.position = position + 3
        elif kind == "COLON" or (kind == "BETWEEN" and tokens[position + 3][0] in ("RANGE", "AND")):
            method, terms = _BETWEEN, [tokens[position + 2], tokens[position + 4]]
            if kind == "COLON":
                method, terms = _range(terms)
            self.position = position + 5
        elif kind == "IN":
            self.position = position + 2
            method, terms = _IN, self.value_list()
        else:
            raise _GiveUp
        if method not in METHODS_BY_TYPE[field.type]:
            raise _GiveUp
        if field.name == PERIOD_FIELD:
            self.has_period = True
        parameter = {
            "name": field.name,
            "method": METHOD_TEXT[method],
            "searchParameter": self.values(field, method, terms),
        }
        return _negated(parameter) if operator == "!=" else parameter

    def value_list(self) -> list[RawToken]:
        """( value (COMMA value)* ) or the same in [ ]: at least one value, as the binder wants."""
        tokens = self.tokens
        close = CLOSING.get(tokens[self.position][0])
        if close is None:
            raise _GiveUp
        position = self.position + 1
        terms = [tokens[position]]
        while tokens[position + 1][0] == "COMMA":
            position += 2
            terms.append(tokens[position])
        if tokens[position + 1][0] != close or len(terms) > DEFAULT_MAX_IN_VALUES:
            raise _GiveUp
        self.position = position + 2
        return terms

    def values(self, field: Field, method: Method, terms: list[RawToken]) -> list[str]:
        """The values as the payload carries them; raises ValueProblem where the binder would
        report one."""
        typed: Sequence[Value]
        if field.type is _STRING:  # a string field takes any value token's text as it is
            written = [
                text if kind in BARE_VALUE_TERMINALS else _unquoted(kind, text, start)
                for kind, text, start, _ in terms
            ]
            typed = written
        else:  # typed_value refuses every token that is no value of the field's type
            zone, now = self.zone, self.now
            typed = [typed_value(field, kind, text, zone, now) for kind, text, _, _ in terms]
            written = [format_value(value) for value in typed]
        if (method is _LIKE or method is _BETWEEN) and broken_rule(method, typed, terms[0][1]):
            raise _GiveUp
        return written

    def order_clause(self) -> list[dict[str, str]]:
        """(ORDER | SORT) BY field [ASC | DESC] (COMMA field [ASC | DESC])*"""
        tokens = self.tokens
        if tokens[self.position + 1][0] != "BY":
            raise _GiveUp
        self.position += 2
        orders = [self.order_item()]
        while tokens[self.position][0] == "COMMA":
            self.position += 1
            orders.append(self.order_item())
        if len({order["field"] for order in orders}) < len(orders):
            raise _GiveUp  # a field named twice
        return orders

    def order_item(self) -> dict[str, str]:
        field = _field(self.tokens[self.position])
        direction = self.tokens[self.position + 1][0]
        if direction == "ASC" or direction == "DESC":
            self.position += 2
        else:
            direction = "ASC"
            self.position += 1
        return {"field": field.name, "typeOrder": direction}

    def paging_item(self, paging: dict[str, int]) -> None:
        """(PAGE | SIZE) WORD, a whole number in range, each at most once."""
        keyword, _, _, _ = self.tokens[self.position]
        kind, text, _, _ = self.tokens[self.position + 1]
        name = keyword.lower()
        number = paging_number(name, text) if kind == "WORD" else None
        if not isinstance(number, int) or name in paging:
            raise _GiveUp
        paging[name] = number
        self.position += 2


def _field(token: RawToken) -> Field:
    """A WORD that reads as a field name and names a field of the schema."""
    kind, text, _, _ = token
    field = _lookup(text) if kind == "WORD" and is_field_name(text) else None
    if field is None:
        raise _GiveUp
    return field


def _unquoted(kind: str, text: str, start: int) -> str:
    """A quoted value's text; any other token is no value."""
    if kind != "STRING":
        raise _GiveUp
    return unescape(text, start)


def _range(terms: list[RawToken]) -> tuple[Method | None, list[RawToken]]:
    """`f:a..b`, where `*` leaves a side open (`f:a..*` is `>=`); both open is no range."""
    low, high = terms
    open_low = low[0] == "WORD" and low[1] == "*"
    open_high = high[0] == "WORD" and high[1] == "*"
    if open_low and open_high:
        return None, terms
    if open_high:
        return Method.GE, [low]
    if open_low:
        return Method.LE, [high]
    return _BETWEEN, terms


def _negated(parameter: dict[str, Any]) -> dict[str, Any]:
    """The parameter for `not` it, as the API can say it: `not f > v` is `f <= v`."""
    method = parameter["method"]
    if method in _NEGATED:
        parameter["method"] = _NEGATED[method]
        return parameter
    field = _lookup(parameter["name"])
    if method != "=" or field is None or field.type is not _BOOLEAN:
        raise _GiveUp
    parameter["searchParameter"] = [_OTHER_BOOLEAN[parameter["searchParameter"][0]]]
    return parameter


def _mergeable(parameter: dict[str, Any], name: str) -> bool:
    """An `=` or `in` on the field `name`, which takes `in`: a part of a merged `or`."""
    if parameter["name"] != name or parameter["method"] not in ("=", "in"):
        return False
    field = _lookup(name)
    return field is not None and _IN in METHODS_BY_TYPE[field.type]
