"""The binder: syntax tree to checked AST, with fields resolved, values typed, every diagnostic."""

from __future__ import annotations

from datetime import datetime, tzinfo

from querydsl.carddata.redact import shown
from querydsl.language.ast import (
    COMPARE_METHOD,
    And,
    Condition,
    Direction,
    Expr,
    Method,
    Not,
    Or,
    Order,
    Query,
    Span,
    Value,
)
from querydsl.language.errors import Diagnostic
from querydsl.language.lexer import RawToken
from querydsl.language.rules import PAGING_LOWEST, Limits, broken_rule, paging_number
from querydsl.language.schema import FIELDS_HINT, Field, Schema, methods_hint
from querydsl.language.syntax import Comparison, Junction, Node, Syntax, Term
from querydsl.language.types import FieldType
from querydsl.language.values import Relative, ValueProblem

# Forms that always stand for one method; compare, member and colon_range need a closer look.
_FORM_METHOD = {"colon": Method.EQ, "between": Method.BETWEEN, "like": Method.LIKE}
# Enum members read through EnumType's attribute hook (Python code in 3.11): the hot path reads
# these module names instead.
_IN, _LIKE, _BETWEEN = Method.IN, Method.LIKE, Method.BETWEEN
_STRING = FieldType.STRING  # the most common type, which takes any token's text as it is
_ASC, _DESC = Direction.ASC, Direction.DESC


class Binder:
    """One pass over a syntax tree with a schema, a time zone and a clock."""

    def __init__(
        self, schema: Schema, zone: tzinfo, now: datetime, limits: Limits, keep_relative: bool
    ) -> None:
        self.schema, self.zone, self.now = schema, zone, now
        #: False: a relative time is bound as its instant at `now` (a target reading the text
        #: at its own moment, whose query nobody else sees).
        self.keep_relative = keep_relative
        self.max_conditions, self.max_in_values = limits.max_conditions, limits.max_in_values
        self.diagnostics: list[Diagnostic] = []
        self.conditions = 0
        # For the checks after binding, which report what they can despite a failed part:
        # the field names of the conditions that failed with nothing kept of them.
        self.failed: list[str] = []
        #: Whether a relative time was bound: a target must resolve the query first.
        self.relative = False

    def report(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span=span, hint=hint))

    # ---- filter ----------------------------------------------------------------------------

    def expr(self, node: Node) -> Expr | None:
        """The checked node; when it failed, what the API's checks can judge of it (see
        `condition`), or None."""
        if isinstance(node, Comparison):
            condition = self.condition(node)
            if condition is None:
                self.failed.append(node.field.text)
            return condition
        if isinstance(node, Junction):
            return self.junction(node)
        operand = self.expr(node.operand)
        if operand is None:
            return None
        return Not(operand, node.span, node.operator_span)

    def junction(self, node: Junction) -> Expr | None:
        """`and` / `or` of the checked operands; all are checked, to report every problem.

        An operand that failed with nothing to judge is left out, and the rest stay an `and` or
        an `or`, even of one operand: `a or <typo>` cannot be said when `a` is a `like`."""
        checked: list[Expr | None] = []
        failed = False
        for operand in node.operands:
            # Most operands are conditions: call their check without the dispatch.
            if type(operand) is Comparison:
                bound = self.condition(operand)
                if bound is None:
                    self.failed.append(operand.field.text)
            else:
                bound = self.expr(operand)
            if bound is None:
                failed = True
            checked.append(bound)
        kind = And if node.operator == "and" else Or
        if not failed:
            return kind(tuple(checked), node.span, tuple(node.operator_spans))  # type: ignore[arg-type]
        operands = tuple(bound for bound in checked if bound is not None)
        if not operands:
            return None
        # Each operand left keeps the operator that joined it in the text.
        kept = [index for index, bound in enumerate(checked) if bound is not None]
        spans = tuple(node.operator_spans[index - 1] for index in kept[1:])
        return kind(operands, node.span, spans)

    def condition(self, node: Comparison) -> Expr | None:
        """The checked condition (under a `not` for `!=` and `not in`), or None when it failed.

        A condition whose field and method check but whose values do not is kept as a stub,
        without values: whether the API can say an `or` or a `not` of it hangs on its field
        and method alone, so that is reported with the values' problems, not after their fix.
        """
        self.conditions += 1
        most = self.max_conditions
        if most is not None and self.conditions > most:  # rules.exceeded, inline: per condition
            if self.conditions == most + 1:
                message = f"a query may hold at most {most} conditions"
                self.report("limit_exceeded", message, node.span)
            return None
        # A known field is found without a call to self.field, which words the problem.
        term = node.field
        field = self.schema.lookup(term.text) or self.field(term)
        method, terms, negated_span = self.method(node)
        if field is None or method is None:
            return None
        operator = node.operator
        method_span: Span = (operator[2], operator[3])
        field_type = field.type
        if method not in field_type.methods:
            self.report(
                "method_not_allowed",
                f"`{method.value}` is not available on {field.name} ({field_type.name})",
                method_span,
                methods_hint(field),
            )
            if method is not _LIKE:  # a pattern is no value, but these are still read
                for value_term in terms[: self.max_in_values]:
                    self.value(field, value_term)
            return None
        values = self.values(field, method, terms, node)
        if values is None:
            stub = Condition(field.name, method, (), node.span, term.span, method_span)
            return stub if negated_span is None else Not(stub, node.span, negated_span)
        # Positional arguments: Condition(field, method, values, span, field_span, method_span,
        # value_spans); keywords cost more in the attrs __init__ on this hot path.
        condition = Condition(
            field.name,
            method,
            values,
            node.span,
            term.span,
            method_span,
            # Most conditions have one value: skip the comprehension for them.
            (terms[0].span,) if len(terms) == 1 else tuple([each.span for each in terms]),
        )
        if negated_span is None:
            return condition
        return Not(condition, node.span, negated_span)

    def field(self, term: Term) -> Field | None:
        field = self.schema.lookup(term.text)
        if field is None:
            suggestion = self.schema.suggest(term.text)
            self.report(
                "unknown_field",
                f"unknown field {shown(term.text)}",
                term.span,
                f"did you mean {suggestion!r}?" if suggestion else FIELDS_HINT,
            )
        return field

    def method(self, node: Comparison) -> tuple[Method | None, list[Term], Span | None]:
        """The API method a condition's form stands for, its value terms, and a negation span."""
        form = node.form
        if form == "compare":  # the most common form first
            _, operator, start, end = node.operator
            negated = (start, end) if operator == "!=" else None
            return COMPARE_METHOD[operator], node.values, negated
        method = _FORM_METHOD.get(form)
        if method is not None:
            return method, node.values, None
        if form == "member":
            return _IN, node.values, node.negation_span
        return self.range_method(node.values)

    def range_method(self, terms: list[Term]) -> tuple[Method | None, list[Term], Span | None]:
        """`f:a..b`, where `*` leaves a side open."""
        low, high = terms
        open_low, open_high = _is_open(low), _is_open(high)
        if open_low and open_high:
            self.report(
                "invalid_value",
                "a range needs at least one bound",
                (low.span[0], high.span[1]),
                "write f:a..* for 'from a on' or f:*..b for 'up to b'",
            )
            return None, terms, None
        if open_high:
            return Method.GE, [low], None
        if open_low:
            return Method.LE, [high], None
        return _BETWEEN, terms, None

    def values(
        self, field: Field, method: Method, terms: list[Term], node: Comparison
    ) -> tuple[Value, ...] | None:
        if method is _IN and not terms:
            self.report("arity", "`in` needs at least one value", node.span, "write f in (a, b)")
            return None
        most = self.max_in_values
        if most is not None and len(terms) > most:  # rules.exceeded, inline: per condition
            message = f"an `in` list may hold at most {most} values"
            self.report("limit_exceeded", message, terms[most].span)
            return None
        typed: tuple[Value, ...]
        if field.type is _STRING:  # any token's text as it is: no call per value
            # Most conditions have one value: skip the comprehension for them.
            typed = (terms[0].text,) if len(terms) == 1 else tuple([term.text for term in terms])
        else:
            read: list[Value] = []
            failed = False
            for term in terms:
                value = self.value(field, term)
                if value is None:
                    failed = True
                else:
                    read.append(value)
            if failed:
                return None
            typed = tuple(read)
        if method is _LIKE or method is _BETWEEN:  # the only methods broken_rule knows
            broken = broken_rule(method, typed, terms[0].text, self.now)
            if broken is not None:
                code, message, hint = broken
                between = (terms[0].span[0], terms[-1].span[1])
                where = terms[0].span if code == "like_without_wildcard" else between
                self.report(code, message, where, hint)
                return None
        return typed

    def value(self, field: Field, term: Term) -> Value | None:
        """The value a term stands for, as its field's type reads it; None after reporting why
        it stands for none (a quoted value where the type takes no text, a word of another type).
        """
        field_type = field.type
        try:
            if term.kind != "STRING" or field_type.quotable:
                value = field_type.read(term.kind, term.text, self.zone, self.now)
                if type(value) is Relative:
                    if not self.keep_relative:  # checked at this `now` already: it resolves
                        return value.resolve(self.now)
                    self.relative = True
                return value
            raise quoted_value(field, term.text, self.zone, self.now)
        except ValueProblem as problem:
            self.report("invalid_value", problem.message, term.span, problem.hint)
            return None

    # ---- order and paging ------------------------------------------------------------------

    def order(self, items: list[tuple[Term, RawToken | None]]) -> tuple[Order, ...]:
        if not items:  # most queries: no set and no list to build
            return ()
        seen: set[str] = set()
        result = []
        for term, direction in items:
            field = self.field(term)
            if field is None:
                continue
            if field.name in seen:
                self.report(
                    "duplicate_order",
                    f"{field.name} is already in the order clause",
                    term.span,
                    "a field may appear once in `order by`; remove this one",
                )
                continue
            seen.add(field.name)
            is_desc = direction is not None and direction[0] == "DESC"
            result.append(Order(field.name, _DESC if is_desc else _ASC, term.span))
        return tuple(result)

    def paging(self, items: list[tuple[RawToken, Term]]) -> dict[str, int]:
        result: dict[str, int] = {}
        if not items:
            return result
        given: set[str] = set()  # a repeat is one whatever the first one's number was
        for keyword, term in items:
            name = keyword[0].lower()
            if name in given:
                span = (keyword[2], term.span[1])
                self.report("invalid_paging", f"`{name}` is given twice", span, _TWICE_HINT[name])
                continue
            given.add(name)
            number = paging_number(name, term.text)
            if isinstance(number, str):
                self.report("invalid_paging", number, term.span, _PAGING_HINT[name])
            else:
                result[name] = number
        return result


def quoted_value(field: Field, text: str, zone: tzinfo, now: datetime) -> ValueProblem:
    """Why a quoted value is none of a field whose type takes no text, with a hint: drop the
    quotes when the value would do without them, else what it lacks."""
    try:
        field.type.read("WORD", text, zone, now)
        hint: str | None = "write the value without quotes"
    except ValueProblem as problem:
        hint = problem.hint
    return ValueProblem(f"a quoted value is text, and {field.name} holds {field.type.noun}", hint)


_PAGING_HINT = {
    name: f"{name} takes a whole number from {lowest}" for name, lowest in PAGING_LOWEST.items()
}
_TWICE_HINT = {name: f"a query gives `{name}` once; remove this one" for name in _PAGING_HINT}


def _is_open(term: Term) -> bool:
    return term.kind == "WORD" and term.text == "*"


class Binding:
    """A syntax tree bound: the checked query, or every diagnostic found and what did bind.

    (A slotted class: half the cost of a NamedTuple's construction, once per query.)
    """

    __slots__ = ("diagnostics", "query", "relative", "remains", "unbound")

    def __init__(
        self,
        query: Query | None,
        diagnostics: list[Diagnostic],
        remains: Expr | None = None,
        unbound: tuple[str, ...] = (),
        relative: bool = True,
    ) -> None:
        self.query, self.diagnostics = query, diagnostics
        #: Whether the query may hold a relative time (False: none was bound, nothing to resolve).
        self.relative = relative
        #: When something failed: what the checks after binding can judge of the filter. A
        #: condition whose values failed is a stub without values (Binder.condition); one whose
        #: field or method failed is left out, and so is an `and`, `or` or `not` left with nothing.
        self.remains = remains
        #: The field names, as written, of the conditions left out of `remains`.
        self.unbound = unbound


def bind(
    syntax: Syntax, schema: Schema, zone: tzinfo, now: datetime, limits: Limits
) -> tuple[Query | None, list[Diagnostic]]:
    """The checked query of a syntax tree, or every diagnostic found."""
    bound = binding(syntax, schema, zone, now, limits)
    return bound.query, bound.diagnostics


def binding(
    syntax: Syntax,
    schema: Schema,
    zone: tzinfo,
    now: datetime,
    limits: Limits,
    keep_relative: bool = True,
) -> Binding:
    """As `bind`, with what bound of a query that failed; `keep_relative=False` binds relative
    times as their instants at `now` (SPEC 1.6: what a target does first)."""
    binder = Binder(schema, zone, now, limits, keep_relative)
    filter_ = binder.expr(syntax.filter) if syntax.filter is not None else None
    order = binder.order(syntax.order)
    paging = binder.paging(syntax.paging)
    if binder.diagnostics:
        return Binding(None, binder.diagnostics, filter_, tuple(binder.failed))
    query = Query(filter_, order, paging.get("page"), paging.get("size"))
    return Binding(query, [], relative=binder.relative)
