"""Text to syntax tree; every Lark and lexer exception becomes a diagnostic. Nothing semantic."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from querydsl.errors import Diagnostic, Span
from querydsl.grammar import lark_parser, token_table
from querydsl.lalr import Driver, Mismatch
from querydsl.lexer import LexError, RawToken, forbidden_character, iter_lex, lex
from querydsl.syntax_errors import unexpected_token

FIELD_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")


def is_field_name(text: str) -> bool:
    """Whether `text` may name a field: letters, digits and _, not starting with a digit, and
    dots between such names.

    >>> is_field_name("payer_email"), is_field_name("customer.email"), is_field_name("1abc")
    (True, True, False)
    """
    # For ASCII text without dots the rule is exactly str.isidentifier, which needs no regex.
    return (text.isascii() and text.isidentifier()) or FIELD_NAME.fullmatch(text) is not None


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


class SyntaxBuilder:
    """Builds the syntax tree while the parser reduces (no intermediate parse tree): one
    method per rule or alias of the grammar, given the rule's children."""

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
        if not is_field_name(token[1]):
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


_BUILDER = SyntaxBuilder()
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
    try:
        # Tokens are read as the parser asks for them: the first problem in the text ends the work.
        tokens: Iterable[RawToken] = lex(table, text) if deep else iter_lex(table, text)
        if deep:
            check_depth(tokens, max_depth)  # type: ignore[arg-type]
        result: Syntax = _driver().parse(tokens)
    except LexError as error:
        raise SyntaxFailure(
            Diagnostic("syntax_error", error.message, span=error.span, hint=error.hint)
        ) from None
    except Mismatch as mismatch:
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
    from lark.exceptions import UnexpectedInput, UnexpectedToken

    try:
        lark_parser().parse(text)
    except UnexpectedToken as error:
        return unexpected_token(text, error)
    except UnexpectedInput as error:  # no other kind is expected from this lexer
        position = min(len(text), max(0, getattr(error, "pos_in_stream", 0) or 0))
        return Diagnostic("syntax_error", "unexpected input", span=(position, position))
    return Diagnostic("syntax_error", "the query does not follow the grammar", span=(0, len(text)))
