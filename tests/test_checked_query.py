"""What `parse` gives beyond `==`: where each node is in the text, and the type of each value.

Spans stay out of equality (SPEC 4), so tests/test_language_table.py cannot see them; explain,
lint and the hints that quote the text read them. A span is written as the text it covers: a
string (its first occurrence), (string, n) for the n-th occurrence. A group's parentheses belong
to no node: an `and` or `or` runs from the start of its first operand to the end of its last, a
`not` from the `not` to the end of its operand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from querydsl import (
    And,
    Condition,
    Direction,
    FieldType,
    Method,
    Not,
    Or,
    Query,
    Relative,
    parse,
)

NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)

SpanSpec = str | tuple[str, int]


def located(text: str, spec: SpanSpec) -> tuple[int, int]:
    """The (start, end) offsets of the text a span spec names in `text`."""
    needle, nth = (spec, 1) if isinstance(spec, str) else spec
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    return (start, start + len(needle))


def spans(node: Any) -> object:
    """A node's spans, nested as the node is: what `==` leaves out."""
    if isinstance(node, Condition):
        return ("condition", node.span, node.field_span, node.method_span, node.value_spans)
    if isinstance(node, Not):
        return ("not", node.span, node.operator_span, spans(node.operand))
    operands = tuple(spans(operand) for operand in node.operands)
    return (type(node).__name__.lower(), node.span, node.operator_spans, operands)


def expected_spans(text: str, tree: tuple[Any, ...]) -> object:
    """`spans()` of the expected tree, its span specs placed in `text`."""
    kind, span, *rest = tree
    if kind == "condition":
        field, method, values = rest
        where = tuple(located(text, value) for value in values)
        return (kind, located(text, span), located(text, field), located(text, method), where)
    if kind == "not":
        operator, operand = rest
        return (kind, located(text, span), located(text, operator), expected_spans(text, operand))
    operators, operands = rest
    return (
        kind,
        located(text, span),
        tuple(located(text, operator) for operator in operators),
        tuple(expected_spans(text, operand) for operand in operands),
    )


def condition(span: SpanSpec, field: SpanSpec, method: SpanSpec, *values: SpanSpec) -> Any:
    return ("condition", span, field, method, values)


SPANS = [
    ("=", "amount = 5", condition("amount = 5", "amount", "=", "5")),
    ("==", "amount==5", condition("amount==5", "amount", "==", "5")),
    (": spaced", "amount : 5", condition("amount : 5", "amount", ":", "5")),
    (
        "outer spaces left out",
        "  amount = -0.50  ",
        condition("amount = -0.50", "amount", "=", "-0.50"),
    ),
    (
        "a quoted value with its quotes",
        "email like 'a b%'",
        condition("email like 'a b%'", "email", "like", "'a b%'"),
    ),
    (
        "between ..",
        "amount between 1 .. 2",
        condition("amount between 1 .. 2", "amount", "between", "1", "2"),
    ),
    (
        "between and",
        "amount between 1 and 2",
        condition("amount between 1 and 2", "amount", "between", "1", "2"),
    ),
    ("colon range", "amount:1..2", condition("amount:1..2", "amount", ":", "1", "2")),
    # An open range is one comparison: its one value is the bound that is there.
    ("open high", "amount:1..*", condition("amount:1..*", "amount", ":", "1")),
    ("open low", "amount:*..2", condition("amount:*..2", "amount", ":", "2")),
    ("in", "shop in (a, b)", condition("shop in (a, b)", "shop", "in", "a", "b")),
    # `!=` and `not in`: a `not` over the condition, spanning it; its operator is `!=` or `not`.
    ("!=", "shop != a", ("not", "shop != a", "!=", condition("shop != a", "shop", "!=", "a"))),
    (
        "not in",
        "shop NOT IN [a]",
        ("not", "shop NOT IN [a]", "NOT", condition("shop NOT IN [a]", "shop", "IN", "a")),
    ),
    (
        "not",
        "not amount > 5",
        ("not", "not amount > 5", "not", condition("amount > 5", "amount", ">", "5")),
    ),
    (
        "not a group",
        "not (amount > 5)",
        ("not", "not (amount > 5", "not", condition("amount > 5", "amount", ">", "5")),
    ),
    (
        "not not",
        "not not shop = a",
        (
            "not",
            "not not shop = a",
            ("not", 1),
            ("not", "not shop = a", ("not", 2), condition("shop = a", "shop", "=", "a")),
        ),
    ),
    ("redundant parentheses", "((shop = a))", condition("shop = a", "shop", "=", "a")),
    (
        "and over a group",
        "(shop = a or shop = b) and amount = 5",
        (
            "and",
            "shop = a or shop = b) and amount = 5",
            ("and",),
            (
                (
                    "or",
                    "shop = a or shop = b",
                    ("or",),
                    (
                        condition("shop = a", ("shop", 1), "=", "a"),
                        condition("shop = b", ("shop", 2), ("=", 2), "b"),
                    ),
                ),
                condition("amount = 5", "amount", ("=", 3), "5"),
            ),
        ),
    ),
    (
        "and binds tighter",
        "shop = a or shop = b AND amount = 5",
        (
            "or",
            "shop = a or shop = b AND amount = 5",
            ("or",),
            (
                condition("shop = a", ("shop", 1), "=", "a"),
                (
                    "and",
                    "shop = b AND amount = 5",
                    ("AND",),
                    (
                        condition("shop = b", ("shop", 2), ("=", 2), "b"),
                        condition("amount = 5", "amount", ("=", 3), "5"),
                    ),
                ),
            ),
        ),
    ),
]


@pytest.mark.parametrize(("text", "tree"), [r[1:] for r in SPANS], ids=[r[0] for r in SPANS])
def test_each_node_spans_its_text(text: str, tree: tuple[Any, ...]) -> None:
    assert spans(parse(text, now=NOW).filter) == expected_spans(text, tree)


def test_each_order_key_spans_its_field() -> None:
    text = "amount = 1 order by amount desc, email page 2 size 3"
    query = parse(text, now=NOW)
    assert [(o.field, o.direction, o.span) for o in query.order] == [
        ("amount", Direction.DESC, located(text, ("amount", 2))),
        ("payer_email", Direction.ASC, located(text, "email")),
    ]
    assert (query.page, query.size) == (2, 3)
    assert type(query.page) is int and type(query.size) is int


# ---- values: the Python type of SPEC 1.4's type ----------------------------------------------

VALUES = [
    ("number", "amount = 10.50", {}, Decimal("10.5")),
    ("negative zero", "amount = -0", {}, Decimal(0)),
    ("string keeps its text", "phone = 077012", {}, "077012"),
    ("string of a number-like word", "shop = true", {}, "true"),
    ("boolean", "post_link = TRUE", {}, True),
    (
        "datetime at an offset",
        "created_date = 2018-01-01T10:00+06:00",
        {},
        datetime(2018, 1, 1, 4, tzinfo=UTC),
    ),
    (
        "date in tz",
        "created_date = 2018-01-01",
        {"tz": "Asia/Almaty"},
        datetime(2017, 12, 31, 18, tzinfo=UTC),
    ),
    # SPEC 1.6: kept as written (normalised), resolved only by a target
    ("relative", "created_date = NOW-7D", {}, Relative("now", -7, "d")),
]


@pytest.mark.parametrize(
    ("text", "options", "value"), [r[1:] for r in VALUES], ids=[r[0] for r in VALUES]
)
def test_a_value_has_the_python_type_of_its_field(
    text: str, options: dict[str, Any], value: object
) -> None:
    condition = parse(text, now=NOW, **options).filter
    assert isinstance(condition, Condition)
    (found,) = condition.values
    assert found == value and type(found) is type(value)
    if isinstance(found, datetime):  # aware, and in UTC itself rather than at a zero offset
        assert found.tzinfo is UTC


def test_a_checked_query_is_the_query_built_by_hand() -> None:
    text = "(shop = a or email in (b, c)) and not amount <= 1.0 order by date desc page 0"
    expected = Query(
        And(
            (
                Or(
                    (
                        Condition("shop_id", Method.EQ, ("a",)),
                        Condition("payer_email", Method.IN, ("b", "c")),
                    )
                ),
                Not(Condition("amount", Method.LE, (Decimal(1),))),
            )
        ),
        (),
        0,
    )
    query = parse(text, now=NOW)
    assert query.filter == expected.filter and query.page == 0
    assert [(o.field, o.direction) for o in query.order] == [("created_date", Direction.DESC)]


# ---- the enums of the AST ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", [Method, Direction, FieldType], ids=lambda kind: kind.__name__)
def test_enum_members_work_as_keys(kind: Any) -> None:
    """A member is found in a dict or a set when it is reached again by its value."""
    members = list(kind)
    table = {member: index for index, member in enumerate(members)}
    assert [table[kind(member.value)] for member in members] == list(range(len(members)))
    assert len({hash(member) for member in members}) == len(members)
    assert set(members) & {kind(members[0].value)} == {members[0]}
