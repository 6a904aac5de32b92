"""Text to syntax tree; every Lark and lexer exception becomes a diagnostic. Nothing semantic."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from itertools import chain
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput, UnexpectedToken
from lark.parsers.lalr_analysis import Shift

from querydsl.errors import Diagnostic, Span
from querydsl.grammar import (
    TERMINAL_RANK,
    TERMINAL_WORDS,
    VALUE_TERMINALS,
    lark_parser,
    token_table,
)
from querydsl.lexer import KEYWORDS, LexError, RawToken, forbidden_character, iter_lex, lex

FIELD_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")
METHOD_WORDS = ("between", "in", "like", "not")


class SyntaxFailure(Exception):
    """The text does not follow the grammar."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


# ---- The syntax tree: what was written, with positions; typed by check.bind -------------------


class Term:
    """One literal as written: its token kind, its text (unquoted and unescaped) and span."""

    __slots__ = ("kind", "span", "text")

    def __init__(self, kind: str, text: str, span: Span) -> None:
        self.kind, self.text, self.span = kind, text, span

    def __repr__(self) -> str:
        return f"Term({self.kind}, {self.text!r})"


class Comparison:
    """`field <form> values`, where form is compare, colon, colon_range, between, member or like."""

    __slots__ = ("field", "form", "negation_span", "operator", "span", "values")

    def __init__(
        self, field: Term, form: str, operator: RawToken, values: list[Term], end: int
    ) -> None:
        self.field, self.form, self.operator, self.values = field, form, operator, values
        self.negation_span: Span | None = None
        self.span: Span = (field.span[0], end)


class Junction:
    """Operands joined by `and` or by `or`."""

    __slots__ = ("operands", "operator", "operator_spans", "span")

    def __init__(self, operator: str, operands: list[Node], operator_spans: list[Span]) -> None:
        self.operator, self.operands, self.operator_spans = operator, operands, operator_spans
        self.span: Span = (operands[0].span[0], operands[-1].span[1])


class Negation:
    """`not operand`."""

    __slots__ = ("operand", "operator_span", "span")

    def __init__(self, operator_span: Span, operand: Node) -> None:
        self.operand, self.operator_span = operand, operator_span
        self.span: Span = (operator_span[0], operand.span[1])


Node = Comparison | Junction | Negation


class Syntax:
    """The whole query as written."""

    __slots__ = ("filter", "order", "paging")

    def __init__(
        self,
        filter: Node | None,
        order: list[tuple[Term, RawToken | None]],
        paging: list[tuple[RawToken, Term]],
    ) -> None:
        self.filter, self.order, self.paging = filter, order, paging


def _span(token: RawToken) -> Span:
    return (token[2], token[3])


class SyntaxBuilder(Transformer[Any, Any]):
    """Builds the syntax tree while Lark parses (no intermediate parse tree)."""

    def start(self, children: list[Any]) -> Syntax:
        filter_, order, paging = children
        return Syntax(filter_, order or [], paging or [])

    def or_expr(self, children: list[Any]) -> Node:
        return self._junction("or", children)

    def and_expr(self, children: list[Any]) -> Node:
        return self._junction("and", children)

    @staticmethod
    def _junction(operator: str, children: list[Any]) -> Node:
        if len(children) == 1:
            node: Node = children[0]
            return node
        return Junction(operator, children[::2], [_span(t) for t in children[1::2]])

    def negation(self, children: list[Any]) -> Negation:
        return Negation(_span(children[0]), children[1])

    def group(self, children: list[Any]) -> Node:
        node: Node = children[1]
        return node

    def compare(self, children: list[Any]) -> Comparison:
        field, operator, value = children
        return Comparison(field, "compare", operator, [value], value.span[1])

    def colon(self, children: list[Any]) -> Comparison:
        field, operator, value = children
        return Comparison(field, "colon", operator, [value], value.span[1])

    def colon_range(self, children: list[Any]) -> Comparison:
        field, operator, low, _, high = children
        return Comparison(field, "colon_range", operator, [low, high], high.span[1])

    def between(self, children: list[Any]) -> Comparison:
        field, operator, low, _, high = children
        return Comparison(field, "between", operator, [low, high], high.span[1])

    def member(self, children: list[Any]) -> Comparison:
        field, negation, operator, _, values, close = children
        node = Comparison(field, "member", operator, values or [], close[3])
        if negation is not None:
            node.negation_span = _span(negation)
        return node

    def like(self, children: list[Any]) -> Comparison:
        field, operator, value = children
        return Comparison(field, "like", operator, [value], value.span[1])

    def field(self, children: list[Any]) -> Term:
        token: RawToken = children[0]
        if FIELD_NAME.fullmatch(token[1]) is None:
            raise SyntaxFailure(
                Diagnostic(
                    "syntax_error",
                    f"{token[1]!r} is not a field name",
                    span=_span(token),
                    hint="a field starts with a letter or _ and holds letters, digits and _",
                )
            )
        return Term("FIELD", token[1], _span(token))

    def value_list(self, children: list[Any]) -> list[Term]:
        return children[::2]

    def value(self, children: list[Any]) -> Term:
        kind, text, start, end = children[0]
        if kind == "STRING":
            return Term("STRING", unescape(text, start), (start, end))
        return Term(kind, text, (start, end))

    def order_clause(self, children: list[Any]) -> list[tuple[Term, RawToken | None]]:
        return children[2::2]

    def order_item(self, children: list[Any]) -> tuple[Term, RawToken | None]:
        return (children[0], children[1])

    def paging(self, children: list[Any]) -> list[tuple[RawToken, Term]]:
        return [item for item in children if item is not None]

    def paging_item(self, children: list[Any]) -> tuple[RawToken, Term]:
        keyword, (kind, text, start, end) = children
        return (keyword, Term(kind, text, (start, end)))


_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}(?:\\u[0-9A-Fa-f]{4})?|.)", re.S)
_SIMPLE_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "t": "\t"}


def unescape(quoted: str, position: int) -> str:
    """The text inside quotes with `\\" \\' \\\\ \\n \\t \\uXXXX` escapes applied."""
    body = quoted[1:-1]
    if "\\" not in body:
        return body
    start = position + 1

    def replace(match: re.Match[str]) -> str:
        escape = match[1]
        if escape in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[escape]
        if escape[0] == "u" and len(escape) >= 5:
            return _unicode_escape(escape, (start + match.start(), start + match.end()))
        raise SyntaxFailure(
            Diagnostic(
                "syntax_error",
                f"unknown escape \\{escape}",
                span=(start + match.start(), start + match.end()),
                hint="use \\\" \\' \\\\ \\n \\t or \\uXXXX",
            )
        )

    return _ESCAPE.sub(replace, body)


def _unicode_escape(escape: str, span: Span) -> str:
    first = int(escape[1:5], 16)
    second = int(escape[7:11], 16) if len(escape) > 5 else None
    if 0xD800 <= first <= 0xDBFF and second is not None and 0xDC00 <= second <= 0xDFFF:
        return chr(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    tail = "" if second is None else _unicode_escape(escape[6:], span)
    if 0xD800 <= first <= 0xDFFF:
        raise SyntaxFailure(
            Diagnostic(
                "syntax_error",
                f"\\u{escape[1:5]} is half of a surrogate pair",
                span=span,
                hint="write the character itself, or both halves of the pair",
            )
        )
    return chr(first) + tail


# ---- Entry point -------------------------------------------------------------------------


class _Mismatch(Exception):
    """The table has no action for a token: a syntax error, described by Lark's parser.

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

    def __init__(self, parser: Lark, builder: SyntaxBuilder) -> None:
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
        """The builder's result for `tokens`; raises _Mismatch at the first token that cannot be."""
        actions, end_state = self.actions, self.end_state
        states: list[Any] = [self.start_state]
        values: list[Any] = []
        for token in chain(tokens, _END):
            kind = token[0]
            while True:
                entry = actions[states[-1]].get(kind)
                if entry is None:
                    raise _Mismatch(token[3] if token[3] >= 0 else 1 << 62)
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
        raise _Mismatch(1 << 62)  # unreachable: $END either reduces to the end state or mismatches


class _Splice(list[Any]):
    """The children of an inlined `_rule` (Lark's `x*` helpers), spliced into the parent."""

    __slots__ = ()


def rule_callback(rule: Any, builder: SyntaxBuilder) -> Any:
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
_BUILDER = SyntaxBuilder()
#: Longer text is lexed lazily, so that a syntax error early on ends the work there.
_EAGER_LENGTH = 4096
_DRIVER: list[Driver] = []


def _driver() -> Driver:
    if not _DRIVER:
        _DRIVER.append(Driver(lark_parser(), _BUILDER))
    return _DRIVER[0]


class TooDeep(Exception):
    """Parentheses and `not` nest deeper than allowed; `span` is where the limit is crossed."""

    def __init__(self, span: Span) -> None:
        super().__init__(span)
        self.span = span


def parse_syntax(text: str, max_depth: int = 50) -> Syntax:
    """The syntax tree of `text`; raises SyntaxFailure with one diagnostic, or TooDeep."""
    bad = forbidden_character(text)
    if bad is not None:
        raise SyntaxFailure(Diagnostic("syntax_error", bad.message, span=bad.span, hint=bad.hint))
    table = token_table()
    # Nesting can only pass the limit if there are that many `(` and `not`: counting them is cheap.
    deep = text.count("(") + text.lower().count("not") > max_depth
    eager = len(text) <= _EAGER_LENGTH or deep
    try:
        tokens: Iterable[RawToken] = lex(table, text) if eager else iter_lex(table, text)
        if deep:
            check_depth(tokens, max_depth)  # type: ignore[arg-type]
        result: Syntax = _driver().parse(tokens)
    except LexError as error:
        raise SyntaxFailure(
            Diagnostic("syntax_error", error.message, span=error.span, hint=error.hint)
        ) from None
    except _Mismatch as mismatch:
        raise SyntaxFailure(_describe_mismatch(text[: mismatch.end])) from None
    return result


def check_depth(tokens: list[RawToken], max_depth: int) -> None:
    """Raise TooDeep where `(` and `not` nest past `max_depth` (a `not` lasts to its operand's end).

    >>> try:
    ...     check_depth(lex(token_table(), "not (a = 1)"), 1)
    ... except TooDeep as error:
    ...     error.span
    (4, 5)
    """
    depth = 0
    open_nots = [0]  # per parenthesis level: the `not`s whose operand has not ended yet
    previous = ""
    in_list = False
    for kind, _, start, end in tokens:
        if kind == "LPAR" and previous == "IN":
            in_list = True  # `f in (a, b)`: a list of values, not a group
        elif kind == "RPAR" and in_list:
            in_list = False
        elif kind == "NOT" and previous == "WORD":
            pass  # `f not in (...)` negates one condition and nests nothing
        elif kind == "LPAR" or kind == "NOT":
            depth += 1
            if depth > max_depth:
                raise TooDeep((start, end))
            if kind == "LPAR":
                open_nots.append(0)
            else:
                open_nots[-1] += 1
        elif kind == "RPAR" and len(open_nots) > 1:
            depth -= open_nots.pop() + 1
        elif kind in ("AND", "OR", "ORDER", "SORT", "PAGE", "SIZE"):
            depth -= open_nots[-1]
            open_nots[-1] = 0
        previous = kind


def _describe_mismatch(text: str) -> Diagnostic:
    """Let Lark's own parser find the same error, for its expected-token analysis."""
    try:
        lark_parser().parse(text)
    except UnexpectedToken as error:
        return unexpected_token(text, error)
    except UnexpectedInput as error:  # no other kind is expected from this lexer
        position = min(len(text), max(0, getattr(error, "pos_in_stream", 0) or 0))
        return Diagnostic("syntax_error", "unexpected input", span=(position, position))
    return Diagnostic("syntax_error", "the query does not follow the grammar", span=(0, len(text)))


def unexpected_token(text: str, error: UnexpectedToken) -> Diagnostic:
    """A syntax error in words: what was found, and what could have come instead."""
    token: Token = error.token
    expected = _acceptable(error)
    at_end = token.type == "$END"
    # At the end, point just after the last thing written (piped text ends with a newline).
    end = len(text.rstrip(" \t\r\n"))
    span: Span = (end, end) if at_end else (token.start_pos, token.end_pos)  # type: ignore[assignment]
    wanted = describe_expected(expected)
    found = "end of query" if at_end else f"`{token}`"
    hint = None
    if token.type == "WORD" and "BETWEEN" in expected:
        match = difflib.get_close_matches(token.lower(), METHOD_WORDS, n=1, cutoff=0.6)
        if match:
            return Diagnostic(
                "unknown_method",
                f"unknown method `{token}`",
                span=span,
                hint=f"did you mean `{match[0]}`?",
            )
    if token.type == "WORD":
        keywords = [k.lower() for k in KEYWORDS if k in expected]
        match = difflib.get_close_matches(token.lower(), keywords, n=1, cutoff=0.5)
        if match:
            hint = f"did you mean `{match[0]}`? keywords are whole words"
    elif token.type in KEYWORDS and "STRING" in expected:
        hint = f'`{token}` is a keyword; to search for it, put it in quotes: "{token}"'
    elif token.type in KEYWORDS and "WORD" in expected:
        hint = f"`{token}` is a keyword and cannot name a field"
    if expected == {"WORD"} and re.search(r"(?i)\b(page|size)\s*$", text[: span[0]]):
        wanted = "a whole number"
    return Diagnostic(
        "syntax_error", f"unexpected {found}; expected {wanted}", span=span, hint=hint
    )


def _acceptable(error: UnexpectedToken) -> set[str]:
    """The terminals the parser could really take here (LALR lookahead sets are wider)."""
    try:
        accepted = set(error.interactive_parser.accepts())  # type: ignore[no-untyped-call]
    except Exception:  # the probe runs tree callbacks; any failure just means "use Lark's set"
        accepted = set()
    return accepted or set(error.expected)


def describe_expected(expected: set[str]) -> str:
    """`{'WORD', 'LPAR', 'NOT'}` -> "a field, `(` or `not`"."""
    if "STRING" in expected:  # a value may stand here: its token kinds read as one
        expected = (expected - VALUE_TERMINALS) | {"STRING"}
    if "SORT" in expected:
        expected = (expected - {"SORT"}) | {"ORDER"}
    words = [TERMINAL_WORDS.get(name, name.lower()) for name in sorted(expected, key=_rank)]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _rank(name: str) -> int:
    return TERMINAL_RANK.get(name, len(TERMINAL_RANK))
