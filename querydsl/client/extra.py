"""httpx, the `client` extra's sender, or an ImportError that names the extra to install."""

from __future__ import annotations

try:
    import httpx
except ModuleNotFoundError as missing:
    # Raised outside the handler: the message says it all, the chained error adds nothing.
    _missing = missing.name
else:
    _missing = None

if _missing is not None:
    raise ModuleNotFoundError(
        f"the API clients need the client extra ({_missing} is not installed): "
        "pip install 'querydsl[client]'",
        name=_missing,
    )

__all__ = ["httpx"]
