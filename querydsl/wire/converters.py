"""Strict conversion for both providers: no coercion, renamed keys, diagnostics at JSON Pointers."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
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
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from querydsl.language.errors import MAX_DIAGNOSTICS, Diagnostic, SchemaError, capped
from querydsl.wire.jsontext import WrittenNumber, escape_pointer, json_type, load_json

T = TypeVar("T")
#: Both providers' datetimes: `YYYY-MM-DDThh:mm:ss`, up to six fraction digits, `Z` or an offset.
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)
#: Attribute name -> JSON key, per model class: how diagnostics and unstructure spell a field.
KeyTable = dict[type, dict[str, str]]
#: Attributes the converter fills itself; they are never keys of the input.
_BOOKKEEPING = ("extra", "warnings", "_absent")


class ResponseProblem(ValueError):
    """One value that does not fit its field; the message never repeats the value."""

    def __init__(self, code: str, message: str, *, key: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.key, self.hint = code, message, key, hint


def _structure_str(value: Any, _: object) -> str:
    if isinstance(value, str):
        return value
    raise ResponseProblem("invalid_shape", f"expected a string, got {json_type(value)}")


def _structure_int(value: Any, _: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ResponseProblem("invalid_shape", f"expected an integer, got {json_type(value)}")


def _structure_bool(value: Any, _: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ResponseProblem("invalid_shape", f"expected true or false, got {json_type(value)}")


def _structure_decimal(value: Any, _: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ResponseProblem("invalid_shape", f"expected a number, got {json_type(value)}")
    if type(value) is WrittenNumber:  # from JSON text: every digit as written
        number = Decimal(value.text)
    else:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ResponseProblem("invalid_value", "expected a finite number")
    return number


def _unstructure_decimal(number: Decimal) -> int | float:
    # Integers came in as JSON integers and go back as integers; everything else as a float.
    return int(number) if number.as_tuple().exponent == 0 else float(number)


def _structure_datetime(value: Any, _: object) -> datetime:
    if not isinstance(value, str):
        raise ResponseProblem(
            "invalid_shape", f"expected a date and time string, got {json_type(value)}"
        )
    if not _DATETIME.fullmatch(value):
        # Python's fromisoformat also reads `2022-09-15T08Z`, week dates and `+03` offsets.
        message = "expected an ISO 8601 date and time such as 2018-10-27T15:08:14+06:00"
        if _DATETIME.fullmatch(value + "Z"):
            message = "the date and time has no UTC offset"
        raise ResponseProblem("invalid_value", message)
    try:
        return datetime.fromisoformat(value)
    except ValueError:  # a day or an hour that does not exist
        raise ResponseProblem("invalid_value", "the date and time does not exist") from None


def _structure_object(value: Any, _: object) -> dict[str, Any]:
    """A free-form object (`errors`, `bank_info`): kept as it is, if it is JSON data, as `extra`."""
    if not isinstance(value, dict):
        raise ResponseProblem("invalid_shape", f"expected an object, got {json_type(value)}")
    problems = [problem for key, item in value.items() for problem in _not_json(key, item)]
    if problems:
        raise ClassValidationError("not JSON data", problems, dict)
    return dict(value)


def _is_object(kind: Any) -> bool:
    return bool(kind == dict[str, Any])


def _is_list(kind: Any) -> bool:
    return getattr(kind, "__origin__", None) is list


def _list_hook(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], list[Any]]:
    (item_type,) = kind.__args__

    def structure(value: Any, _: object) -> list[Any]:
        if not isinstance(value, list):
            raise ResponseProblem("invalid_shape", f"expected an array, got {json_type(value)}")
        items, errors, found = [], [], 0
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
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


#: The ids of the lists and dicts kept as they are (`extra`, free-form objects) met so far in the
#: document being structured: one set for the whole document, so each is walked once however
#: many keys hold it, and one held in two places is found wherever the places are.
_WALKED: ContextVar[set[int] | None] = ContextVar("_WALKED", default=None)


class _DocumentConverter(cattrs.Converter):
    """A cattrs converter whose outermost `structure` call opens one walk for its document."""

    def structure(self, obj: Any, cl: type[T]) -> T:
        if _WALKED.get() is not None:  # a hook structuring one part of the document
            return super().structure(obj, cl)
        opened = _WALKED.set(set())
        try:
            return super().structure(obj, cl)
        finally:
            _WALKED.reset(opened)


def strict_converter() -> cattrs.Converter:
    """A converter that never coerces: `"5"`, `1.9` and `True` are not integers.

    >>> strict_converter().structure(5, int)
    5
    """
    converter = _DocumentConverter(detailed_validation=True)
    for kind, hook in (
        (str, _structure_str),
        (int, _structure_int),
        (bool, _structure_bool),
        (Decimal, _structure_decimal),
        (datetime, _structure_datetime),
    ):
        converter.register_structure_hook(kind, hook)
    converter.register_structure_hook_func(_is_object, _structure_object)
    converter.register_structure_hook_factory(_is_list, _list_hook)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_unstructure_hook_func(_is_object, dict)
    return converter


def camel_keys(model: type, irregular: Mapping[str, str]) -> dict[str, str]:
    """Attribute -> camelCase JSON key (`payer_ip` -> `payerIp`), with the irregular ones given."""
    table = {}
    for name in attrs.fields_dict(model):
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
) -> None:
    """Teach `converter` a model: renamed keys, unknown keys kept in `extra` (errors when strict).

    `hooks` overrides single attributes (`override(struct_hook=...)`).
    """
    renames = keys.get(model, {})
    names = [name for name in attrs.fields_dict(model) if name not in _BOOKKEEPING]
    key_of = {name: renames.get(name, name) for name in names}
    overrides: dict[str, Any] = {n: override(rename=key_of[n]) for n in names if key_of[n] != n}
    overrides.update(hooks or {})
    fields = attrs.fields_dict(model)
    overrides.update({n: override(omit=True) for n in _BOOKKEEPING if n in fields})
    build = make_dict_structure_fn(model, converter, _cattrs_detailed_validation=True, **overrides)
    dump = make_dict_unstructure_fn(model, converter, **overrides)
    known = frozenset(key_of.values())
    optional = [(n, key_of[n]) for n in names if fields[n].default is not attrs.NOTHING]

    def structure(value: Any, _: object) -> Any:
        if not isinstance(value, dict):
            raise ResponseProblem("invalid_shape", f"expected an object, got {json_type(value)}")
        if len(value) == len(known) and known.issuperset(value):
            return build(value, model)  # the common case: exactly the documented keys
        unknown = [k for k in value if k not in known]
        # Strict: an unknown key is an error. Lenient: it is kept in `extra`, if it is JSON data.
        errors: list[Exception] = (
            [_unknown(key, known) for key in itertools.islice(unknown, MAX_DIAGNOSTICS + 1)]
            if strict
            else [problem for key in unknown for problem in _not_json(key, value[key])]
        )
        try:
            result = build(value, model)
        except ClassValidationError as error:
            raise ClassValidationError(error.message, [*error.exceptions, *errors], model) from None
        if errors:
            raise ClassValidationError("unknown fields", errors, model)
        if unknown:
            object.__setattr__(result, "extra", {k: value[k] for k in unknown})
        absent = frozenset(n for n, k in optional if k not in value)
        if absent:
            object.__setattr__(result, "_absent", absent)
        return result

    def unstructure(instance: Any) -> dict[str, Any]:
        result: dict[str, Any] = dump(instance)
        for name in getattr(instance, "_absent", ()):
            if getattr(instance, name) is None:
                del result[key_of[name]]
        result.update(getattr(instance, "extra", {}))
        return result

    converter.register_structure_hook(model, structure)
    converter.register_unstructure_hook(model, unstructure)


_JSON_SCALARS = (str, int, float, bool, type(None))
_INF = float("inf")


_MAX_DEPTH = 1000  # deeper undocumented data could not be written back as JSON by Python


def _not_json(key: object, value: object) -> list[ResponseProblem]:
    """Why an entry cannot be kept in `extra` or a free-form object: kept data must be JSON data.

    JSON data is a tree, as JSON text decodes. One walk without recursion, each container once
    in the whole document (`_WALKED`, shared by every key): one met again is a cycle while the
    walk is still inside it, else held in two places, under this key or another. (`x = [x, x]`
    22 times over is 45 lists but 4 million paths; kept, its repr and its JSON would walk them
    all. One list under n keys would be walked n times.)
    """
    if not isinstance(key, str):
        message = f"an object key must be a string, not {json_type(key)}"
        return [ResponseProblem("invalid_shape", message)]
    walked = _WALKED.get()
    seen = set() if walked is None else walked  # None: a hook called outside a structure call
    inside: set[int] = set()
    stack: list[tuple[object, bool]] = [(value, False)]
    while stack:
        item, leaving = stack.pop()
        if leaving:
            inside.discard(id(item))
        elif isinstance(item, (dict, list)):
            if id(item) in seen:
                kind = "array" if isinstance(item, list) else "object"
                message = (
                    "the value contains itself"
                    if id(item) in inside
                    else f"this {kind} is held in two places in the document; JSON data is a tree"
                )
                return [ResponseProblem("invalid_shape", message, key=key)]
            seen.add(id(item))
            if len(inside) >= _MAX_DEPTH:
                return [
                    ResponseProblem("limit_exceeded", "the value is nested too deeply", key=key)
                ]
            if isinstance(item, dict) and not all(isinstance(k, str) for k in item):
                return [ResponseProblem("invalid_shape", "object keys must be strings", key=key)]
            inside.add(id(item))
            stack.append((item, True))
            stack.extend(
                (child, False) for child in (item.values() if isinstance(item, dict) else item)
            )
        elif not isinstance(item, _JSON_SCALARS) or item != item or item in (_INF, -_INF):
            return [ResponseProblem("invalid_shape", "a value here is not JSON data", key=key)]
    return []


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
    """Decode `data` (a dict, JSON text or bytes), structure it as `model`, or raise SchemaError."""
    duplicates: list[Diagnostic] = []
    if isinstance(data, (str, bytes, bytearray)):
        data, duplicates = load_json(data, exact=True)
        if data is None and duplicates:  # not JSON: load_json said why
            raise SchemaError(duplicates)
    problems = list(duplicates) if strict else []
    result: T | None = None
    try:
        result = converter.structure(data, model)
    except Exception as error:  # every failure becomes diagnostics, whatever raised it
        problems.extend(capped(diagnostics_of(error, keys)))
    if check is not None:
        problems.extend(check(data))
    if problems or result is None:
        raise SchemaError(problems)
    return attrs.evolve(result, warnings=tuple(duplicates)) if duplicates else result  # type: ignore[misc]
