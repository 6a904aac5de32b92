"""Texts with one token changed: where a reader's last check before giving up is most likely."""

from __future__ import annotations

from hypothesis import strategies as st

from querydsl.language.grammar import token_table
from querydsl.language.lexer import lex


@st.composite
def mutated(draw: st.DrawFn, texts: st.SearchStrategy[str], pieces: list[str]) -> str:
    """A text with one token dropped, doubled, swapped with the next, replaced by one of
    `pieces`, or kept."""
    text = draw(texts)
    tokens = [token[1] for token in lex(token_table(), text)]
    if not tokens:
        return text
    index = draw(st.integers(0, len(tokens) - 1))
    how = draw(st.sampled_from(["drop", "double", "swap", "replace", "keep"]))
    if how == "drop":
        del tokens[index]
    elif how == "double":
        tokens.insert(index, tokens[index])
    elif how == "swap" and index + 1 < len(tokens):
        tokens[index], tokens[index + 1] = tokens[index + 1], tokens[index]
    elif how == "replace":
        tokens[index] = draw(st.sampled_from(pieces))
    return " ".join(tokens)
