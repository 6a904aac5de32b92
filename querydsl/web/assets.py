"""The files the search box serves from the package: the component and the playground page."""

from __future__ import annotations

from importlib import resources

import attrs

#: The folders of `querydsl/web` whose files are served, the first one first where two hold a name.
FOLDERS = ("static", "playground")
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
    """One file served: its folder and name in the package, and its Content-Type."""

    folder: str
    name: str
    content_type: str

    def read(self) -> bytes:
        """The file's bytes, as the package holds them now."""
        return resources.files("querydsl.web").joinpath(self.folder, self.name).read_bytes()


def assets() -> dict[str, Asset]:
    """Each file served, by its path under the mount (`/` is `index.html` too).

    >>> found = assets()
    >>> found["/"] == found["/index.html"], found["/"].content_type
    (True, 'text/html; charset=utf-8')
    """
    found: dict[str, Asset] = {}
    package = resources.files("querydsl.web")
    for folder in FOLDERS:
        if not package.joinpath(folder).is_dir():
            continue
        for entry in sorted(package.joinpath(folder).iterdir(), key=lambda entry: entry.name):
            suffix = entry.name[entry.name.rfind(".") :] if "." in entry.name else ""
            if entry.is_file() and not entry.name.startswith(".") and suffix in CONTENT_TYPES:
                found.setdefault(f"/{entry.name}", Asset(folder, entry.name, CONTENT_TYPES[suffix]))
    if "/index.html" in found:
        found["/"] = found["/index.html"]
    return found


def asset(path: str) -> Asset | None:
    """The file served at `path` under the mount (`/` the page), or None.

    >>> asset("/").content_type
    'text/html; charset=utf-8'
    >>> asset("/../pyproject.toml") is None
    True
    """
    return assets().get(path)
