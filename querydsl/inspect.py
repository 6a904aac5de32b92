"""`querydsl inspect`: recognise a provider's response and show it as a table, or as masked JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import cattrs

from querydsl.carddata.cardrepr import mask_card, masked_json
from querydsl.carddata.redact import redact_text
from querydsl.homebank import responses as homebank
from querydsl.homebank.models import OperationsPage
from querydsl.horizonpay import responses as horizonpay
from querydsl.horizonpay.codes import ProcessingCode
from querydsl.horizonpay.models import Transaction
from querydsl.language.errors import (
    Diagnostic,
    QueryError,
    SchemaError,
    display_width,
    place,
    terminal_safe,
)
from querydsl.wire.jsontext import load_json


def detect(value: object) -> str | None:
    """Which response a decoded JSON value is, by its keys; `None` when it is none of them.

    >>> detect({"totalCount": 0, "records": []}), detect({"code": 232, "message": "x"})
    ('homebank_operations', 'homebank_error')
    """
    if not isinstance(value, dict):
        return None
    if "records" in value or "totalCount" in value:
        return "homebank_operations"
    if "uid" in value or "status" in value:
        return "horizonpay_transaction"
    if "code" in value and set(value) <= {"code", "message"}:
        return "homebank_error"
    return None


def inspect_document(data: str | bytes, *, as_json: bool = False, strict: bool = False) -> str:
    """The text `querydsl inspect` prints for a response: an aligned table, or JSON.

    Raises `SchemaError` (a `QueryError`) for anything that is not a valid known response.

    >>> print(inspect_document('{"code": 232, "message": "Search Method Unavailable"}'))
    Homebank error
    code     232
    message  Search Method Unavailable
    """
    try:
        return _inspect(data, as_json=as_json, strict=strict)
    except QueryError:
        raise
    except (RecursionError, ValueError, TypeError):  # deep values, huge numbers: never a crash
        pass
    # Raised outside the handler: an error raised while handling another keeps it (and any
    # data it quotes) as its `__context__`.
    raise SchemaError(
        [Diagnostic("limit_exceeded", "the response is too large or too deeply nested")]
    )


def _inspect(data: str | bytes, *, as_json: bool, strict: bool) -> str:
    value, problems = load_json(data, exact=True)
    if value is None and problems:  # not JSON: load_json said why
        raise SchemaError(problems)
    kind = detect(value)
    if kind == "homebank_operations":
        page = homebank.load_operations(data, strict=strict)
        return _json(kind, page, homebank.make_converter()) if as_json else _page_table(page)
    if kind == "homebank_error":
        error = homebank.load_error(data, strict=strict)
        if as_json:
            return _json(kind, error, homebank.make_converter())
        rows = [("code", str(error.code)), ("message", error.message)]
        return _with_warnings(["Homebank error", _table(rows)], error.warnings)
    if kind == "horizonpay_transaction":
        transaction = horizonpay.load_transaction(data, strict=strict)
        if as_json:
            return _json(kind, transaction, horizonpay.make_converter())
        return _transaction_table(transaction)
    raise SchemaError(
        [
            Diagnostic(
                "invalid_shape",
                "this is not a response querydsl knows",
                path="",
                hint="expected a Homebank operations page {totalCount, records}, a Homebank "
                "error {code, message} or a Horizonpay v3 transaction {uid, status, code, ...}",
            )
        ]
    )


def _page_table(page: OperationsPage) -> str:
    header = ("id", "date", "amount", "currency", "status", "card")
    rows = [  # a key a record left out (read leniently as None) is an empty cell
        (
            record.id or "",
            _when(record.created_date),
            "" if record.amount is None else str(record.amount),
            record.currency_id or "",
            record.status_id or "",
            mask_card(record.card_mask or record.card_number or ""),
        )
        for record in page.records
    ]
    title = f"Homebank operations: {len(page.records)} of {page.total_count}"
    return _with_warnings([title, _table([header, *rows], numeric=(2,))], page.warnings)


def _transaction_table(transaction: Transaction) -> str:
    code = transaction.code
    card = transaction.payment_method
    shown_card = ""
    if card is not None and card.last_4:
        shown_card = f"{card.bin or card.first_1 or ''}...{card.last_4}"
    rows = [
        ("id", transaction.uid),
        ("date", _when(transaction.created_at)),
        ("amount", "" if transaction.amount is None else f"{transaction.amount} (minor units)"),
        ("currency", transaction.currency or ""),
        ("status", transaction.status),
        ("card", mask_card(shown_card)),
        ("code", str(code)),
        ("meaning", code.meaning),
        ("service", code.service.value),
        ("message", transaction.friendly_message or transaction.message or ""),
    ]
    return _with_warnings(["Horizonpay v3 transaction", _table(rows)], transaction.warnings)


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat(sep=" ", timespec="seconds")


def _cell(text: str) -> str:
    """Control and format characters cannot reach the terminal; card numbers masked as shown."""
    return redact_text(terminal_safe(text))


def _table(rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """Columns aligned by display width, two spaces apart; `numeric` columns right-aligned."""
    cells = [[_cell(text) for text in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = []
    for row in cells:
        padded = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - display_width(text))
            padded.append(pad + text if i in numeric else text + pad)
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def _with_warnings(blocks: list[str], warnings: Sequence[Diagnostic]) -> str:
    notes = [f"warning[{w.code}] at {place(w.path or '')}: {_cell(w.message)}" for w in warnings]
    return "\n".join([*blocks, *notes])


def _json(kind: str, result: Any, converter: cattrs.Converter) -> str:
    response = masked_json(converter.unstructure(result))
    document: dict[str, Any] = {"kind": kind, "response": response}
    code = getattr(result, "code", None)
    if isinstance(code, ProcessingCode):
        document["code"] = {
            "code": str(code),
            "letter": code.letter,
            "number": code.number,
            "statuses": list(code.statuses),
            "service": code.service.value,
            "meaning": code.meaning,
        }
    document["warnings"] = [w.to_dict() for w in result.warnings]
    return json.dumps(document, indent=2)
