"""The syntax tree: what was written, with positions; typed by check.Binder.

The recursive-descent reader (descent.py) hands what it reads to a `Builder`, one call per
condition, `and`/`or`, `not` and query, in the order the text holds them: `TreeBuilder` makes the
syntax tree of this module, and the binder (check.Binder) makes the checked query directly. The
LALR driver builds the same tree (parser.SyntaxBuilder), and `replay` gives a tree's nodes to any
builder in that order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from querydsl.language.ast import Span
from querydsl.language.errors import Diagnostic
from querydsl.language.lexer import RawToken

FIELD_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")

#: One literal as written: (kind, text, start, end), the lexer's token itself, or for a STRING a
#: copy of it with the text unquoted and unescaped. A field is its WORD token.
Term = RawToken
#: `order by` items: a field and its ASC or DESC token, if any.
OrderItems = list[tuple[Term, RawToken | None]]
#: `page` and `size` items: the keyword's token and the number's.
PagingItems = list[tuple[RawToken, Term]]


def is_field_name(text: str) -> bool:
    """Whether `text` may name a field: letters, digits and _, not starting with a digit, and
    dots between such names.

    >>> is_field_name("payer_email"), is_field_name("customer.email"), is_field_name("1abc")
    (True, True, False)
    """
    # For ASCII text without dots the rule is exactly str.isidentifier, which needs no regex.
    return (text.isascii() and text.isidentifier()) or FIELD_NAME.fullmatch(text) is not None


def token_span(token: RawToken) -> Span:
    """Where a token stands in the text, as (start, end)."""
    return (token[2], token[3])


class SyntaxFailure(Exception):
    """The text does not follow the grammar."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class Comparison:
    """`field <form> values`, where form is compare, colon, colon_range, between, member or like;
    `negated` is where the `not` of `f not in (...)` stands."""

    __slots__ = ("field", "form", "negated", "operator", "span", "values")

    def __init__(
        self,
        field: Term,
        form: str,
        operator: RawToken,
        values: Sequence[Term],
        negated: Span | None,
        span: Span,
    ) -> None:
        self.field, self.form, self.operator, self.values = field, form, operator, values
        self.negated, self.span = negated, span


class Junction:
    """Operands joined by `and` or by `or`."""

    __slots__ = ("operands", "operator", "operator_spans", "span")

    def __init__(
        self, operator: str, operands: list[Node], operator_spans: list[Span], span: Span
    ) -> None:
        self.operator, self.operands, self.operator_spans = operator, operands, operator_spans
        self.span = span


class Negation:
    """`not operand`."""

    __slots__ = ("operand", "operator_span", "span")

    def __init__(self, operator_span: Span, operand: Node, span: Span) -> None:
        self.operand, self.operator_span, self.span = operand, operator_span, span


Node = Comparison | Junction | Negation


class Syntax:
    """The whole query as written."""

    __slots__ = ("filter", "order", "paging")

    def __init__(self, filter: Node | None, order: OrderItems, paging: PagingItems) -> None:
        self.filter, self.order, self.paging = filter, order, paging


# ---- Builders -------------------------------------------------------------------------------

N = TypeVar("N")
Q = TypeVar("Q", covariant=True)


class Builder(Protocol[N, Q]):
    """What a reader hands over, in the text's order; `span`s are the syntax tree's (a
    parenthesized group's excludes its parentheses)."""

    def condition(
        self,
        field: Term,
        form: str,
        operator: RawToken,
        values: Sequence[Term],
        negated: Span | None,
        span: Span,
        /,
    ) -> N: ...

    def junction(
        self, operator: str, operands: list[N], operator_spans: list[Span], span: Span, /
    ) -> N: ...

    def negation(self, operator_span: Span, operand: N, span: Span, /) -> N: ...

    def query(self, filter: N | None, order: OrderItems, paging: PagingItems, /) -> Q: ...


class TreeBuilder:
    """Builds the syntax tree: each of its calls is the constructor of the node it names.

    >>> tree = TreeBuilder().condition(("WORD", "a", 0, 1), "compare", ("COMPARE", "=", 2, 3),
    ...                                [("WORD", "5", 4, 5)], None, (0, 5))
    >>> tree.form, tree.span
    ('compare', (0, 5))
    """

    __slots__ = ()

    condition = staticmethod(Comparison)
    junction = staticmethod(Junction)
    negation = staticmethod(Negation)
    query = staticmethod(Syntax)


def replay(syntax: Syntax, build: Builder[N, Q]) -> Q:
    """What `build` makes of a syntax tree, given its nodes in the order a reader meets them."""
    filter_ = None if syntax.filter is None else _replay(syntax.filter, build)
    return build.query(filter_, syntax.order, syntax.paging)


def _replay(node: Node, build: Builder[N, Q]) -> N:
    if type(node) is Comparison:
        return build.condition(
            node.field, node.form, node.operator, node.values, node.negated, node.span
        )
    if type(node) is Junction:
        operands = [_replay(operand, build) for operand in node.operands]
        return build.junction(node.operator, operands, node.operator_spans, node.span)
    assert type(node) is Negation
    return build.negation(node.operator_span, _replay(node.operand, build), node.span)


# ---- Literals -------------------------------------------------------------------------------


# A pair is a high surrogate escape followed by a low one, wherever it stands; any other \uXXXX
# is one character (a lone half of a pair is refused in _unicode_escape).
_ESCAPE = re.compile(
    r"\\(u[dD][89abAB][0-9A-Fa-f]{2}\\u[dD][c-fC-F][0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|.)", re.S
)
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
    if len(escape) > 5:  # a pair, as _ESCAPE matched it
        return chr(0x10000 + ((first - 0xD800) << 10) + (int(escape[7:11], 16) - 0xDC00))
    if 0xD800 <= first <= 0xDFFF:
        raise SyntaxFailure(
            Diagnostic(
                "syntax_error",
                f"\\u{escape[1:5]} is half of a surrogate pair",
                span=span,
                hint="write the character itself, or both halves of the pair",
            )
        )
    return chr(first)
