"""bind and compile_query give what they gave before the speed work, spans and diagnostics included.

The oracles are the previous implementations in tests/reference_stages.py. Queries come from the
benchmark corpus, from the valid-query strategies, and from a generator that mixes valid and
invalid fields, forms and values so that every check of the binder and the compiler is reached.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from reference_stages import reference_bind, reference_compile_query

from querydsl.homebank.compiler import FrozenPayload, compile_query
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import And, Condition, Direction, Expr, Method, Not, Or, Query
from querydsl.language.check import bind
from querydsl.language.errors import Diagnostic
from querydsl.language.lalr import Mismatch
from querydsl.language.parser import TooDeep, parse_syntax
from querydsl.language.rules import DEFAULT_LIMITS, Limits
from querydsl.language.schema import FieldType
from querydsl.language.syntax import SyntaxFailure
from querydsl.strategies import query_texts

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
SMALL = Limits(max_conditions=3, max_in_values=2)


def shape(expr: Expr | None) -> object:
    """A node with everything `==` leaves out: spans, and the exact type of every value."""
    if expr is None:
        return None
    if isinstance(expr, Condition):
        values = tuple((type(v), v, getattr(v, "tzinfo", None)) for v in expr.values)
        spans = (expr.span, expr.field_span, expr.method_span, expr.value_spans)
        return ("condition", expr.field, expr.method, values, spans)
    if isinstance(expr, Not):
        return ("not", shape(expr.operand), expr.span, expr.operator_span)
    return (type(expr).__name__, [shape(o) for o in expr.operands], expr.span, expr.operator_spans)


def bound(result: tuple[Query | None, list[Diagnostic]]) -> object:
    query, diagnostics = result
    if query is None:
        return None, [d.to_dict() for d in diagnostics]
    orders = [(o.field, o.direction, o.span) for o in query.order]
    return (shape(query.filter), orders, query.page, query.size), [d.to_dict() for d in diagnostics]


def compiled(result: tuple[dict[str, Any] | None, list[Diagnostic]]) -> object:
    payload, diagnostics = result
    text = None if payload is None else json.dumps(payload, ensure_ascii=False)
    return text, [d.to_dict() for d in diagnostics]


def as_before(result: tuple[dict[str, Any] | None, list[Diagnostic]]) -> object:
    """compiled(), less what issue 18 changed on purpose: missing_period now comes with the
    lowering's problems, and an unsupported_or hint names a fix that works for that `or`."""
    payload, diagnostics = result
    if len(diagnostics) > 1:
        diagnostics = [d for d in diagnostics if d.code != "missing_period"]
    diagnostics = [
        attrs.evolve(d, hint=None) if d.code == "unsupported_or" else d for d in diagnostics
    ]
    return compiled((payload, diagnostics))


def assert_same_stages(text: str, zone: tzinfo = UTC, limits: Limits = DEFAULT_LIMITS) -> None:
    """bind and compile_query agree with the reference on `text`; a frozen payload thaws equal."""
    try:
        syntax = parse_syntax(text)
    except (SyntaxFailure, Mismatch, TooDeep):
        return
    checked = bind(syntax, HOMEBANK, zone, NOW, limits)
    assert bound(checked) == bound(reference_bind(syntax, HOMEBANK, zone, NOW, limits))
    query = checked[0]
    if query is None:
        return
    for options in ({}, {"default_period": NOW - datetime(2024, 5, 16, tzinfo=UTC)}):
        new = compile_query(query, HOMEBANK, now=NOW, **options)  # type: ignore[arg-type]
        old = reference_compile_query(query, HOMEBANK, now=NOW, **options)  # type: ignore[arg-type]
        assert as_before(new) == as_before(old)
        if new[0] is not None:
            thawed = FrozenPayload(new[0]).thaw()
            assert thawed == new[0] and json.dumps(thawed) == json.dumps(new[0])


def test_the_benchmark_corpus_gives_what_it_gave() -> None:
    corpus = pytest.importorskip("tests.data.corpus")
    for shift in range(3):
        for entry in corpus.corpus(shift):
            assert_same_stages(entry.text)
            assert_same_stages(entry.text, ZoneInfo("Asia/Almaty"), SMALL)


# ---- generated queries, valid or not ---------------------------------------------------------

FIELDS = [
    "amount", "payout_amount", "created_date", "date", "createdDate", "payer_email", "email",
    "post_link", "shop", "ррн", "card_mask", "amout", "created_dat", "pаyer_email",
]  # fmt: skip
VALUES = [
    "1000", "-0.5", "10.50", "-0", "077012", "2018-01-01", "2018-02-30", "now-7d", "today",
    "yesterday+1w", "NOW-3601s", "2018-01-01T10:00:00+06:00", "2018-01-01t10:00z",
    "2018-01-01T10:00+00:60", "2019-05-05T23:59:59.5Z", "true", "FALSE", '"quoted"', '"%x%"',
    "dana%", "%702%", "a@b.kz", "abc", "4003...9282", "1e5", "Дана%",
]  # fmt: skip


@st.composite
def conditions_text(draw: st.DrawFn) -> str:
    field = draw(st.sampled_from(FIELDS))
    value = st.sampled_from([*VALUES, "*"])
    form = draw(st.integers(0, 7))
    if form == 0:
        operator = draw(st.sampled_from(["=", "==", "!=", "<", ">", "<=", ">="]))
        return f"{field} {operator} {draw(value)}"
    if form == 1:
        return f"{field}:{draw(value)}"
    if form == 2:
        return f"{field}:{draw(value)}..{draw(value)}"
    if form == 3:
        joiner = draw(st.sampled_from(["..", " and "]))
        return f"{field} between {draw(value)}{joiner}{draw(value)}"
    if form == 4:
        items = ", ".join(draw(st.lists(value, max_size=4)))
        negation = draw(st.sampled_from(["", "not "]))
        return f"{field} {negation}in ({items})"
    if form == 5:
        return f"{field} like {draw(value)}"
    if form == 6:
        return f"not {field} {draw(st.sampled_from(['>', '=', '<=']))} {draw(value)}"
    return f"not ({field} = {draw(value)} or {field} in ({draw(value)}, {draw(value)}))"


@st.composite
def query_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(conditions_text(), max_size=5))
    text = ""
    for part in parts:
        joiner = draw(st.sampled_from([" and ", " or ", " AND "]))
        grouped = draw(st.booleans())
        text = f"{text}{joiner if text else ''}{'(' + part + ')' if grouped else part}"
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3))
        directions = [draw(st.sampled_from(["", " asc", " DESC"])) for _ in keys]
        text += " order by " + ", ".join(k + d for k, d in zip(keys, directions, strict=True))
    for keyword in draw(st.lists(st.sampled_from(["page", "size"]), max_size=3)):
        text += f" {keyword} {draw(st.sampled_from(['0', '1', '20', '-1', '99999999999', 'x']))}"
    return text.strip()


zones = st.sampled_from([UTC, ZoneInfo("Asia/Almaty"), ZoneInfo("America/New_York")])


@given(query_text(), zones, st.sampled_from([DEFAULT_LIMITS, SMALL]))
@example("amount = 1 and email like dana and date between 2019-01-01..2018-01-01", UTC, SMALL)
@example("amout > 5 and post_link != true and not date < now-1w", UTC, DEFAULT_LIMITS)
@example("email = a or email in (b, c) or shop = d", UTC, DEFAULT_LIMITS)
@example("date:*..* and amount in ()", UTC, DEFAULT_LIMITS)
def test_generated_queries_give_what_they_gave(text: str, zone: tzinfo, limits: Limits) -> None:
    assert_same_stages(text, zone, limits)


@given(query_texts())
def test_valid_queries_give_what_they_gave(text: str) -> None:
    assume(len(text) < 2000)
    assert_same_stages(text)


def test_enum_members_hash_by_identity_and_work_as_keys() -> None:
    """Method, Direction and FieldType hash by identity: sets and dicts still find every member."""
    for kind in (Method, Direction, FieldType):
        members = list(kind)  # type: ignore[var-annotated]
        table = {member: index for index, member in enumerate(members)}
        assert [table[kind(member.value)] for member in members] == list(range(len(members)))
        assert len({hash(member) for member in members}) == len(members)
    assert {Method.IN} & {Method("in")} == {Method.IN}


def test_a_hand_built_query_with_odd_values_compiles_as_before() -> None:
    """compile_query formats values by their type, whatever the field (Query is public API)."""
    query = Query(
        And((Condition("payer_email", Method.EQ, (True,)), Condition("amount", Method.IN, ("7",)))),
        (),
    )
    period = NOW - NOW.replace(day=1)
    new = compile_query(query, HOMEBANK, now=NOW, default_period=period)
    assert as_before(new) == as_before(
        reference_compile_query(query, HOMEBANK, now=NOW, default_period=period)
    )
    # A shape the parser never makes (an `or` of an empty `and`): only agreement matters.
    odd = Query(Or((And(()), Condition("shop_id", Method.EQ, ("a",)))), ())
    assert as_before(compile_query(odd, HOMEBANK, now=NOW)) == as_before(
        reference_compile_query(odd, HOMEBANK, now=NOW)
    )
