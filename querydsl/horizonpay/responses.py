"""Reading Horizonpay API v3 transaction responses: the converter's rules and `load_transaction`,
which checks the status against the code.

The models it reads into are in `models.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

import cattrs

from querydsl.horizonpay.codes import ProcessingCode
from querydsl.horizonpay.models import MODELS, Transaction
from querydsl.language.errors import Diagnostic, SchemaError
from querydsl.wire.converters import (
    KeyTable,
    ResponseProblem,
    load_with,
    pure_hook,
    register_model,
    strict_converter,
)

KEYS: KeyTable = {}  # Horizonpay's keys are already snake_case: attribute names are the keys
#: What a transaction cannot be read without, even leniently: the uid it is known by, and its
#: status and code, which say what happened (and must agree). Every other key may be left out.
REQUIRED = ("uid", "status", "code")


def _wire_datetime(moment: datetime) -> str:
    """Horizonpay's own spelling, `YYYY-MM-DDThh:mm:ssTZD`: `Z` for UTC, and milliseconds
    when the moment has a fraction of a second (microseconds when it needs them).

    >>> [_wire_datetime(datetime.fromisoformat(t)) for t in ("2022-09-15T08:43:56.521Z",
    ...     "2022-09-15T08:43:56Z", "2022-09-15T11:43:56.5+03:00")]
    ['2022-09-15T08:43:56.521Z', '2022-09-15T08:43:56Z', '2022-09-15T11:43:56.500+03:00']
    """
    micro = moment.microsecond
    spec = "seconds" if micro == 0 else "milliseconds" if micro % 1000 == 0 else "microseconds"
    text = moment.isoformat(timespec=spec)
    return text[:-6] + "Z" if moment.utcoffset() == timedelta(0) else text


@pure_hook
def _structure_code(value: Any, _: object) -> ProcessingCode:
    try:
        return ProcessingCode.parse(value)
    except SchemaError as error:
        (problem,) = error.diagnostics
        raise ResponseProblem(problem.code, problem.message) from None


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """The Horizonpay rules: strict scalars, processing codes, `Z` datetimes, sections kept whole.

    >>> make_converter().unstructure(ProcessingCode.parse("S.0000"))
    'S.0000'
    """
    converter = strict_converter()
    converter.register_unstructure_hook(datetime, _wire_datetime)
    converter.register_structure_hook(ProcessingCode, _structure_code)
    converter.register_unstructure_hook(ProcessingCode, str)
    for model in MODELS:
        required = REQUIRED if model is Transaction else ()
        register_model(converter, model, KEYS, strict=strict, required=required)
    return converter


@cache
def _converter(strict: bool) -> cattrs.Converter:
    return make_converter(strict=strict)


def _status_agrees(data: Any) -> list[Diagnostic]:
    """The transaction's status must be one the code's letter stands for."""
    if not isinstance(data, dict) or not isinstance(data.get("status"), str):
        return []
    try:
        code = ProcessingCode.parse(data.get("code"))
    except SchemaError:
        return []  # reported by structuring already
    if data["status"] in code.statuses:
        return []
    expected = " or ".join(repr(s) for s in code.statuses)
    return [
        Diagnostic(
            "invalid_value",
            f"the status does not agree with the code {code}",
            path="/status",
            hint=f"a {code.letter} code means the status is {expected}",
        )
    ]


def load_transaction(data: object, *, strict: bool = False) -> Transaction:
    """Structure a v3 response (a dict, JSON text or bytes) or raise `SchemaError`.

    >>> load_transaction('{"uid": "1", "status": "failed", "code": "F.8001"}').code.service.value
    'p2p_verification'
    """
    converter = _converter(strict)
    return load_with(data, Transaction, converter, KEYS, strict=strict, check=_status_agrees)
