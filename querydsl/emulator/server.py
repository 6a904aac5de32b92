"""The emulator served by uvicorn (querydsl/web/server.py's server), and `running()` for tests:
the emulator on a free loopback port for the length of a `with` block."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import attrs

from querydsl.emulator.asgi import Emulator
from querydsl.web.server import PlaygroundServer, make_server

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8080


@attrs.frozen
class Running:
    """A served emulator: its `base_url` (no trailing slash), its `emulator` (state and
    credentials), and the uvicorn `server`.

    `homebank()` and `horizonpay()` give the keyword arguments of the two clients.

    >>> with running() as served:
    ...     sorted(served.homebank()), sorted(served.horizonpay())
    (['base_url', 'client_id', 'client_secret', 'password', 'token_url', 'username'],
     ['base_url', 'secret_key', 'shop_id'])
    """

    base_url: str
    emulator: Emulator
    server: PlaygroundServer = attrs.field(repr=False)

    @property
    def credentials(self) -> Any:
        """The emulator's `Credentials`."""
        return self.emulator.credentials

    @property
    def token_url(self) -> str:
        """`POST` here for a token: `{base_url}/oauth2/token`."""
        return f"{self.base_url}/oauth2/token"

    def homebank(self) -> dict[str, str]:
        """`querydsl.homebank.Client(**running.homebank())` talks to this emulator."""
        own = self.emulator.credentials
        return {
            "base_url": self.base_url,
            "token_url": self.token_url,
            "username": own.username,
            "password": own.password,
            "client_id": own.client_id,
            "client_secret": own.client_secret,
        }

    def horizonpay(self) -> dict[str, str]:
        """`querydsl.horizonpay.Client(**running.horizonpay())` talks to this emulator."""
        own = self.emulator.credentials
        return {"base_url": self.base_url, "shop_id": own.shop_id, "secret_key": own.secret_key}


def serve(
    emulator: Emulator, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT
) -> PlaygroundServer:
    """A uvicorn server for the emulator, bound to `host:port` at once (port 0 picks one);
    call `serve_forever()`. On loopback it answers loopback `Host` names only.

    >>> server = serve(Emulator(), port=0)
    >>> server.url.startswith("http://127.0.0.1:"), server.loopback_only
    (True, True)
    >>> server.server_close()
    """
    return make_server(host, port, emulator.app())


@contextlib.contextmanager
def running(host: str = DEFAULT_HOST, port: int = 0, **options: Any) -> Iterator[Running]:
    """The emulator answering from a background thread until the block ends; `options` are
    `Emulator`'s (or `emulator=` one already made).

    >>> import json, urllib.request
    >>> with running(sample=3) as emulator:
    ...     json.load(urllib.request.urlopen(emulator.base_url + "/"))["operations"]
    3
    """
    from querydsl.web.server import running as served

    emulator = options.pop("emulator", None) or Emulator(**options)
    with served(host, port, emulator.app()) as server:
        yield Running(server.url.rstrip("/"), emulator, server)
