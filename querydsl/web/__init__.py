"""The search box on the web: the ASGI app (asgi.py, served by `querydsl serve`), its JSON
endpoints as plain functions for any framework (endpoints.py), and the files it serves.

`app` needs the `web` extra (Starlette, uvicorn) and is imported on first use; the rest needs
nothing but querydsl: `Endpoints` answers the JSON endpoints and `asset(path)` gives the files,
for a Flask or Django view (docs/web-frameworks.md).

>>> from querydsl.web import Endpoints
>>> Endpoints().answer("explain", b'{"text": "amount > 5"}', "application/json")
(200, {'explain': 'amount above 5', 'diagnostics': []})
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from querydsl.lazy import exports
from querydsl.web.assets import Asset, asset
from querydsl.web.endpoints import MAX_BODY, SECURITY_HEADERS, Endpoints

if TYPE_CHECKING:
    from querydsl.web.asgi import app

__all__ = ["MAX_BODY", "SECURITY_HEADERS", "Asset", "Endpoints", "app", "asset"]


# Loaded on first use: it needs Starlette (the `web` extra).
__getattr__, __dir__ = exports(__name__, {"app": ".asgi"})
