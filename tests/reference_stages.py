"""The stages as they were before the speed work (issue 6): oracles for the fast paths.

Copied from querydsl/check.py, querydsl/homebank/compiler.py and querydsl/values.py as they stood
at commit 2a377c8, renamed `reference_*`. Tests compare today's stages with these on generated
and corpus queries: same values, payloads, diagnostics (codes, messages, spans, hints, order).
Do not "fix" or speed up this file: its worth is that it does not change.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any

from spec_tables import SPEC_METHODS

from querydsl.carddata.redact import redact_text
from querydsl.homebank.schema import PERIOD_FIELD
from querydsl.language.ast import (
    And,
    Condition,
    Direction,
    Expr,
    Method,
    Not,
    Or,
    Order,
    Query,
    Value,
)
from querydsl.language.errors import Diagnostic, Span
from querydsl.language.lexer import RawToken
from querydsl.language.rules import Limits
from querydsl.language.schema import FIELDS_HINT, Field, FieldType, Schema
from querydsl.language.syntax import Comparison, Junction, Node, Syntax, Term
from querydsl.language.values import ValueProblem, parse_boolean, parse_number

# ---- values.py ------------------------------------------------------------------------------

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# SPEC 1.1's value forms, written here again: the reference reads no pattern from the package.
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"([Zz]|[+-]\d{2}:\d{2})?",
    re.ASCII,
)
RELATIVE = re.compile(r"(now|today|yesterday)(?:([+-])(\d{1,9})([smhdw]))?", re.ASCII | re.I)


def format_number(value: Decimal) -> str:
    """SPEC 1.4's canonical decimal, built from the digits (the package formats with `f`)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    written = "".join(map(str, digits)) + "0" * max(exponent, 0)
    point = len(written) + min(exponent, 0)  # where the decimal point goes
    if point <= 0:
        written, point = "0" * (1 - point) + written, 1
    whole, fraction = written[:point].lstrip("0") or "0", written[point:].rstrip("0")
    text = whole + ("." + fraction if fraction else "")
    return "-" + text if sign and text != "0" else text


def reference_parse_datetime(text: str, zone: tzinfo, now: datetime) -> datetime:
    try:
        if match := DATE.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
            return datetime(year, month, day, tzinfo=zone).astimezone(UTC)
        if match := DATETIME.fullmatch(text):
            return _reference_full(match, zone)
        if match := RELATIVE.fullmatch(text):
            return _reference_relative(match, zone, now)
    except ValueProblem:
        raise
    except OverflowError:
        message = f"{_quote(text)} is not a valid date or time: it falls outside years 1 to 9999"
        raise ValueProblem(message) from None
    except ValueError as error:
        raise ValueProblem(f"{_quote(text)} is not a valid date or time: {error}") from None
    raise ValueProblem(
        f"{_quote(text)} is not a date or time",
        "write a date (2018-01-01), a datetime (2018-01-01T10:00:00+06:00) "
        "or a relative time (now-7d, today, yesterday)",
    )


def _reference_full(match: re.Match[str], zone: tzinfo) -> datetime:
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    second = int(match[6] or 0)
    micro = int((match[7] or "").ljust(6, "0"))
    offset = match[8]
    if offset is None:
        at: tzinfo = zone
    elif offset in ("Z", "z"):
        at = UTC
    else:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            raise ValueProblem(f"{offset!r} is not a valid UTC offset")
        sign = -1 if offset[0] == "-" else 1
        at = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=at).astimezone(UTC)


def _reference_relative(match: re.Match[str], zone: tzinfo, now: datetime) -> datetime:
    anchor = match[1].lower()
    if anchor == "now":
        base = now
    else:
        local = now.astimezone(zone)
        base = datetime(local.year, local.month, local.day, tzinfo=zone)
        if anchor == "yesterday":
            base = _reference_days_ago(base, 1, zone)
    if match[2] is not None:
        amount = int(match[3]) * (-1 if match[2] == "-" else 1)
        unit = match[4].lower()
        if unit in ("d", "w") and anchor != "now":
            base = _reference_days_ago(base, -amount * (7 if unit == "w" else 1), zone)
        else:  # elapsed time
            return base.astimezone(UTC) + timedelta(**{_UNITS[unit]: amount})
    return base.astimezone(UTC)


def _reference_days_ago(base: datetime, days: int, zone: tzinfo) -> datetime:
    day = date(base.year, base.month, base.day) - timedelta(days=days)
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def _quote(text: str) -> str:
    text = redact_text(text)  # card numbers are masked before the cut, as the package does
    return repr(text if len(text) <= 200 else text[:197] + "...")


_CARD_MASK = re.compile(r"[0-9]{4,6}(?:\.{3,4}|[*Xx]+)[0-9]{4}")


def reference_format_datetime(value: datetime) -> str:
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    text = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    )
    return f"{text}.{value.microsecond:06d}Z" if value.microsecond else text + "Z"


def reference_format_value(value: str | Decimal | datetime | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime):
        return reference_format_datetime(value)
    return value


# ---- check.py -------------------------------------------------------------------------------

MAX_PAGING = 2**31 - 1  # the API documents no bound; a 32-bit integer is what it can take
_DIGITS = re.compile(r"[0-9]{1,10}", re.ASCII)
_COMPARE = {
    "=": Method.EQ,
    "==": Method.EQ,
    "!=": Method.EQ,  # negated
    "<": Method.LT,
    ">": Method.GT,
    "<=": Method.LE,
    ">=": Method.GE,
}


class Binder:
    """One pass over a syntax tree with a schema, a time zone and a clock."""

    def __init__(self, schema: Schema, zone: tzinfo, now: datetime, limits: Limits) -> None:
        self.schema, self.zone, self.now, self.limits = schema, zone, now, limits
        self.diagnostics: list[Diagnostic] = []
        self.conditions = 0

    def report(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span=span, hint=hint))

    # ---- filter ----------------------------------------------------------------------------

    def expr(self, node: Node) -> Expr | None:
        if isinstance(node, Comparison):
            return self.condition(node)
        if isinstance(node, Junction):
            operands = [self.expr(operand) for operand in node.operands]
            if any(operand is None for operand in operands):
                return None
            kind = And if node.operator == "and" else Or
            return kind(tuple(operands), node.span, tuple(node.operator_spans))  # type: ignore[arg-type]
        operand = self.expr(node.operand)
        return None if operand is None else Not(operand, node.span, node.operator_span)

    def condition(self, node: Comparison) -> Expr | None:
        self.conditions += 1
        if self.conditions > self.limits.max_conditions:
            if self.conditions == self.limits.max_conditions + 1:
                self.report(
                    "limit_exceeded",
                    f"a query may hold at most {self.limits.max_conditions} conditions",
                    node.span,
                )
            return None
        field = self.field(node.field)
        method, terms, negated_span = self.method(node)
        if field is None or method is None:
            return None
        method_span: Span = (node.operator[2], node.operator[3])
        if method not in SPEC_METHODS[field.type]:
            allowed = ", ".join(m.value for m in Method if m in SPEC_METHODS[field.type])
            self.report(
                "method_not_allowed",
                f"`{method.value}` is not available on {field.name} ({field.type.value})",
                method_span,
                f"{field.name} allows {allowed}",
            )
            # Changed on purpose after 2a377c8 (session 9): the values of a method the type does
            # not allow are still read as the field's type, but a `like` pattern's.
            if field.type is not FieldType.STRING and method is not Method.LIKE:
                for term in terms[: self.limits.max_in_values]:
                    self.value(field, term)
            return None
        values = self.values(field, method, terms, node)
        if values is None:
            return None
        condition = Condition(
            field.name,
            method,
            values,
            span=node.span,
            field_span=node.field.span,
            method_span=method_span,
            value_spans=tuple(term.span for term in terms),
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
                f"unknown field {term.text!r}",
                term.span,
                f"did you mean {suggestion!r}?" if suggestion else FIELDS_HINT,
            )
        return field

    def method(self, node: Comparison) -> tuple[Method | None, list[Term], Span | None]:
        """The API method a condition's form stands for, its value terms, and a negation span."""
        _, operator, start, end = node.operator
        form, terms = node.form, node.values
        if form == "compare":
            negated = (start, end) if operator == "!=" else None
            return _COMPARE[operator], terms, negated
        if form == "colon":
            return Method.EQ, terms, None
        if form == "between":
            return Method.BETWEEN, terms, None
        if form == "member":
            return Method.IN, terms, node.negation_span
        if form == "like":
            return Method.LIKE, terms, None
        low, high = terms  # colon_range: `*` leaves a side open
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
        return Method.BETWEEN, terms, None

    def values(
        self, field: Field, method: Method, terms: list[Term], node: Comparison
    ) -> tuple[Value, ...] | None:
        if method is Method.IN and not terms:
            self.report("arity", "`in` needs at least one value", node.span, "write f in (a, b)")
            return None
        if len(terms) > self.limits.max_in_values:
            extra = terms[self.limits.max_in_values]
            self.report(
                "limit_exceeded",
                f"an `in` list may hold at most {self.limits.max_in_values} values",
                extra.span,
            )
            return None
        typed: list[Value] = []
        failed = False
        for term in terms:
            value = self.value(field, term)
            if value is None:
                failed = True
            else:
                typed.append(value)
        if failed:
            return None
        broken = broken_rule(method, typed, terms[0].text)
        if broken is not None:
            code, message, hint = broken
            between = (terms[0].span[0], terms[-1].span[1])
            where = terms[0].span if code == "like_without_wildcard" else between
            self.report(code, message, where, hint)
            return None
        return tuple(typed)

    def value(self, field: Field, term: Term) -> Value | None:
        kind = field.type
        if kind is FieldType.STRING:
            return term.text
        try:
            if term.kind == "STRING":
                try:  # the hint says what would do instead
                    if kind is FieldType.NUMBER:
                        _number(Term("WORD", term.text, term.span))
                    elif kind is FieldType.DATETIME:
                        reference_parse_datetime(term.text, self.zone, self.now)
                    else:
                        parse_boolean(term.text)
                    hint: str | None = "write the value without quotes"
                except ValueProblem as problem:
                    hint = problem.hint
                raise ValueProblem(
                    f"a quoted value is text, and {field.name} holds {_article(kind)}", hint
                )
            if kind is FieldType.NUMBER:
                return _number(term)
            if kind is FieldType.DATETIME:
                if term.kind not in ("WORD", "DATETIME"):
                    raise ValueProblem(f"{term.text!r} is not a date or time")
                return reference_parse_datetime(term.text, self.zone, self.now)
            if term.kind not in ("TRUE", "FALSE"):
                raise ValueProblem(f"{term.text!r} is not a boolean", "write true or false")
            return parse_boolean(term.text)
        except ValueProblem as problem:
            self.report("invalid_value", problem.message, term.span, problem.hint)
            return None

    # ---- order and paging ------------------------------------------------------------------

    def order(self, items: list[tuple[Term, RawToken | None]]) -> tuple[Order, ...]:
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
            result.append(
                Order(field.name, Direction.DESC if is_desc else Direction.ASC, term.span)
            )
        return tuple(result)

    def paging(self, items: list[tuple[RawToken, Term]]) -> dict[str, int]:
        result: dict[str, int] = {}
        given: set[str] = set()
        for keyword, term in items:
            name = keyword[0].lower()
            if name in given:
                hint = f"a query gives `{name}` once; remove this one"
                self.report(
                    "invalid_paging", f"`{name}` is given twice", (keyword[2], term.span[1]), hint
                )
                continue
            given.add(name)
            number = paging_number(name, term.text)
            if isinstance(number, str):
                self.report("invalid_paging", number, term.span, _PAGING_HINT[name])
            else:
                result[name] = number
        return result


def broken_rule(method: Method, values: list[Value], written: str) -> tuple[str, str, str] | None:
    """The rule of `like` or `between` that typed values break, as (code, message, hint).

    Text and payloads share these rules; each caller says where the problem is.
    """
    if method is Method.LIKE and "%" not in str(values[0]):
        # Changed on purpose after 2a377c8 (session 9): `*` is named as the wrong wildcard.
        # `dana*` is another language's `dana%`; a card mask keeps its stars
        wildcards = "*" in written and not _CARD_MASK.fullmatch(written)
        pattern = written.replace("*", "%")[:41] if wildcards else written[:40] + "%"
        if re.search(r"[\s\"'(),\\]", pattern):  # it must be quoted to be one value
            pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
        hint = (
            f"the wildcard is %, not *: write {pattern}"
            if wildcards
            else f"write {pattern} to match values starting with it, or use ="
        )
        return "like_without_wildcard", "`like` needs a % wildcard in its value", hint
    if method is Method.BETWEEN and values[0] > values[1]:  # type: ignore[operator]
        message = "the lower bound of the range is above the upper bound"
        return "inverted_range", message, "swap the two bounds"
    return None


_PAGING_HINT = {
    "page": "page takes a whole number from 0",
    "size": "size takes a whole number from 1",
}


def paging_number(name: str, text: str) -> int | str:
    """The page or size `text` stands for, or why it is not one."""
    lowest = 0 if name == "page" else 1
    # Changed on purpose after 2a377c8 (session 9): leading zeros do not count towards the
    # ten digits, and a number out of range is quoted too.
    if _DIGITS.fullmatch(text.lstrip("0") or "0") is None:
        return f"{name} must be a whole number from {lowest} to {MAX_PAGING}, not {text[:40]!r}"
    number = int(text.lstrip("0") or "0")
    if not lowest <= number <= MAX_PAGING:
        return f"{name} must be a whole number from {lowest} to {MAX_PAGING}, not {text[:40]!r}"
    return number


def _number(term: Term) -> Decimal:
    if term.kind != "WORD":
        raise ValueProblem(f"{term.text!r} is not a number")
    return parse_number(term.text)


def _is_open(term: Term) -> bool:
    return term.kind == "WORD" and term.text == "*"


def _article(kind: FieldType) -> str:
    return {"number": "a number", "datetime": "a date or time", "boolean": "true or false"}.get(
        kind.value, kind.value
    )


def reference_bind(
    syntax: Syntax, schema: Schema, zone: tzinfo, now: datetime, limits: Limits
) -> tuple[Query | None, list[Diagnostic]]:
    """The checked query of a syntax tree, or every diagnostic found."""
    binder = Binder(schema, zone, now, limits)
    filter_ = binder.expr(syntax.filter) if syntax.filter is not None else None
    order = binder.order(syntax.order)
    paging = binder.paging(syntax.paging)
    if binder.diagnostics:
        return None, binder.diagnostics
    return Query(filter_, order, paging.get("page"), paging.get("size")), []


# ---- homebank/compiler.py -------------------------------------------------------------------

DEFAULT_PAGE = 1
DEFAULT_SIZE = 20
# Enum .value is a Python-level descriptor in 3.11; the hot path reads these tables instead.
_METHOD_TEXT = {method: method.value for method in Method}
_DIRECTION_TEXT = {direction: direction.value for direction in Direction}
_FLIPPED = {Method.LT: Method.GE, Method.GE: Method.LT, Method.GT: Method.LE, Method.LE: Method.GT}


class Lowering:
    """Turns a filter into the flat list of conditions the API takes, collecting what it cannot."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.diagnostics: list[Diagnostic] = []

    def conditions(self, expr: Expr) -> list[Condition]:
        if isinstance(expr, Condition):
            return [expr]
        if isinstance(expr, And):
            return [c for operand in expr.operands for c in self.conditions(operand)]
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
                        hint="rewrite as one `in`: f in (a, b), or run separate searches",
                    )
                )
                return None
            first = first or condition
            values.update(dict.fromkeys(condition.values))
        assert first is not None
        return Condition(first.field, Method.IN, tuple(values), span=expr.span)

    def _mergeable(self, condition: Condition, first: Condition | None) -> bool:
        field = self.schema.lookup(condition.field)
        return (
            condition.method in (Method.EQ, Method.IN)
            and field is not None
            and Method.IN in SPEC_METHODS[field.type]
            and (first is None or first.field == condition.field)
        )

    def negate(self, expr: Not) -> Expr | None:
        """The operand's negation as the API can say it: `not f > v` is `f <= v`."""
        operand = expr.operand
        if isinstance(operand, Not):
            return operand.operand
        if isinstance(operand, Condition):
            if operand.method in _FLIPPED:
                return _replace(operand, _FLIPPED[operand.method], operand.values)
            field = self.schema.lookup(operand.field)
            if (
                field is not None
                and field.type is FieldType.BOOLEAN
                and operand.method is Method.EQ
            ):
                return _replace(operand, Method.EQ, (not operand.values[0],))
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


def _replace(condition: Condition, method: Method, values: tuple[Value, ...]) -> Condition:
    return Condition(
        condition.field,
        method,
        values,
        span=condition.span,
        field_span=condition.field_span,
        method_span=condition.method_span,
        value_spans=condition.value_spans,
    )


def reference_compile_query(
    query: Query,
    schema: Schema,
    *,
    now: datetime,
    default_period: timedelta | None = None,
    page: int | None = None,
    size: int | None = None,
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The payload of a checked query, or the diagnostics that stop it."""
    lowering = Lowering(schema)
    conditions = lowering.conditions(query.filter) if query.filter is not None else []
    if lowering.diagnostics:
        # `not (a or b)` negates each operand under one `not`: say so once.
        return None, list(dict.fromkeys(lowering.diagnostics))
    has_period = schema.lookup(PERIOD_FIELD) is None or any(
        c.field == PERIOD_FIELD for c in conditions
    )
    if not has_period:
        if default_period is None:
            return None, [
                Diagnostic(
                    "missing_period",
                    f"the Homebank API requires a {PERIOD_FIELD} condition",
                    span=None,
                    hint=f"add e.g. `{PERIOD_FIELD} >= now-30d`, or pass default_period='30d' "
                    "(--default-period 30d on the command line)",
                )
            ]
        # Changed on purpose after 2a377c8 (session 9): a `now` past 9999 in UTC raised
        # OverflowError when written; both ends are now checked, with one message.
        try:
            start = now - default_period
            reference_format_datetime(start), reference_format_datetime(now)
        except OverflowError:
            return None, [
                Diagnostic(
                    "invalid_value",
                    "the default period falls outside the years 1 to 9999 (in UTC)",
                    hint="use a shorter period, e.g. '30d', or another `now`",
                )
            ]
        conditions.append(Condition(PERIOD_FIELD, Method.BETWEEN, (start, now)))
    payload: dict[str, Any] = {}
    page = page if page is not None else query.page
    size = size if size is not None else query.size
    if page is not None or size is not None:
        payload["paging"] = {
            "page": DEFAULT_PAGE if page is None else page,
            "size": DEFAULT_SIZE if size is None else size,
        }
    payload["searchParameters"] = [
        {
            "name": c.field,
            "method": _METHOD_TEXT[c.method],
            "searchParameter": [reference_format_value(v) for v in c.values],
        }
        for c in conditions
    ]
    payload["orderParameters"] = [
        {"field": order.field, "typeOrder": _DIRECTION_TEXT[order.direction]}
        for order in query.order
    ]
    return payload, []


def reference_copy_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """A fresh copy of a payload built by `compile_query` (its shape is known, so no deepcopy)."""
    copied: dict[str, Any] = {}
    if "paging" in payload:
        copied["paging"] = dict(payload["paging"])
    copied["searchParameters"] = [
        {"name": p["name"], "method": p["method"], "searchParameter": list(p["searchParameter"])}
        for p in payload["searchParameters"]
    ]
    copied["orderParameters"] = [dict(o) for o in payload["orderParameters"]]
    return copied
