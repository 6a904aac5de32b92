"""Relative times to instants: what a target does first with a checked query (SPEC 1.6).

The language keeps `now-7d`, `today` and `yesterday` as written (datetimes.Relative); a target
(the Homebank payload, the memory predicate, the explanation) resolves them against its call's
`now`, so a saved query means "the last 7 days" whenever it runs. A range with a relative bound
has its order judged here too (`between today..now-1h` is inverted just after midnight).
"""

from __future__ import annotations

from datetime import datetime

import attrs

from querydsl.language.ast import And, Condition, Expr, Method, Not, Or, Query
from querydsl.language.datetimes import Relative
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.rules import broken_rule
from querydsl.language.values import ValueProblem

_BETWEEN = Method.BETWEEN


def resolve(query: Query, now: datetime) -> Query:
    """`query` with every relative time resolved against `now` (an aware datetime); the same
    query when it holds none. Raises QueryError: invalid_value for a relative time that falls
    outside years 1 to 9999 at `now`, inverted_range for a range whose bounds cross at `now`.
    Walks without recursion: a hand-built query may nest deep.

    >>> from datetime import UTC
    >>> from querydsl.language.ast import Method
    >>> query = Query(Condition("created_date", Method.GE, (Relative("now", -7, "d"),)))
    >>> resolve(query, datetime(2024, 1, 8, tzinfo=UTC)).filter.values
    (datetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone.utc),)
    """
    root = query.filter
    if root is None:
        return query
    resolved: Expr
    if isinstance(root, (And, Or)) and all(type(o) is Condition for o in root.operands):
        # The common shape (a flat `and`), without the general walk.
        operands = tuple([_resolve_condition(operand, now) for operand in root.operands])
        same = all(new is old for new, old in zip(operands, root.operands, strict=True))
        resolved = root if same else type(root)(operands, root.span, root.operator_spans)
    else:
        resolved = _resolve_expr(root, now)
    if resolved is root:
        return query
    return Query(resolved, query.order, query.page, query.size)


def _resolve_expr(root: Expr, now: datetime) -> Expr:
    """`root` with its conditions' relative times resolved (post-order, an explicit stack)."""
    done: dict[int, Expr] = {}  # a node's id -> the node resolved
    stack: list[tuple[Expr, bool]] = [(root, False)]
    while stack:
        node, visited = stack.pop()
        if isinstance(node, Condition):
            done[id(node)] = _resolve_condition(node, now)
        elif not visited:
            stack.append((node, True))
            children = (node.operand,) if isinstance(node, Not) else node.operands
            stack.extend((child, False) for child in children)
        elif isinstance(node, Not):
            new = done[id(node.operand)]
            done[id(node)] = node if new is node.operand else attrs.evolve(node, operand=new)
        else:
            operands = tuple(done[id(child)] for child in node.operands)
            same = all(new is old for new, old in zip(operands, node.operands, strict=True))
            done[id(node)] = node if same else attrs.evolve(node, operands=operands)
    return done[id(root)]


def _resolve_condition(condition: Expr, now: datetime) -> Expr:
    """A condition with its relative times resolved; any other node as it is."""
    if type(condition) is not Condition:
        return condition
    values = condition.values
    if not any(type(value) is Relative for value in values):
        return condition
    try:
        instants = tuple(
            value.resolve(now) if type(value) is Relative else value for value in values
        )
    except ValueProblem as problem:
        found = Diagnostic("invalid_value", problem.message, condition.span, hint=problem.hint)
        raise QueryError([found]) from None
    broken = broken_rule(condition.method, instants, "") if condition.method is _BETWEEN else None
    if broken is not None:  # `between today..now-1h` just after midnight
        code, message, hint = broken
        raise QueryError([Diagnostic(code, message, condition.span, hint=hint)])
    # Positional: the nodes' __init__ is the hot path's (ast.py); spans are kept as they were.
    return Condition(
        condition.field,
        condition.method,
        instants,
        condition.span,
        condition.field_span,
        condition.method_span,
        condition.value_spans,
    )
