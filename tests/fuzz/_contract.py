"""The contract one fuzz input is checked against: only QueryError, spans inside the text."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from syntax_trees import assert_readers_agree

import querydsl
from querydsl import QueryError, homebank, horizonpay
from querydsl.language.descent import MAX_NESTING

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _spans_inside(diagnostics: object, text: str) -> None:
    for diagnostic in diagnostics:  # type: ignore[attr-defined]
        if diagnostic.span is not None:
            start, end = diagnostic.span
            if not 0 <= start <= end <= len(text):
                raise AssertionError(f"span {diagnostic.span} outside a text of {len(text)}")


def check_text(text: str) -> None:
    """Every text API on `text`: QueryError or a result, never anything else; the two readers
    of the grammar accept it alike."""
    if len(text) < 2000 and text.count("(") + text.lower().count("not") <= MAX_NESTING:
        assert_readers_agree(text)
    for call in (
        lambda: querydsl.parse(text, now=NOW),
        lambda: querydsl.to_payload(text, now=NOW, default_period="30d"),
        lambda: querydsl.to_payload(text),
        lambda: querydsl.explain(text),
    ):
        try:
            result = call()
        except QueryError as error:
            _spans_inside(error.diagnostics, text)
            str(error)
            continue
        if isinstance(result, dict):
            json.dumps(result, allow_nan=False)
        elif isinstance(result, querydsl.Query):
            again = querydsl.parse(querydsl.to_text(result), now=NOW)
            if again != result:
                raise AssertionError(f"round trip changed {text!r}")
    _spans_inside(querydsl.check(text, now=NOW), text)
    for suggestion in querydsl.complete(text):
        if not 0 <= suggestion.span[0] <= suggestion.span[1] <= len(text):
            raise AssertionError(f"suggestion span {suggestion.span}")
    querydsl.tokens(text)


def check_document(data: bytes) -> None:
    """Every JSON API on `data` (as bytes and, when it decodes, as text and as a value)."""
    forms: list[object] = [data]
    try:
        text = data.decode("utf-8")
        forms.append(text)
        forms.append(json.loads(text))
    except ValueError:
        pass
    for form in forms:
        querydsl.validate_payload(form)
        for call in (
            querydsl.from_payload,
            homebank.load_operations,
            homebank.load_error,
            horizonpay.load_transaction,
            lambda d: horizonpay.load_transaction(d, strict=True),
        ):
            try:
                result = call(form)
            except QueryError as error:
                str(error)
                continue
            repr(result)
