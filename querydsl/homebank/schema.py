"""The Homebank `/operations` filter table as a schema, and the field its API requires.

`HOMEBANK` is the schema `parse`, `check` and `to_payload` use unless told otherwise: each field's
name, type, aliases and the label the API's table gives it.

>>> from querydsl import HOMEBANK
>>> field = HOMEBANK.lookup("rrn")
>>> field.name, field.type.name, field.aliases, field.description
('reference', 'string', ('rrn', 'ррн'), 'RRN')
>>> [field.name for field in HOMEBANK.fields][:3]
['created_date', 'shop_id', 'invoice_id']
"""

from __future__ import annotations

from querydsl.language.schema import Field, FieldType, Schema

HOMEBANK = Schema(
    (
        Field("created_date", FieldType.DATETIME, ("date", "created"), "Transaction date"),
        Field("shop_id", FieldType.STRING, ("shop",), "Store"),
        Field("invoice_id", FieldType.STRING, ("invoice",), "Order number", identifying=True),
        Field("account_id", FieldType.STRING, ("account",), "Client id in the store"),
        Field("payer_phone", FieldType.STRING, ("phone",), "Phone"),
        Field("payer_email", FieldType.STRING, ("email",), "Email"),
        Field("reference", FieldType.STRING, ("rrn", "ррн"), "RRN", identifying=True),
        Field("post_link", FieldType.BOOLEAN, ("postlink",), "PostLink"),
        Field("amount", FieldType.NUMBER, (), "Amount"),
        Field("card_mask", FieldType.STRING, ("card",), "Card"),
        Field("client", FieldType.STRING, ("payer",), "Payer"),
        Field("installment_id", FieldType.STRING, ("installment",), "Installments"),
        Field("transaction_type_id", FieldType.STRING, ("transaction_type",), "Transactions"),
        Field("payout_date", FieldType.DATETIME, ("refund_date",), "Refund date"),
        Field("payout_amount", FieldType.NUMBER, ("refund_amount",), "Refund amount"),
        Field("description", FieldType.STRING, (), "Description"),
    )
)

#: The field the Homebank API requires a condition on.
PERIOD_FIELD = "created_date"
