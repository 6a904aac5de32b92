"""What the Homebank clients share, without I/O (SPEC 12): the options, the payload checked
and paged, the request, the answer read as a page or an ApiError, and `Search`, which decides the
pages of a search. `Client` and `AsyncClient` (client.py) only send, and differ in `await`.
"""

from __future__ import annotations

import copy
import json
import logging
import warnings
from typing import Any

import querydsl
from querydsl.client.extra import httpx
from querydsl.client.retry import Backoff, check_sending, where
from querydsl.client.scrub import Secrets
from querydsl.client.token import PasswordGrant, TokenHolder, decoded, refusal
from querydsl.homebank.models import OperationsPage
from querydsl.homebank.payload import validate_payload
from querydsl.homebank.responses import load_operations
from querydsl.language.ast import Query
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.rules import MAX_PAGING

#: The scope the `/operations` page asks for (APIS 1.3: the token page's example says "api").
DEFAULT_SCOPE = "webapi usermanagement email_send verification statement statistics payment"
#: How the API reads `paging.page`: a page number from 1, or the number of records to skip.
PAGINGS = ("page", "skip")
#: Error bodies are small: a larger success is read as a page without looking for one first.
_ERROR_BODY_LIMIT = 4096

logger = logging.getLogger("querydsl.client")


class PagingWarning(UserWarning):
    """`search` saw pages that do not add up: an empty page before `totalCount`, or a page that
    repeats the one before. The API may read `page` the other way (`paging=`)."""


def _invalid(message: str, code: str = "invalid_value") -> QueryError:
    return QueryError([Diagnostic(code, message)])


def _url(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise _invalid(f"`{name}` must be a URL string")
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise _invalid(f"`{name}` must be an http:// or https:// URL")
    return value


class BaseClient:
    """What both clients share, without I/O: the options, the payload, its paging, the request
    and reading the answer."""

    def __init__(
        self,
        *,
        base_url: str,
        token_url: str,
        username: str,
        password: str,
        client_id: str,
        client_secret: str,
        scope: str = DEFAULT_SCOPE,
        timeout: float | None = 10.0,
        retries: int = 3,
        paging: str = "page",
        strict: bool = False,
        refresh_scope: str | None = None,
        token_body: str = "form",
        backoff: Backoff | None = None,
    ) -> None:
        check_sending(timeout, retries)
        if paging not in PAGINGS:
            raise _invalid('`paging` must be "page" or "skip"')
        if type(strict) is not bool:
            raise _invalid("`strict` must be True or False")
        if backoff is not None and not isinstance(backoff, Backoff):
            raise _invalid("`backoff` must be a Backoff")
        self.base_url = _url("base_url", base_url)
        self.operations_url = base_url.rstrip("/") + "/operations"
        grant = PasswordGrant(
            username=username,
            password=password,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
            refresh_scope=refresh_scope,
            token_body=token_body,
        )
        self.username, self.paging, self.strict = username, paging, strict
        self.timeout, self.retries, self.backoff = timeout, retries, backoff or Backoff()
        self._secrets = Secrets([password, client_secret])
        self._holder = TokenHolder(_url("token_url", token_url), grant, secrets=self._secrets)
        self._headers = {"User-Agent": f"querydsl/{querydsl.__version__}"}
        self._connect()

    def _connect(self) -> None:
        """Open the HTTP client, the sender and the token keeper (each client its own kind)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, username={self.username!r}, "
            f"paging={self.paging!r})"
        )

    def _payload(self, query: object, options: dict[str, Any]) -> dict[str, Any]:
        """The payload to send, without its paging; QueryError when it is not valid."""
        if isinstance(query, Query | str):
            payload = querydsl.to_payload(query, **options)
        elif isinstance(query, dict | bytes | bytearray):
            if options:
                raise _invalid(f"{', '.join(options)}: options are for a query, not a payload")
            diagnostics = validate_payload(query)
            if diagnostics:
                raise QueryError(diagnostics)
            payload = json.loads(query) if isinstance(query, bytes | bytearray) else query
            payload = copy.deepcopy(payload)
        else:
            raise _invalid(
                f"a query, its text or a payload (dict or JSON bytes), not {type(query).__name__}",
                "invalid_shape",
            )
        payload.pop("paging", None)  # the call's page and size are sent
        return payload

    def _paged(self, payload: dict[str, Any], page: object, size: object) -> dict[str, Any]:
        """The payload with the paging of page number `page`, as the API reads `page`."""
        if type(page) is not int or not 1 <= page <= MAX_PAGING:
            raise _invalid(f"page must be a whole number from 1 to {MAX_PAGING}", "invalid_paging")
        if type(size) is not int or not 1 <= size <= MAX_PAGING:
            raise _invalid(f"size must be a whole number from 1 to {MAX_PAGING}", "invalid_paging")
        sent = page if self.paging == "page" else (page - 1) * size
        if sent > MAX_PAGING:
            message = f"page {page} of {size} skips more than {MAX_PAGING} records"
            raise _invalid(message, "invalid_paging")
        return {**payload, "paging": {"page": sent, "size": size}}

    def _request(self, payload: dict[str, Any], token: str) -> httpx.Request:
        headers = {**self._headers, "Accept": "application/json"}
        headers["Authorization"] = f"Bearer {token}"
        return httpx.Request("POST", self.operations_url, json=payload, headers=headers)

    def _read(self, response: httpx.Response) -> OperationsPage:
        """The page an answer holds; ApiError for the error shape or a failure status."""
        if not response.is_success:
            raise refusal(response, self._secrets, "the API")
        content = response.content
        if len(content) <= _ERROR_BODY_LIMIT:
            body = decoded(response)
            if (
                isinstance(body, dict)
                and "records" not in body
                and {"code", "message"} <= body.keys()
            ):
                raise refusal(response, self._secrets, "the API")
        page = load_operations(content, strict=self.strict)
        logger.debug(
            "%s: HTTP %d, %d records of %s",
            where(response.request),
            response.status_code,
            len(page.records),
            page.total_count,
        )
        return page

    def _search_payload(
        self, query: object, page_size: object, options: dict[str, Any]
    ) -> dict[str, Any]:
        """The payload of a search; its page size is checked now, not at the first record."""
        payload = self._payload(query, options)
        self._paged(payload, 1, page_size)
        return payload


class Search:
    """The pages of one search, without I/O: `next` is the payload of the page to ask for, None
    once the search has every record (`totalCount` reached, or a page that ends it early);
    `after(page)` reads each page as it comes. A driver sends `next` until it is None.

    >>> from querydsl.homebank.client import PRODUCTION, Client
    >>> with Client(**PRODUCTION, username="u", password="p", client_id="c",
    ...             client_secret="s", paging="skip") as client:
    ...     search = Search(client, {}, 50, stacklevel=2)
    ...     first = search.next
    ...     search.after(OperationsPage(total_count=0, records=[]))
    >>> first["paging"], search.next   # skip 0 records; no record, no page after it
    ({'page': 0, 'size': 50}, None)
    """

    def __init__(
        self, client: BaseClient, payload: dict[str, Any], size: int, stacklevel: int
    ) -> None:
        # stacklevel: the frames from _warn to the loop over the records, which a warning names
        self.client, self.payload, self.size, self.stacklevel = client, payload, size, stacklevel
        self.number, self.seen, self.warned = 1, 0, False
        self.last: set[str] = set()
        self.next: dict[str, Any] | None = client._paged(payload, 1, size)

    def after(self, page: OperationsPage) -> None:
        """Read page number `self.number`; `next` becomes the page after it, or None."""
        number, records = self.number, page.records
        self.seen += len(records)
        ids = {record.id for record in records if isinstance(record.id, str) and record.id}
        if ids & self.last:
            self._warn(f"page {number} repeats records of page {number - 1}")
        self.last = ids
        total = page.total_count
        if total is None:  # read leniently without one: a short page is the last
            done = len(records) < self.size
        elif self.seen >= total:
            done = True
        elif not records:
            self._warn(f"page {number} is empty after {self.seen} of {total} records")
            done = True
        else:
            done = False
        self.number += 1
        self.next = None if done else self.client._paged(self.payload, self.number, self.size)

    def _warn(self, what: str) -> None:
        if not self.warned:
            self.warned = True
            message = f"{what}: the API may read `page` the other way (the client's paging=)"
            warnings.warn(message, PagingWarning, stacklevel=self.stacklevel)
