"""The syntax tree: what was written, with positions; typed by check.bind."""

from __future__ import annotations

import re

from querydsl.language.ast import Span
from querydsl.language.errors import Diagnostic
from querydsl.language.lexer import RawToken

FIELD_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")


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
