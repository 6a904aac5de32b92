"""Strict conversion for both providers: no coercion, renamed keys, diagnostics at JSON Pointers."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_unstructure_fn, override

from querydsl.language.errors import MAX_DIAGNOSTICS, Diagnostic, SchemaError, capped
from querydsl.wire import document
from querydsl.wire.document import not_json
from querydsl.wire.jsontext import escape_pointer, json_type, load_json, pointer
from querydsl.wire.scalars import (
    ResponseProblem,
    pure_hook,
    structure_bool,
    structure_datetime,
    structure_decimal,
    structure_int,
    structure_str,
    unstructure_decimal,
)
from querydsl.wire.structure import Attribute, detailed, fast

__all__ = [
    "KeyTable",
    "ResponseProblem",
    "camel_keys",
    "diagnostics_of",
    "load_with",
    "pure_hook",
    "register_model",
    "strict_converter",
]

T = TypeVar("T")
#: Attribute name -> JSON key, per model class: how diagnostics and unstructure spell a field.
KeyTable = dict[type, dict[str, str]]
#: Attributes the converter fills itself; they are never keys of the input.
_BOOKKEEPING = ("extra", "warnings", "_absent")


def _structure_object(value: Any, _: object) -> dict[str, Any]:
    """A free-form object (`errors`, `bank_info`): kept as it is, if it is JSON data, as `extra`."""
    if not isinstance(value, dict):
        raise ResponseProblem("invalid_shape", f"expected an object, got {json_type(value)}")
    problems = [problem for key, item in value.items() for problem in not_json(key, item)]
    if problems:
        raise ClassValidationError("not JSON data", problems, dict)
    return dict(value)


def _is_object(kind: Any) -> bool:
    return bool(kind == dict[str, Any])


def _is_list(kind: Any) -> bool:
    return getattr(kind, "__origin__", None) is list


def _list_hook(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], list[Any]]:
    (item_type,) = kind.__args__
    item_hook: Callable[[Any, Any], Any] | None = None  # looked up at the first list read

    def structure(value: Any, _: object) -> list[Any]:
        nonlocal item_hook
        if not isinstance(value, list):
            raise ResponseProblem("invalid_shape", f"expected an array, got {json_type(value)}")
        if item_hook is None:
            item_hook = converter.get_structure_hook(item_type)
        hook = item_hook
        items, errors, found = [], [], 0
        for index, item in enumerate(value):
            try:
                items.append(hook(item, item_type))
            except Exception as error:
                error.add_note(IterableValidationNote(f"@ index {index}", index, item_type))
                errors.append(error)
                found += len(getattr(error, "exceptions", ())) or 1  # its diagnostics, at least
                if found > MAX_DIAGNOSTICS:  # more than a call reports: the rest is not read
                    break
        if errors:
            raise IterableValidationError("invalid array items", errors, kind)
        return items

    return structure


class _DocumentConverter(cattrs.Converter):
    """A cattrs converter whose outermost `structure` call opens one document (`document.py`)."""

    def structure(self, obj: Any, cl: type[T]) -> T:
        if document.current() is not None:  # a hook structuring one part of the document
            return super().structure(obj, cl)
        with document.opened():
            return super().structure(obj, cl)


def strict_converter() -> cattrs.Converter:
    """A converter that never coerces: `"5"`, `1.9` and `True` are not integers.

    >>> strict_converter().structure(5, int)
    5
    """
    converter = _DocumentConverter(detailed_validation=True)
    for kind, hook in (
        (str, structure_str),
        (int, structure_int),
        (bool, structure_bool),
        (Decimal, structure_decimal),
        (datetime, structure_datetime),
    ):
        converter.register_structure_hook(kind, hook)
    converter.register_structure_hook_func(_is_object, _structure_object)
    converter.register_structure_hook_factory(_is_list, _list_hook)
    converter.register_unstructure_hook(Decimal, unstructure_decimal)
    converter.register_unstructure_hook_func(_is_object, dict)
    return converter


def camel_keys(model: type, irregular: Mapping[str, str]) -> dict[str, str]:
    """Attribute -> camelCase JSON key (`payer_ip` -> `payerIp`), with the irregular ones given."""
    table = {}
    for name in attrs.fields_dict(model):
        if name in _BOOKKEEPING:
            continue
        head, *rest = name.split("_")
        table[name] = irregular.get(name, head + "".join(part.title() for part in rest))
    return table


def register_model(
    converter: cattrs.Converter,
    model: type[Any],
    keys: KeyTable,
    *,
    strict: bool,
    hooks: Mapping[str, Any] | None = None,
    required: Collection[str] = (),
    nullable: Collection[str] | None = None,
) -> None:
    """Teach `converter` a model: renamed keys, unknown keys kept in `extra` (errors when strict),
    and, when lenient, a documented key that is missing read as None (an error when strict).

    An attribute with a default may be left out in either mode: it gets its default, and its
    name goes in `_absent`, so that unstructure leaves it out again. `required` names the
    attributes whose key must be there even when lenient (a page's `totalCount`); a model with
    others that have no default has an `_absent` attribute. An attribute typed `X | None` takes
    a null, unless `nullable` is given and does not name it: then None only stands for a missing
    key, and a null is refused as `X`'s hook refuses it. `hooks` overrides single attributes
    (`override(struct_hook=...)`); mark an overriding hook `pure_hook` when it depends on its
    value alone, and the fast path reads it at once.
    """
    attrs.resolve_types(model)
    fields = attrs.fields_dict(model)
    renames = keys.get(model, {})
    names = [name for name in fields if name not in _BOOKKEEPING]
    key_of = {name: renames.get(name, name) for name in names}
    overrides: dict[str, Any] = {n: override(rename=key_of[n]) for n in names if key_of[n] != n}
    overrides.update(hooks or {})
    overrides.update({n: override(omit=True) for n in _BOOKKEEPING if n in fields})
    dump = make_dict_unstructure_fn(model, converter, **overrides)
    plan = [
        _attribute(
            converter,
            model,
            fields[name],
            key_of[name],
            overrides.get(name),
            strict=strict,
            null=nullable is None or name in nullable,
        )
        for name in names
    ]
    for attribute in plan:
        attribute.none_when_missing &= attribute.name not in required
    if any(attribute.none_when_missing for attribute in plan) and "_absent" not in fields:
        raise TypeError(f"{model.__name__} reads missing keys as None, so needs `_absent`")
    known = frozenset(key_of.values())
    read = detailed(model, plan)
    optional = [(a.name, a.key) for a in plan if a.has_default]

    def general(value: Any) -> Any:
        """Any value: every problem, or the instance (the fast path's fallback)."""
        if not isinstance(value, dict):
            raise ResponseProblem("invalid_shape", f"expected an object, got {json_type(value)}")
        if len(value) == len(known) and known.issuperset(value):
            return read(value)[0]  # exactly the documented keys: none is missing
        unknown = [k for k in value if k not in known]
        # Strict: an unknown key is an error. Lenient: it is kept in `extra`, if it is JSON data.
        errors: list[Exception] = (
            [_unknown(key, known) for key in itertools.islice(unknown, MAX_DIAGNOSTICS + 1)]
            if strict
            else [problem for key in unknown for problem in not_json(key, value[key])]
        )
        try:
            result, missing = read(value)
        except ClassValidationError as error:
            raise ClassValidationError(error.message, [*error.exceptions, *errors], model) from None
        if errors:
            raise ClassValidationError("unknown fields", errors, model)
        if unknown:
            object.__setattr__(result, "extra", {k: value[k] for k in unknown})
        absent = frozenset(n for n, k in optional if k not in value).union(missing)
        if absent:
            object.__setattr__(result, "_absent", absent)
        if missing:
            document.note_missing()
        return result

    def unstructure(instance: Any) -> dict[str, Any]:
        result: dict[str, Any] = dump(instance)
        for name in getattr(instance, "_absent", ()):
            if getattr(instance, name) is None:
                del result[key_of[name]]
        result.update(getattr(instance, "extra", {}))
        return result

    converter.register_structure_hook(model, fast(model, plan, general))
    converter.register_unstructure_hook(model, unstructure)


def _attribute(
    converter: cattrs.Converter,
    model: type,
    field: attrs.Attribute[Any],
    key: str,
    overridden: Any,
    *,
    strict: bool,
    null: bool,
) -> Attribute:
    """How `register_model` reads one attribute: its own hook, or the converter's for its type
    (for `X | None`, the hook of `X` beside it; or instead, when a null is refused)."""
    hook = getattr(overridden, "struct_hook", None)
    inner = kind = None
    if hook is None:
        hook = converter.get_structure_hook(field.type)
        arguments = [a for a in getattr(field.type, "__args__", ()) if a is not type(None)]
        if hook == converter._structure_optional and len(arguments) == 1:
            inner = converter.get_structure_hook(arguments[0])
            if not null:
                hook, inner, kind = inner, None, arguments[0]
    return Attribute(field, key, hook, lenient=not strict, model=model, inner=inner, kind=kind)


def _unknown(key: str, known: frozenset[str]) -> ResponseProblem:
    folded = {k.lower().replace("_", ""): k for k in known}
    close = folded.get(str(key).lower().replace("_", ""))
    hint = f"did you mean {close!r}?" if close else None
    return ResponseProblem("invalid_shape", "unknown field", key=str(key), hint=hint)


def diagnostics_of(error: BaseException, keys: KeyTable, pointer: str = "") -> Iterator[Diagnostic]:
    """Every problem in a cattrs error tree, each with a JSON Pointer in the input's key names."""
    if isinstance(error, BaseValidationError):
        for inner in error.exceptions:
            notes = getattr(inner, "__notes__", [])
            step: str | int | None = None
            for note in reversed(notes):
                if isinstance(note, AttributeValidationNote):
                    step = keys.get(error.cl, {}).get(note.name, note.name)
                    break
                if isinstance(note, IterableValidationNote):
                    step = note.index
                    break
            if isinstance(inner, ResponseProblem) and inner.key is not None:
                step = inner.key
            where = pointer if step is None else f"{pointer}/{escape_pointer(step)}"
            yield from diagnostics_of(inner, keys, where)
    elif isinstance(error, ResponseProblem):
        yield Diagnostic(error.code, error.message, path=pointer, hint=error.hint)
    elif isinstance(error, KeyError):
        yield Diagnostic("invalid_shape", "a required field is missing", path=pointer)
    elif isinstance(error, RecursionError):
        yield Diagnostic("limit_exceeded", "the value is nested too deeply", path=pointer)
    else:
        message = "this value does not have the documented shape"
        yield Diagnostic("invalid_shape", message, path=pointer)


def load_with(
    data: object,
    model: type[T],
    converter: cattrs.Converter,
    keys: KeyTable,
    *,
    strict: bool,
    check: Callable[[Any], list[Diagnostic]] | None = None,
) -> T:
    """Decode `data` (a dict, JSON text or bytes), structure it as `model`, or raise SchemaError.

    The result's `warnings` hold what a lenient load let pass: keys repeated in the text, and
    documented keys missing from a record (read as None).
    """
    duplicates: list[Diagnostic] = []
    if isinstance(data, (str, bytes, bytearray)):
        data, duplicates = load_json(data, exact=True)
        if data is None and duplicates:  # not JSON: load_json said why
            raise SchemaError(duplicates)
    problems = list(duplicates) if strict else []
    result: T | None = None
    with document.opened() as read:
        try:
            result = converter.structure(data, model)
        except Exception as error:  # every failure becomes diagnostics, whatever raised it
            problems.extend(capped(diagnostics_of(error, keys)))
    if check is not None:
        problems.extend(check(data))
    if problems or result is None:
        raise SchemaError(problems)
    passed = as_warnings(duplicates)
    if read.missing:  # rare: only then is the result walked for the places
        warnings = capped(itertools.chain(passed, missing_keys(result, keys)))
        return attrs.evolve(result, warnings=tuple(warnings))  # type: ignore[misc]
    return attrs.evolve(result, warnings=tuple(passed)) if passed else result  # type: ignore[misc]


#: Per model class: (JSON key, whether its missing key is warned of) for each attribute, and
#: the attributes that may hold models, in attribute order.
_Layout = tuple[dict[str, tuple[str, bool]], list[str]]
_LAYOUTS: dict[tuple[type, int], _Layout] = {}


def _layout(model: type, keys: KeyTable) -> _Layout:
    found = _LAYOUTS.get((model, id(keys)))
    if found is None:
        renames = keys.get(model, {})
        fields = [f for f in attrs.fields(model) if f.name not in _BOOKKEEPING]
        warned = {f.name: (renames.get(f.name, f.name), f.default is attrs.NOTHING) for f in fields}
        holders = [f.name for f in fields if not _is_scalar(f.type)]
        found = _LAYOUTS[(model, id(keys))] = (warned, holders)
    return found


def _is_scalar(kind: Any) -> bool:
    arguments = [a for a in getattr(kind, "__args__", ()) if a is not type(None)]
    kinds = arguments if getattr(kind, "__origin__", None) is not list else [list]
    return all(k in (str, int, bool, Decimal, datetime) for k in kinds or [kind])


def as_warnings(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The same diagnostics as warnings: what a lenient read let pass (a repeated key, the last
    one winning), as a missing key is.

    >>> as_warnings([Diagnostic("duplicate_key", "the key 'a' appears more than once")])[0].severity
    'warning'
    """
    return [attrs.evolve(diagnostic, severity="warning") for diagnostic in diagnostics]


def missing_keys(
    result: object, keys: KeyTable, steps: tuple[str | int, ...] = ()
) -> Iterator[Diagnostic]:
    """A `missing_key` warning for each documented key a record left out (read as None), in
    the order of the document.

    >>> from querydsl.homebank import load_operations
    >>> page = load_operations({"totalCount": 1, "records": [{"id": "1"}]})
    >>> [(w.code, w.path) for w in page.warnings][:2]
    [('missing_key', '/records/0/amount'), ('missing_key', '/records/0/currencyID')]
    """
    if type(result) is list:
        for index, item in enumerate(result):
            yield from missing_keys(item, keys, (*steps, index))
        return
    if not attrs.has(type(result)):
        return
    warned, holders = _layout(type(result), keys)
    absent: frozenset[str] = getattr(result, "_absent", frozenset())
    for name, (key, warn) in warned.items():
        if name in absent:
            if warn:
                yield Diagnostic(
                    "missing_key",
                    f"the documented key {key!r} is missing; read as None",
                    path=pointer([*steps, key]),
                    hint="strict=True refuses the page instead",
                    severity="warning",
                )
        elif name in holders:
            yield from missing_keys(getattr(result, name), keys, (*steps, key))
