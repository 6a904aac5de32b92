"""querydsl's lexer behind Lark's lexer interface; imported only when Lark builds the parser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from lark import Token
from lark.lexer import Lexer, LexerState

from querydsl.language.lexer import TokenTable, lex


class QueryLexer(Lexer):
    """Lark's hook for querydsl's lexer: Lark calls `lex` while it parses."""

    __future_interface__: ClassVar[int] = 2

    def __init__(self, lexer_conf: Any) -> None:
        self.table = TokenTable({t.name: t.pattern.to_regexp() for t in lexer_conf.terminals})

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        text_slice = lexer_state.text
        for kind, value, begin, end in lex(self.table, text_slice.text, text_slice.start):
            yield Token(kind, value, begin, None, None, None, None, end)
