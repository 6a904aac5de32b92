"""Targets (SPEC 8): the checks, completion and syntax-error wording ask the target what it can
say; the Homebank payload cannot say every `or` and `not`, records can."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import querydsl
from querydsl import Method
from querydsl.homebank.schema import HOMEBANK
from querydsl.homebank.target import TARGET as HOMEBANK_TARGET
from querydsl.language.read import diagnose
from querydsl.language.rules import Limits
from querydsl.language.schema import FieldType
from querydsl.language.target import SAYS_ALL, Target
from querydsl.memory import TARGET as MEMORY_TARGET

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def offered(text: str, **options: object) -> list[str]:
    return [suggestion.text for suggestion in querydsl.complete(text, **options)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field_type", "method", "homebank"),
    [
        (FieldType.NUMBER, Method.GT, True),  # `not f > v` is `f <= v`
        (FieldType.DATETIME, Method.LE, True),
        (FieldType.BOOLEAN, Method.EQ, True),  # `not f = true` is `f = false`
        (FieldType.NUMBER, Method.EQ, False),
        (FieldType.STRING, Method.IN, False),
        (FieldType.STRING, Method.LIKE, False),
        (FieldType.NUMBER, Method.BETWEEN, False),
    ],
)
def test_which_negations_each_target_can_say(
    field_type: FieldType, method: Method, homebank: bool
) -> None:
    assert HOMEBANK_TARGET.negatable(field_type, method) is homebank
    assert MEMORY_TARGET.negatable(field_type, method) is True
    assert SAYS_ALL.negatable(field_type, method) is True


def test_what_the_homebank_target_cannot_say_is_its_answer() -> None:
    query = querydsl.parse("amount > 5 or amount < 1 and not payer_email like a%")
    found = HOMEBANK_TARGET.unsayable(query.filter, [], HOMEBANK, defaulted=False, limits=Limits())
    assert [d.code for d in found] == ["unsupported_or", "missing_period"]
    assert [d.code for d in querydsl.check("amount > 5 or amount < 1")] == [
        "unsupported_or",
        "missing_period",
    ]
    assert (
        MEMORY_TARGET.unsayable(query.filter, [], HOMEBANK, defaulted=False, limits=Limits()) == []
    )
    # and the memory target runs what the payload cannot say
    assert querydsl.matches("amount > 5 or amount < 1", {"amount": 0})


def test_completion_offers_not_equal_where_the_target_can_say_it() -> None:
    assert "!=" not in offered("amount ")
    assert offered("post_link ")[:3] == ["=", "!=", ":"]
    records = offered("amount ", target=MEMORY_TARGET)
    assert records.index("!=") == records.index("=") + 1
    assert "!=" in offered("payer_email ", target=MEMORY_TARGET)


def test_completion_offers_not_in_where_the_target_can_say_it() -> None:
    assert "in" not in offered("payer_email not ")
    assert "in" in offered("payer_email not ", target=MEMORY_TARGET)
    assert "in" in offered("amout not ")  # an unknown field: the field is the problem


def test_completion_offers_values_after_not_equal_only_where_it_leads_somewhere() -> None:
    assert offered("amount != ") == []
    assert offered("post_link != ") == ["true", "false"]
    assert offered("post_link != ", target=MEMORY_TARGET) == ["true", "false"]


def test_a_target_that_is_no_target_gets_no_suggestions() -> None:
    assert offered("amount ", target=None) == []


@pytest.mark.parametrize(
    ("text", "homebank", "records"),
    [
        ("payer_email", ("=", ":", "in", "like"), ("not", "=", "!=", ":", "in", "like")),
        (
            "amount x",
            ("operator", ":", "between", "in"),
            ("not", "operator", ":", "between", "in"),
        ),
        ("post_link", ("=", "!=", ":"), ("=", "!=", ":")),
    ],
)
def test_a_syntax_error_offers_what_leads_somewhere_for_the_target(
    text: str, homebank: tuple[str, ...], records: tuple[str, ...]
) -> None:
    def expected(target: Target) -> object:
        found = diagnose(text, HOMEBANK, UTC, NOW, Limits(), target)
        return getattr(found, "expected", None)

    assert expected(HOMEBANK_TARGET) == homebank
    assert expected(MEMORY_TARGET) == records
    (error,) = querydsl.check(text)  # check answers for the Homebank payload
    assert error.expected == homebank
