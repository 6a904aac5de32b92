"""The payload of a text by the direct reader and by the full pipeline, compared.

`to_payload` takes the direct reader for the default schema and limits; `limits=Limits()` is
equal to the defaults but not them, so it takes the full pipeline (reader, binder, compiler).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from querydsl import QueryError, to_payload
from querydsl.homebank.direct import direct_tokens, read_lowered
from querydsl.language.rules import DEFAULT_LIMITS, Limits
from querydsl.language.values import get_zone

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def outcome(text: str, **options: Any) -> object:
    """The payload as JSON text (key order counts), or every diagnostic in full."""
    try:
        return json.dumps(to_payload(text, now=NOW, **options), ensure_ascii=False)
    except QueryError as error:
        return [(d.code, d.message, d.span, d.hint) for d in error.diagnostics]


def read_directly(text: str, tz: str = "UTC") -> bool:
    """Whether the direct reader takes `text` (rather than leave it to the full pipeline)."""
    tokens = direct_tokens(text)
    return tokens is not None and read_lowered(tokens, get_zone(tz), NOW) is not None


def assert_paths_agree(text: str, **options: Any) -> bool:
    """The direct reader's answer is the full pipeline's; returns whether it read the text."""
    assert Limits() == DEFAULT_LIMITS and Limits() is not DEFAULT_LIMITS
    direct, full = outcome(text, **options), outcome(text, limits=Limits(), **options)
    assert direct == full, text
    return read_directly(text, options.get("tz", "UTC"))
