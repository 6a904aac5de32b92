"""horizonpay.SCHEMA (SPEC 8): the v3 transaction's fields, searched over loaded transactions."""

from __future__ import annotations

import json
import types
import typing
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from response_strategies import horizonpay_seed_text

import querydsl
from querydsl import horizonpay
from querydsl.horizonpay import SCHEMA, ProcessingCode, Transaction, load_transaction
from querydsl.language.types import EnumType

SEED = json.loads(horizonpay_seed_text())


def transaction(**changes: Any) -> Transaction:
    """The seed's transaction, with some top-level keys changed."""
    return load_transaction({**SEED, **changes})


INCOMPLETE = transaction()  # P.9998, amount 100
PAID = transaction(uid="paid", status="successful", code="S.0000", amount=120)
DECLINED = transaction(uid="declined", status="failed", code="F.0001", amount=20)
BROKEN = transaction(uid="broken", status="error", code="E.1000", amount=70, customer=None)
ALL = [INCOMPLETE, PAID, DECLINED, BROKEN]
EVERY = [t.uid for t in ALL]
WITH_CUSTOMER = EVERY[:3]  # BROKEN has no customer section


def uids(text: str) -> list[str]:
    return [t.uid for t in querydsl.evaluate(text, ALL, schema=SCHEMA)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status in (successful, failed) and amount > 50", ["paid"]),
        ("status = incomplete", [INCOMPLETE.uid]),
        ("status in (Successful, ERROR) order by amount desc", ["paid", "broken"]),
        ("not status = incomplete and amount >= 70", ["paid", "broken"]),
        ("code.letter = p or code.service = payment_gateway", [INCOMPLETE.uid, "broken"]),
        ("code.number between 1..999", ["declined"]),
        ("customer.email = '[email protected]'", WITH_CUSTOMER),
        ("email like %protected%", WITH_CUSTOMER),
        ("payment_method.last_4 = 0013 and payment_method.brand = visa", EVERY),
        ("three_d_secure_verification.status = incomplete and test = true", EVERY),
        ("created_at between 2022-09-15..2022-09-16", EVERY),
        ("not paid_at < 2030-01-01 and transaction.gateway_id = 645", EVERY),  # paid_at is null
        ("additional_data.browser.java_enabled = false and customer.country = US", WITH_CUSTOMER),
        ("recipient.customer.city = Denver or customer.city = Denver", WITH_CUSTOMER),
    ],
)  # fmt: skip
def test_queries_over_loaded_transactions(text: str, expected: list[str]) -> None:
    assert uids(text) == expected


@pytest.mark.parametrize("field", [field.name for field in SCHEMA.fields])
def test_every_field_reads_from_loaded_transactions(field: str) -> None:
    """Sorting reads the field of every transaction: a value of another type would raise."""
    assert len(querydsl.evaluate(f"order by {field}", ALL, schema=SCHEMA)) == len(ALL)


def test_status_is_an_enum_of_the_v2_statuses() -> None:
    status = SCHEMA.lookup("status")
    assert status is not None
    assert status.type == EnumType("successful", "failed", "pending", "incomplete", "error")
    (diagnostic,) = querydsl.check("status = sucessful", schema=SCHEMA)
    assert (diagnostic.code, diagnostic.hint) == ("invalid_value", "did you mean 'successful'?")
    assert [s.text for s in querydsl.complete("status = ", schema=SCHEMA)] == [
        "successful", "failed", "pending", "incomplete", "error"
    ]  # fmt: skip


# ---- the schema against the response models -----------------------------------------------------

# Left out: card stamps, card tokens and the CAVV (a query would have to write them), the sections
# without documented fields, lists, and what the models keep besides the response's keys.
HIDDEN = {"stamp", "token", "cavv"}
NOT_FIELDS = {"extra", "_absent", "warnings", "errors", "bank_info", "contract"}
PYTHON_TYPES = {str: str, Decimal: int, datetime: datetime, bool: bool}


def _plain(hint: Any) -> Any:
    """`X | None` -> X."""
    if isinstance(hint, types.UnionType):
        (kind,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return kind
    return hint


def model_fields(model: type, prefix: str = "") -> dict[str, type]:
    """Every searchable name of a model, with the Python type of its value."""
    found: dict[str, type] = {}
    hints = typing.get_type_hints(model)
    for attribute in attrs.fields(model):
        name, kind = attribute.name, _plain(hints[attribute.name])
        if name in NOT_FIELDS or name in HIDDEN:
            continue
        if kind is ProcessingCode:
            code = typing.get_type_hints(ProcessingCode)
            service = typing.get_type_hints(ProcessingCode.service.fget)["return"]  # type: ignore[attr-defined]
            found |= {f"{prefix}{name}.letter": code["letter"],
                      f"{prefix}{name}.number": code["number"],
                      f"{prefix}{name}.service": service}  # fmt: skip
        elif attrs.has(kind):
            found |= model_fields(kind, f"{prefix}{name}.")
        else:
            found[f"{prefix}{name}"] = kind
    return found


def test_the_schema_names_every_field_of_the_models_with_its_type() -> None:
    fields = model_fields(Transaction)
    assert sorted(field.name for field in SCHEMA.fields) == sorted(fields)
    for field in SCHEMA.fields:
        assert issubclass(fields[field.name], PYTHON_TYPES[field.type.python_type]), field.name


def test_the_schema_is_exported() -> None:
    assert horizonpay.SCHEMA is SCHEMA
    assert "SCHEMA" in horizonpay.__all__
