"""Names a package exports that load on first use, so that importing the package stays cheap and
needs no extra: the name's module, and the libraries it needs, load when the name is first read.

>>> import sys, types
>>> demo = sys.modules["demo"] = types.ModuleType("demo")
>>> demo.__getattr__, demo.__dir__ = exports("demo", {"dumps": "json"})
>>> demo.dumps([1])
'[1]'
>>> "dumps" in vars(demo), "dumps" in dir(demo)  # kept once loaded; listed before
(True, True)
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Mapping
from typing import Any


def exports(
    package: str,
    homes: Mapping[str, str],
    *,
    extra: str | None = None,
    libraries: Collection[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, whose name `homes` maps each lazy name to
    its module (absolute, or relative to the package with a leading dot). When one of
    `libraries` is missing, the ImportError names the `extra` that installs it."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            module = importlib.import_module(home, package)
        except ImportError as missing:
            if extra is None or missing.name not in libraries:
                raise
            raise ImportError(
                f"{package}.{name} needs the {extra} extra ({missing.name} is not installed): "
                f"pip install 'querydsl[{extra}]'",
                name=missing.name,
            ) from None
        value = getattr(module, name)
        vars(sys.modules[package])[name] = value  # found as a plain attribute from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *homes})

    return __getattr__, __dir__
