"""The common query read in one recursive-descent pass; the LALR table judges everything else.

This reader and the LALR driver (lalr.py, over the grammar file's own table) are one pair. The
grammar file stays the source of truth: this reader follows its rules by hand and hands what it
reads to a builder (syntax.Builder) exactly as the driver's tree replays into one, but it only
*accepts*. Given the binder, it makes the checked query in the same pass, without a syntax
tree. At the first token it does not expect, a field name the grammar refuses, a bad escape, or
nesting deeper than it recurses, it gives up (returns None; what the builder made is dropped)
and the driver reads the same tokens (parser.parse lexes once): it builds the tree of deep
nesting, or stops at the first token the grammar refuses with a Mismatch that carries everything
the error's wording needs (syntax_errors.py). The pair's one law, checked in
tests/test_descent.py: within its nesting limit, this reader accepts a text exactly when the
driver does, and a builder makes the same of both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic

from querydsl.language.ast import Span
from querydsl.language.grammar import VALUE_TERMINALS
from querydsl.language.lexer import RawToken
from querydsl.language.syntax import (
    Builder,
    N,
    OrderItems,
    PagingItems,
    Q,
    SyntaxFailure,
    Term,
    is_field_name,
    token_span,
    unescape,
)

#: Parentheses and `not` nested deeper than this are left to the driver (no deep recursion here).
MAX_NESTING = 32
#: Longer texts are left to the driver too. This reader lexes the whole text before it reads, and
#: junk is cheaper to refuse where the driver stops, at its first bad token (1 MB of dots: 0.5 s
#: here, 0.01 s there). The default limit on a query's length is below this one.
MAX_LENGTH = 16_384

#: What parser.parse adds after the last token, so that the reader may look a few tokens on.
ENDS: list[RawToken] = [("$END", "", -1, -1)] * 5
#: The tokens a filter starts with, and the bracket that closes a value list's opening one.
FILTER_START = frozenset({"WORD", "NOT", "LPAR"})
CLOSING = {"LPAR": "RPAR", "LSQB": "RSQB"}


class _GiveUp(Exception):
    """Not a query this reader accepts: the LALR driver takes over."""


def read(tokens: list[RawToken], build: Builder[N, Q], max_nesting: int = MAX_NESTING) -> Q | None:
    """What `build` makes of the query `tokens` hold (padded with ENDS, so that the reader may
    look a few past the last), or None when the driver must
    read them (an error, most likely, or parentheses and `not` nested more than `max_nesting`
    deep).

    >>> from querydsl.language.grammar import token_table
    >>> from querydsl.language.lexer import lex
    >>> from querydsl.language.syntax import TreeBuilder
    >>> tokens = lex(token_table(), "amount >= 5 or not f in (a, b) order by amount") + ENDS
    >>> syntax = read(tokens, TreeBuilder())
    >>> syntax.filter.operator, [field[1] for field, _ in syntax.order]
    ('or', ['amount'])
    """
    try:
        return _Reader(tokens, build, min(max_nesting, MAX_NESTING)).query()
    except (_GiveUp, SyntaxFailure):
        return None


class _Reader(Generic[N, Q]):
    """One pass over the tokens; every method reads one rule of the grammar.

    The tokens are read by index (`self.tokens[self.position]`), not through peek and next
    methods: a call per token was a third of this reader's time. `span` is the syntax tree's
    span of the node read last, which the builder is given with an `and`, `or` or `not`.
    """

    __slots__ = ("build", "position", "room", "span", "tokens")

    def __init__(self, tokens: list[RawToken], build: Builder[N, Q], max_nesting: int) -> None:
        self.tokens = tokens
        self.build = build
        self.position = 0
        self.room = max_nesting  # how many more `(` and `not` may nest
        self.span: Span = (0, 0)

    def query(self) -> Q:
        """start: [or_expr] [order_clause] [paging]"""
        tokens = self.tokens
        filter_ = self.or_expr() if tokens[0][0] in FILTER_START else None
        kind = tokens[self.position][0]
        order = self.order_clause() if kind == "ORDER" or kind == "SORT" else []
        paging: PagingItems = []
        while tokens[self.position][0] in ("PAGE", "SIZE"):
            paging.append(self.paging_item())
        if tokens[self.position][0] != "$END":
            raise _GiveUp
        return self.build.query(filter_, order, paging)

    def or_expr(self) -> N:
        """or_expr: and_expr (OR and_expr)*"""
        return self.junction("OR", "or", self.and_expr)

    def and_expr(self) -> N:
        """and_expr: not_expr (AND not_expr)*"""
        return self.junction("AND", "and", self.not_expr)

    def junction(self, keyword: str, operator: str, operand: Callable[[], N]) -> N:
        """operand (keyword operand)*: the operand alone, or all of them joined."""
        first = operand()
        tokens = self.tokens
        if tokens[self.position][0] != keyword:
            return first
        start = self.span[0]
        operands, spans = [first], []
        while (token := tokens[self.position])[0] == keyword:
            self.position += 1
            spans.append((token[2], token[3]))
            operands.append(operand())
        self.span = span = (start, self.span[1])
        return self.build.junction(operator, operands, spans, span)

    def not_expr(self) -> N:
        """not_expr: NOT not_expr | LPAR or_expr RPAR | condition"""
        kind, _, start, end = self.tokens[self.position]
        if kind != "NOT" and kind != "LPAR":
            return self.condition()
        if not self.room:
            raise _GiveUp
        self.room -= 1
        self.position += 1
        node: N
        if kind == "NOT":
            operand = self.not_expr()
            self.span = span = (start, self.span[1])
            node = self.build.negation((start, end), operand, span)
        else:
            node = self.or_expr()  # a group's span is its content's
            self.expect("RPAR")
        self.room += 1
        return node

    def condition(self) -> N:
        """condition: field, then the form its operator starts (the grammar's six aliases)."""
        tokens, position = self.tokens, self.position
        field = _field(tokens[position])
        operator = tokens[position + 1]
        kind = operator[0]
        if kind == "COMPARE" or kind == "LIKE":  # the most common forms first
            value = _value(tokens[position + 2])
            self.position = position + 3
            self.span = span = (field[2], value[3])
            form = "compare" if kind == "COMPARE" else "like"
            return self.build.condition(field, form, operator, (value,), None, span)
        if kind == "IN":
            self.position = position + 2
            return self.member(field, None, operator)
        if kind == "NOT" and tokens[position + 2][0] == "IN":
            self.position = position + 3
            return self.member(field, token_span(operator), tokens[position + 2])
        value = _value(tokens[position + 2])
        if kind == "COLON":
            if tokens[position + 3][0] != "RANGE":
                self.position = position + 3
                self.span = span = (field[2], value[3])
                return self.build.condition(field, "colon", operator, (value,), None, span)
            high = _value(tokens[position + 4])
            self.position = position + 5
            self.span = span = (field[2], high[3])
            return self.build.condition(field, "colon_range", operator, (value, high), None, span)
        if kind == "BETWEEN":
            if tokens[position + 3][0] not in ("RANGE", "AND"):
                raise _GiveUp
            high = _value(tokens[position + 4])
            self.position = position + 5
            self.span = span = (field[2], high[3])
            return self.build.condition(field, "between", operator, (value, high), None, span)
        raise _GiveUp

    def member(self, field: Term, negated: Span | None, operator: RawToken) -> N:
        """field [NOT] IN ( [value_list] ) | field [NOT] IN [ [value_list] ]"""
        tokens, position = self.tokens, self.position
        close = CLOSING.get(tokens[position][0])
        if close is None:
            raise _GiveUp
        position += 1
        values = []
        if tokens[position][0] != close:
            values.append(_value(tokens[position]))
            position += 1
            while tokens[position][0] == "COMMA":
                values.append(_value(tokens[position + 1]))
                position += 2
        end = tokens[position]
        if end[0] != close:
            raise _GiveUp
        self.position = position + 1
        self.span = span = (field[2], end[3])
        return self.build.condition(field, "member", operator, values, negated, span)

    def order_clause(self) -> OrderItems:
        """order_clause: (ORDER | SORT) BY order_item (COMMA order_item)*"""
        self.position += 1
        self.expect("BY")
        items = [self.order_item()]
        while self.tokens[self.position][0] == "COMMA":
            self.position += 1
            items.append(self.order_item())
        return items

    def order_item(self) -> tuple[Term, RawToken | None]:
        """order_item: field [ASC | DESC]"""
        tokens, position = self.tokens, self.position
        field = _field(tokens[position])
        direction = tokens[position + 1]
        if direction[0] == "ASC" or direction[0] == "DESC":
            self.position = position + 2
            return (field, direction)
        self.position = position + 1
        return (field, None)

    def paging_item(self) -> tuple[RawToken, Term]:
        """paging_item: (PAGE | SIZE) WORD"""
        keyword = self.tokens[self.position]
        self.position += 1
        return (keyword, self.expect("WORD"))

    def expect(self, kind: str) -> RawToken:
        token = self.tokens[self.position]
        if token[0] != kind:
            raise _GiveUp
        self.position += 1
        return token


def _field(token: RawToken) -> Term:
    """field: WORD (the grammar then checks it reads as a field name)"""
    if token[0] != "WORD" or not is_field_name(token[1]):
        raise _GiveUp
    return token


def _value(token: RawToken) -> Term:
    """value: WORD | STRING | DATETIME | CARD_MASK | TRUE | FALSE"""
    kind = token[0]
    if kind not in VALUE_TERMINALS:
        raise _GiveUp
    if kind == "STRING":
        return (kind, unescape(token[1], token[2]), token[2], token[3])
    return token
