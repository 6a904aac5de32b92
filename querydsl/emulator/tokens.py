"""The emulator's OAuth side: its credentials, the three grants of `POST /oauth2/token`, and the
check of a Bearer token, all against a clock that tests can move.

Issued tokens are random, kept only in memory, and never logged or shown in a repr.

>>> credentials = Credentials.generate()
>>> tokens = Tokens(credentials, clock=lambda: 0.0)
>>> status, answer = tokens.grant(credentials.password_form())
>>> status, answer["token_type"], answer["expires_in"]
(200, 'bearer', 43199)
>>> tokens.check(f"Bearer {answer['access_token']}")
>>> tokens.check("Bearer nonsense")["code"]
912
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from querydsl.carddata.cardrepr import hidden

#: The scope the `/operations` page names for its password grant (APIS.md 1.3), exactly.
SCOPE = "webapi usermanagement email_send verification statement statistics payment"
#: Lifetimes in seconds of the documentation's examples: 43199 for the password grant, 7200 for
#: the others (APIS.md 1.3, 1.4, 1.6).
PASSWORD_EXPIRES_IN, OTHER_EXPIRES_IN = 43199, 7200
GRANTS = ("password", "refresh_token", "client_credentials")

#: The emulator's own error codes on the token endpoint and for Bearer tokens (Homebank documents
#: no codes for them): code -> (HTTP status, message).
TOKEN_ERRORS: dict[int, tuple[int, str]] = {
    901: (400, "Unsupported Grant Type"),
    902: (400, "Missing Parameter"),
    903: (400, "Invalid Scope"),
    904: (401, "Invalid Client"),
    905: (401, "Invalid User Credentials"),
    906: (401, "Invalid Refresh Token"),
    907: (415, "Unsupported Content Type"),
    911: (401, "Authorization Required"),
    912: (401, "Invalid Or Expired Token"),
}

Answer = tuple[int, dict[str, Any]]


def token_error(code: int, detail: str | None = None) -> Answer:
    """The error answer for one of TOKEN_ERRORS: `{"code", "message"}`, as Homebank writes its own.

    >>> token_error(902, "username")
    (400, {'code': 902, 'message': 'Missing Parameter: username'})
    """
    status, message = TOKEN_ERRORS[code]
    return status, {"code": code, "message": f"{message}: {detail}" if detail else message}


def _secret() -> str:
    return secrets.token_urlsafe(18)


@attrs.frozen(kw_only=True)
class Credentials:
    """The emulator's development credentials: Homebank's user and client, Horizonpay's shop.

    They are test credentials, made anew for each emulator unless given; the secrets never show
    in the repr.

    >>> credentials = Credentials.generate()
    >>> credentials.username.startswith("emulator-"), credentials.password in repr(credentials)
    (True, False)
    """

    username: str
    password: str = attrs.field(repr=hidden)
    client_id: str
    client_secret: str = attrs.field(repr=hidden)
    shop_id: str
    secret_key: str = attrs.field(repr=hidden)

    @classmethod
    def generate(cls) -> Credentials:
        """Fresh random credentials."""
        return cls(
            username=f"emulator-{secrets.token_hex(3)}",
            password=_secret(),
            client_id=f"client-{secrets.token_hex(4)}",
            client_secret=_secret(),
            shop_id=str(secrets.randbelow(90000) + 10000),
            secret_key=secrets.token_hex(32),
        )

    def password_form(self, scope: str = SCOPE) -> dict[str, str]:
        """The form of a password grant with these credentials.

        >>> sorted(Credentials.generate().password_form())
        ['client_id', 'client_secret', 'grant_type', 'password', 'scope', 'username']
        """
        return {
            "grant_type": "password",
            "username": self.username,
            "password": self.password,
            "scope": scope,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }

    def lines(self) -> list[str]:
        """What `querydsl emulate` prints at start (these are the emulator's own test secrets)."""
        return [
            f"  Homebank  username={self.username} password={self.password}",
            f"            client_id={self.client_id} client_secret={self.client_secret}",
            f"            scope={SCOPE!r}",
            f"  Horizonpay shop_id={self.shop_id} secret_key={self.secret_key}",
        ]


@attrs.define
class _Issued:
    expires_at: float
    scope: str


class Tokens:
    """Issues and checks tokens; `clock()` is seconds on any steady scale (time.monotonic).

    `expires_in` replaces every grant's lifetime (0 issues tokens that are already expired);
    `expires_in_text` writes it as a numeric string, as one documentation page shows it.
    """

    def __init__(
        self,
        credentials: Credentials,
        *,
        expires_in: int | None = None,
        expires_in_text: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.credentials = credentials
        self.expires_in = expires_in
        self.expires_in_text = expires_in_text
        self.clock = clock
        self._access: dict[str, _Issued] = {}
        self._refresh: dict[str, str] = {}  # refresh token -> scope
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Tokens(issued={len(self._access)})"

    def grant(self, form: Mapping[str, str]) -> Answer:
        """Answer a token request's form fields: a token, or `{"code", "message"}`.

        >>> tokens = Tokens(Credentials.generate())
        >>> tokens.grant({"grant_type": "implicit"})
        (400, {'code': 901, 'message': 'Unsupported Grant Type: implicit'})
        """
        grant_type = form.get("grant_type", "")
        if grant_type not in GRANTS:
            return token_error(901 if grant_type else 902, grant_type or "grant_type")
        needed = {
            "password": ("username", "password", "scope", "client_id", "client_secret"),
            "refresh_token": ("refresh_token", "client_id", "client_secret"),
            "client_credentials": ("scope", "client_id", "client_secret"),
        }[grant_type]
        missing = [name for name in needed if not form.get(name)]
        if missing:
            return token_error(902, ", ".join(missing))
        own = self.credentials
        if not (
            secrets.compare_digest(form["client_id"].encode(), own.client_id.encode())
            & secrets.compare_digest(form["client_secret"].encode(), own.client_secret.encode())
        ):
            return token_error(904)
        if grant_type == "password":
            if form["scope"] != SCOPE:
                return token_error(903, f"the password grant takes the scope {SCOPE!r}")
            if not (
                secrets.compare_digest(form["username"].encode(), own.username.encode())
                & secrets.compare_digest(form["password"].encode(), own.password.encode())
            ):
                return token_error(905)
            return self._issue(form["scope"], PASSWORD_EXPIRES_IN, refresh=True, type_="bearer")
        if grant_type == "refresh_token":
            with self._lock:
                scope = self._refresh.get(form["refresh_token"])
            if scope is None:
                return token_error(906)
            return self._issue(scope, OTHER_EXPIRES_IN, refresh=False, type_="Bearer")
        return self._issue(form["scope"], OTHER_EXPIRES_IN, refresh=False, type_="Bearer")

    def _issue(self, scope: str, lifetime: int, *, refresh: bool, type_: str) -> Answer:
        """A token answer in the documentation's shapes: the password grant's with a refresh
        token and no scope (APIS.md 1.3), the others with the scope and no refresh token."""
        seconds = lifetime if self.expires_in is None else self.expires_in
        access = str(uuid.uuid4())
        answer: dict[str, Any] = {"access_token": access, "token_type": type_}
        with self._lock:
            self._access[access] = _Issued(self.clock() + seconds, scope)
            if refresh:
                answer["refresh_token"] = str(uuid.uuid4())
                self._refresh[answer["refresh_token"]] = scope
        answer["expires_in"] = str(seconds) if self.expires_in_text else seconds
        if not refresh:
            answer["scope"] = scope
        return 200, answer

    def check(self, authorization: str | None) -> dict[str, Any] | None:
        """None when `authorization` (the header's value) is a live Bearer token, else the
        error body (its status is 401).

        >>> Tokens(Credentials.generate()).check(None)
        {'code': 911, 'message': 'Authorization Required'}
        """
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return token_error(911)[1]
        with self._lock:
            issued = self._access.get(token.strip())
        if issued is None or self.clock() >= issued.expires_at:
            return token_error(912)[1]
        return None

    def expire_all(self) -> None:
        """Make every access token issued so far expired (refresh tokens stay valid).

        >>> tokens = Tokens(Credentials.generate())
        >>> token = tokens.grant(tokens.credentials.password_form())[1]["access_token"]
        >>> tokens.expire_all(); tokens.check(f"Bearer {token}")["code"]
        912
        """
        with self._lock:
            now = self.clock()
            for issued in self._access.values():
                issued.expires_at = min(issued.expires_at, now)
