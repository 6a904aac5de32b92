"""Runs the grammar's LALR table over raw tokens: Lark's table and rules, a leaner loop."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from lark import Lark
from lark.parsers.lalr_analysis import Shift

from querydsl.lexer import RawToken


class Mismatch(Exception):
    """The table has no action for a token: a syntax error (Lark's parser then describes it).

    `end` is where that token ends: the text up to there holds the whole error.
    """

    def __init__(self, end: int) -> None:
        super().__init__(end)
        self.end = end


class Driver:
    """Runs the grammar's LALR table over raw tokens, building the syntax tree as it reduces.

    The table and the rule callbacks are Lark's own; what this saves is Lark's per-token
    bookkeeping (token objects, rule hashing), which is most of the cost of a short query.
    """

    def __init__(self, parser: Lark, builder: Any) -> None:
        table = parser.parser.parser.parser.parse_table
        callbacks = {rule: rule_callback(rule, builder) for rule in parser.rules}
        self.start_state = table.start_states["start"]
        self.end_state = table.end_states["start"]
        # Plain str keys: Lark's are Token objects, whose Python-level __eq__ slows every lookup.
        self.actions: dict[Any, dict[str, tuple[bool, Any]]] = {
            state: {
                str(terminal): (True, arg)
                if action is Shift
                else (False, (len(arg.expansion), callbacks[arg], str(arg.origin.name)))
                for terminal, (action, arg) in row.items()
            }
            for state, row in table.states.items()
        }

    def parse(self, tokens: Iterable[RawToken]) -> Any:
        """The builder's result for `tokens`; raises Mismatch at the first token that cannot be."""
        actions, end_state = self.actions, self.end_state
        states: list[Any] = [self.start_state]
        values: list[Any] = []
        for token in chain(tokens, _END):
            kind = token[0]
            while True:
                entry = actions[states[-1]].get(kind)
                if entry is None:
                    raise Mismatch(token[3] if token[3] >= 0 else 1 << 62)
                shift, arg = entry
                if shift:
                    states.append(arg)
                    values.append(token)
                    break
                size, callback, origin = arg
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                states.append(actions[states[-1]][origin][1])
                values.append(callback(children))
                if kind == "$END" and states[-1] == end_state:
                    return values[-1]
        raise Mismatch(1 << 62)  # unreachable: $END either reduces to the end state or mismatches


class _Splice(list[Any]):
    """The children of an inlined `_rule` (Lark's `x*` helpers), spliced into the parent."""

    __slots__ = ()


def rule_callback(rule: Any, builder: Any) -> Any:
    """What a reduction by `rule` calls: the builder's method, given children as Lark would.

    Lark's own wrappers do the same three things (inline `_rules`, `None` for a missing `[x]`,
    `?rule` with one child passes it through) with more machinery per call.
    """
    name = str(rule.origin.name)
    if rule.options.expand1 and len(rule.expansion) == 1:
        return lambda children: children[0]  # `?rule` with one child: the child itself
    method: Any = _Splice if name.startswith("_") else getattr(builder, rule.alias or name)
    splices = any(not s.is_term and s.name.startswith("_") for s in rule.expansion)
    slots = rule.options.empty_indices  # True where a `[x]` left a None
    if not splices and not slots:
        return method

    if method is _Splice and not slots:
        return _grow

    def callback(children: list[Any]) -> Any:
        if splices:
            flat: list[Any] = []
            for child in children:
                if type(child) is _Splice:
                    flat.extend(child)
                else:
                    flat.append(child)
            children = flat
        if slots:
            taken = iter(children)
            children = [None if empty else next(taken) for empty in slots]
        return method(children)

    return callback


def _grow(children: list[Any]) -> _Splice:
    """A `x*` helper rule: `__x: item | __x item` grows one list in place (copying it at each
    step would make a list of n items cost n squared)."""
    head = children[0] if children else None
    if type(head) is _Splice and all(type(child) is not _Splice for child in children[1:]):
        head.extend(children[1:])  # the helper's list was just popped: nothing else holds it
        return head
    flat = _Splice()
    for child in children:
        if type(child) is _Splice:
            flat.extend(child)
        else:
            flat.append(child)
    return flat


_END = (("$END", "", -1, -1),)
