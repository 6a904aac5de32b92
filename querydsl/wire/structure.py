"""A model's structure function: a fast path written for the model, and a detailed walk behind it.

The fast path is Python source generated per model: each attribute's key is looked up and its
value checked inline (`type(v) is str`), in one pass, with no call per attribute. Anything it
does not read at once (a value of another type, an unknown key, a key missing where that is an
error) goes to the detailed walk, which reads the whole object again and reports every problem
as cattrs does (one `ClassValidationError`, an `AttributeValidationNote` on each problem). The
fast path calls nothing that keeps state before it knows it will not give up (`PURE_HOOKS`), so
reading again is safe; on what it accepts, both give the same instance.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
from cattrs.errors import AttributeValidationNote, ClassValidationError

from querydsl.language.slots import only_stores, writable_twin
from querydsl.wire.document import note_missing
from querydsl.wire.scalars import (
    DATETIME,
    PURE_HOOKS,
    structure_bool,
    structure_datetime,
    structure_decimal,
    structure_int,
    structure_str,
)

StructureHook = Callable[[Any, Any], Any]
#: A hook's common case written inline: (the condition on `v`, the value it gives).
_INLINE: dict[StructureHook, tuple[str, str]] = {
    structure_str: ("type(v) is str", "v"),
    structure_int: ("type(v) is int", "v"),
    structure_bool: ("v is True or v is False", "v"),
    structure_decimal: ("type(v) is int", "D(v)"),
    structure_datetime: ("type(v) is str and FM(v) is not None", "FI(v)"),
}


class Attribute:
    """How one attribute is read: its JSON key, its hook, and what a missing key means.

    `hook` structures `kind` (by default the attribute's type); `inner` is the hook of `X` when
    the type is `X | None` and the hook cattrs' optional one (None otherwise). A missing key
    gives the attribute's default when it has one; else None when `lenient`, else an error.

    >>> import attrs
    >>> @attrs.frozen
    ... class Card:
    ...     brand: str
    >>> Attribute(attrs.fields(Card).brand, "Brand", structure_str, lenient=True, model=Card).key
    'Brand'
    """

    __slots__ = (
        "alias",
        "default",
        "has_default",
        "hook",
        "inner",
        "key",
        "name",
        "none_when_missing",
        "note",
        "type",
    )

    def __init__(
        self,
        field: attrs.Attribute[Any],
        key: str,
        hook: StructureHook,
        *,
        lenient: bool,
        model: type,
        inner: StructureHook | None = None,
        kind: Any = None,
    ) -> None:
        self.name, self.key, self.hook, self.inner = field.name, key, hook, inner
        self.type = field.type if kind is None else kind
        self.alias = field.alias or field.name
        self.default = field.default
        self.has_default = field.default is not attrs.NOTHING
        self.none_when_missing = lenient and not self.has_default
        text = f"Structuring class {model.__qualname__} @ attribute {field.name}"
        self.note = AttributeValidationNote(text, field.name, self.type)

    def read_at_once(self) -> bool:
        """Whether the fast path reads the value itself (else it is read after every key)."""
        return (self.inner or self.hook) in PURE_HOOKS


def _noted(error: Exception, note: AttributeValidationNote) -> Exception:
    error.__notes__ = [*getattr(error, "__notes__", []), note]
    return error


def detailed(
    model: type, plan: Sequence[Attribute]
) -> Callable[[dict[Any, Any]], tuple[Any, list[str]]]:
    """The walk that reads every attribute of `model` from a dict and reports every problem:
    the instance and the attributes read as None because their key is missing."""
    message = "While structuring " + model.__name__

    def structure(value: dict[Any, Any]) -> tuple[Any, list[str]]:
        values: dict[str, Any] = {}
        errors: list[Exception] = []
        missing: list[str] = []
        for attribute in plan:
            key = attribute.key
            if key not in value:
                if attribute.none_when_missing:
                    values[attribute.alias] = None
                    missing.append(attribute.name)
                elif not attribute.has_default:
                    errors.append(_noted(KeyError(key), attribute.note))
                continue
            try:
                values[attribute.alias] = attribute.hook(value[key], attribute.type)
            except Exception as error:
                errors.append(_noted(error, attribute.note))
        if errors:
            raise ClassValidationError(message, errors, model)
        try:
            return model(**values), missing
        except Exception as error:
            raise ClassValidationError(message, [error], model) from None

    return structure


_MISSING = object()
#: attrs' Factory, a class at run time (its stubs declare a function).
_Factory: Any = attrs.Factory


def _takes_self(default: object) -> bool:
    return isinstance(default, _Factory) and bool(default.takes_self)


def _gone(gone: list[int] | None, index: int) -> list[int]:
    if gone is None:
        return [index]
    gone.append(index)
    return gone


def _failed(
    errors: list[Exception] | None, error: Exception, note: AttributeValidationNote
) -> list[Exception]:
    found = [] if errors is None else errors
    found.append(_noted(error, note))
    return found


def fast(
    model: type, plan: Sequence[Attribute], general: Callable[[Any], Any]
) -> Callable[[Any, Any], Any]:
    """The structure hook of `model`: the generated fast path, `general` behind it.

    `general(value)` must read any value, report every problem and give what the fast path
    gives where it does not give up.
    """
    if any(_takes_self(attribute.default) for attribute in plan):
        return lambda value, _: general(value)
    space: dict[str, Any] = {
        "general": general,
        "D": Decimal,
        "FM": DATETIME.fullmatch,
        "FI": datetime.fromisoformat,
        "M": _MISSING,
        "_gone": _gone,
        "_failed": _failed,
        "CVE": ClassValidationError,
        "MODEL": model,
        "MESSAGE": "While structuring " + model.__name__,
        "settle": _settler(plan),
    }
    lines = ["def structure(o, _):", "    if type(o) is not dict:", "        return general(o)"]
    lines.append("    gone = None")
    later: list[str] = []
    for index, attribute in enumerate(plan):
        space[f"T{index}"] = attribute.type
        space[f"H{index}"] = attribute.hook
        space[f"N{index}"] = attribute.note
        absent = _when_missing(attribute, index, space)
        at_once = attribute.read_at_once()
        may_be_absent = attribute.has_default or attribute.none_when_missing
        if not at_once and may_be_absent:
            absent.append(f"        r{index} = M")
        lines += ["    try:", f"        v = o[{attribute.key!r}]", "    except KeyError:", *absent]
        lines.append("    else:")
        if at_once:
            space[f"H{index}"] = attribute.inner or attribute.hook
            space[f"T{index}"] = _inner_type(attribute)
            lines += _read(attribute, index)
            continue
        lines.append(f"        r{index} = v")
        indent = "    "
        if may_be_absent:
            later.append(f"    if r{index} is not M:")
            indent = "        "
        later += [
            f"{indent}try:",
            f"{indent}    a{index} = H{index}(r{index}, T{index})",
            f"{indent}except Exception as e:",
            f"{indent}    errors = _failed(errors, e, N{index})",
            f"{indent}    a{index} = None",
        ]
    count = len(plan)
    lines += [
        f"    if len(o) != ({count} if gone is None else {count} - len(gone)):",
        "        return general(o)",  # keys the model does not have
        "    errors = None",
        *later,
        "    if errors is not None:",
        "        raise CVE(MESSAGE, errors, MODEL)",
        *_construction(model, plan, space),
        "    if gone is not None:",
        "        settle(result, gone)",
        "    return result",
    ]
    source = "\n".join(lines) + "\n"
    filename = f"<querydsl structure {model.__module__}.{model.__qualname__} {id(general):x}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), space)  # our own source, made above
    structure: Callable[[Any, Any], Any] = space["structure"]
    return structure


def _construction(model: type, plan: Sequence[Attribute], space: dict[str, Any]) -> list[str]:
    """The lines that make `result` from the values `a0`, `a1` ... of the plan's attributes.

    A frozen attrs class sets each attribute through `object.__setattr__` in `__init__`:
    more than half the cost of reading a 49-key record. Where `__init__` does nothing else
    (no validator, converter or hook; every other attribute has a default), the instance is
    filled as the model's writable twin and then becomes the model (querydsl.language.slots).
    """
    built = _built_twin(model, plan)
    if built is None:
        return [
            "    result = MODEL("
            + ", ".join(f"{a.alias}=a{index}" for index, a in enumerate(plan))
            + ")"
        ]
    space["NEW"], space["BUILT"] = object.__new__, built
    lines = ["    result = NEW(BUILT)"]
    lines += [f"    result.{a.name} = a{index}" for index, a in enumerate(plan)]
    read = {a.name for a in plan}
    for field in attrs.fields(model):
        if field.name in read:
            continue
        default = field.default
        if isinstance(default, _Factory):
            space[f"F_{field.name}"] = default.factory
            given = "{}" if default.factory is dict else f"F_{field.name}()"
        else:
            space[f"V_{field.name}"] = default
            given = f"V_{field.name}"
        lines.append(f"    result.{field.name} = {given}")
    lines.append("    result.__class__ = MODEL")
    return lines


def _built_twin(model: type, plan: Sequence[Attribute]) -> type | None:
    """`model`'s writable twin, when `__init__` only stores its arguments (see
    `_construction`); None otherwise."""
    fields = attrs.fields(model)
    read = {a.name for a in plan}
    plain = only_stores(model) and all(
        (field.name in read or field.default is not attrs.NOTHING)
        and not _takes_self(field.default)
        for field in fields
    )
    return writable_twin(model) if plain else None


def _inner_type(attribute: Attribute) -> Any:
    """The type the fast path hands its hook: `X` for `X | None` read by `X`'s hook."""
    if attribute.inner is None:
        return attribute.type
    kind: Any = attribute.type
    (inner,) = (a for a in kind.__args__ if a is not type(None))
    return inner


def _when_missing(attribute: Attribute, index: int, space: dict[str, Any]) -> list[str]:
    """The lines of the `except KeyError:` branch: a default, a None, or the detailed walk."""
    if attribute.has_default:
        default = attribute.default
        if isinstance(default, _Factory):
            space[f"F{index}"] = default.factory
            given = f"F{index}()"
        else:
            space[f"V{index}"] = default
            given = f"V{index}"
    elif attribute.none_when_missing:
        given = "None"
    else:
        return ["        return general(o)"]
    return [f"        a{index} = {given}", f"        gone = _gone(gone, {index})"]


def _read(attribute: Attribute, index: int) -> list[str]:
    """The lines of the `else:` branch reading `v` at once; any doubt is the detailed walk's."""
    inline = _INLINE.get(attribute.inner or attribute.hook)
    branches = []
    if inline is not None:
        branches.append((inline[0], inline[1]))
    if attribute.inner is not None:
        branches.append(("v is None", "None"))
    lines = ["        try:"]
    for number, (condition, given) in enumerate(branches):
        lines += [
            f"            {'elif' if number else 'if'} {condition}:",
            f"                a{index} = {given}",
        ]
    if branches:
        lines += ["            else:", f"                a{index} = H{index}(v, T{index})"]
    else:
        lines.append(f"            a{index} = H{index}(v, T{index})")
    lines += ["        except Exception:", "            return general(o)"]
    return lines


def _settler(plan: Sequence[Attribute]) -> Callable[[Any, list[int]], None]:
    """What the fast path does for keys that were missing: `_absent`, and the document told of
    a documented key read as None."""

    def settle(result: Any, gone: list[int]) -> None:
        object.__setattr__(result, "_absent", frozenset(plan[index].name for index in gone))
        if any(plan[index].none_when_missing for index in gone):
            note_missing()

    return settle
