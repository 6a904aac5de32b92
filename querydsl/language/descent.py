"""The common query read in one recursive-descent pass; the LALR table judges everything else.

This reader and the LALR driver (lalr.py, over the grammar file's own table) are one pair. The
grammar file stays the source of truth: this reader follows its rules by hand and builds the
very syntax tree the driver builds, but it only *accepts*. At the first token it does not
expect, a field name the grammar refuses, a bad escape, or nesting deeper than it recurses, it
gives up (returns None) and the driver reads the same tokens (parser.parse_syntax lexes once):
it builds the tree of deep nesting, or stops at the first token the grammar refuses with a
Mismatch that carries everything the error's wording needs (syntax_errors.py). The pair's one
law, checked in tests/test_descent.py: within its nesting limit, this reader accepts a text
exactly when the driver does, with an equal tree.
"""

from __future__ import annotations

from collections.abc import Callable

from querydsl.language.grammar import VALUE_TERMINALS
from querydsl.language.lexer import LexError, RawToken, TokenTable, lex
from querydsl.language.syntax import (
    Comparison,
    Junction,
    Negation,
    Node,
    Syntax,
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

#: What padded_tokens adds after the last token, so that a reader may look a few tokens on.
ENDS: list[RawToken] = [("$END", "", -1, -1)] * 5
#: The tokens a filter starts with, and the bracket that closes a value list's opening one.
FILTER_START = frozenset({"WORD", "NOT", "LPAR"})
CLOSING = {"LPAR": "RPAR", "LSQB": "RSQB"}


class _GiveUp(Exception):
    """Not a query this reader accepts: the LALR driver takes over."""


def padded_tokens(table: TokenTable, text: str) -> list[RawToken] | None:
    """The tokens of `text` and room to look a few past the end, or None if the lexer refuses
    the text (the driver then says where and why)."""
    try:
        tokens = lex(table, text)
    except LexError:
        return None
    tokens += ENDS
    return tokens


def read(
    table: TokenTable,
    text: str,
    max_nesting: int = MAX_NESTING,
    lexed: list[RawToken] | None = None,
) -> Syntax | None:
    """The syntax tree of `text`, or None when the driver must read it (an error, most likely,
    or parentheses and `not` nested more than `max_nesting` deep). `lexed` are the text's
    padded tokens, when another reader has lexed it already.

    >>> from querydsl.language.grammar import token_table
    >>> syntax = read(token_table(), "amount >= 5 or not f in (a, b) order by amount desc")
    >>> syntax.filter.operator, [term.text for term, _ in syntax.order]
    ('or', ['amount'])
    """
    tokens = lexed if lexed is not None else padded_tokens(table, text)
    if tokens is None:
        return None
    try:
        return _Reader(tokens, min(max_nesting, MAX_NESTING)).query()
    except (_GiveUp, SyntaxFailure):
        return None


class _Reader:
    """One pass over the tokens; every method reads one rule of the grammar.

    The tokens are read by index (`self.tokens[self.position]`), not through peek and next
    methods: a call per token was a third of this reader's time.
    """

    __slots__ = ("position", "room", "tokens")

    def __init__(self, tokens: list[RawToken], max_nesting: int) -> None:
        self.tokens = tokens
        self.position = 0
        self.room = max_nesting  # how many more `(` and `not` may nest

    def query(self) -> Syntax:
        """start: [or_expr] [order_clause] [paging]"""
        tokens = self.tokens
        filter_ = self.or_expr() if tokens[0][0] in FILTER_START else None
        kind = tokens[self.position][0]
        order = self.order_clause() if kind == "ORDER" or kind == "SORT" else []
        paging = []
        while tokens[self.position][0] in ("PAGE", "SIZE"):
            paging.append(self.paging_item())
        if tokens[self.position][0] != "$END":
            raise _GiveUp
        return Syntax(filter_, order, paging)

    def or_expr(self) -> Node:
        """or_expr: and_expr (OR and_expr)*"""
        return self.junction("OR", self.and_expr)

    def and_expr(self) -> Node:
        """and_expr: not_expr (AND not_expr)*"""
        return self.junction("AND", self.not_expr)

    def junction(self, keyword: str, operand: Callable[[], Node]) -> Node:
        """operand (keyword operand)*: the operand alone, or all of them joined."""
        first = operand()
        tokens = self.tokens
        if tokens[self.position][0] != keyword:
            return first
        operands, spans = [first], []
        while (token := tokens[self.position])[0] == keyword:
            self.position += 1
            spans.append((token[2], token[3]))
            operands.append(operand())
        return Junction(keyword.lower(), operands, spans)

    def not_expr(self) -> Node:
        """not_expr: NOT not_expr | LPAR or_expr RPAR | condition"""
        kind, _, start, end = self.tokens[self.position]
        if kind != "NOT" and kind != "LPAR":
            return self.condition()
        if not self.room:
            raise _GiveUp
        self.room -= 1
        self.position += 1
        node: Node
        if kind == "NOT":
            node = Negation((start, end), self.not_expr())
        else:
            node = self.or_expr()
            self.expect("RPAR")
        self.room += 1
        return node

    def condition(self) -> Comparison:
        """condition: field, then the form its operator starts (the grammar's six aliases)."""
        tokens, position = self.tokens, self.position
        field = _field(tokens[position])
        operator = tokens[position + 1]
        kind = operator[0]
        if kind == "COMPARE" or kind == "LIKE":  # the most common forms first
            value = _value(tokens[position + 2])
            self.position = position + 3
            form = "compare" if kind == "COMPARE" else "like"
            return Comparison(field, form, operator, [value], value.span[1])
        if kind == "IN":
            self.position = position + 2
            return self.member(field, None, operator)
        if kind == "NOT" and tokens[position + 2][0] == "IN":
            self.position = position + 3
            return self.member(field, operator, tokens[position + 2])
        value = _value(tokens[position + 2])
        if kind == "COLON":
            if tokens[position + 3][0] != "RANGE":
                self.position = position + 3
                return Comparison(field, "colon", operator, [value], value.span[1])
            high = _value(tokens[position + 4])
            self.position = position + 5
            return Comparison(field, "colon_range", operator, [value, high], high.span[1])
        if kind == "BETWEEN":
            if tokens[position + 3][0] not in ("RANGE", "AND"):
                raise _GiveUp
            high = _value(tokens[position + 4])
            self.position = position + 5
            return Comparison(field, "between", operator, [value, high], high.span[1])
        raise _GiveUp

    def member(self, field: Term, negation: RawToken | None, operator: RawToken) -> Comparison:
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
        node = Comparison(field, "member", operator, values, end[3])
        if negation is not None:
            node.negation_span = token_span(negation)
        return node

    def order_clause(self) -> list[tuple[Term, RawToken | None]]:
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
        kind, text, start, end = self.expect("WORD")
        return (keyword, Term(kind, text, (start, end)))

    def expect(self, kind: str) -> RawToken:
        token = self.tokens[self.position]
        if token[0] != kind:
            raise _GiveUp
        self.position += 1
        return token


def _field(token: RawToken) -> Term:
    """field: WORD (the grammar then checks it reads as a field name)"""
    kind, text, start, end = token
    if kind != "WORD" or not is_field_name(text):
        raise _GiveUp
    return Term("FIELD", text, (start, end))


def _value(token: RawToken) -> Term:
    """value: WORD | STRING | DATETIME | CARD_MASK | TRUE | FALSE"""
    kind, text, start, end = token
    if kind not in VALUE_TERMINALS:
        raise _GiveUp
    if kind == "STRING":
        return Term(kind, unescape(text, start), (start, end))
    return Term(kind, text, (start, end))
