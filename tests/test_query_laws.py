"""Laws that tie the answers for different texts and calls together (SPEC 1.5, 3, 4).

- A conjunction says what its parts say: the payload of `a and b` is the period, then a's
  parameters, then b's; its diagnostics are a's and b's, each where that part now is.
- A text and the Query `parse` makes of it compile alike.
- Limits equal to the defaults answer as the defaults; smaller limits refuse, never change.

Queries come from a generator that mixes valid and invalid fields, forms and values so that
every check of the language and of the Homebank target is reached, and from the benchmark corpus.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from querydsl import Diagnostic, Limits, QueryError, check, parse, to_payload
from querydsl.strategies import query_texts
from tests.data.corpus import corpus

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
PERIOD_TEXT = "created_date >= 2024-01-01"
PERIOD = {"name": "created_date", "method": ">=", "searchParameter": ["2024-01-01T00:00:00Z"]}
SMALL = Limits(max_conditions=3, max_in_values=2)

FIELDS = [
    "amount", "payout_amount", "created_date", "date", "createdDate", "payer_email", "email",
    "post_link", "shop", "ррн", "card_mask", "amout", "created_dat", "pаyer_email",
]  # fmt: skip
VALUES = [
    "1000", "-0.5", "10.50", "-0", "077012", "2018-01-01", "2018-02-30", "now-7d", "today",
    "yesterday+1w", "NOW-3601s", "2018-01-01T10:00:00+06:00", "2018-01-01t10:00z",
    "2018-01-01T10:00+00:60", "2019-05-05T23:59:59.5Z", "true", "FALSE", '"quoted"', '"%x%"',
    "dana%", "%702%", "a@b.kz", "abc", "4003...9282", "1e5", "Дана%", "dana*",
]  # fmt: skip


@st.composite
def condition_texts(draw: st.DrawFn) -> str:
    """One condition (or a `not` of an `or` of two) in any form, on any field, with any value."""
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
def order_and_paging(draw: st.DrawFn) -> str:
    """An order clause and paging, each maybe, valid or not: ` order by f desc page 2`."""
    text = ""
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3))
        directions = [draw(st.sampled_from(["", " asc", " DESC"])) for _ in keys]
        text += " order by " + ", ".join(k + d for k, d in zip(keys, directions, strict=True))
    for keyword in draw(st.lists(st.sampled_from(["page", "size"]), max_size=3)):
        text += f" {keyword} {draw(st.sampled_from(['0', '1', '20', '-1', '99999999999', 'x']))}"
    return text


@st.composite
def query_text(draw: st.DrawFn) -> str:
    """Conditions joined by `and` or `or`, some grouped, then maybe an order and paging."""
    text = ""
    for part in draw(st.lists(condition_texts(), max_size=5)):
        joiner = draw(st.sampled_from([" and ", " or ", " AND "]))
        grouped = draw(st.booleans())
        text = f"{text}{joiner if text else ''}{'(' + part + ')' if grouped else part}"
    return (text + draw(order_and_paging())).strip()


def outcome(text: Any, **options: Any) -> object:
    """What to_payload answers: the payload as JSON text (key order counts), or the diagnostics."""
    try:
        return json.dumps(to_payload(text, now=NOW, **options), ensure_ascii=False)
    except QueryError as error:
        return list(error.diagnostics)


def moved(diagnostics: list[Diagnostic], by: int) -> list[Diagnostic]:
    """The diagnostics with their spans moved `by` characters."""
    return [
        d if d.span is None else attrs.evolve(d, span=(d.span[0] + by, d.span[1] + by))
        for d in diagnostics
    ]


# ---- a conjunction says what its parts say ---------------------------------------------------


@given(st.lists(condition_texts(), min_size=1, max_size=4), order_and_paging())
@example(["amout > 5", "post_link != true", "not date < now-1w"], "")
@example(["email = a or email in (b, c)", "shop = d"], " order by amount, amount page x")
@example(["date:*..*", "amount in ()", "email like dana*"], " size 0 size 1")
@example(["amount between 1e5..2", "not (shop = a or shop in (b, c))"], " page 2")
def test_a_conjunction_says_what_its_parts_say(parts: list[str], tail: str) -> None:
    alone = [f"{PERIOD_TEXT} and ({part})" for part in parts]
    assume(not any(d.code == "syntax_error" for text in alone for d in check(text, now=NOW)))
    assume(not any(d.code == "syntax_error" for d in check(PERIOD_TEXT + tail, now=NOW)))
    text = PERIOD_TEXT + "".join(f" and ({part})" for part in parts) + tail
    expected: list[Diagnostic] = []
    parameters, where = [PERIOD], len(PERIOD_TEXT)
    for part, single in zip(parts, alone, strict=True):
        answer = outcome(single)
        if isinstance(answer, list):
            expected += moved(answer, where - len(PERIOD_TEXT))
        else:
            parameters += json.loads(answer)["searchParameters"][1:]
        where += len(f" and ({part})")
    ending = outcome(PERIOD_TEXT + tail)
    if isinstance(ending, list):
        expected += moved(ending, where - len(PERIOD_TEXT))
    if expected:
        assert outcome(text) == expected
    else:
        payload = {**json.loads(str(ending)), "searchParameters": parameters}
        assert outcome(text) == json.dumps(payload, ensure_ascii=False)


# ---- a text and its Query --------------------------------------------------------------------


@given(st.one_of(query_text(), query_texts()), st.sampled_from([None, "30d"]))
@example("email = a or email in (b, c) or shop = d", None)
@example("amount > 5 or amount < 1 and created_date > today", None)
@example("not post_link = false and post_link != true and not amount < 5", "30d")
def test_a_text_and_its_query_compile_alike(text: str, period: str | None) -> None:
    try:
        query = parse(text, now=NOW)
    except QueryError:
        assume(False)
    assert outcome(query, default_period=period) == outcome(text, default_period=period)


# ---- limits ----------------------------------------------------------------------------------

DEFAULTS = Limits()
WRITTEN_OUT = Limits(max_length=10_000, max_conditions=200, max_in_values=1_000, max_depth=50)


@given(st.one_of(query_text(), query_texts()), st.sampled_from(["UTC", "Asia/Almaty"]))
@example("(" * 50 + PERIOD_TEXT + ")" * 50, "UTC")
@example("(" * 51 + PERIOD_TEXT + ")" * 51, "UTC")
def test_limits_equal_to_the_defaults_answer_as_the_defaults(text: str, tz: str) -> None:
    answer = outcome(text, tz=tz)
    assert outcome(text, tz=tz, limits=DEFAULTS) == answer
    assert outcome(text, tz=tz, limits=WRITTEN_OUT) == answer


ENTRIES = [entry.text for shift in range(3) for entry in corpus(shift)]


@pytest.mark.parametrize("tz", ["UTC", "Asia/Almaty"])
def test_smaller_limits_refuse_and_never_change_a_payload(tz: str) -> None:
    refused = 0
    for text in ENTRIES:
        full, small = outcome(text, tz=tz), outcome(text, tz=tz, limits=SMALL)
        if isinstance(full, list):  # what the defaults refuse, smaller limits refuse too
            assert isinstance(small, list), text
        elif isinstance(small, list):
            assert {d.code for d in small} == {"limit_exceeded"}, text
            refused += 1
        else:
            assert small == full, text
    assert 0 < refused < len(ENTRIES)  # both happen in the corpus


# ---- payloads at the limits ------------------------------------------------------------------

IN_LIMIT = [str(number) for number in range(1_000)]
AT_THE_LIMITS = [
    ("50 levels of parentheses", "(" * 50 + PERIOD_TEXT + ")" * 50, [PERIOD]),
    (
        "200 conditions",
        " and ".join([PERIOD_TEXT] + ["amount = 1.0"] * 199),
        [PERIOD] + [{"name": "amount", "method": "=", "searchParameter": ["1"]}] * 199,
    ),
    (
        "1000 values in one in",
        f"{PERIOD_TEXT} and amount in ({', '.join(IN_LIMIT)})",
        [PERIOD, {"name": "amount", "method": "in", "searchParameter": IN_LIMIT}],
    ),
    (
        "1000 values once an or is merged",
        f"{PERIOD_TEXT} and (amount in ({', '.join(IN_LIMIT)}) or amount = 0)",
        [PERIOD, {"name": "amount", "method": "in", "searchParameter": IN_LIMIT}],
    ),
]


@pytest.mark.parametrize(
    ("text", "parameters"), [r[1:] for r in AT_THE_LIMITS], ids=[r[0] for r in AT_THE_LIMITS]
)
def test_a_query_at_the_limits_compiles(text: str, parameters: list[dict[str, Any]]) -> None:
    assert to_payload(text) == {"searchParameters": parameters, "orderParameters": []}
