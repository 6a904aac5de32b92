"""Lexer and parser shortcuts that must agree with the rules they stand for."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import querydsl
from querydsl.language.grammar import token_table
from querydsl.language.lexer import FORBIDDEN, LexError, forbidden_character, lex
from querydsl.language.syntax import FIELD_NAME, is_field_name

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_every_refused_character_is_unprintable() -> None:
    # forbidden_character skips its search for printable text; that is only right if no
    # refused character is printable.
    refused = FORBIDDEN.findall(EVERY_CHARACTER)
    assert len(refused) > 2000  # controls, format characters and every surrogate
    assert [char for char in refused if char.isprintable()] == []


def test_unprintable_but_allowed_text_is_still_searched() -> None:
    assert forbidden_character("a\tb\nc\rd") is None
    found = forbidden_character("a\tb\u200bc")
    assert found is not None and found.span == (3, 4)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_field_name_shortcut_agrees_with_the_rule(text: str) -> None:
    assert is_field_name(text) == (FIELD_NAME.fullmatch(text) is not None)


@given(st.text(max_size=12))
def test_field_name_rule_for_any_text(text: str) -> None:
    assert is_field_name(text) == (FIELD_NAME.fullmatch(text) is not None)


# The grammar's STRING is written as an unrolled loop (runs of plain characters between
# escapes); it must accept exactly what the plain definition accepts.
PLAIN_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""", re.S)


@given(st.text(alphabet="\"'\\ab\n", max_size=16))
def test_string_terminal_matches_the_plain_definition(text: str) -> None:
    ours = token_table().terminals.match(text)
    plain = PLAIN_STRING.match(text)
    if plain is None:
        assert ours is None or ours.lastgroup != "STRING"
    else:
        assert ours is not None and ours.lastgroup == "STRING"
        assert ours.span("STRING") == plain.span()


def test_the_kind_table_names_each_group_of_the_token_pattern() -> None:
    # The lexer reads a token's terminal by group number (`lastindex`), not by name.
    table = token_table()
    numbered = {number: name for name, number in table.master.groupindex.items()}
    kinds = [numbered[number] for number in range(1, len(table.kinds))]
    assert kinds == ["LEAD_WORD", *table.kinds[2:]] and table.kinds[1] == "WORD"
    assert len(table.kinds) == table.master.groups + 1


@given(st.text(alphabet="aBc1-:.() \"'=<>!,[]*TxX9é٣\t", max_size=30))
def test_the_shortcuts_change_no_token(text: str) -> None:
    """The master pattern tries non-digit-led words first and the digit-led terminals only at
    a digit: it reads every text as the plain alternation in TERMINAL_ORDER does."""
    table = token_table()
    plain = re.compile(
        "[ \t\r\n]*(?:" + "|".join([*table._alternatives, r"(?P<END>\Z)", "(?P<ERROR>.)"]) + ")",
        re.S,
    )

    def read(pattern: re.Pattern[str]) -> list[tuple[str, str, int]]:
        found = []
        for match in pattern.finditer(text):
            name = match.lastgroup or ""
            found.append(("WORD" if name == "LEAD_WORD" else name, match[name], match.end()))
        return found

    assert read(table.master) == read(plain)


@given(st.text(alphabet="aBc1-:.() \"'=<>!,[]*T", max_size=30))
def test_tokens_name_the_group_that_matched(text: str) -> None:
    table = token_table()
    try:
        tokens = lex(table, text)
    except LexError:
        return
    for kind, value, start, end in tokens:
        match = table.master.match(text, start)
        assert match is not None and match.lastgroup in (kind, "WORD", "LEAD_WORD")
        assert value == text[start:end] == match.group(match.lastgroup)


def utf16_escapes(char: str) -> str:
    """`char` as \\uXXXX escapes of its UTF-16 code units: a pair beyond U+FFFF."""
    units = char.encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


# Each character of the value, and whether to write it as escapes (a quote, a backslash and a
# refused character always are).
ESCAPED_TEXT = st.lists(
    st.tuples(st.characters(exclude_categories=["Cs"]), st.booleans()), max_size=50
)


@given(ESCAPED_TEXT)
def test_any_mix_of_characters_and_escapes_reads_back_as_the_text(
    chars: list[tuple[str, bool]],
) -> None:
    # SPEC 1.1: \uXXXX escapes, a surrogate pair as two of them, wherever they stand.
    body = "".join(
        utf16_escapes(char) if escape or char in '"\\' or FORBIDDEN.match(char) else char
        for char, escape in chars
    )
    text = "".join(char for char, _ in chars)
    query = querydsl.parse(f'description = "{body}"')
    assert query.filter == querydsl.Condition("description", querydsl.Method.EQ, (text,))
    assert querydsl.parse(querydsl.to_text(query)) == query
    payload = querydsl.to_payload(f'created_date >= 2024-01-01 and description = "{body}"')
    assert payload["searchParameters"][1]["searchParameter"] == [text]


@given(ESCAPED_TEXT, st.integers(0xD800, 0xDFFF), st.sampled_from(["", "A", "\\u0041"]))
def test_half_a_surrogate_pair_is_refused_wherever_it_stands(
    chars: list[tuple[str, bool]], half: int, after: str
) -> None:
    before = "".join(utf16_escapes(char) for char, _ in chars)
    text = f'description = "{before}\\u{half:04x}{after}"'
    with pytest.raises(querydsl.QueryError) as caught:
        querydsl.parse(text)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "syntax_error"
    assert diagnostic.span is not None
    assert text[slice(*diagnostic.span)] == f"\\u{half:04x}"
