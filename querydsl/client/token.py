"""The OAuth token of a client (SPEC 12): the password grant, and renewal before expiry or on 401.

The token endpoint is sent a form (`application/x-www-form-urlencoded`; `token_body="multipart"`
sends `multipart/form-data`, as the docs' "form-data" may mean) with the scope string exactly as
given. Its answer's `expires_in` may be a JSON number or a numeric string. The token is renewed
once less than `min(60 s, a tenth of its lifetime)` is left: by its `refresh_token` when the
endpoint gave a non-empty one (with the same scope, unless `refresh_scope` names another), by the
password grant when there is none or the refresh is refused. A token without a readable
`expires_in` is used until a 401 says it is no longer good.

`Tokens` holds the token for a `Sender`, `AsyncTokens` for an `AsyncSender`; both renew under a
lock, so that threads or tasks waiting for a token share one renewal.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from collections.abc import Callable

import anyio
import attrs

from querydsl.client.errors import ApiError
from querydsl.client.extra import httpx
from querydsl.client.retry import AsyncSender, Sender
from querydsl.client.scrub import Secrets
from querydsl.language.errors import Diagnostic, QueryError

#: How the token request's form is encoded: URL-encoded, or multipart/form-data.
TOKEN_BODIES = ("form", "multipart")
#: The longest a token is renewed before it expires; a short-lived one, a tenth of its lifetime.
RENEWAL_MARGIN = 60.0
_NUMBER = re.compile(r"\s*[0-9]{1,12}(?:\.[0-9]{1,9})?\s*")

logger = logging.getLogger("querydsl.client")


def lifetime(expires_in: object) -> float | None:
    """A token's lifetime in seconds from its `expires_in`: a JSON number or a numeric string
    (the docs show both); None when absent or unreadable.

    >>> lifetime(7200), lifetime("1200"), lifetime(" 43199 "), lifetime("soon"), lifetime(True)
    (7200.0, 1200.0, 43199.0, None, None)
    """
    if type(expires_in) in (int, float):
        seconds = float(expires_in)  # type: ignore[arg-type]
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    if isinstance(expires_in, str) and _NUMBER.fullmatch(expires_in):
        return float(expires_in)
    return None


def margin(seconds: float) -> float:
    """How long before its expiry a token of this lifetime is renewed.

    >>> margin(7200), margin(1200), margin(10)
    (60.0, 60.0, 1.0)
    """
    return min(RENEWAL_MARGIN, seconds / 10)


@attrs.frozen(kw_only=True, repr=False)
class PasswordGrant:
    """The credentials of the OAuth password grant; the password and the client secret never
    show in its repr.

    >>> grant = PasswordGrant(username="dana", password="hunter2", client_id="shop",
    ...                       client_secret="s3cr3t", scope="webapi payment")
    >>> grant
    PasswordGrant(username='dana', client_id='shop', scope='webapi payment')
    >>> grant.form()["grant_type"], grant.form()["scope"]
    ('password', 'webapi payment')
    """

    username: str
    password: str
    client_id: str
    client_secret: str
    scope: str
    refresh_scope: str | None = None
    token_body: str = "form"

    def __attrs_post_init__(self) -> None:
        for name in ("username", "password", "client_id", "client_secret", "scope"):
            if not isinstance(getattr(self, name), str):
                raise _invalid(f"`{name}` must be a string")
        if self.refresh_scope is not None and not isinstance(self.refresh_scope, str):
            raise _invalid("`refresh_scope` must be a string, or None for the same scope")
        if self.token_body not in TOKEN_BODIES:
            raise _invalid('`token_body` must be "form" or "multipart"')

    def form(self) -> dict[str, str]:
        """The password grant's fields."""
        return {
            "grant_type": "password",
            "username": self.username,
            "password": self.password,
            "scope": self.scope,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }

    def refresh_form(self, refresh_token: str) -> dict[str, str]:
        """The refresh grant's fields."""
        return {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "scope": self.scope if self.refresh_scope is None else self.refresh_scope,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }

    def __repr__(self) -> str:
        return (
            f"PasswordGrant(username={self.username!r}, client_id={self.client_id!r}, "
            f"scope={self.scope!r})"
        )


def _invalid(message: str) -> QueryError:
    return QueryError([Diagnostic("invalid_value", message)])


def decoded(response: httpx.Response) -> object:
    """The answer's JSON, or None when it has none."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        return None


def refusal(response: httpx.Response, secrets: Secrets, what: str) -> ApiError:
    """An answer that is not a success, as ApiError: ePay's `{"code", "message"}`, OAuth's
    `{"error", "error_description"}`, or the status alone (the docs show no shape for the token
    endpoint's errors); secrets and card numbers masked in the message."""
    body = decoded(response)
    code: int | str | None = None
    message = f"{what} answered HTTP {response.status_code} without an error code"
    if isinstance(body, dict):
        if "code" in body and "message" in body:
            code, message = _code(body["code"]), str(body["message"])
        elif "error" in body:
            code = _code(body["error"])
            message = str(body.get("error_description") or body["error"])
    return ApiError(code=code, message=secrets.scrub(message), status=response.status_code)


def _code(value: object) -> int | str | None:
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return None if value is None else str(value)


@attrs.define(repr=False)
class _Token:
    access: str
    refresh: str | None
    expires_at: float | None  # by the holder's clock; None: until a 401


class TokenHolder:
    """The current token and what it takes to get the next one, without sending anything.

    >>> grant = PasswordGrant(username="u", password="p", client_id="c", client_secret="s",
    ...                       scope="webapi")
    >>> holder = TokenHolder("https://epay-oauth.homebank.kz/oauth2/token", grant)
    >>> holder.current() is None, holder.request().url.path
    (True, '/oauth2/token')
    >>> answer = httpx.Response(200, json={"access_token": "t1", "expires_in": "1200"})
    >>> holder.accept(answer, sent_at=holder.clock())
    't1'
    >>> holder.current(), holder
    ('t1', TokenHolder('https://epay-oauth.homebank.kz/oauth2/token', token=yes))
    """

    def __init__(
        self,
        token_url: str,
        grant: PasswordGrant,
        *,
        secrets: Secrets | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token_url, self.grant, self.clock = token_url, grant, clock
        self.secrets = secrets or Secrets([grant.password, grant.client_secret])
        self._token: _Token | None = None

    def current(self) -> str | None:
        """The token to send, or None when it is time to get another."""
        token = self._token
        if token is None:
            return None
        if token.expires_at is not None and self.clock() >= token.expires_at:
            return None
        return token.access

    @property
    def refresh_token(self) -> str | None:
        """The refresh token to renew with, if the endpoint gave one."""
        return None if self._token is None else self._token.refresh

    def forget(self, access: str) -> None:
        """Drop `access` after a 401 (if it is still the current token), keeping the refresh
        token to renew it with."""
        if self._token is not None and self._token.access == access:
            self._token.expires_at = -math.inf

    def drop_refresh(self) -> None:
        """Forget the refresh token (the endpoint refused it)."""
        if self._token is not None:
            self._token.refresh = None

    def request(self, refresh: bool = False) -> httpx.Request:
        """The request for a new token: the refresh grant, or the password grant."""
        token = self._token
        if refresh and token is not None and token.refresh:
            fields = self.grant.refresh_form(token.refresh)
        else:
            fields = self.grant.form()
        headers = {"Accept": "application/json"}
        if self.grant.token_body == "multipart":
            parts = {name: (None, value) for name, value in fields.items()}
            return httpx.Request("POST", self.token_url, files=parts, headers=headers)
        return httpx.Request("POST", self.token_url, data=fields, headers=headers)

    def accept(self, response: httpx.Response, *, sent_at: float) -> str:
        """Keep the token an answer gives (its lifetime counted from `sent_at`) and return it;
        ApiError for a refusal or an answer without an `access_token`."""
        if not response.is_success:
            raise refusal(response, self.secrets, "the token endpoint")
        body = decoded(response)
        access = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(access, str) or not access:
            raise ApiError(
                code=None,
                message="the token endpoint answered without an access_token",
                status=response.status_code,
            )
        assert isinstance(body, dict)
        self.secrets.add(access)
        refresh = body.get("refresh_token")
        if not isinstance(refresh, str) or not refresh:  # "" says "not used" (APIS 1.3)
            # The refresh grant may answer without a new one: the old one still holds.
            refresh = self._token.refresh if self._token is not None else None
        self.secrets.add(refresh)
        seconds = lifetime(body.get("expires_in"))
        if seconds is None and "expires_in" in body:
            logger.warning("the token's expires_in is no number: it is used until a 401")
        expires_at = None if seconds is None else sent_at + seconds - margin(seconds)
        self._token = _Token(access, refresh, expires_at)
        return access

    def __repr__(self) -> str:
        state = "yes" if self._token is not None else "no"
        return f"TokenHolder({self.token_url!r}, token={state})"


class Tokens:
    """A `TokenHolder` with a `Sender`: the token to send, renewed when due, one renewal at a
    time."""

    def __init__(self, holder: TokenHolder, sender: Sender) -> None:
        self.holder, self.sender = holder, sender
        self._lock = threading.Lock()

    def get(self) -> str:
        """The current token, or a new one when it is due."""
        with self._lock:
            return self.holder.current() or self._renew()

    def renew(self, stale: str) -> str:
        """A new token after `stale` was refused (unless another caller renewed it meanwhile)."""
        with self._lock:
            self.holder.forget(stale)
            return self.holder.current() or self._renew()

    def _renew(self) -> str:
        holder = self.holder
        if holder.refresh_token:
            sent_at = holder.clock()
            response = self.sender.send(holder.request(refresh=True))
            if response.is_success:
                return holder.accept(response, sent_at=sent_at)
            logger.debug("the refresh token was refused (HTTP %d)", response.status_code)
            holder.drop_refresh()
        sent_at = holder.clock()
        return holder.accept(self.sender.send(holder.request()), sent_at=sent_at)


class AsyncTokens:
    """`Tokens` for an `AsyncSender`."""

    def __init__(self, holder: TokenHolder, sender: AsyncSender) -> None:
        self.holder, self.sender = holder, sender
        self._lock = anyio.Lock()

    async def get(self) -> str:
        """The current token, or a new one when it is due."""
        async with self._lock:
            return self.holder.current() or await self._renew()

    async def renew(self, stale: str) -> str:
        """A new token after `stale` was refused (unless another task renewed it meanwhile)."""
        async with self._lock:
            self.holder.forget(stale)
            return self.holder.current() or await self._renew()

    async def _renew(self) -> str:
        holder = self.holder
        if holder.refresh_token:
            sent_at = holder.clock()
            response = await self.sender.send(holder.request(refresh=True))
            if response.is_success:
                return holder.accept(response, sent_at=sent_at)
            logger.debug("the refresh token was refused (HTTP %d)", response.status_code)
            holder.drop_refresh()
        sent_at = holder.clock()
        return holder.accept(await self.sender.send(holder.request()), sent_at=sent_at)
