"""Frozen attrs instances filled at the cost of plain slot writes, through a writable twin.

A frozen attrs class sets each field with `object.__setattr__` in its `__init__` (its own
`__setattr__` refuses): on the hot paths (binding a condition, reading a 49-key record) that
was most of the cost of making the instance. The twin is a subclass that adds no slot and takes
assignment again, so an instance is filled as the twin with plain `obj.name = value` writes,
then becomes the frozen class by `__class__` assignment (the layouts are the same). The AST
nodes' `__init__` (`fast_init`) and the responses' generated structure functions
(querydsl.wire.structure) both fill instances this way.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

import attrs

C = TypeVar("C", bound=type)


@functools.cache
def writable_twin(cls: type) -> type | None:
    """`cls`'s subclass that adds no slot and takes attribute assignment, or None when `cls`
    has no slots of its own or refuses the `__class__` switch.

    >>> @attrs.frozen
    ... class Point:
    ...     x: int
    >>> point = object.__new__(writable_twin(Point))
    >>> point.x = 1
    >>> point.__class__ = Point
    >>> point
    Point(x=1)
    """
    if "__slots__" not in cls.__dict__:
        return None
    writable = {"__setattr__": object.__setattr__, "__delattr__": object.__delattr__}
    twin = type(f"Writable{cls.__name__}", (cls,), {"__slots__": (), **writable})
    twin.__module__ = cls.__module__
    try:
        probe: Any = object.__new__(twin)
        probe.__class__ = cls
    except TypeError:  # a layout that __class__ assignment refuses
        return None
    return twin


def only_stores(cls: type) -> bool:
    """Whether attrs' `__init__` for `cls` does nothing but store what it is given (or a
    default): no validator, converter, pre- or post-init hook, and every field an argument."""
    return (
        not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and all(f.init and f.validator is None and f.converter is None for f in attrs.fields(cls))
    )


def fast_init(cls: C) -> C:
    """Give a frozen, slotted attrs class an `__init__` that fills it through its writable twin:
    the same parameters and defaults as attrs' own, and the instance as frozen as before.

    Only for classes whose `__init__` does nothing but store its arguments (no validator,
    converter, factory or hook).

    >>> @fast_init
    ... @attrs.frozen
    ... class Point:
    ...     x: int
    ...     y: int = 0
    >>> Point(1), Point(1, y=2) == Point(1, 2)
    (Point(x=1, y=0), True)
    """
    twin = writable_twin(cls)
    fields = attrs.fields(cls)
    if twin is None or not only_stores(cls) or any(_is_factory(f.default) for f in fields):
        raise TypeError(f"{cls.__qualname__}: its __init__ does more than store its arguments")
    scope: dict[str, Any] = {"_TWIN": twin, "_SET": object.__setattr__}
    parameters = []
    for field in fields:
        if field.default is attrs.NOTHING:
            parameters.append(field.name)
        else:
            scope[f"_default_{field.name}"] = field.default
            parameters.append(f"{field.name}=_default_{field.name}")
    # The class is read back from the instance: a subclass's instance stays one.
    lines = ["    kind = self.__class__", "    _SET(self, '__class__', _TWIN)"]
    lines += [f"    self.{field.name} = {field.name}" for field in fields]
    lines.append("    self.__class__ = kind")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + "\n".join(lines) + "\n"
    exec(compile(source, f"<fast init of {cls.__qualname__}>", "exec"), scope)
    init = scope["__init__"]
    init.__module__, init.__qualname__ = cls.__module__, f"{cls.__qualname__}.__init__"
    init.__doc__ = f"Make a {cls.__qualname__}."
    init.__annotations__ = cls.__dict__["__init__"].__annotations__
    setattr(cls, "__init__", init)  # noqa: B010 - mypy refuses assigning a method
    return cls


def _is_factory(default: object) -> bool:
    return isinstance(default, attrs.Factory)  # type: ignore[arg-type]
