"""The emulator's Homebank routes: `POST /oauth2/token` (the three grants of tokens.py, the form
URL-encoded or multipart), `POST /operations` behind a Bearer token (operations.py), and
`POST /emulator/operations`, Homebank records in.
"""

from __future__ import annotations

import email.parser
import email.policy
import urllib.parse

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from querydsl.emulator.http import (
    NO_STORE,
    emulator_of,
    json_answer,
    read_body,
    too_large,
)
from querydsl.emulator.tokens import token_error
from querydsl.language.errors import QueryError


async def token(request: Request) -> Response:
    """`POST /oauth2/token`: a grant's token, or the token endpoint's error body."""
    body = await read_body(request)
    if body is None:
        return too_large()
    form = _form(request.headers.get("content-type", ""), body)
    if form is None:
        return json_answer(*token_error(907, "send the form as application/x-www-form-urlencoded"))
    return json_answer(*emulator_of(request).tokens.grant(form))


async def operations(request: Request) -> Response:
    """`POST /operations`: a page of the records found, behind a Bearer token."""
    emulator = emulator_of(request)
    refused = emulator.tokens.check(request.headers.get("authorization"))
    if refused is not None:
        return json_answer(401, refused, {"WWW-Authenticate": "Bearer"})
    body = await read_body(request)
    if body is None:
        return too_large()
    status, answer = await run_in_threadpool(emulator.operations.answer, body)
    return Response(answer, status, headers=NO_STORE, media_type="application/json")


async def add_operations(request: Request) -> Response:
    """`POST /emulator/operations`: Homebank records in; code 920 when they do not load."""
    emulator = emulator_of(request)
    body = await read_body(request)
    if body is None:
        return too_large()
    try:
        added = await run_in_threadpool(emulator.add_operations, body)
    except QueryError as error:
        first = error.diagnostics[0]
        where = f" (at {first.path})" if first.path else ""
        return json_answer(
            400, {"code": 920, "message": f"Invalid Records: {first.message}{where}"}
        )
    return json_answer(201, {"added": added, **emulator.counts()})


def _form(content_type: str, body: bytes) -> dict[str, str] | None:
    """The fields of a form, URL-encoded or `multipart/form-data` (APIS.md 1.2: the docs say
    "form-data"), the first value of each name; None for any other content type.

    >>> _form("application/x-www-form-urlencoded", b"a=1&b=2&a=3"), _form("text/plain", b"")
    ({'a': '1', 'b': '2'}, None)
    """
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        try:
            pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        except (UnicodeDecodeError, ValueError):
            return {}
        return {name: value for name, value in reversed(pairs)}
    if kind == "multipart/form-data":
        header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
        fields: dict[str, str] = {}
        for part in message.iter_parts() if message.is_multipart() else ():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes) and name not in fields:
                fields[name] = payload.decode("utf-8", "replace")
        return fields
    return None
