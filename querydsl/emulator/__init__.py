"""A local emulator of the Homebank and Horizonpay APIs, for tests and development (SPEC 12).

`app(...)` is the ASGI application, `running(...)` serves it on a free loopback port for a
`with` block, `querydsl emulate` serves it from the command line. It needs the `emulator` extra
(Starlette, uvicorn, and `cryptography` for signed webhooks); `querydsl.emulator.sample` needs
nothing.

>>> from querydsl.emulator import running
>>> with running(sample=10, seed=1) as emulator:
...     emulator.base_url.startswith("http://127.0.0.1:"), emulator.emulator.counts()["operations"]
(True, 10)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from querydsl.lazy import exports

_HOMES = {
    "ENDPOINTS": ".asgi",
    "Emulator": ".asgi",
    "app": ".asgi",
    "Running": ".server",
    "running": ".server",
    "serve": ".server",
    "SCOPE": ".tokens",
    "Credentials": ".tokens",
    "Delivery": ".webhooks",
}
__all__ = [
    "ENDPOINTS",
    "SCOPE",
    "Credentials",
    "Delivery",
    "Emulator",
    "Running",
    "app",
    "running",
    "serve",
]


__getattr__, __dir__ = exports(
    __name__, _HOMES, extra="emulator", libraries=("starlette", "uvicorn", "anyio")
)


if TYPE_CHECKING:
    from querydsl.emulator.asgi import ENDPOINTS, Emulator, app
    from querydsl.emulator.server import Running, running, serve
    from querydsl.emulator.tokens import SCOPE, Credentials
    from querydsl.emulator.webhooks import Delivery
