"""The fields of a Horizonpay v3 transaction as a schema, for running queries over loaded ones.

Names are the response's keys, dotted into its sections (`customer.email`,
`payment_method.last_4`, `three_d_secure_verification.status`); the processing code is searched by
its parts (`code.letter`, `code.number`, `code.service`). Card stamps, card tokens and the CAVV are
left out: a query would have to write them. So are the sections with no documented fields
(`errors`, `bank_info`) and lists (`additional_data.contract`).

>>> from querydsl import evaluate
>>> from querydsl.horizonpay import SCHEMA, load_transaction
>>> paid = load_transaction({"uid": "1", "status": "successful", "code": "S.0000", "amount": 100})
>>> failed = load_transaction({"uid": "2", "status": "failed", "code": "F.0001", "amount": 20})
>>> [t.uid for t in evaluate("status in (successful, failed) and amount > 50", [paid, failed],
...                          schema=SCHEMA)]
['1']
"""

from __future__ import annotations

from querydsl.horizonpay.codes import STATUSES, Service
from querydsl.language.schema import Field, Schema
from querydsl.language.types import EnumType

#: The statuses of a v3 transaction (the v2 statuses its code's letter stands for).
STATUS = EnumType(*(status for statuses in STATUSES.values() for status in statuses))


def _section(prefix: str, fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """The fields of a section, named under `prefix` (`customer.` + `email`)."""
    return tuple(
        Field(f"{prefix}.{field.name}", field.type, field.aliases, field.description)
        for field in fields
    )


def _text(*names: str) -> tuple[Field, ...]:
    return tuple(Field(name, "string") for name in names)


def _numbers(*names: str) -> tuple[Field, ...]:
    return tuple(Field(name, "number") for name in names)


_CARD = (
    *_text("payment_method_type", "holder", "brand", "last_4", "first_1", "bin"),
    *_text("issuer_country", "issuer_name", "product", "token_provider"),
    *_numbers("exp_month", "exp_year"),
)
_PERSON = _text("first_name", "last_name", "address", "country", "city", "state", "zip", "phone")

SCHEMA = Schema(
    (
        Field("uid", "string", (), "A UID of the processed transaction"),
        Field("status", STATUS, (), "A status of the processed transaction"),
        Field("code.letter", EnumType(*STATUSES), (), "The processing code's status letter"),
        Field("code.number", "number", (), "The processing code's four digits"),
        Field("code.service", EnumType(*Service), (), "The service the code's digits name"),
        Field("friendly_message", "string", (), "Message for the customer"),
        Field("message", "string", (), "A message from the bank system"),
        Field("amount", "number", (), "An amount in minimal currency units"),
        Field("currency", "string", (), "A currency in the ISO-4217 format"),
        Field("description", "string", (), "A transaction description"),
        Field("type", "string", (), "A transaction type"),
        Field("tracking_id", "string", (), "The tracking_id value from the request"),
        Field("test", "boolean", (), "Whether the transaction is a test one"),
        Field("created_at", "datetime", ("created", "date"), "When the transaction was created"),
        Field("updated_at", "datetime", ("updated",), "When it was last updated"),
        Field("paid_at", "datetime", ("paid",), "When it was successfully completed"),
        Field("expired_at", "datetime", (), "When it expires"),
        Field("closed_at", "datetime", (), "When the acquiring bank's banking day ends"),
        Field("settled_at", "datetime", (), "When the acquiring bank settled the amount"),
        Field("manually_corrected_at", "datetime", (), "When it was manually corrected"),
        Field("redirect_url", "string", (), "The page to finalize the transaction"),
        Field("parent_uid", "string", (), "The UID of the parent transaction"),
        Field("reason", "string", (), "A description of the chargeback reason"),
        Field("recurring_type", "string", (), "A type of the recurring transaction"),
        Field("language", "string", (), "The language from the request"),
        Field("status_code", "number", (), "A status code of the 3-D Secure verification"),
        Field("customer.email", "string", ("email",), "The customer's email"),
        Field("customer.ip", "string", ("ip",), "The customer's IP address"),
        *_section("customer", (*_text("device_id", "birth_date"), *_PERSON)),
        *_section("payment_method", _CARD),
        *_section("recipient.customer", _PERSON),
        *_section("recipient.payment_method", _CARD),
        Field("smart_routing_verification.status", "string", (), "The Smart Routing result"),
        *_section(
            "three_d_secure_verification",
            _text(
                "status",
                "message",
                "ve_status",
                "acs_url",
                "pa_req",
                "md",
                "pa_res_url",
                "eci",
                "pa_status",
                "xid",
                "cavv_algorithm",
                "fail_reason",
                "method_process_url",
                "creq",
            ),
        ),
        *_section(
            "additional_data.browser",
            (
                *_numbers("screen_width", "screen_height", "screen_color_depth"),
                *_text("language", "user_agent", "time_zone_name", "accept_header"),
                Field("java_enabled", "boolean"),
                *_numbers("time_zone", "window_height", "window_width"),
            ),
        ),
        Field("avs_cvc_verification.avs_verification.result_code", "string"),
        Field("avs_cvc_verification.cvc_verification.result_code", "string"),
        *_section(
            "transaction",
            (
                *_text("ref_id", "message"),
                *_numbers("amount"),
                *_text("currency", "billing_descriptor"),
                *_numbers("gateway_id"),
                *_text("status", "auth_code", "rrn", "bank_code"),
            ),
        ),
        Field("links.receipt_url", "string", (), "A URL of the transaction receipt"),
    )
)
