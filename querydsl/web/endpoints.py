"""The playground's JSON endpoints: a JSON object in, a JSON object out (HTTP is server.py's)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from typing import Any

from querydsl import parse, to_payload, to_text
from querydsl.language.errors import QueryError
from querydsl.searchbox.complete import complete
from querydsl.searchbox.explain import explain
from querydsl.searchbox.highlight import tokens


class BadRequest(Exception):
    """A request the endpoints cannot answer; `status` says why."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _text(body: dict[str, Any]) -> str:
    text = body.get("text")
    if not isinstance(text, str):
        raise BadRequest(HTTPStatus.BAD_REQUEST, '"text" must be a string')
    return text


def _optional(body: dict[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        wanted = {int: "a whole number", str: "a string"}[kind]
        raise BadRequest(HTTPStatus.BAD_REQUEST, f'"{name}" must be {wanted} or null')
    return value


def api_compile(body: dict[str, Any]) -> dict[str, Any]:
    """`{"text", "default_period"?, "tz"?, "now"?, "page"?, "size"?}` -> payload or diagnostics.

    >>> api_compile({"text": "amount > 5", "default_period": "30d"})["ok"]
    True
    """
    text = _text(body)
    tz = _optional(body, "tz", str)
    options: dict[str, Any] = {"tz": "UTC" if tz is None else tz}
    now = _optional(body, "now", str)
    if now is not None:
        try:
            options["now"] = datetime.fromisoformat(now)
        except ValueError:
            message = '"now" must be an ISO 8601 datetime'
            raise BadRequest(HTTPStatus.BAD_REQUEST, message) from None
    period = _optional(body, "default_period", str)
    page, size = _optional(body, "page", int), _optional(body, "size", int)
    result: dict[str, Any] = {
        "ok": False, "payload": None, "diagnostics": [], "canonical": None, "explain": None
    }  # fmt: skip
    try:
        query = parse(text, **options)
        result["canonical"] = to_text(query)
        result["explain"] = explain(query)
        result["payload"] = to_payload(
            query, default_period=period, page=page, size=size, **options
        )
    except QueryError as error:
        result["diagnostics"] = [d.to_dict() for d in error.diagnostics]
    else:
        result["ok"] = True
    return result


def api_complete(body: dict[str, Any]) -> dict[str, Any]:
    """`{"text", "cursor"?}` -> `{"suggestions": [{"text", "kind", "span", "detail"}]}`."""
    text = _text(body)
    cursor = _optional(body, "cursor", int)
    return {
        "suggestions": [
            {"text": s.text, "kind": s.kind, "span": list(s.span), "detail": s.detail}
            for s in complete(text, cursor)
        ]
    }


def api_tokens(body: dict[str, Any]) -> dict[str, Any]:
    """`{"text"}` -> `{"tokens": [{"kind", "span", "text"}]}`."""
    return {
        "tokens": [
            {"kind": t.kind, "span": list(t.span), "text": t.text} for t in tokens(_text(body))
        ]
    }


ENDPOINTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "/api/compile": api_compile,
    "/api/complete": api_complete,
    "/api/tokens": api_tokens,
}
