"""Runs the grammar's LALR table over raw tokens: Lark's table and rules, a leaner loop."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from querydsl.language.lexer import RawToken

if TYPE_CHECKING:
    from lark import Lark


class Mismatch(Exception):
    """The table has no action for `token`: a syntax error, with everything its wording needs.

    `read` holds the tokens taken before it, in order, and `expected` the terminals the parser
    could have taken instead, so that nothing need read the text again to describe the error.
    """

    def __init__(self, token: RawToken, read: Sequence[RawToken], expected: frozenset[str]) -> None:
        super().__init__(token)
        self.token, self.read, self.expected = token, read, expected


class Driver:
    """Runs the grammar's LALR table over raw tokens, building the syntax tree as it reduces.

    The table and the rule callbacks are Lark's own; what this saves is Lark's per-token
    bookkeeping (token objects, rule hashing), which is most of the cost of a short query.
    Two changes to the table keep the loop short, neither changes what it accepts:
    - the stack holds each state's row of actions, not its number (one lookup less a step);
    - a state whose only action is reducing a one-symbol rule (`value: WORD`, `?not_expr:
      condition`) is never entered: the shift or goto into it applies that rule's callback
      and goes on to the goto the reduction would have taken, from the same state below.
    A row maps a terminal or rule name to a shift or goto `(row, unit callbacks, None)` or a
    reduction `(size, callback, rule name)`.
    """

    def __init__(self, parser: Lark, builder: Any) -> None:
        from lark.parsers.lalr_analysis import Shift

        table = parser.parser.parser.parser.parse_table
        callbacks = {rule: rule_callback(rule, builder) for rule in parser.rules}
        # Plain str keys: Lark's are Token objects, whose Python-level __eq__ slows every lookup.
        rows: dict[Any, dict[str, Any]] = {state: {} for state in table.states}

        def unit_rule(row: dict[Any, tuple[Any, Any]]) -> Any:
            """The one-symbol rule a state does nothing but reduce, or None."""
            if any(action is Shift for action, _ in row.values()):
                return None
            rules = {rule for _, rule in row.values()}
            rule = rules.pop() if len(rules) == 1 else None
            return rule if rule is not None and len(rule.expansion) == 1 else None

        unit = {state: unit_rule(row) for state, row in table.states.items()}

        def follow(state: Any, target: Any) -> tuple[dict[str, Any], tuple[Any, ...], None]:
            """Shift or goto from `state` into `target`, passing through unit-rule states."""
            units: list[Any] = []
            while unit[target] is not None:
                rule = unit[target]
                units.append(callbacks[rule])
                target = table.states[state][rule.origin.name][1]
            return (rows[target], tuple(units), None)

        for state, row in table.states.items():
            rows[state].update(
                (str(symbol), follow(state, arg) if action is Shift else _reduce(arg, callbacks))
                for symbol, (action, arg) in row.items()
            )
        self.start_row = rows[table.start_states["start"]]
        self.end_row = rows[table.end_states["start"]]

    def parse(self, tokens: Iterable[RawToken]) -> Any:
        """The builder's result for `tokens`; raises Mismatch at the first token that cannot be."""
        end_row = self.end_row
        stack: list[dict[str, Any]] = [self.start_row]
        values: list[Any] = []
        read: list[RawToken] = []  # the tokens taken, for the wording of a mismatch
        for token in chain(tokens, _END):
            kind = token[0]
            undone = None  # the rows each of this token's reductions took off, to undo them
            while True:
                entry = stack[-1].get(kind)
                if entry is None:
                    # Reductions by a token the table then refuses (LALR rows reduce on more
                    # than can follow) lose what the stack could have taken: ask the one before.
                    if undone is not None:
                        _undo(stack, undone)
                    raise Mismatch(token, read, self.expected(stack))
                first, second, origin = entry
                if origin is None:  # a shift: (row, unit callbacks, None)
                    value: Any = token
                    if second:
                        for callback in second:
                            value = callback([value])
                    stack.append(first)
                    values.append(value)
                    read.append(token)
                    break
                # a reduction: (size, callback, origin); copying the stack instead would
                # cost its depth per token, quadratic in deep nesting
                if undone is None:
                    undone = []
                if first:
                    undone.append(stack[-first:])
                    children = values[-first:]
                    del stack[-first:]
                    del values[-first:]
                else:
                    undone.append([])
                    children = []
                value = second(children)
                row, units, _ = stack[-1][origin]
                if units:
                    for callback in units:
                        value = callback([value])
                stack.append(row)
                values.append(value)
                if row is end_row and kind == "$END":
                    return value
        # Unreachable: $END either reduces to the end state or mismatches above.
        raise Mismatch(_END[0], read, self.expected(stack))

    def feed(self, stack: list[dict[str, Any]], kind: str) -> bool:
        """Take a terminal onto `stack` after the reductions it causes, building nothing;
        False, the stack as it was, where the table refuses it."""
        undone = None  # the rows each reduction took off, to put them back on a refusal
        while True:
            entry = stack[-1].get(kind)
            if entry is None:
                if undone is not None:
                    _undo(stack, undone)
                return False
            first, _, origin = entry
            if origin is None:
                stack.append(first)
                return True
            if undone is None:
                undone = []
            undone.append(stack[-first:] if first else [])
            if first:
                del stack[-first:]
            stack.append(stack[-1][origin][0])
            if stack[-1] is self.end_row and kind == "$END":
                return True

    def takes(self, stack: list[dict[str, Any]], kind: str, depth: int | None = None) -> bool:
        """Whether the table takes a terminal onto `stack` (onto its first `depth` rows, if
        given) after the reductions it causes; `stack` is left as it is (the rows those
        reductions pop are only counted)."""
        if depth is None:  # the rows of `stack` still under the ones the reductions push
            depth = len(stack)
        pushed: list[dict[str, Any]] = []
        while True:
            entry = (pushed[-1] if pushed else stack[depth - 1]).get(kind)
            if entry is None:
                return False
            first, _, origin = entry
            if origin is None:
                return True
            if first >= len(pushed):
                depth -= first - len(pushed)
                pushed.clear()
            elif first:
                del pushed[-first:]
            row = (pushed[-1] if pushed else stack[depth - 1])[origin][0]
            if row is self.end_row and kind == "$END":
                return True
            pushed.append(row)

    def accepts(self, stack: list[dict[str, Any]]) -> set[str]:
        """The terminals the parser takes next with this stack: those of the top row that lead
        to a shift, or to the end, after the reductions they cause (LALR rows list more)."""
        return {kind for kind in stack[-1] if kind.isupper() and self.takes(stack, kind)}

    def expected(self, stack: list[dict[str, Any]]) -> frozenset[str]:
        """What a syntax error says was expected: what the parser accepts, or else the row's
        terminals."""
        return frozenset(self.accepts(stack) or {kind for kind in stack[-1] if kind.isupper()})


def _reduce(rule: Any, callbacks: dict[Any, Any]) -> tuple[int, Any, str]:
    return (len(rule.expansion), callbacks[rule], str(rule.origin.name))


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
    # Where a missing `[x]` leaves a None, as positions in the final children (ascending).
    nones = [index for index, empty in enumerate(rule.options.empty_indices) if empty]
    if not splices and not nones:
        return method

    if method is _Splice and not nones:
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
        for index in nones:  # children is the reduction's own list: ours to change
            children.insert(index, None)
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


def _undo(stack: list[dict[str, Any]], undone: list[list[dict[str, Any]]]) -> None:
    """Put `stack` back as it was before the reductions that took off `undone` (each then put
    on one row)."""
    for rows in reversed(undone):
        stack.pop()
        stack.extend(rows)
