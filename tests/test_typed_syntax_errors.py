"""After a known field, a syntax error offers only what leads to a payload (SPEC 1.2, 1.4).

The grammar does not know types: `created_date x` could go on with `in` as far as it can tell.
The words of the error do, when the field is known: the methods its type takes (from the tests'
own table), and no negation the API cannot say (`not in` never, `!=` on true/false fields only).
"""

from __future__ import annotations

import pytest
from spec_tables import SPEC_METHODS

from querydsl import Diagnostic, Field, FieldType, Schema, check, validate_payload
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.ast import Method

NAMES = [field.name for field in HOMEBANK.fields]
# A typo of each method keyword, and the method it is close to.
TYPOS = {"betwen": Method.BETWEEN, "inn": Method.IN, "lik": Method.LIKE, "nto": Method.IN}


def only(text: str, schema: Schema = HOMEBANK) -> Diagnostic:
    diagnostics = check(text, schema=schema)
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def offered(diagnostic: Diagnostic) -> set[str]:
    """What the diagnostic says could have come where it points (none if it does not say)."""
    return set(diagnostic.expected or ())


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("after", ["x", "(", ""])
@pytest.mark.parametrize("before", ["", "(", "amount = 1 and not ", "x:1..2\tor "])
def test_what_may_follow_a_field_is_what_its_type_takes(name: str, after: str, before: str) -> None:
    text = f"{before}{name} {after}"
    diagnostic = only(text)
    assert diagnostic.code == "syntax_error"
    methods = SPEC_METHODS[HOMEBANK.lookup(name).type]  # type: ignore[union-attr]
    words = offered(diagnostic)
    assert ":" in words and "not" not in words
    assert ("between" in words) == (Method.BETWEEN in methods)
    assert ("like" in words) == (Method.LIKE in methods)
    assert ("in" in words) == (Method.IN in methods)
    # Any operator where the type has an order; else `=`, and `!=` on true/false fields.
    assert ("operator" in words) == (Method.GE in methods)
    assert ("=" in words) == (Method.GE not in methods)
    assert ("!=" in words) == (methods == {Method.EQ})


def test_an_unknown_field_is_followed_by_anything_the_grammar_takes() -> None:
    words = offered(only("amuont x"))
    assert words == {"not", "operator", ":", "between", "in", "like"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "amount x",
            "unexpected `x`; expected an operator such as `=` or `>=`, `:`, `between` or `in`",
        ),
        ("post_link x", "unexpected `x`; expected `=`, `!=` or `:`"),
        ("payer_email (", "unexpected `(`; expected `=`, `:`, `in` or `like`"),
    ],
)  # fmt: skip
def test_the_message_words_what_the_type_takes(text: str, message: str) -> None:
    assert only(text).message == message


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("typo", sorted(TYPOS))
def test_a_mistyped_method_is_suggested_only_if_the_field_takes_it(name: str, typo: str) -> None:
    text = f"{name} {typo} x"
    diagnostic = only(text)
    assert diagnostic.code == "unknown_method"
    assert diagnostic.span == (len(name) + 1, len(name) + 1 + len(typo))
    methods = SPEC_METHODS[HOMEBANK.lookup(name).type]  # type: ignore[union-attr]
    assert offered(diagnostic) == offered(only(f"{name} x"))  # a method goes there
    if TYPOS[typo] in methods and typo != "nto":  # `not` leads only to `not in`
        assert diagnostic.hint is not None and diagnostic.hint.startswith("did you mean `")
    else:
        prefix = f"{name} allows "
        assert diagnostic.hint is not None and diagnostic.hint.startswith(prefix)
        assert set(diagnostic.hint[len(prefix) :].split(", ")) == {m.value for m in methods}


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("post_link gt true", "post_link allows ="),  # `gt` stands for `>`: no order on booleans
        ("amount gt 5", "did you mean `>`?"),
        ("post_link ne true", "did you mean `!=`?"),  # the API negates `=` on true/false fields
        ("amount ne 5", "amount allows =, <, >, <=, >=, between, in"),  # and on no other
        ("amuont lik 5", "did you mean `like`?"),  # an unknown field: any method may follow
    ],
)
def test_method_synonyms_follow_the_same_rule(text: str, hint: str) -> None:
    diagnostic = only(text)
    assert (diagnostic.code, diagnostic.hint) == ("unknown_method", hint)


def test_the_schema_given_is_the_one_asked() -> None:
    schema = Schema(
        (
            Field("created_date", FieldType.DATETIME),
            Field("note", FieldType.STRING),
            Field("customer.paid", FieldType.BOOLEAN),  # a dotted name (SPEC 1.1)
        )
    )
    assert offered(only("note x", schema)) == {"=", ":", "in", "like"}
    assert offered(only("(customer.paid x", schema)) == {"=", "!=", ":"}
    assert offered(only("amount x", schema)) >= {"between", "like", "operator"}  # unknown here


PERIOD = {"name": "created_date", "method": ">=", "searchParameter": ["2024-01-01T00:00:00Z"]}


@pytest.mark.parametrize(
    ("field", "method", "text"),
    [
        ("post_link", "gt", "post_link gt true"),
        ("created_date", "contains", "created_date contains x%"),
        ("payer_email", "contains", "payer_email contains x%"),
        ("amount", "gte", "amount gte 5"),
        ("amount", "lik", "amount lik 5"),
    ],
)
def test_a_payload_gets_the_hint_its_text_gets(field: str, method: str, text: str) -> None:
    # The payload's hint quotes its method as JSON does; the text's as the language writes it.
    condition = {"name": field, "method": method, "searchParameter": ["1"]}
    (found,) = [
        d
        for d in validate_payload({"searchParameters": [PERIOD, condition]})
        if d.code == "unknown_method"
    ]
    worded = only(text).hint
    assert worded is not None and found.hint is not None
    assert found.hint.replace("'", "`") == worded
