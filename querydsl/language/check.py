"""The binder: what a reader read, to the checked AST, with fields resolved, values typed, and
every diagnostic. It is a syntax.Builder: the recursive-descent reader hands it each condition as
it reads it (no syntax tree on the common path), and a tree the LALR driver built is replayed
into it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from querydsl.language.datetimes import Relative
from querydsl.language.errors import Diagnostic
from querydsl.language.lexer import RawToken
from querydsl.language.rules import PAGING_LOWEST, Limits, broken_rule, paging_number
from querydsl.language.schema import FIELDS_HINT, Field, Schema, methods_hint
from querydsl.language.syntax import OrderItems, PagingItems, Term, token_span
from querydsl.language.types import FieldType
from querydsl.language.values import ValueProblem

# Forms that always stand for one method; compare, member and colon_range need a closer look.
_FORM_METHOD = {"colon": Method.EQ, "between": Method.BETWEEN, "like": Method.LIKE}
# Enum members read through EnumType's attribute hook (Python code in 3.11): the hot path reads
# these module names instead.
_IN, _LIKE, _BETWEEN = Method.IN, Method.LIKE, Method.BETWEEN
_STRING = FieldType.STRING  # the most common type, which takes any token's text as it is
_ASC, _DESC = Direction.ASC, Direction.DESC


class Binder:
    """One pass over what a reader read, with a schema, a time zone and a clock."""

    __slots__ = (
        "conditions", "diagnostics", "failed", "keep_relative", "lookup", "max_conditions",
        "max_in_values", "now", "relative", "schema", "zone",
    )  # fmt: skip

    def __init__(
        self, schema: Schema, zone: tzinfo, now: datetime, limits: Limits, keep_relative: bool
    ) -> None:
        self.schema, self.zone, self.now = schema, zone, now
        self.lookup = schema.lookup
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

    # ---- filter: the builder's calls (syntax.Builder), in the text's order ----------------

    def condition(
        self,
        term: Term,
        form: str,
        operator: RawToken,
        terms: Sequence[Term],
        negated: Span | None,
        span: Span,
    ) -> Expr | None:
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
                self.report("limit_exceeded", message, span)
            self.failed.append(term[1])
            return None
        # A known field is found without a call to self.field, which words the problem.
        field = self.lookup(term[1]) or self.field(term)
        method: Method | None
        if form == "compare":  # the most common form first
            symbol = operator[1]
            method = COMPARE_METHOD[symbol]
            if symbol == "!=":
                negated = (operator[2], operator[3])
        elif form == "member":
            method = _IN
        else:
            method = _FORM_METHOD.get(form)
            if method is None:  # colon_range
                method, terms = self.range_method(terms)
        if field is None or method is None:
            self.failed.append(term[1])
            return None
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
            self.failed.append(term[1])
            return None
        field_span = (term[2], term[3])
        values = self.values(field, method, terms, span)
        if values is None:
            stub = Condition(field.name, method, (), span, field_span, method_span)
            return stub if negated is None else Not(stub, span, negated)
        # Positional arguments: Condition(field, method, values, span, field_span, method_span,
        # value_spans); keywords cost more in the attrs __init__ on this hot path.
        condition = Condition(
            field.name,
            method,
            values,
            span,
            field_span,
            method_span,
            # Most conditions have one value: skip the comprehension for them.
            ((terms[0][2], terms[0][3]),)
            if len(terms) == 1
            else tuple([(each[2], each[3]) for each in terms]),
        )
        if negated is None:
            return condition
        return Not(condition, span, negated)

    def junction(
        self, operator: str, operands: list[Expr | None], operator_spans: list[Span], span: Span
    ) -> Expr | None:
        """`and` / `or` of the checked operands.

        An operand that failed with nothing to judge is left out, and the rest stay an `and` or
        an `or`, even of one operand: `a or <typo>` cannot be said when `a` is a `like`."""
        kind = And if operator == "and" else Or
        for operand in operands:
            if operand is None:
                break
        else:
            return kind(tuple(operands), span, tuple(operator_spans))  # type: ignore[arg-type]
        kept = [(index, operand) for index, operand in enumerate(operands) if operand is not None]
        if not kept:
            return None
        # Each operand left keeps the operator that joined it in the text.
        spans = tuple(operator_spans[index - 1] for index, _ in kept[1:])
        return kind(tuple(operand for _, operand in kept), span, spans)

    def negation(self, operator_span: Span, operand: Expr | None, span: Span) -> Expr | None:
        return None if operand is None else Not(operand, span, operator_span)

    def query(self, filter: Expr | None, order: OrderItems, paging: PagingItems) -> Binding:
        """The checked query, or every diagnostic found and what did bind."""
        orders = self.order(order)
        numbers = self.paging(paging)
        if self.diagnostics:
            return Binding(None, self.diagnostics, filter, tuple(self.failed))
        query = Query(filter, orders, numbers.get("page"), numbers.get("size"))
        return Binding(query, [], relative=self.relative)

    def field(self, term: Term) -> Field | None:
        field = self.lookup(term[1])
        if field is None:
            suggestion = self.schema.suggest(term[1])
            self.report(
                "unknown_field",
                f"unknown field {shown(term[1])}",
                token_span(term),
                f"did you mean {suggestion!r}?" if suggestion else FIELDS_HINT,
            )
        return field

    def range_method(self, terms: Sequence[Term]) -> tuple[Method | None, Sequence[Term]]:
        """`f:a..b`, where `*` leaves a side open."""
        low, high = terms
        open_low, open_high = _is_open(low), _is_open(high)
        if open_low and open_high:
            self.report(
                "invalid_value",
                "a range needs at least one bound",
                (low[2], high[3]),
                "write f:a..* for 'from a on' or f:*..b for 'up to b'",
            )
            return None, terms
        if open_high:
            return Method.GE, (low,)
        if open_low:
            return Method.LE, (high,)
        return _BETWEEN, terms

    def values(
        self, field: Field, method: Method, terms: Sequence[Term], span: Span
    ) -> tuple[Value, ...] | None:
        if method is _IN and not terms:
            self.report("arity", "`in` needs at least one value", span, "write f in (a, b)")
            return None
        most = self.max_in_values
        if most is not None and len(terms) > most:  # rules.exceeded, inline: per condition
            message = f"an `in` list may hold at most {most} values"
            self.report("limit_exceeded", message, token_span(terms[most]))
            return None
        typed: tuple[Value, ...]
        if field.type is _STRING:  # any token's text as it is: no call per value
            # Most conditions have one value: skip the comprehension for them.
            typed = (terms[0][1],) if len(terms) == 1 else tuple([term[1] for term in terms])
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
            broken = broken_rule(method, typed, terms[0][1], self.now)
            if broken is not None:
                code, message, hint = broken
                first = terms[0]
                between = (first[2], terms[-1][3])
                where = token_span(first) if code == "like_without_wildcard" else between
                self.report(code, message, where, hint)
                return None
        return typed

    def value(self, field: Field, term: Term) -> Value | None:
        """The value a term stands for, as its field's type reads it; None after reporting why
        it stands for none (a quoted value where the type takes no text, a word of another type).
        """
        field_type = field.type
        try:
            kind, text = term[0], term[1]
            if kind != "STRING" or field_type.quotable:
                value = field_type.read(kind, text, self.zone, self.now)
                if type(value) is Relative:
                    if not self.keep_relative:  # checked at this `now` already: it resolves
                        return value.resolve(self.now)
                    self.relative = True
                return value
            raise quoted_value(field, text, self.zone, self.now)
        except ValueProblem as problem:
            self.report("invalid_value", problem.message, token_span(term), problem.hint)
            return None

    # ---- order and paging ------------------------------------------------------------------

    def order(self, items: OrderItems) -> tuple[Order, ...]:
        if not items:  # most queries: no set and no list to build
            return ()
        seen: set[str] = set()
        result = []
        for term, direction in items:
            field = self.field(term)
            if field is None:
                continue
            span = (term[2], term[3])
            if field.name in seen:
                self.report(
                    "duplicate_order",
                    f"{field.name} is already in the order clause",
                    span,
                    "a field may appear once in `order by`; remove this one",
                )
                continue
            seen.add(field.name)
            is_desc = direction is not None and direction[0] == "DESC"
            result.append(Order(field.name, _DESC if is_desc else _ASC, span))
        return tuple(result)

    def paging(self, items: PagingItems) -> dict[str, int]:
        result: dict[str, int] = {}
        if not items:
            return result
        given: set[str] = set()  # a repeat is one whatever the first one's number was
        for keyword, term in items:
            name = keyword[0].lower()
            if name in given:
                span = (keyword[2], term[3])
                self.report("invalid_paging", f"`{name}` is given twice", span, _TWICE_HINT[name])
                continue
            given.add(name)
            number = paging_number(name, term[1])
            if isinstance(number, str):
                self.report("invalid_paging", number, token_span(term), _PAGING_HINT[name])
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
    return term[0] == "WORD" and term[1] == "*"


class Binding:
    """A query bound: the checked query, or every diagnostic found and what did bind.

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


def binder(
    schema: Schema, zone: tzinfo, now: datetime, limits: Limits, keep_relative: bool = True
) -> Callable[[], Binder]:
    """A maker of fresh binders, for parser.parse: `keep_relative=False` binds relative times as
    their instants at `now` (SPEC 1.6: what a target does first).

    >>> from datetime import UTC
    >>> from querydsl.homebank.schema import HOMEBANK
    >>> from querydsl.language.parser import parse
    >>> bound = parse("amount > 5", 50, binder(HOMEBANK, UTC, datetime.now(UTC), Limits()))
    >>> bound.query.filter.field, bound.diagnostics
    ('amount', [])
    """
    return lambda: Binder(schema, zone, now, limits, keep_relative)
