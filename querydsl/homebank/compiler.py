"""Checked query to the Homebank payload: the lowered conditions (lowering.py) written as the
API's dict, the default period added, and what it could not say of a query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from querydsl.homebank.lowering import Lowering
from querydsl.homebank.schema import PERIOD_FIELD
from querydsl.language.ast import Condition, Direction, Expr, Method, Not, Query
from querydsl.language.datetimes import format_datetime
from querydsl.language.errors import Diagnostic
from querydsl.language.options import DEFAULT_PAGE, DEFAULT_SIZE
from querydsl.language.rules import DEFAULT_LIMITS, Limits, exceeded
from querydsl.language.schema import Schema
from querydsl.language.types import format_value

# Enum .value is a Python-level descriptor in 3.11; the hot path reads these tables instead.
#: A method as the API spells it.
METHOD_TEXT = {method: method.value for method in Method}
_DIRECTION_TEXT = {direction: direction.value for direction in Direction}

MISSING_PERIOD = Diagnostic(
    "missing_period",
    f"the Homebank API requires a {PERIOD_FIELD} condition",
    hint=f"add e.g. `{PERIOD_FIELD} >= now-30d`, or pass default_period='30d' "
    "(--default-period 30d on the command line)",
)


def compile_query(
    query: Query,
    schema: Schema,
    *,
    now: datetime,
    default_period: timedelta | None = None,
    page: int | None = None,
    size: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The payload of a checked query, or the diagnostics that stop it (`page` and `size`
    override the query's; `default_period` is searched when no condition is on the period).

    >>> from datetime import UTC, datetime
    >>> from querydsl import HOMEBANK, parse
    >>> query = parse("amount > 5 and created_date >= 2024-01-01 page 2")
    >>> payload, _ = compile_query(query, HOMEBANK, now=datetime.now(UTC))
    >>> payload["paging"], payload["searchParameters"][0]
    ({'page': 2, 'size': 20}, {'name': 'amount', 'method': '>', 'searchParameter': ['5']})
    """
    lowering = Lowering(schema, limits.max_in_values)
    conditions = lowering.conditions(query.filter) if query.filter is not None else []
    if lowering.diagnostics:
        return None, _with_period(lowering, query.filter, (), default_period is not None)
    has_period = schema.lookup(PERIOD_FIELD) is None
    parameters = []
    for condition in conditions:
        name, values = condition.field, condition.values
        has_period = has_period or name == PERIOD_FIELD
        # Most values are strings, written as they are, and most conditions hold one: neither
        # a comprehension nor a call for those.
        if len(values) == 1 and type(values[0]) is str:
            written = [values[0]]
        else:
            written = [v if type(v) is str else format_value(v) for v in values]
        parameters.append(
            {"name": name, "method": METHOD_TEXT[condition.method], "searchParameter": written}
        )
    if not has_period:
        problem = _default_period(parameters, now, default_period, limits.max_conditions)
        if problem is not None:
            return None, [problem]
    payload: dict[str, Any] = {}
    page = page if page is not None else query.page
    size = size if size is not None else query.size
    if page is not None or size is not None:
        payload["paging"] = {
            "page": DEFAULT_PAGE if page is None else page,
            "size": DEFAULT_SIZE if size is None else size,
        }
    payload["searchParameters"] = parameters
    payload["orderParameters"] = [
        {"field": order.field, "typeOrder": _DIRECTION_TEXT[order.direction]}
        for order in query.order
    ]
    return payload, []


def _default_period(
    parameters: list[dict[str, Any]],
    now: datetime,
    default_period: timedelta | None,
    max_conditions: int | None,
) -> Diagnostic | None:
    """Add the default period to `parameters`, or say why there is none to add (no default,
    no room for it under the limit, or a period outside the years 1 to 9999)."""
    if default_period is None:
        return MISSING_PERIOD
    if exceeded(max_conditions, len(parameters) + 1):
        # A payload past the limit is one validate_payload refuses (with the same limits).
        return Diagnostic(
            "limit_exceeded",
            f"the default period would be search parameter {len(parameters) + 1}; "
            f"a payload may hold at most {max_conditions}",
            hint=f"add a {PERIOD_FIELD} condition in place of the default period, "
            "or use fewer conditions",
        )
    try:  # `now` may be near the ends of time, in UTC too
        period = [format_datetime(now - default_period), format_datetime(now)]
    except OverflowError:
        return Diagnostic(
            "invalid_value",
            "the default period falls outside the years 1 to 9999 (in UTC)",
            hint="use a shorter period, e.g. '30d', or another `now`",
        )
    parameters.append({"name": PERIOD_FIELD, "method": "between", "searchParameter": period})
    return None


def unsayable(
    remains: Expr | None,
    unbound: Sequence[str],
    schema: Schema,
    *,
    defaulted: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Diagnostic]:
    """What the API could not say of a query whatever fix its failed conditions get.

    `remains` is what can be judged of the filter (check.Binding: a condition whose values
    failed is there without them, whether the API can say it hangs on its field and method
    alone), `unbound` the fields of those left out, as written. One of those counts as the
    period when it names created_date
    or its did-you-mean does: `creatd_date > today` is a typo of the period, not a query
    without one; `amout = 1` is both. `defaulted`: the caller gives a default period.

    >>> from querydsl.homebank.schema import HOMEBANK
    >>> [d.code for d in unsayable(None, ["amout"], HOMEBANK)]
    ['missing_period']
    """
    lowering = Lowering(schema, limits.max_in_values)
    if remains is not None:
        lowering.conditions(remains)
    return _with_period(lowering, remains, unbound, defaulted)


def _with_period(
    lowering: Lowering,
    filter_: Expr | None,
    unbound: Sequence[str],
    defaulted: bool,
) -> list[Diagnostic]:
    """The lowering's diagnostics, and missing_period when no condition is on the period, not
    even one the API cannot say (`not created_date = x` is a period with another problem)."""
    # `not (a or b)` negates each operand under one `not`: say so once.
    found = list(dict.fromkeys(lowering.diagnostics))
    schema = lowering.schema
    if defaulted or schema.lookup(PERIOD_FIELD) is None:
        return found
    stack = [] if filter_ is None else [filter_]
    while stack:  # not recursive: a filter may nest deeper than Python's stack
        node = stack.pop()
        if isinstance(node, Condition):
            if node.field == PERIOD_FIELD:
                return found
        elif isinstance(node, Not):
            stack.append(node.operand)
        else:
            stack.extend(node.operands)
    if any(schema.meant(name) == PERIOD_FIELD for name in unbound):
        return found
    return [*found, MISSING_PERIOD]


class FrozenPayload:
    """A payload built by `compile_query`, kept where nobody can change it (the memo).

    `thaw()` builds a fresh payload from it each time: callers may change what they get.

    >>> FrozenPayload({"searchParameters": [], "orderParameters": []}).thaw()
    {'searchParameters': [], 'orderParameters': []}
    """

    __slots__ = ("orders", "paging", "parameters")

    def __init__(self, payload: dict[str, Any]) -> None:
        # Each dict is kept as a template that nobody else holds: copying a dict is cheaper
        # than building it key by key. The value lists are kept as tuples and copied anew.
        paging = payload.get("paging")
        self.paging = None if paging is None else dict(paging)
        self.parameters = tuple(
            ({"name": p["name"], "method": p["method"], "searchParameter": None},
             tuple(p["searchParameter"]))
            for p in payload["searchParameters"]
        )  # fmt: skip
        self.orders = tuple(dict(order) for order in payload["orderParameters"])

    def thaw(self) -> dict[str, Any]:
        """A fresh payload, equal to the one frozen."""
        parameters = []
        for template, values in self.parameters:
            parameter = template.copy()
            parameter["searchParameter"] = [*values]
            parameters.append(parameter)
        orders = []  # a loop, not a comprehension: cheaper for so few items
        for order in self.orders:
            orders.append(order.copy())
        if self.paging is None:
            return {"searchParameters": parameters, "orderParameters": orders}
        return {
            "paging": self.paging.copy(),
            "searchParameters": parameters,
            "orderParameters": orders,
        }
