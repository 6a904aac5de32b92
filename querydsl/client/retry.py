"""Sending a request again when it failed for a passing reason (SPEC 12).

Connection failures, timeouts, 429 and 502/503/504 are retried, at most `retries` times, after an
exponential backoff with full jitter (a uniform draw from 0 to `min(cap, base * 2**retry)`
seconds); a `Retry-After` header of at most `max_retry_after` seconds is waited as given, a longer
one ends the retries at once. Then `TransportError`. Any other answer is the caller's to read.

`Sender` sends on an `httpx.Client`, `AsyncSender` on an `httpx.AsyncClient`; both log each retry
on the `querydsl.client` logger, naming the request by method and URL, never its headers or body.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeAlias

import anyio
import attrs

from querydsl.carddata.redact import redact_text
from querydsl.client.errors import TransportError
from querydsl.client.extra import httpx
from querydsl.language.errors import Diagnostic, QueryError

#: The answers that say "not now": too many requests, and a gateway or service unavailable.
RETRIED_STATUSES = frozenset({429, 502, 503, 504})
#: The most retries a client may ask for: beyond it, waiting is no longer the answer.
MAX_RETRIES = 20

logger = logging.getLogger("querydsl.client")

#: What one attempt came to: an answer, or httpx's failure to get one.
Outcome: TypeAlias = httpx.Response | httpx.TransportError


def _invalid(message: str) -> QueryError:
    return QueryError([Diagnostic("invalid_value", message)])


def _seconds(value: object) -> bool:
    """Whether `value` is a finite number of seconds, not below 0 (a bool is no number)."""
    return isinstance(value, int | float) and type(value) is not bool and 0 <= value < math.inf


@attrs.frozen(kw_only=True)
class Backoff:
    """How long to wait before each retry, in seconds: a uniform draw from 0 to
    `min(cap, base * 2**retry)` (full jitter, so that many clients do not retry in step).
    A `Retry-After` of at most `max_retry_after` seconds is waited as the server asks.

    >>> backoff = Backoff(base=0.5, cap=8.0)
    >>> [backoff.ceiling(retry) for retry in range(6)]
    [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    >>> 0 <= backoff.delay(2, random.Random(1)) <= 2.0
    True
    """

    base: float = 0.5
    cap: float = 8.0
    max_retry_after: float = 60.0

    def __attrs_post_init__(self) -> None:
        for name in ("base", "cap", "max_retry_after"):
            if not _seconds(getattr(self, name)):
                raise _invalid(f"Backoff's `{name}` must be a number of seconds, 0 or more")

    def ceiling(self, retry: int) -> float:
        """The longest wait before retry number `retry` (0 for the first)."""
        return float(min(self.cap, self.base * 2 ** min(retry, 64)))

    def delay(self, retry: int, rng: random.Random) -> float:
        """A wait before retry number `retry`, drawn with full jitter."""
        return rng.uniform(0.0, self.ceiling(retry))


def check_sending(timeout: object, retries: object) -> None:
    """Raise QueryError for a `timeout` (seconds above 0, or None for none) or a `retries`
    (a whole number from 0 to MAX_RETRIES) a client cannot take.

    >>> check_sending(10.0, 3)
    >>> check_sending(10.0, -1)
    Traceback (most recent call last):
    ...
    querydsl.language.errors.QueryError: error[invalid_value]: `retries` must be a whole ...
    """
    if timeout is not None and not (_seconds(timeout) and timeout):
        raise _invalid("`timeout` must be a number of seconds above 0, or None for no timeout")
    if type(retries) is not int or not 0 <= retries <= MAX_RETRIES:
        raise _invalid(f"`retries` must be a whole number from 0 to {MAX_RETRIES}")


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """The seconds a `Retry-After` header asks to wait (delta-seconds, or an HTTP date: one
    already past is 0), or None when there is none or it cannot be read.

    >>> retry_after("3"), retry_after("soon"), retry_after(None), retry_after("-1")
    (3.0, None, None, None)
    >>> retry_after("Wed, 21 Oct 2015 07:28:30 GMT", datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    30.0
    """
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value) if len(value) <= 12 else math.inf
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC, as HTTP dates always are
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def where(request: httpx.Request) -> str:
    """A request as errors and logs name it: its method and URL without credentials or query.

    >>> where(httpx.Request("POST", "https://user:pw@epay-api.homebank.kz/operations?x=1"))
    'POST https://epay-api.homebank.kz/operations'
    """
    url = request.url
    port = f":{url.port}" if url.port is not None else ""
    return f"{request.method} {url.scheme}://{url.host}{port}{url.path}"


class Attempts:
    """The retry policy for one request, apart from any sending or sleeping: given what attempt n
    came to (an answer, or httpx's failure to get one), the answer to return, or the seconds to
    wait before trying again; `TransportError` once the retries are spent or a failure is no
    passing one. `Sender` and `AsyncSender` only send and sleep as it says.

    >>> request = httpx.Request("GET", "https://api.test/ops")
    >>> attempts = Attempts(request, 1, Backoff(base=0.5), random.Random(1))
    >>> 0 <= attempts.after(httpx.Response(503, request=request)) <= 0.5
    True
    >>> attempts.after(httpx.Response(200, request=request)).status_code
    200
    >>> attempts.after(httpx.Response(503, request=request))
    Traceback (most recent call last):
    ...
    querydsl.client.errors.TransportError: GET https://api.test/ops: HTTP 503 after 2 attempts
    """

    def __init__(self, request: httpx.Request, retries: int, backoff: Backoff, rng: random.Random):
        self.request, self.retries, self.backoff, self.rng = request, retries, backoff, rng
        self.done = 0  # retries made so far

    def after(self, outcome: Outcome) -> httpx.Response | float:
        """The answer when it is the caller's to read, else the seconds (a float) to wait before
        the next attempt. Called outside any `except` block, so that a TransportError it raises
        does not keep httpx's error, and the request it holds (headers and all), as its context.
        A retried answer needs no closing: `send` without `stream=True` has read and closed it."""
        if isinstance(outcome, httpx.Response):
            return self.after_response(outcome)
        return self.after_failure(outcome)

    def after_response(self, response: httpx.Response) -> httpx.Response | float:
        """`response` when the answer is the caller's to read, else the seconds to wait."""
        if response.status_code not in RETRIED_STATUSES:
            return response
        asked = retry_after(response.headers.get("retry-after"))
        reason = f"HTTP {response.status_code}"
        if asked is not None and asked > self.backoff.max_retry_after:
            raise TransportError(
                f"{where(self.request)}: {reason}, asked to retry after {_shown_seconds(asked)}"
                f" (more than the {_shown_seconds(self.backoff.max_retry_after)} waited at most)"
            )
        return self._wait(reason, asked)

    def after_failure(self, failure: httpx.TransportError) -> float:
        """The seconds to wait after a failure to get any answer."""
        name = type(failure).__name__
        detail = redact_text(str(failure))[:200]
        described = f"{name}: {detail}" if detail else name
        if isinstance(failure, httpx.TimeoutException):
            return self._wait(f"a timeout ({described})", None)
        if isinstance(failure, httpx.NetworkError | httpx.RemoteProtocolError):
            return self._wait(f"a connection failure ({described})", None)
        raise TransportError(f"{where(self.request)}: {described}")  # a setup error: no retry

    def _wait(self, reason: str, asked: float | None) -> float:
        if self.done >= self.retries:
            tries = self.done + 1
            raise TransportError(
                f"{where(self.request)}: {reason} after {tries} attempt{'s' * (tries > 1)}"
            )
        wait = float(asked if asked is not None else self.backoff.delay(self.done, self.rng))
        self.done += 1
        logger.debug(
            "%s: %s; retry %d of %d in %.2f s",
            where(self.request),
            reason,
            self.done,
            self.retries,
            wait,
        )
        return wait


def _outcome(send: Callable[[httpx.Request], httpx.Response], request: httpx.Request) -> Outcome:
    """What one attempt came to: httpx's answer, or its failure to get one, returned not raised."""
    try:
        return send(request)
    except httpx.TransportError as failure:
        return failure


async def _async_outcome(
    send: Callable[[httpx.Request], Awaitable[httpx.Response]], request: httpx.Request
) -> Outcome:
    """`_outcome` for an `httpx.AsyncClient`."""
    try:
        return await send(request)
    except httpx.TransportError as failure:
        return failure


def _shown_seconds(seconds: float) -> str:
    return "a long time" if math.isinf(seconds) else f"{seconds:g} s"


class Sender:
    """Sends requests on an `httpx.Client`, retrying as the module says.

    >>> with httpx.Client() as http:
    ...     sender = Sender(http, retries=3, backoff=Backoff())
    """

    def __init__(
        self,
        http: httpx.Client,
        *,
        retries: int,
        backoff: Backoff,
        sleep: Callable[[float], object] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.http, self.retries, self.backoff, self.sleep = http, retries, backoff, sleep
        self.rng = rng or random.Random()

    def send(self, request: httpx.Request) -> httpx.Response:
        """The first answer that is not retried; TransportError when the retries are spent."""
        attempts = Attempts(request, self.retries, self.backoff, self.rng)
        while isinstance(wait := attempts.after(_outcome(self.http.send, request)), float):
            self.sleep(wait)
        return wait


class AsyncSender:
    """Sends requests on an `httpx.AsyncClient` (asyncio or trio), retrying as `Sender` does."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        retries: int,
        backoff: Backoff,
        sleep: Callable[[float], Awaitable[object]] = anyio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.http, self.retries, self.backoff, self.sleep = http, retries, backoff, sleep
        self.rng = rng or random.Random()

    async def send(self, request: httpx.Request) -> httpx.Response:
        """The first answer that is not retried; TransportError when the retries are spent."""
        attempts = Attempts(request, self.retries, self.backoff, self.rng)
        send = self.http.send
        while isinstance(wait := attempts.after(await _async_outcome(send, request)), float):
            await self.sleep(wait)
        return wait
