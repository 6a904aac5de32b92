"""The files the search box serves from the package (`querydsl/web/static`): the component
`querydsl-search.js` and the playground page built on it."""

from __future__ import annotations

from importlib import resources

import attrs

#: The folder of `querydsl/web` whose files are served, each at `/<name>` under the mount.
FOLDER = "static"
#: The kinds of file served, by suffix; other files (and folders) are not served.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


@attrs.frozen
class Asset:
    """One file served: its name in the folder, and its Content-Type."""

    name: str
    content_type: str

    def read(self) -> bytes:
        """The file's bytes, as the package holds them now."""
        return resources.files("querydsl.web").joinpath(FOLDER, self.name).read_bytes()


def assets() -> dict[str, Asset]:
    """Each file served, by its path under the mount (`/` is `index.html` too).

    >>> found = assets()
    >>> found["/"] == found["/index.html"], found["/querydsl-search.js"].content_type
    (True, 'text/javascript; charset=utf-8')
    """
    found: dict[str, Asset] = {}
    for entry in resources.files("querydsl.web").joinpath(FOLDER).iterdir():
        suffix = entry.name[entry.name.rfind(".") :] if "." in entry.name else ""
        if entry.is_file() and not entry.name.startswith(".") and suffix in CONTENT_TYPES:
            found[f"/{entry.name}"] = Asset(entry.name, CONTENT_TYPES[suffix])
    if "/index.html" in found:
        found["/"] = found["/index.html"]
    return dict(sorted(found.items()))


def asset(path: str) -> Asset | None:
    """The file served at `path` under the mount (`/` the page), or None.

    >>> asset("/querydsl-search.js").content_type
    'text/javascript; charset=utf-8'
    >>> asset("/../pyproject.toml") is None
    True
    """
    return assets().get(path)
