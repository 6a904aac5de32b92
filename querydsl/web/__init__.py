"""The search box on the web: the ASGI app (asgi.py, served by `querydsl serve`), its JSON
endpoints as plain functions for any framework (endpoints.py), and the files it serves.

`app` needs the `web` extra (Starlette, uvicorn) and is imported on first use; `Endpoints` and
the rest of `querydsl.web.endpoints` need nothing but querydsl.

>>> from querydsl.web import Endpoints
>>> Endpoints().answer("explain", b'{"text": "amount > 5"}', "application/json")
(200, {'explain': 'amount above 5', 'diagnostics': []})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from querydsl.web.endpoints import MAX_BODY, Endpoints

if TYPE_CHECKING:
    from querydsl.web.asgi import app

__all__ = ["MAX_BODY", "Endpoints", "app"]


def __getattr__(name: str) -> Any:
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from querydsl.web.asgi import app

    return app
