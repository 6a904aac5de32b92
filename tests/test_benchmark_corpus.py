"""The benchmark corpus: every query compiles, and its Lucene and OData twins say the same thing.

luqum and odata-query are only in the `bench` extra. Without them the twins are still checked for
what can be seen without a parser (balanced brackets and quotes, the same field names), and a
warning says the full parse was not done.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest

import querydsl
from querydsl.homebank.schema import HOMEBANK
from tests.data.corpus import (
    NOW,
    SIZE,
    SPELLINGS,
    corpus,
    scaling_conditions,
    scaling_in_list,
    templates,
)

ENTRIES = corpus()
SHIFTED = corpus(15)  # the strings a cold run times look like this


def _payload(text: str) -> dict[str, Any]:
    return querydsl.to_payload(text, now=NOW)


PAYLOADS = [_payload(entry.text) for entry in ENTRIES]


def test_corpus_is_large_distinct_and_deterministic() -> None:
    assert len(ENTRIES) == SIZE >= 300
    assert len({entry.text for entry in ENTRIES}) == len(ENTRIES)
    assert [template.render() for template in templates()] == ENTRIES
    # a shift changes every string, so a cold run never meets a string twice
    assert not {entry.text for entry in ENTRIES} & {entry.text for entry in SHIFTED}


@pytest.mark.parametrize("entries", [ENTRIES, SHIFTED], ids=["as generated", "shifted"])
def test_every_query_compiles(entries: list[Any]) -> None:
    failures = {}
    for entry in entries:
        problems = querydsl.check(entry.text, now=NOW)
        if problems:
            failures[entry.text] = [problem.code for problem in problems]
    assert failures == {}


def test_scaling_queries_compile_at_the_limits() -> None:
    big = _payload(scaling_conditions(200).text)
    assert len(big["searchParameters"]) == 200
    wide = _payload(scaling_in_list(1000).text)
    assert len(wide["searchParameters"][1]["searchParameter"]) == 1000


def test_corpus_covers_the_language() -> None:
    counts = {len(payload["searchParameters"]) for payload in PAYLOADS}
    assert counts == {1, 2, 3, 4, 5, 6}
    names = {p["name"] for payload in PAYLOADS for p in payload["searchParameters"]}
    assert names == {field.name for field in HOMEBANK.fields}
    used = {
        (HOMEBANK.lookup(p["name"]).type, p["method"])  # type: ignore[union-attr]
        for payload in PAYLOADS
        for p in payload["searchParameters"]
    }
    allowed = {
        (field.type, method.value) for field in HOMEBANK.fields for method in field.type.methods
    }
    assert used == allowed
    texts = " ".join(entry.text for entry in ENTRIES)
    aliases = {alias for spellings in SPELLINGS.values() for alias in spellings[1:]}
    assert sum(re.search(rf"(?<![\w.]){re.escape(a)}\b", texts) is not None for a in aliases) >= 20
    for fragment in (" order by ", " sort by ", " page ", " size ", " not ", " != ", " or ",
                     " between ", "..*", "*..", " in [", "now-", "today", "yesterday"):  # fmt: skip
        assert fragment in texts.lower(), fragment
    assert any("orderParameters" in p and p["orderParameters"] for p in PAYLOADS)
    assert any("paging" in p for p in PAYLOADS)


def _balanced(text: str, quote: str, escape: bool) -> bool:
    depth, inside, index = 0, False, 0
    while index < len(text):
        char = text[index]
        if escape and char == "\\":
            index += 2
            continue
        if char == quote:
            inside = not inside
        elif not inside and char in "([{":
            depth += 1
        elif not inside and char in ")]}":
            depth -= 1
            if depth < 0:
                return False
        index += 1
    return depth == 0 and not inside


_LUCENE_FIELD = re.compile(r"(?:^|[\s(])([a-z_]+):")
_ODATA_FIELD = re.compile(r"(?:^|[\s(,])([a-z_]+)(?= (?:eq|ne|lt|le|gt|ge|in) |,')")


def _payload_names(index: int) -> set[str]:
    return {p["name"] for p in PAYLOADS[index]["searchParameters"]}


def _luqum_names(tree: Any) -> set[str]:
    from luqum.tree import SearchField

    names = {tree.name} if isinstance(tree, SearchField) else set()
    for child in tree.children:
        names |= _luqum_names(child)
    return names


def _odata_names(node: Any) -> set[str]:
    from odata_query import ast

    if isinstance(node, ast.Identifier):
        return {node.name}
    if isinstance(node, ast.Call):
        return set().union(*(_odata_names(arg) for arg in node.args))
    names: set[str] = set()
    if dataclasses.is_dataclass(node):
        for item in dataclasses.fields(node):
            value = getattr(node, item.name)
            for child in value if isinstance(value, list) else [value]:
                names |= _odata_names(child)
    return names


LUCENE_TWINS = [(i, entry.lucene) for i, entry in enumerate(ENTRIES) if entry.lucene is not None]
ODATA_TWINS = [(i, entry.odata) for i, entry in enumerate(ENTRIES) if entry.odata is not None]


def test_lucene_twins_name_the_same_fields() -> None:
    assert len(LUCENE_TWINS) >= 300
    for index, lucene in LUCENE_TWINS:
        assert _balanced(lucene, '"', escape=True), lucene
        assert set(_LUCENE_FIELD.findall(lucene)) == _payload_names(index), lucene


def test_lucene_twins_parse_in_luqum() -> None:
    pytest.importorskip("luqum", reason="the bench extra (luqum) is not installed")
    from luqum.elasticsearch import ElasticsearchQueryBuilder
    from luqum.parser import parser

    twins = LUCENE_TWINS
    build = ElasticsearchQueryBuilder()
    for index, lucene in twins + [(None, e.lucene) for e in SHIFTED if e.lucene]:
        tree = parser.parse(lucene)
        assert isinstance(build(tree), dict)
        if index is not None:
            assert _luqum_names(tree) == _payload_names(index), lucene
    for make, size in ((scaling_conditions, 200), (scaling_in_list, 1000)):
        build(parser.parse(make(size).lucene))


def test_odata_twins_name_the_same_fields() -> None:
    assert len(ODATA_TWINS) >= 0.9 * len(ENTRIES)
    for index, odata in ODATA_TWINS:
        assert _balanced(odata, "'", escape=False), odata
        assert set(_ODATA_FIELD.findall(odata)) == _payload_names(index), odata


def test_odata_twins_parse_in_odata_query() -> None:
    pytest.importorskip("odata_query", reason="the bench extra (odata-query) is not installed")
    from odata_query.grammar import ODataLexer, ODataParser

    twins = ODATA_TWINS
    lexer, parser = ODataLexer(), ODataParser()
    for index, odata in twins + [(None, e.odata) for e in SHIFTED if e.odata]:
        tree = parser.parse(lexer.tokenize(odata))
        if index is not None:
            assert _odata_names(tree) == _payload_names(index), odata
    for make, size in ((scaling_conditions, 200), (scaling_in_list, 1000)):
        parser.parse(lexer.tokenize(make(size).odata))
