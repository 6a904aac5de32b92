"""The Homebank `/operations` client (SPEC 12): typed pages, and every record of a search.

It needs the `client` extra (httpx). The payload is checked before anything is sent; the token,
the paging, the retries and the error answers are the client's. What both clients share without
I/O (the request, reading the answer, the pages of a search) is protocol.py; the settings and hosts
are settings.py, and both are importable from here as before.

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

from collections.abc import AsyncIterator, Iterator
from typing import Any

from querydsl.client.extra import httpx
from querydsl.client.retry import AsyncSender, Sender
from querydsl.client.token import AsyncTokens, Tokens
from querydsl.homebank.models import Operation, OperationsPage
from querydsl.homebank.protocol import (
    DEFAULT_SCOPE,
    PAGINGS,
    BaseClient,
    PagingWarning,
    Search,
    logger,
)
from querydsl.homebank.settings import ENVIRONMENT, PRODUCTION, TEST, settings_from
from querydsl.language.ast import Query

__all__ = [
    "DEFAULT_SCOPE",
    "ENVIRONMENT",
    "PAGINGS",
    "PRODUCTION",
    "TEST",
    "AsyncClient",
    "Client",
    "PagingWarning",
    "logger",
    "settings_from",
]


class Client(BaseClient):
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
        return self._records(self._search_payload(query, page_size, options), page_size)

    def _records(self, payload: dict[str, Any], size: int) -> Iterator[Operation]:
        for _, page in self._pages(payload, size):
            yield from page.records

    def _pages(self, payload: dict[str, Any], size: int) -> Iterator[tuple[bytes, OperationsPage]]:
        """Each page of a search as the API sent it, and read; `querydsl fetch` writes the first."""
        search = Search(self, payload, size, stacklevel=5)
        while search.next is not None:
            content, page = self._page(search.next)
            yield content, page
            search.after(page)

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


class AsyncClient(BaseClient):
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
        return self._records(self._search_payload(query, page_size, options), page_size)

    async def _records(self, payload: dict[str, Any], size: int) -> AsyncIterator[Operation]:
        search = Search(self, payload, size, stacklevel=4)
        while search.next is not None:
            page = await self._page(search.next)
            for record in page.records:
                yield record
            search.after(page)

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
