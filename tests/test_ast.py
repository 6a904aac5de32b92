"""SPEC 4: AST nodes are frozen, slotted attrs classes, equal by content, hashable, readable;
SPEC 1.6: canonical text writes every keyword in lower case."""

from __future__ import annotations

import inspect
from typing import Any

import attrs
import pytest

from querydsl import parse, to_text
from querydsl.language.ast import And, Condition, Not, Or, Order, Query

TEXT = (
    "(shop NOT IN (a) OR amount > 1) AND NOT (post_link = true OR shop = b) "
    "AND created_date >= 2024-01-01 ORDER BY amount DESC PAGE 2 SIZE 5"
)


def nodes(value: Any) -> list[Any]:
    """Every AST node inside `value` (a Query), itself included."""
    found = [value]
    for field in attrs.fields(type(value)):
        child = getattr(value, field.name)
        for item in child if isinstance(child, tuple) else (child,):
            if attrs.has(type(item)):
                found.extend(nodes(item))
    return found


def test_the_text_holds_every_node_kind() -> None:
    kinds = {type(node) for node in nodes(parse(TEXT))}
    assert kinds == {Query, And, Or, Not, Condition, Order}


@pytest.mark.parametrize("node", nodes(parse(TEXT)), ids=lambda node: type(node).__name__)
def test_a_node_is_frozen_slotted_and_hashable(node: Any) -> None:
    name = attrs.fields(type(node))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(node, name, getattr(node, name))
    assert not hasattr(node, "__dict__")
    twin = next(n for n in nodes(parse(" " + TEXT)) if n == node)  # read anew: other spans
    assert twin is not node
    assert hash(twin) == hash(node) and len({twin, node}) == 1


def test_nodes_from_other_spans_are_equal() -> None:
    assert parse("amount  =  5") == parse("amount = 5")  # spans stay out of ==
    assert parse("amount = 5") != parse("amount = 6")


def test_a_repr_reads_like_the_constructor() -> None:
    condition = parse("created_date >= 2024-01-01 and amount = 5").filter.operands[1]  # type: ignore[union-attr]
    assert (
        repr(condition)
        == "Condition(field='amount', method=<Method.EQ: '='>, values=(Decimal('5'),))"
    )


def test_canonical_text_writes_every_keyword_in_lower_case() -> None:
    assert to_text(parse(TEXT)) == (
        "(shop_id not in (a) or amount > 1) and not (post_link = true or shop_id = b) "
        "and created_date >= 2024-01-01T00:00:00Z order by amount desc page 2 size 5"
    )
    assert to_text(parse("created_date >= 2024-01-01 AND post_link != TRUE")) == (
        "created_date >= 2024-01-01T00:00:00Z and post_link != true"
    )


@pytest.mark.parametrize("kind", [Query, And, Or, Not, Condition, Order], ids=lambda k: k.__name__)
def test_a_node_takes_the_arguments_attrs_would_give_it(kind: Any) -> None:
    # ast.py fills each node through its writable twin (cheaper than attrs' own __init__): the same
    # signature as attrs makes for these fields, and each argument lands in its field.
    fields = attrs.fields(kind)
    made_by_attrs = attrs.make_class(
        kind.__name__,
        {f.name: attrs.field(default=f.default, eq=f.eq, repr=f.repr, type=f.type) for f in fields},
        frozen=True,
    )
    assert str(inspect.signature(kind)) == str(inspect.signature(made_by_attrs))
    arguments = [object() for _ in fields]
    by_name = {field.name: argument for field, argument in zip(fields, arguments, strict=True)}
    for node in (kind(*arguments), kind(**by_name)):
        assert [getattr(node, f.name) for f in fields] == arguments
    required = [f for f in fields if f.default is attrs.NOTHING]
    defaulted = kind(*arguments[: len(required)])
    assert [getattr(defaulted, f.name) for f in fields[len(required) :]] == [
        f.default for f in fields[len(required) :]
    ]
    with pytest.raises(TypeError):
        kind(*arguments, None)
