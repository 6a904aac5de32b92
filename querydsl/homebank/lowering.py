"""A filter lowered to the flat list of conditions the Homebank API takes: `and` flattened, `or`
merged into `in`, `not` pushed inward, and what cannot be said (unsupported_or, unsupported_not)."""

from __future__ import annotations

import attrs

from querydsl.carddata.redact import to_type
from querydsl.language.ast import And, Condition, Expr, Method, Not, Or, Query, Span, Value
from querydsl.language.errors import Diagnostic
from querydsl.language.rules import NEGATED, exceeded
from querydsl.language.schema import FieldType, Schema
from querydsl.language.text import to_text

# Enum members read through EnumType's attribute hook (Python code in 3.11): read these instead.
_EQ, _IN = Method.EQ, Method.IN


def negatable(kind: FieldType, method: Method) -> bool:
    """Whether the API can say `not (f <method> v)` on a field of this type: an order comparison
    flips, `=` on a true/false field takes the other value; nothing else (unsupported_not).

    >>> negatable(FieldType.BOOLEAN, Method.EQ), negatable(FieldType.NUMBER, Method.IN)
    (True, False)
    """
    return method in NEGATED or (method is _EQ and kind is FieldType.BOOLEAN)


class Lowering:
    """Turns a filter into the flat list of conditions the API takes, collecting what it cannot."""

    __slots__ = ("diagnostics", "max_in_values", "schema")

    def __init__(self, schema: Schema, max_in_values: int | None) -> None:
        self.schema = schema
        self.max_in_values = max_in_values
        self.diagnostics: list[Diagnostic] = []

    def conditions(self, expr: Expr) -> list[Condition]:
        if isinstance(expr, Condition):
            return [expr]
        if isinstance(expr, And):
            flat: list[Condition] = []
            for operand in expr.operands:
                if isinstance(operand, Condition):  # most operands: no call, no list
                    flat.append(operand)
                else:
                    flat.extend(self.conditions(operand))
            return flat
        if isinstance(expr, Or):
            merged = self.merge(expr)
            return [merged] if merged is not None else []
        negated = self.negate(expr)
        return self.conditions(negated) if negated is not None else []

    def merge(self, expr: Or) -> Condition | None:
        """`f = a or f in (b, c)` -> `f in (a, b, c)`: the only `or` the API can say."""
        first: Condition | None = None
        values: dict[Value, None] = {}
        disjuncts = _disjuncts(expr, None)
        for index, (disjunct, joined_by) in enumerate(disjuncts):
            if isinstance(disjunct, Condition):  # most disjuncts: nothing to lower
                condition: Condition | None = disjunct
            else:
                lowered = self.conditions(disjunct)
                condition = lowered[0] if len(lowered) == 1 else None
            if condition is None or not self._mergeable(condition, first):
                # Point at the `or` that brought this operand in (the first one has none).
                span = joined_by or disjuncts[min(index + 1, len(disjuncts) - 1)][1] or expr.span
                self.diagnostics.append(
                    Diagnostic(
                        "unsupported_or",
                        "the API can join with `or` only `=` or `in` conditions on one field",
                        span=span,
                        hint=self.or_hint([disjunct for disjunct, _ in disjuncts]),
                    )
                )
                return None
            first = first or condition
            for value in condition.values:  # most hold one: cheaper than dict.fromkeys and update
                values[value] = None
            # The merged `in` must fit the limit too.
            if exceeded(self.max_in_values, len(values)):
                self.diagnostics.append(
                    Diagnostic(
                        "limit_exceeded",
                        f"these `or` conditions merge into one `in`, which may hold at most "
                        f"{self.max_in_values} values",
                        span=joined_by or expr.span,
                        hint="split the values over separate searches",
                    )
                )
                return None
        assert first is not None
        return Condition(first.field, _IN, tuple(values), expr.span)

    def or_hint(self, disjuncts: list[Expr]) -> str:
        """A fix for an `or` the API cannot say, one that works: never an `in` the field does
        not take or that cannot say the conditions (`like`, `>`)."""
        joined = _beside_or(disjuncts)
        if joined is not None and self._merges(joined):
            # Perhaps `and` took more than was meant (`a and x or y` is `(a and x) or y`).
            # A stub of a condition whose values failed (check.Binder.condition) has none to quote.
            described = _AND_FIRST.format("") + _SEPARATE_SEARCHES
            if not all(condition.values for condition in joined):
                return described
            fragment = to_text(Query(Or(tuple(joined))))
            if len(fragment) > _LONGEST_FIX:
                return described
            # A card number in the fragment is shown masked, and typed so, searches for another.
            return to_type(_AND_FIRST.format(f", `({fragment})`") + _SEPARATE_SEARCHES, described)
        conditions = [d for d in disjuncts if isinstance(d, Condition)]
        fields = {c.field for c in conditions}
        if len(conditions) < len(disjuncts) or len(fields) != 1:
            return _SEPARATE_SEARCHES
        field = self.schema.lookup(fields.pop())
        if field is None:
            return _SEPARATE_SEARCHES
        both = {(True,), (False,)}
        if field.type is FieldType.BOOLEAN and {c.values for c in conditions} == both:
            return f"{field.name} is always true or false: leave these conditions out"
        if _IN not in field.type.methods:
            return f"{field.name} takes no `in`: {_SEPARATE_SEARCHES}"
        return f"`or` joins only `=` and `in` on {field.name}: {_SEPARATE_SEARCHES}"

    def _merges(self, conditions: list[Condition]) -> bool:
        """Whether an `or` of these conditions merges into one `in` within the limit."""
        first = conditions[0]
        if not all(self._mergeable(c, None if c is first else first) for c in conditions):
            return False
        values = {value for condition in conditions for value in condition.values}
        return not exceeded(self.max_in_values, len(values))

    def _mergeable(self, condition: Condition, first: Condition | None) -> bool:
        """An `=` or `in` on a field that takes `in`: the field of `first`, if there is one."""
        if condition.method is not _EQ and condition.method is not _IN:
            return False
        if first is not None:  # first's field takes `in` already: only the name must match
            return first.field == condition.field
        field = self.schema.lookup(condition.field)
        return field is not None and _IN in field.type.methods

    def negate(self, expr: Not) -> Expr | None:
        """The operand's negation as the API can say it: `not f > v` is `f <= v`."""
        operand = expr.operand
        if isinstance(operand, Not):
            return operand.operand
        if isinstance(operand, Condition):
            flipped = NEGATED.get(operand.method)
            if flipped is not None:
                return attrs.evolve(operand, method=flipped)
            field = self.schema.lookup(operand.field)
            if field is not None and negatable(field.type, operand.method):  # `=` on true/false
                # One value; none in a stub (check.Binder.condition).
                return attrs.evolve(operand, values=tuple(not v for v in operand.values))
        if isinstance(operand, Or):  # not (a or b) = not a and not b
            return And(
                tuple(Not(o, o.span, expr.operator_span) for o in operand.operands), expr.span
            )
        self.diagnostics.append(
            Diagnostic(
                "unsupported_not",
                "the API cannot search for the negation of this condition",
                span=expr.operator_span or expr.span,
                hint="negation works on <, >, <=, >= and on true/false fields",
            )
        )
        return None


_SEPARATE_SEARCHES = "run one search for each side of the `or`"
#: Perhaps `and` took more than was meant; {} is where the fix is quoted, when it can be.
_AND_FIRST = (
    "`and` binds tighter than `or`: to join only the conditions beside it, put them in"
    " parentheses{}; else "
)
#: A hint quotes a fix up to this long; a longer one is described instead.
_LONGEST_FIX = 200


def _beside_or(disjuncts: list[Expr]) -> list[Condition] | None:
    """The conditions an `or` joins when `and` took its ends (`a and x or y` is read
    `(a and x) or y`): the condition on each side of it, or None if no `and` did."""
    first, last = disjuncts[0], disjuncts[-1]
    head = first.operands[-1] if isinstance(first, And) and first.operands else first
    tail = last.operands[0] if isinstance(last, And) and last.operands else last
    if head is first and tail is last:
        return None
    joined = [head, *disjuncts[1:-1], tail]
    conditions = [c for c in joined if isinstance(c, Condition)]
    return conditions if len(conditions) == len(joined) else None


def _disjuncts(expr: Or, joined_by: Span | None) -> list[tuple[Expr, Span | None]]:
    """The operands of an `or`, nested `or` groups opened up, each with the `or` before it."""
    result: list[tuple[Expr, Span | None]] = []
    for index, operand in enumerate(expr.operands):
        before = expr.operator_spans[index - 1] if 0 < index <= len(expr.operator_spans) else None
        if index == 0:
            before = joined_by
        if isinstance(operand, Or):
            result.extend(_disjuncts(operand, before))
        else:
            result.append((operand, before))
    return result
