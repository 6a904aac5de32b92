"""The Homebank `/operations` client (SPEC 12): typed pages, and every record of a search.

It needs the `client` extra (httpx). The payload is checked before anything is sent; the token,
the paging, the retries and the error answers are the client's.

>>> from querydsl.homebank.client import Client, PRODUCTION
>>> client = Client(**PRODUCTION, username="dana", password="hunter2", client_id="shop",
...                 client_secret="s3cr3t")
>>> client
Client(base_url='https://epay-api.homebank.kz', username='dana', paging='page')
>>> client.page("amount > ten")   # refused before anything is sent
Traceback (most recent call last):
...
querydsl.language.errors.QueryError: error[invalid_value]: 'ten' is not a number
...
>>> client.close()
"""

from __future__ import annotations

import copy
import json
import logging
import os
import warnings
from collections.abc import AsyncIterator, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import querydsl
from querydsl.client.extra import httpx
from querydsl.client.retry import AsyncSender, Backoff, Sender, check_sending, where
from querydsl.client.scrub import Secrets
from querydsl.client.token import AsyncTokens, PasswordGrant, TokenHolder, Tokens, decoded, refusal
from querydsl.homebank.models import Operation, OperationsPage
from querydsl.homebank.payload import validate_payload
from querydsl.homebank.responses import load_operations
from querydsl.language.ast import Query
from querydsl.language.errors import Diagnostic, QueryError
from querydsl.language.rules import MAX_PAGING

#: The scope the `/operations` page asks for (APIS 1.3: the token page's example says "api").
DEFAULT_SCOPE = "webapi usermanagement email_send verification statement statistics payment"
#: How the API reads `paging.page`: a page number from 1, or the number of records to skip.
PAGINGS = ("page", "skip")
#: The hosts the docs print (APIS 1.1, 2.1); `Client(**PRODUCTION, username=..., ...)`.
PRODUCTION: Mapping[str, str] = MappingProxyType(
    {
        "base_url": "https://epay-api.homebank.kz",
        "token_url": "https://epay-oauth.homebank.kz/oauth2/token",
    }
)
#: The test hosts of the English token page (the Russian one prints
#: https://test-epay-oauth.epayment.kz/oauth2/token: the docs do not say which is current).
TEST: Mapping[str, str] = MappingProxyType(
    {
        "base_url": "https://testepay.homebank.kz/api",
        "token_url": "https://testoauth.homebank.kz/epay2/oauth2/token",
    }
)
#: Error bodies are small: a larger success is read as a page without looking for one first.
_ERROR_BODY_LIMIT = 4096

logger = logging.getLogger("querydsl.client")


#: Where `settings_from` finds each of the client's settings in the environment.
ENVIRONMENT: Mapping[str, str] = MappingProxyType(
    {
        "username": "QUERYDSL_HOMEBANK_USERNAME",
        "password": "QUERYDSL_HOMEBANK_PASSWORD",
        "client_id": "QUERYDSL_HOMEBANK_CLIENT_ID",
        "client_secret": "QUERYDSL_HOMEBANK_CLIENT_SECRET",
        "scope": "QUERYDSL_HOMEBANK_SCOPE",
        "base_url": "QUERYDSL_HOMEBANK_BASE_URL",
        "token_url": "QUERYDSL_HOMEBANK_TOKEN_URL",
    }
)
_REQUIRED = ("username", "password", "client_id", "client_secret")


def settings_from(
    environ: Mapping[str, str] | None = None, path: str | os.PathLike[str] | None = None
) -> dict[str, str]:
    """The client's credentials and hosts, from a JSON file (an object with the keys of
    ENVIRONMENT) and then the QUERYDSL_HOMEBANK_* environment variables: a setting the file
    gives is not looked for in the environment. The hosts default to PRODUCTION. QueryError for
    a missing credential or a file that is no such object; no value is ever quoted.

    >>> settings = settings_from({"QUERYDSL_HOMEBANK_USERNAME": "dana",
    ...     "QUERYDSL_HOMEBANK_PASSWORD": "hunter2", "QUERYDSL_HOMEBANK_CLIENT_ID": "shop",
    ...     "QUERYDSL_HOMEBANK_CLIENT_SECRET": "s3cr3t"})
    >>> settings["base_url"], settings["username"]
    ('https://epay-api.homebank.kz', 'dana')
    >>> try:
    ...     settings_from({})
    ... except QueryError as error:
    ...     print(error.diagnostics[0].message)
    no username: set QUERYDSL_HOMEBANK_USERNAME
    """
    environ = os.environ if environ is None else environ
    found: dict[str, str] = {}
    if path is not None:
        with open(path, "rb") as handle:
            content = handle.read()
        try:
            data = json.loads(content)
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            raise _invalid("the credentials file is not a JSON object")
        unknown = [key for key in data if key not in ENVIRONMENT]
        if unknown:
            known = ", ".join(ENVIRONMENT)
            raise _invalid(
                f"the credentials file has {len(unknown)} unknown key(s); the keys are {known}"
            )
        for key, value in data.items():
            if not isinstance(value, str):
                raise _invalid(f"the credentials file's {key} is not a string")
            found[key] = value
    for key, variable in ENVIRONMENT.items():
        if key not in found and environ.get(variable):
            found[key] = environ[variable]
    for key in _REQUIRED:
        if not found.get(key):
            where = " or in the credentials file" if path is not None else ""
            raise _invalid(f"no {key}: set {ENVIRONMENT[key]}{where}")
    return {**PRODUCTION, **found}


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


class _Homebank:
    """What both clients share: the options, the payload, the request and reading the answer."""

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


class _Pages:
    """When a search has every record: `totalCount` reached, or a page that ends it early."""

    def __init__(self, size: int, stacklevel: int) -> None:
        # stacklevel: the frames from _warn to the loop over the records, which a warning names
        self.size, self.seen, self.warned, self.stacklevel = size, 0, False, stacklevel
        self.last: set[str] = set()

    def done_after(self, number: int, page: OperationsPage) -> bool:
        records = page.records
        self.seen += len(records)
        ids = {record.id for record in records if isinstance(record.id, str) and record.id}
        if ids & self.last:
            self._warn(f"page {number} repeats records of page {number - 1}")
        self.last = ids
        total = page.total_count
        if total is None:  # read leniently without one: a short page is the last
            return len(records) < self.size
        if self.seen >= total:
            return True
        if not records:
            self._warn(f"page {number} is empty after {self.seen} of {total} records")
            return True
        return False

    def _warn(self, what: str) -> None:
        if not self.warned:
            self.warned = True
            message = f"{what}: the API may read `page` the other way (the client's paging=)"
            warnings.warn(message, PagingWarning, stacklevel=self.stacklevel)


class Client(_Homebank):
    """The Homebank `/operations` API over HTTP (httpx), with the password grant's token.

    `page()` sends one page; `search()` yields every record, page after page, until `totalCount`.
    Secrets never show in its repr, its errors or its logs. Close it (or use `with`).

    >>> with Client(base_url="https://epay-api.homebank.kz", username="u", password="p",
    ...             token_url="https://epay-oauth.homebank.kz/oauth2/token",
    ...             client_id="c", client_secret="s", paging="skip") as client:
    ...     client._paged({}, 3, 50)["paging"]   # page 3 of 50 skips 100 records
    {'page': 100, 'size': 50}
    """

    def _connect(self) -> None:
        self._http = httpx.Client(timeout=self.timeout, follow_redirects=False)
        self._sender = Sender(self._http, retries=self.retries, backoff=self.backoff)
        self._tokens = Tokens(self._holder, self._sender)

    def page(
        self,
        query: Query | str | dict[str, Any] | bytes,
        *,
        page: int = 1,
        size: int = 20,
        **options: Any,
    ) -> OperationsPage:
        """One page of operations: page number `page` (from 1) of `size` records.

        `query` is a query, its text (with to_payload's `options`: default_period, tz, now) or a
        payload; the call's page and size replace its own. QueryError, and nothing sent, when it
        is not valid; ApiError for the API's error answers; TransportError when retries run out.
        """
        return self._page(self._paged(self._payload(query, options), page, size))[1]

    def search(
        self, query: Query | str | dict[str, Any] | bytes, *, page_size: int = 100, **options: Any
    ) -> Iterator[Operation]:
        """Every matching operation, typed, as its page comes: pages of `page_size` records
        until `totalCount` is reached. The query is checked here, before the first page is asked.
        """
        payload = self._payload(query, options)
        self._paged(payload, 1, page_size)  # page_size checked now, not at the first record
        return self._records(payload, page_size)

    def _records(self, payload: dict[str, Any], size: int) -> Iterator[Operation]:
        for _, page in self._pages(payload, size):
            yield from page.records

    def _pages(self, payload: dict[str, Any], size: int) -> Iterator[tuple[bytes, OperationsPage]]:
        """Each page of a search as the API sent it, and read; `querydsl fetch` writes the first."""
        pages, number = _Pages(size, stacklevel=5), 1
        while True:
            content, page = self._page(self._paged(payload, number, size))
            yield content, page
            if pages.done_after(number, page):
                return
            number += 1

    def _page(self, payload: dict[str, Any]) -> tuple[bytes, OperationsPage]:
        token = self._tokens.get()
        response = self._sender.send(self._request(payload, token))
        if response.status_code == 401:  # renewed once, sent once more
            response.close()
            token = self._tokens.renew(token)
            response = self._sender.send(self._request(payload, token))
        return response.content, self._read(response)

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class AsyncClient(_Homebank):
    """`Client` for asyncio (or trio): `await client.page(...)`, and
    `async for operation in client.search(...)`.

    >>> import asyncio
    >>> async def main():
    ...     async with AsyncClient(**PRODUCTION, username="u", password="p", client_id="c",
    ...                            client_secret="s") as client:
    ...         return repr(client)
    >>> asyncio.run(main())
    "AsyncClient(base_url='https://epay-api.homebank.kz', username='u', paging='page')"
    """

    def _connect(self) -> None:
        self._http = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        self._sender = AsyncSender(self._http, retries=self.retries, backoff=self.backoff)
        self._tokens = AsyncTokens(self._holder, self._sender)

    async def page(
        self,
        query: Query | str | dict[str, Any] | bytes,
        *,
        page: int = 1,
        size: int = 20,
        **options: Any,
    ) -> OperationsPage:
        """One page of operations, as `Client.page`."""
        return await self._page(self._paged(self._payload(query, options), page, size))

    def search(
        self, query: Query | str | dict[str, Any] | bytes, *, page_size: int = 100, **options: Any
    ) -> AsyncIterator[Operation]:
        """Every matching operation, as `Client.search`; the query is checked at the call."""
        payload = self._payload(query, options)
        self._paged(payload, 1, page_size)
        return self._records(payload, page_size)

    async def _records(self, payload: dict[str, Any], size: int) -> AsyncIterator[Operation]:
        pages, number = _Pages(size, stacklevel=4), 1
        while True:
            page = await self._page(self._paged(payload, number, size))
            for record in page.records:
                yield record
            if pages.done_after(number, page):
                return
            number += 1

    async def _page(self, payload: dict[str, Any]) -> OperationsPage:
        token = await self._tokens.get()
        response = await self._sender.send(self._request(payload, token))
        if response.status_code == 401:
            await response.aclose()
            token = await self._tokens.renew(token)
            response = await self._sender.send(self._request(payload, token))
        return self._read(response)

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()
