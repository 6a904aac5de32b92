"""The Horizonpay API v3 client: a transaction by uid, or by tracking id (SPEC 12).

HTTP Basic with the shop id and secret key, `X-API-Version: 3`. Needs the `client` extra (httpx).
"""

from __future__ import annotations

from http import HTTPStatus
from types import TracebackType
from typing import Any
from urllib.parse import quote

import querydsl
from querydsl.carddata.cardrepr import masked_json
from querydsl.client.errors import ApiError, ClientError
from querydsl.client.extra import httpx
from querydsl.client.retry import Backoff, Sender, check_sending
from querydsl.client.scrub import Secrets
from querydsl.horizonpay.codes import ProcessingCode
from querydsl.horizonpay.models import Transaction
from querydsl.horizonpay.webhooks import read_transaction
from querydsl.language.errors import Diagnostic, QueryError, SchemaError
from querydsl.wire.jsontext import load_json

_HEADERS = {
    "Accept": "application/json",
    "X-API-Version": "3",
    "User-Agent": f"querydsl/{querydsl.__version__}",
}


class Client:
    """Reads Horizonpay transactions: `transaction(uid)` and `by_tracking_id(tracking_id)`.

    An answer in an error shape is `querydsl.ApiError` (its `details` hold the v3
    `processing_code`, `friendly_message` and `errors`); a 2xx answer that is not a v3
    transaction is `querydsl.SchemaError`. Connection failures, timeouts, 429 and 502/503/504
    are sent again after a full-jitter exponential `backoff`, `retries` times at most, then
    `querydsl.TransportError`. The secret key is never shown: not in the repr, an error or a log.
    Close it (or use `with`).

    >>> client = Client(base_url="https://gw.horizonpay.kz", shop_id=361, secret_key="b8647b68")
    >>> client
    Client(base_url='https://gw.horizonpay.kz', shop_id='361')
    >>> client.close()
    """

    def __init__(
        self,
        *,
        base_url: str,
        shop_id: str | int,
        secret_key: str,
        timeout: float | None = 10.0,
        retries: int = 3,
        backoff: Backoff | None = None,
    ) -> None:
        check_sending(timeout, retries)
        if backoff is not None and not isinstance(backoff, Backoff):
            raise _invalid("`backoff` must be a Backoff")
        if isinstance(shop_id, bool) or not isinstance(shop_id, (str, int)) or shop_id == "":
            raise _invalid("`shop_id` must be the shop id, a number or its text")
        if not isinstance(secret_key, str) or not secret_key:
            raise _invalid("`secret_key` must be the shop's secret key, a non-empty text")
        self.base_url = _base_url(base_url)
        self.shop_id = str(shop_id)
        self.timeout, self.retries, self.backoff = timeout, retries, backoff or Backoff()
        self._secrets = Secrets([secret_key])
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=httpx.BasicAuth(self.shop_id, secret_key),
            headers=_HEADERS,
            timeout=timeout,
            follow_redirects=False,  # an answer elsewhere is not the one asked for
        )
        self._sender = Sender(self._http, retries=self.retries, backoff=self.backoff)

    def transaction(self, uid: str) -> Transaction:
        """The transaction with this uid (`GET /transactions/{uid}`); an unknown one is an
        `ApiError` with status 404.

        >>> Client(base_url="http://127.0.0.1:9", shop_id=1, secret_key="k").transaction("")
        Traceback (most recent call last):
        querydsl.client.errors.ClientError: the uid must be a non-empty text (not . or ..)
        """
        response = self._get(f"/transactions/{_segment(uid, 'uid')}")
        return read_transaction(response.content)

    def by_tracking_id(self, tracking_id: str) -> list[Transaction]:
        """The transactions with this tracking id, as the API lists them (up to 10, the most
        recent; `[]` for none): `GET /v2/transactions/tracking_id/{tracking_id}`.

        >>> with Client(base_url="http://127.0.0.1:9", shop_id=1, secret_key="k") as client:
        ...     client.by_tracking_id("..")
        Traceback (most recent call last):
        querydsl.client.errors.ClientError: the tracking id must be a non-empty text (not . or ..)
        """
        path = f"/v2/transactions/tracking_id/{_segment(tracking_id, 'tracking id')}"
        return read_transactions(self._get(path).content)

    def close(self) -> None:
        """Close the connections the client keeps open."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, shop_id={self.shop_id!r})"

    def _get(self, path: str) -> httpx.Response:
        response = self._sender.send(self._http.build_request("GET", path))
        if not response.is_success:
            raise api_error(response.status_code, response.content, self._secrets)
        return response


def read_transactions(body: bytes | str) -> list[Transaction]:
    """The transactions of a tracking-id answer, `{"transactions": [...]}`; each may be flat or
    in a `{"transaction": {...}}` envelope. Anything else is `SchemaError` with a JSON Pointer.

    >>> [t.uid for t in read_transactions(
    ...     b'{"transactions": [{"uid": "a1", "status": "successful", "code": "S.0000"}]}')]
    ['a1']
    """
    data, problems = load_json(body, exact=True)
    if data is None and problems:
        raise SchemaError(problems)
    if not isinstance(data, dict) or not isinstance(data.get("transactions"), list):
        raise SchemaError(
            [Diagnostic("invalid_shape", 'expected an object {"transactions": [...]}', path="")]
        )
    found, problems = [], []
    for index, item in enumerate(data["transactions"]):
        try:
            found.append(read_transaction(item, at=f"/transactions/{index}"))
        except SchemaError as error:
            problems.extend(error.diagnostics)
    if problems:
        raise SchemaError(problems)
    return found


def api_error(status: int, body: bytes, secrets: Secrets | None = None) -> ApiError:
    """An error answer as `ApiError`: the v3 shape `{"code", "friendly_message", "message",
    "errors"}` with its code interpreted, the v2 shapes (`{"message", "errors"}`, or inside
    `"response"`), or, for a body in no known shape, the HTTP status alone. Card numbers are
    masked, and the `secrets`, should the server echo one, hidden.

    >>> error = api_error(422, b'{"code": "E.1025", "friendly_message": "Invalid request params",'
    ...                        b' "message": "Currency can\\'t be blank.",'
    ...                        b' "errors": {"currency": ["can\\'t be blank"]}}')
    >>> error.code, error.status, error.message
    ('E.1025', 422, "Currency can't be blank.")
    >>> error.details["processing_code"].service.value, error.details["errors"]
    ('payment_gateway', {'currency': ["can't be blank"]})
    """
    data, _ = load_json(body)  # None for a body that is not JSON
    if isinstance(data, dict) and len(data) == 1 and isinstance(data.get("response"), dict):
        data = data["response"]  # the v2 variant
    if isinstance(data, dict) and len(data) == 1 and isinstance(data.get("error"), dict):
        data = data["error"]  # the reporting API's envelope
    if not isinstance(data, dict):
        data = {}
    code = data.get("code")
    code = code if isinstance(code, (str, int)) and not isinstance(code, bool) else None
    processing: ProcessingCode | None = None
    if isinstance(code, str):
        try:
            processing = ProcessingCode.parse(code)
        except SchemaError:
            processing = None
    message = data.get("message")
    friendly = data.get("friendly_message")
    errors = data.get("errors")
    secrets = secrets or Secrets()
    details = {
        "processing_code": processing,
        "friendly_message": _shown(friendly, secrets) if isinstance(friendly, str) else None,
        "errors": _shown(masked_json(errors), secrets) if isinstance(errors, dict | list) else None,
    }
    if not isinstance(message, str) or not message:
        message = friendly if isinstance(friendly, str) and friendly else _status_words(status)
    message = _shown(message, secrets)
    return ApiError(code=_shown(code, secrets), message=message, status=status, details=details)


def _shown(value: Any, secrets: Secrets) -> Any:
    """Text as it may be shown: card numbers masked, the secrets hidden; in JSON data too."""
    if isinstance(value, str):
        return secrets.scrub(value)
    if isinstance(value, dict):
        return {_shown(key, secrets): _shown(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_shown(item, secrets) for item in value]
    return value


def _status_words(status: int) -> str:
    if status == 401:
        return "the shop id and secret key were refused"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "an answer in no known error shape"


def _invalid(message: str) -> QueryError:
    return QueryError([Diagnostic("invalid_value", message)])


def _base_url(value: object) -> str:
    if isinstance(value, str):
        try:
            url = httpx.URL(value)
        except httpx.InvalidURL:
            url = None
        if url is not None and url.scheme in ("http", "https") and url.host:
            return value.rstrip("/")
    raise _invalid("`base_url` must be an http:// or https:// URL")


def _segment(value: object, what: str) -> str:
    """One path segment: every reserved character percent-encoded, and `.`/`..` refused,
    since a client would otherwise resolve them to another path."""
    if not isinstance(value, str) or value in ("", ".", ".."):
        raise ClientError(f"the {what} must be a non-empty text (not . or ..)")
    return quote(value, safe="")
