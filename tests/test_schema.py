"""Schemas: field names a query can write, types by name, a short repr, lookup of anything."""

from __future__ import annotations

import inspect

import pytest

import querydsl
from querydsl import HOMEBANK, Field, FieldType, Schema


@pytest.mark.parametrize(
    "name",
    ["and", "Order", "TRUE", "a b", "", "1st", "a-b", "a..b", "a.", ".a", "amount>"],
)
def test_a_name_no_query_could_write_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="cannot name a field"):
        Field(name, FieldType.STRING)
    with pytest.raises(ValueError, match="cannot name a field"):
        Field("fine", FieldType.STRING, aliases=(name,))


@pytest.mark.parametrize("name", ["ррн", "_x", "customer.email", "a1_b2", "Дана"])
def test_names_a_query_can_write_are_taken(name: str) -> None:
    schema = Schema((Field(name, FieldType.STRING), Field("created_date", FieldType.DATETIME)))
    assert querydsl.to_payload(f"{name} = x and created_date > 2024-01-01", schema=schema)


def test_a_type_may_be_given_by_its_value() -> None:
    assert Field("total", "number").type is FieldType.NUMBER  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a valid FieldType"):
        Field("total", "numbr")  # type: ignore[arg-type]


def test_aliases_are_a_tuple() -> None:
    with pytest.raises(TypeError, match="aliases is a tuple of names, not list"):
        Field("total", FieldType.NUMBER, aliases=["sum"])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", [None, 5, ["amount"], b"amount"])
def test_lookup_of_anything_but_a_name_finds_nothing(name: object) -> None:
    assert HOMEBANK.lookup(name) is None  # type: ignore[arg-type]


def test_the_repr_names_the_fields_briefly() -> None:
    assert repr(Schema((Field("total", FieldType.NUMBER),))) == "Schema(1 field: total)"
    assert repr(HOMEBANK) == (
        "Schema(16 fields: created_date, shop_id, invoice_id, account_id, payer_phone, "
        "payer_email, ...)"
    )
    # help() shows it as a default: the whole schema's repr made parse's signature 2 KB long
    assert len(str(inspect.signature(querydsl.parse))) < 400


@pytest.mark.parametrize(
    ("typo", "field"),
    [
        ("\u0430mount", "amount"),  # a Cyrillic а in a Latin name
        ("ррм", "reference"),  # a typo of the Cyrillic alias ррн
        ("ррнн", "reference"),
        ("РРМ", "reference"),
        ("emial", "payer_email"),
    ],
)
def test_did_you_mean_reads_look_alikes_and_other_scripts(typo: str, field: str) -> None:
    assert HOMEBANK.suggest(typo) == field


def test_a_schema_in_another_script_gets_did_you_mean() -> None:
    # Folding look-alikes turns сумма into cyммa, which is close to no name; as written it is.
    schema = Schema((Field("сумма", FieldType.NUMBER), Field("дата", FieldType.DATETIME)))
    assert schema.suggest("сумa") == "сумма"
    assert schema.suggest("дта") == "дата"


def test_the_order_number_and_the_rrn_identify_an_operation() -> None:
    # A value of either names one operation or a few (a payment and its refund): the store
    # indexes them and looks them up (querydsl.store); no other Homebank field does.
    identifying = [field.name for field in HOMEBANK.fields if field.identifying]
    assert identifying == ["invoice_id", "reference"]
    assert not Field("note", FieldType.STRING).identifying
    with pytest.raises(TypeError):  # keyword-only: no position after `description` shifts
        Field("note", FieldType.STRING, (), "", True)  # type: ignore[call-arg]
