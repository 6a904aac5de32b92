"""Hand-built queries: the shape `parse` and `from_payload` guarantee, checked before use.

A `Query` is public API, so code may build one that no text or payload could give: a field the
schema does not know, an `int` where a `Decimal` belongs, a `between` with one bound. `problems`
finds each such thing and points at it with a JSON Pointer into the query's attributes
(`/filter/operands/1/values/0`), so `to_payload`, `to_text` and `explain` raise a `QueryError`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from querydsl.carddata.redact import shortened, shown
from querydsl.language.ast import And, Condition, Direction, Method, Not, Or, Order, Query
from querydsl.language.errors import Diagnostic, QueryError, too_deep
from querydsl.language.rules import METHOD_ARITY, Limits, broken_rule, exceeded, paging_problem
from querydsl.language.schema import Schema
from querydsl.language.types import ValueType, every_type
from querydsl.language.values import ValueProblem, require_unicode

_UNLIMITED = Limits(max_length=None, max_conditions=None, max_in_values=None, max_depth=None)


def problems(
    query: object, schema: Schema | None = None, limits: Limits | None = None
) -> list[Diagnostic]:
    """What is wrong with a hand-built query; with a schema, its fields, methods and value types;
    with limits, its size.

    >>> from querydsl.homebank.schema import HOMEBANK
    >>> [(d.code, d.path) for d in problems(Query(Condition("amout", Method.GT, (1,))), HOMEBANK)]
    [('unknown_field', '/filter/field')]
    """
    if not isinstance(query, Query):
        message = f"expected a Query, not {type(query).__name__}"
        return [Diagnostic("invalid_shape", message, path="")]
    checker = _Checker(schema, limits)
    if query.filter is not None:
        try:
            checker.expr(query.filter, "/filter", 0)
        except RecursionError:  # nested past what the stack can walk
            return [too_deep()]
    checker.order(query.order)
    for name, value in (("page", query.page), ("size", query.size)):
        if value is not None and (problem := paging_problem(name, value)) is not None:
            checker.report("invalid_paging", problem, f"/{name}")
    return checker.found


class _Checker:
    def __init__(self, schema: Schema | None, limits: Limits | None) -> None:
        self.schema = schema
        self.limits = limits or _UNLIMITED
        self.conditions = 0
        self.found: list[Diagnostic] = []

    def report(self, code: str, message: str, path: str, hint: str | None = None) -> None:
        self.found.append(Diagnostic(code, message, path=path, hint=hint))

    def shape(self, path: str, message: str) -> None:
        self.report("invalid_shape", message, path)

    def expr(self, expr: object, path: str, depth: int) -> None:
        if exceeded(self.limits.max_depth, depth):
            self.report("limit_exceeded", f"nesting may go {self.limits.max_depth} deep", path)
        elif isinstance(expr, Condition):
            self.condition(expr, path)
        elif isinstance(expr, Not):
            self.expr(expr.operand, f"{path}/operand", depth + 1)
        elif isinstance(expr, (And, Or)):
            operands = expr.operands
            if not isinstance(operands, tuple) or len(operands) < 2:
                kind = type(expr).__name__
                message = f"{kind} takes a tuple of two or more operands"
                self.shape(f"{path}/operands", message)
                return
            for index, operand in enumerate(operands):
                self.expr(operand, f"{path}/operands/{index}", depth + 1)
        else:
            message = f"expected a Condition, And, Or or Not, not {_kind(expr)}"
            self.shape(path, message)

    def condition(self, condition: Condition, path: str) -> None:
        self.conditions += 1
        limit = self.limits.max_conditions
        if exceeded(limit, self.conditions) and self.conditions == limit + 1:  # reported once
            self.report("limit_exceeded", f"a query may hold at most {limit} conditions", path)
        field, method, values = condition.field, condition.method, condition.values
        if not isinstance(field, str):
            self.shape(f"{path}/field", f"expected a str, not {_kind(field)}")
            return
        if not isinstance(method, Method):
            self.shape(f"{path}/method", f"expected a Method, not {_kind(method)}")
            return
        if not isinstance(values, tuple):
            self.shape(f"{path}/values", f"expected a tuple, not {_kind(values)}")
            return
        if not self.arity(method, values, f"{path}/values"):
            return
        kinds = self.value_types(condition, path)
        if kinds is None:
            return
        typed = True
        for index, value in enumerate(values):
            if not any(kind.accepts(value) for kind in kinds):
                message = f"expected {_names(kinds)}, not {_shown(value, kinds)}"
                self.report("invalid_value", message, f"{path}/values/{index}")
                typed = False
            elif type(value) is str and not value.isascii():
                try:  # the payload is JSON and the text must read back: no lone surrogates
                    require_unicode(value)
                except ValueProblem as problem:
                    path_here = f"{path}/values/{index}"
                    self.report("invalid_value", problem.message, path_here, problem.hint)
                    typed = False
        rule = broken_rule(method, values, str(values[0])) if typed else None
        if rule is not None:
            self.report(rule[0], rule[1], f"{path}/values", rule[2])

    def arity(self, method: Method, values: tuple[object, ...], path: str) -> bool:
        wanted = METHOD_ARITY[method]
        if wanted is None:
            if not values:
                self.report("arity", "`in` needs at least one value", path)
                return False
            limit = self.limits.max_in_values
            if exceeded(limit, len(values)):
                self.report("limit_exceeded", f"an `in` list may hold at most {limit} values", path)
                return False
            return True
        if len(values) != wanted:
            self.report(
                "arity", f"`{method.value}` takes {wanted} value(s), not {len(values)}", path
            )
            return False
        return True

    def value_types(self, condition: Condition, path: str) -> tuple[ValueType, ...] | None:
        """The types whose values the condition's may be; None when its field is wrong."""
        if self.schema is None:
            return every_type()
        field = self.schema.lookup(condition.field)
        if field is None or field.name != condition.field:
            known = field.name if field is not None else self.schema.suggest(condition.field)
            hint = f"did you mean {known!r}? (a Query names fields canonically)" if known else None
            message = f"unknown field {shown(condition.field)}"
            self.report("unknown_field", message, f"{path}/field", hint)
            return None
        if condition.method not in field.type.methods:
            method = condition.method.value
            message = f"`{method}` is not allowed on the {field.type.name} field {field.name}"
            self.report("method_not_allowed", message, f"{path}/method")
            return None
        return (field.type,)

    def order(self, order: object) -> None:
        if not isinstance(order, tuple):
            self.shape("/order", f"expected a tuple of Order, not {_kind(order)}")
            return
        seen: set[str] = set()
        for index, key in enumerate(order):
            path = f"/order/{index}"
            if (
                not isinstance(key, Order)
                or not isinstance(key.field, str)
                or not isinstance(key.direction, Direction)
            ):
                self.shape(path, "expected an Order of a str and a Direction")
            elif self.schema is not None and (
                (field := self.schema.lookup(key.field)) is None or field.name != key.field
            ):
                self.report("unknown_field", f"unknown field {shown(key.field)}", f"{path}/field")
            elif key.field in seen:
                self.report("duplicate_order", f"{key.field} is sorted on twice", f"{path}/field")
            else:
                seen.add(key.field)


def _names(kinds: tuple[ValueType, ...]) -> str:
    names = [kind.python_noun for kind in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _shown(value: object, kinds: tuple[ValueType, ...]) -> str:
    """A wrong value: its type, and for a number or a time the value too (`Decimal('NaN')`), as
    for a string of the right type that is none of the values (an enum's), masked and cut."""
    if isinstance(value, (Decimal, datetime)):
        return shortened(repr(value), 60)
    if isinstance(value, str) and any(isinstance(value, kind.python_type) for kind in kinds):
        return shown(value)
    return _kind(value)


def _kind(value: object) -> str:
    return type(value).__name__


def written(query: object, write: Callable[[Query], str]) -> str:
    """`write(query)` for a query of the right shape (any schema, any size); else QueryError."""
    found = problems(query)
    if not found and isinstance(query, Query):
        try:
            return write(query)
        except RecursionError:  # nested past what the stack can walk
            found = [too_deep()]
    raise QueryError(found)
