"""Text to syntax tree; lexer errors become diagnostics, a grammar mismatch is raised. No schema."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any, cast

from querydsl.carddata.redact import shown
from querydsl.language.ast import Span
from querydsl.language.descent import ENDS, MAX_LENGTH, MAX_NESTING, read
from querydsl.language.errors import Diagnostic
from querydsl.language.grammar import lark_parser, token_table
from querydsl.language.lalr import Driver, Mismatch
from querydsl.language.lexer import (
    LexError,
    RawToken,
    forbidden_character,
    iter_lex,
    lex_readable,
)
from querydsl.language.rules import exceeded
from querydsl.language.syntax import (
    Builder,
    Comparison,
    Junction,
    N,
    Negation,
    Node,
    OrderItems,
    PagingItems,
    Q,
    Syntax,
    SyntaxFailure,
    Term,
    TreeBuilder,
    is_field_name,
    replay,
    token_span,
    unescape,
)


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
        operands: list[Node] = children[::2]
        spans = [token_span(token) for token in children[1::2]]
        return Junction(operator, operands, spans, (operands[0].span[0], operands[-1].span[1]))

    def negation(self, children: list[Any]) -> Negation:
        keyword, operand = children
        return Negation(token_span(keyword), operand, (keyword[2], operand.span[1]))

    def group(self, children: list[Any]) -> Node:
        node: Node = children[1]
        return node

    def compare(self, children: list[Any]) -> Comparison:
        field, operator, value = children
        return Comparison(field, "compare", operator, [value], None, (field[2], value[3]))

    def colon(self, children: list[Any]) -> Comparison:
        field, operator, value = children
        return Comparison(field, "colon", operator, [value], None, (field[2], value[3]))

    def colon_range(self, children: list[Any]) -> Comparison:
        field, operator, low, _, high = children
        span = (field[2], high[3])
        return Comparison(field, "colon_range", operator, [low, high], None, span)

    def between(self, children: list[Any]) -> Comparison:
        field, operator, low, _, high = children
        return Comparison(field, "between", operator, [low, high], None, (field[2], high[3]))

    def member(self, children: list[Any]) -> Comparison:
        field, negation, operator, _, values, close = children
        negated = None if negation is None else token_span(negation)
        return Comparison(field, "member", operator, values or [], negated, (field[2], close[3]))

    def like(self, children: list[Any]) -> Comparison:
        field, operator, value = children
        return Comparison(field, "like", operator, [value], None, (field[2], value[3]))

    def field(self, children: list[Any]) -> Term:
        token: RawToken = children[0]
        if not is_field_name(token[1]):
            raise SyntaxFailure(
                Diagnostic(
                    "syntax_error",
                    f"{shown(token[1])} is not a field name",
                    span=token_span(token),
                    hint="a field starts with a letter or _ and holds letters, digits and _",
                )
            )
        return token

    def value_list(self, children: list[Any]) -> list[Term]:
        return children[::2]

    def value(self, children: list[Any]) -> Term:
        token: RawToken = children[0]
        kind, text, start, end = token
        if kind == "STRING":
            return (kind, unescape(text, start), start, end)
        return token

    def order_clause(self, children: list[Any]) -> OrderItems:
        return children[2::2]

    def order_item(self, children: list[Any]) -> tuple[Term, RawToken | None]:
        return (children[0], children[1])

    def paging(self, children: list[Any]) -> PagingItems:
        return [item for item in children if item is not None]

    def paging_item(self, children: list[Any]) -> tuple[RawToken, Term]:
        return (children[0], children[1])


# ---- Entry point -------------------------------------------------------------------------


@functools.cache
def driver() -> Driver:
    """The LALR driver over the grammar's table, building syntax trees (made once)."""
    return Driver(lark_parser(), SyntaxBuilder())


class TooDeep(Exception):
    """Parentheses and `not` nest deeper than allowed; `span` is where the limit is crossed."""

    def __init__(self, span: Span) -> None:
        super().__init__(span)
        self.span = span


def parse_syntax(text: str, max_depth: int | None = 50) -> Syntax:
    """The syntax tree of `text`; raises as `parse` does.

    >>> parse_syntax("amount > 5 and not f = 1").filter.operator
    'and'
    """
    return parse(text, max_depth, TreeBuilder)


def parse(text: str, max_depth: int | None, builder: Callable[[], Builder[N, Q]]) -> Q:
    """What a fresh `builder()` makes of `text`; raises SyntaxFailure with one diagnostic,
    Mismatch, or TooDeep (past `max_depth`; None is no limit).

    The text is lexed once: the recursive-descent reader (descent.py) hands a builder what it
    accepts, and the LALR driver reads the same tokens for everything else, to build the tree
    of deep nesting (replayed into another builder: the first one is dropped with what it made)
    or to find the first token the grammar refuses. A Mismatch carries what its wording needs
    (syntax_errors.unexpected_token, which takes the schema: what may follow a field depends on
    its type).
    """
    bad = forbidden_character(text)
    if bad is not None:
        raise SyntaxFailure(Diagnostic("syntax_error", bad.message, span=bad.span, hint=bad.hint))
    table = token_table()
    lexed = None  # the tokens as far as they can be read, and why they stop there if they do
    if len(text) <= MAX_LENGTH:
        lexed = readable, unreadable = lex_readable(table, text)
        if unreadable is None:
            # The common query, in one pass; None leaves it to the driver (an error, or deep
            # nesting), which reads the same tokens.
            readable += ENDS
            nesting = MAX_NESTING if max_depth is None else max_depth
            built = read(readable, builder(), nesting)
            if built is not None:
                return built
            del readable[-len(ENDS) :]
    # Nesting can only pass the limit if there are that many `(` and `not`: counting them is cheap.
    deep = exceeded(max_depth, text.count("(") + text.lower().count("not"))
    if lexed is None and deep:  # the depth is measured before anything is built
        lexed = lex_readable(table, text)
    try:
        tokens: Iterable[RawToken]
        if lexed is None:
            # Read as the parser asks for them: the first problem in the text ends the work.
            tokens = iter_lex(table, text)
        else:
            # A character no token starts is met only if the parser gets that far.
            readable, unreadable = lexed
            tokens = readable if unreadable is None else chain(readable, _raising(unreadable))
            if deep:
                _check_depth_first(readable, max_depth)
        syntax: Syntax = driver().parse(tokens)
    except LexError as error:
        start = error.span[0]
        hint = error.hint
        if text[start] in "\"'":
            from querydsl.language.slips import quote_in_word_hint  # only for this error

            hint = quote_in_word_hint(text, start) or hint
        raise SyntaxFailure(
            Diagnostic("syntax_error", error.message, span=error.span, hint=hint)
        ) from None
    build = builder()
    if isinstance(build, TreeBuilder):  # the driver's tree is the one asked for: no copy
        return cast(Q, syntax)
    return replay(syntax, build)


def _check_depth_first(tokens: list[RawToken], max_depth: int | None) -> None:
    """Raise TooDeep before anything is built, unless the parser finds a problem earlier in
    the text: the first problem is the one reported."""
    try:
        check_depth(tokens, max_depth)
    except TooDeep as deep:
        before = [token for token in tokens if token[2] < deep.span[0]]
        try:
            driver().parse(before)
        except Mismatch as mismatch:
            if mismatch.token[0] != "$END":  # the end of `before` is no problem of the text
                raise
        raise


def _raising(error: LexError) -> Iterator[RawToken]:
    raise error
    yield  # a generator: raises only when the parser reads this far


def check_depth(tokens: Iterable[RawToken], max_depth: int | None) -> None:
    """Raise TooDeep where `(` and `not` nest past `max_depth` (a `not` lasts to its operand's end;
    None is no limit).

    >>> try:
    ...     check_depth(iter_lex(token_table(), "not (a = 1)"), 1)
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
            if exceeded(max_depth, depth):
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
