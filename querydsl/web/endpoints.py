"""The search box's JSON endpoints as plain functions: bytes or a JSON object in, JSON out.

No web framework here: the Starlette app (asgi.py) calls `Endpoints.answer`, and so can a Flask
view or a Django view.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from http import HTTPStatus
from typing import Any

import attrs

from querydsl import parse, to_payload, to_text
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.schema import Schema
from querydsl.searchbox.complete import complete
from querydsl.searchbox.explain import explain
from querydsl.searchbox.highlight import tokens
from querydsl.searchbox.lint import lint
from querydsl.searchbox.provider import ValueProvider

#: The largest request body taken, in bytes (a query is at most 10 000 characters).
MAX_BODY = 64 * 1024
#: On every answer: nothing from elsewhere, nothing sniffed, framed or cached.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
#: The endpoints, each `POST /api/<name>`.
NAMES = ("compile", "complete", "tokens", "explain", "lint")
#: What an endpoint answers: the HTTP status and a JSON object.
Answer = tuple[int, dict[str, Any]]


class BadRequest(Exception):
    """A request the endpoints cannot answer; `status` says why."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def error(status: HTTPStatus, message: str) -> Answer:
    """An error's answer: `{"error": message}` (the message never quotes the request)."""
    return int(status), {"error": message}


@attrs.frozen
class Endpoints:
    """The endpoints for one schema, value provider and default time zone.

    `answer` takes a request's name, raw body and Content-Type, and never raises; the methods
    named after the endpoints take the body as a JSON object and raise BadRequest.

    >>> Endpoints().answer("tokens", b'{"text": "amount > 5"}', "application/json")[0]
    200
    >>> Endpoints().answer("tokens", b'{"text": 5}', "application/json")
    (400, {'error': '"text" must be a string'})
    """

    schema: Schema = HOMEBANK
    values: ValueProvider | None = None
    tz: str | None = None  # for requests that send none; None is UTC

    def refusal(self, name: str, content_type: str | None, length: int | None) -> Answer | None:
        """Why a request is refused before its body is read, or None: an unknown endpoint,
        not JSON (which also keeps other web sites out: a cross-site JSON POST needs a CORS
        preflight, and none is answered), or a `length` over MAX_BODY.

        >>> Endpoints().refusal("tokens", "text/plain", 10)
        (415, {'error': 'send Content-Type: application/json'})
        """
        if name not in NAMES:
            return error(HTTPStatus.NOT_FOUND, "nothing is there")
        if (content_type or "").split(";", 1)[0].strip().lower() != "application/json":
            return error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json")
        if length is not None and length > MAX_BODY:
            message = f"the body may be at most {MAX_BODY} bytes"
            return error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, message)
        return None

    def answer(self, name: str, body: bytes, content_type: str | None) -> Answer:
        """What `POST /api/<name>` answers to `body`: (200, the result) or (status, error)."""
        refused = self.refusal(name, content_type, len(body))
        if refused is not None:
            return refused
        try:
            return int(HTTPStatus.OK), getattr(self, name)(_json_object(body))
        except BadRequest as bad:
            return error(bad.status, bad.message)

    def compile(self, body: dict[str, Any]) -> dict[str, Any]:
        """`{"text", "default_period"?, "tz"?, "now"?, "page"?, "size"?}` -> the payload, the
        canonical text and the explanation, or the diagnostics.

        >>> Endpoints().compile({"text": "amount > 5", "default_period": "30d"})["ok"]
        True
        """
        text, options, paging = _text(body), self._options(body), _paging(body)
        result: dict[str, Any] = {
            "ok": False, "payload": None, "diagnostics": [], "canonical": None, "explain": None
        }  # fmt: skip
        try:
            query = parse(text, **options)
            result["canonical"] = to_text(query)
            result["explain"] = explain(query, schema=self.schema)
            result["payload"] = to_payload(query, **paging, **options)
        except QueryError as failure:
            result["diagnostics"] = _listed(failure.diagnostics)
        else:
            result["ok"] = True
        return result

    def complete(self, body: dict[str, Any]) -> dict[str, Any]:
        """`{"text", "cursor"?}` -> `{"suggestions": [{"text", "kind", "span", "detail"}]}`.

        >>> Endpoints().complete({"text": "post_link = t"})["suggestions"][0]["text"]
        'true'
        """
        text, cursor = _text(body), _optional(body, "cursor", int)
        found = complete(text, cursor, schema=self.schema, values=self.values)
        return {
            "suggestions": [
                {"text": s.text, "kind": s.kind, "span": list(s.span), "detail": s.detail}
                for s in found
            ]
        }

    def tokens(self, body: dict[str, Any]) -> dict[str, Any]:
        """`{"text"}` -> `{"tokens": [{"kind", "span", "text"}]}`.

        >>> Endpoints().tokens({"text": "amount"})
        {'tokens': [{'kind': 'field', 'span': [0, 6], 'text': 'amount'}]}
        """
        found = tokens(_text(body), schema=self.schema)
        return {"tokens": [{"kind": t.kind, "span": list(t.span), "text": t.text} for t in found]}

    def explain(self, body: dict[str, Any]) -> dict[str, Any]:
        """`{"text", "tz"?, "now"?}` -> `{"explain"}` in words, or null and the diagnostics.

        >>> Endpoints().explain({"text": "amount > 5"})
        {'explain': 'amount above 5', 'diagnostics': []}
        """
        text, options = _text(body), self._options(body)
        try:
            return {"explain": explain(text, **options), "diagnostics": []}
        except QueryError as failure:
            return {"explain": None, "diagnostics": _listed(failure.diagnostics)}

    def lint(self, body: dict[str, Any]) -> dict[str, Any]:
        """`{"text", "default_period"?, "tz"?, "now"?, "page"?, "size"?}` -> `{"diagnostics"}`:
        the warnings of a valid text, or the errors of an invalid one (as compile's).

        >>> found = Endpoints().lint({"text": "client = Дана%", "default_period": "7d"})
        >>> [(d["code"], d["severity"]) for d in found["diagnostics"]]
        [('wildcard_in_equals', 'warning')]
        """
        text, options, paging = _text(body), self._options(body), _paging(body)
        return {"diagnostics": _listed(lint(text, **paging, **options))}

    def _options(self, body: dict[str, Any]) -> dict[str, Any]:
        """The reading options a body asks for: `tz` (else the default) and `now`."""
        tz = _optional(body, "tz", str)  # "" too: refused as check() refuses it
        default = "UTC" if self.tz is None else self.tz
        options: dict[str, Any] = {"schema": self.schema, "tz": default if tz is None else tz}
        now = _optional(body, "now", str)
        if now is not None:
            try:
                options["now"] = datetime.fromisoformat(now)
            except ValueError:
                message = '"now" must be an ISO 8601 datetime'
                raise BadRequest(HTTPStatus.BAD_REQUEST, message) from None
        return options


def _paging(body: dict[str, Any]) -> dict[str, Any]:
    """The payload's options a body asks for: `default_period`, `page` and `size`."""
    return {
        "default_period": _optional(body, "default_period", str),
        "page": _optional(body, "page", int),
        "size": _optional(body, "size", int),
    }


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError) as failure:  # also an integer too long to read
        raise BadRequest(HTTPStatus.BAD_REQUEST, f"the body is not JSON: {failure}") from None
    if not isinstance(value, dict):
        raise BadRequest(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
    return value


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


def _listed(diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    return [diagnostic.to_dict() for diagnostic in diagnostics]


_DEFAULT = Endpoints()
#: The endpoints with the default settings (the Homebank schema, UTC), as functions.
api_compile, api_complete, api_tokens = _DEFAULT.compile, _DEFAULT.complete, _DEFAULT.tokens
api_explain, api_lint = _DEFAULT.explain, _DEFAULT.lint
