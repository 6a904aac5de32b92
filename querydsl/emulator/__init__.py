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

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    "ENDPOINTS": "asgi",
    "Emulator": "asgi",
    "app": "asgi",
    "Running": "server",
    "running": "server",
    "serve": "server",
    "SCOPE": "tokens",
    "Credentials": "tokens",
    "Delivery": "webhooks",
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


def __getattr__(name: str) -> Any:
    """Names load on first use, so that `querydsl.emulator.sample` needs no extra."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(f"{__name__}.{home}")
    except ImportError as missing:
        if missing.name not in ("starlette", "uvicorn", "anyio"):
            raise
        raise ImportError(
            f"querydsl.emulator needs the emulator extra ({missing.name} is not installed): "
            "pip install 'querydsl[emulator]'",
            name=missing.name,
        ) from None
    value = getattr(module, name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from querydsl.emulator.asgi import ENDPOINTS, Emulator, app
    from querydsl.emulator.server import Running, running, serve
    from querydsl.emulator.tokens import SCOPE, Credentials
    from querydsl.emulator.webhooks import Delivery
