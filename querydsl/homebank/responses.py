"""Homebank `/operations` responses as typed records, and the strict rules both providers use."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from functools import cache
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

from querydsl.errors import Diagnostic, SchemaError
from querydsl.jsontext import escape_pointer, load_json
from querydsl.redact import mask_pan, redact_text

T = TypeVar("T")
#: Attribute name -> JSON key, per model class: how diagnostics and unstructure spell a field.
KeyTable = dict[type, dict[str, str]]
_BOOKKEEPING = ("extra", "warnings", "_absent")
#: JSON keys whose values are never shown, and keys holding card numbers (shown masked).
SECRET_KEY = re.compile(r"(card_?)?(cvc2?|cvv2?|cvn|token|stamp|hash|cavv|password|secret)", re.I)
CARD_KEY = re.compile(r"(card_?)?(number|pan|mask)|card", re.I)


class ResponseProblem(ValueError):
    """One value that does not fit its field; the message never repeats the value."""

    def __init__(self, code: str, message: str, *, key: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.key, self.hint = code, message, key, hint


def json_type(value: object) -> str:
    """The JSON name of a value's type, for messages that must not echo the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, (float, Decimal)):
        return "a number with a fraction"
    names = {str: "a string", dict: "an object", list: "an array"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "not JSON")


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
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ResponseProblem(
            "invalid_value", "expected an ISO 8601 date and time such as 2018-10-27T15:08:14+06:00"
        ) from None
    if moment.tzinfo is None:
        raise ResponseProblem("invalid_value", "the date and time has no UTC offset")
    return moment


def _structure_object(value: Any, _: object) -> dict[str, Any]:
    if isinstance(value, dict):
        return dict(value)
    raise ResponseProblem("invalid_shape", f"expected an object, got {json_type(value)}")


def _is_object(kind: Any) -> bool:
    return bool(kind == dict[str, Any])


def _is_list(kind: Any) -> bool:
    return getattr(kind, "__origin__", None) is list


def _list_hook(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], list[Any]]:
    (item_type,) = kind.__args__

    def structure(value: Any, _: object) -> list[Any]:
        if not isinstance(value, list):
            raise ResponseProblem("invalid_shape", f"expected an array, got {json_type(value)}")
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
            except Exception as error:
                error.add_note(IterableValidationNote(f"@ index {index}", index, item_type))
                errors.append(error)
        if errors:
            raise IterableValidationError("invalid array items", errors, kind)
        return items

    return structure


def strict_converter() -> cattrs.Converter:
    """A converter that never coerces: `"5"`, `1.9` and `True` are not integers.

    >>> strict_converter().structure(5, int)
    5
    """
    converter = cattrs.Converter(detailed_validation=True)
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
        errors: list[Exception] = [_unknown(key, known) for key in unknown] if strict else []
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


def _unknown(key: str, known: frozenset[str]) -> ResponseProblem:
    folded = {k.lower().replace("_", ""): k for k in known}
    close = folded.get(str(key).lower().replace("_", ""))
    hint = f"did you mean {close!r}?" if close else None
    return ResponseProblem("invalid_shape", "unknown field", key=str(key), hint=hint)


def diagnostics_of(error: BaseException, keys: KeyTable, pointer: str = "") -> list[Diagnostic]:
    """Every problem in a cattrs error tree, each with a JSON Pointer in the input's key names."""
    if isinstance(error, BaseValidationError):
        found = []
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
            found.extend(diagnostics_of(inner, keys, where))
        return found
    if isinstance(error, ResponseProblem):
        return [Diagnostic(error.code, error.message, path=pointer, hint=error.hint)]
    if isinstance(error, KeyError):
        return [Diagnostic("invalid_shape", "a required field is missing", path=pointer)]
    if isinstance(error, RecursionError):
        return [Diagnostic("limit_exceeded", "the value is nested too deeply", path=pointer)]
    return [
        Diagnostic("invalid_shape", "this value does not have the documented shape", path=pointer)
    ]


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
        data, duplicates = load_json(data)
        broken = [d for d in duplicates if d.code != "duplicate_key"]
        if broken:
            raise SchemaError(broken)
    problems = list(duplicates) if strict else []
    result: T | None = None
    try:
        result = converter.structure(data, model)
    except Exception as error:  # every failure becomes diagnostics, whatever raised it
        problems.extend(diagnostics_of(error, keys))
    if check is not None:
        problems.extend(check(data))
    if problems or result is None:
        raise SchemaError(problems)
    return attrs.evolve(result, warnings=tuple(duplicates)) if duplicates else result  # type: ignore[misc]


def hidden(_: object) -> str:
    """The repr of a secret: CVCs, card tokens, stamps and hashes never show."""
    return "'***'"


def mask_card(number: str) -> str:
    """A card number masked to at most its first 6 and last 4 digits; short masks stay as they are.

    >>> mask_card("4111111111111111"), mask_card("4003...9282")
    ('411111******1111', '4003...9282')
    """
    return number if sum(ch.isdigit() for ch in number) <= 10 else mask_pan(number)


def masked_card(number: object) -> str:
    """The repr of a card number field, masked."""
    return repr(mask_card(number)) if isinstance(number, str) else repr(number)


def extra_repr(extra: Mapping[str, Any]) -> str:
    """The repr of unknown fields: secret-looking keys hidden, card numbers masked."""
    try:
        shown = {k: "***" if SECRET_KEY.fullmatch(str(k)) else v for k, v in extra.items()}
        return redact_text(repr(shown))
    except (RecursionError, ValueError):  # very deep values or huge integers
        return "{...}"


def redacted_repr(model: type[T]) -> type[T]:
    """Mask anything that looks like a card number in the model's repr, whatever field holds it."""
    generated = model.__repr__

    def __repr__(self: object) -> str:
        try:
            return redact_text(generated(self))
        except (RecursionError, ValueError):  # integers too long to print, very deep `extra`
            return f"{model.__name__}(...)"

    model.__repr__ = __repr__  # type: ignore[method-assign]
    return model


def camel_keys(model: type, irregular: Mapping[str, str]) -> dict[str, str]:
    """Attribute -> camelCase JSON key (`payer_ip` -> `payerIp`), with the irregular ones given."""
    table = {}
    for name in attrs.fields_dict(model):
        head, *rest = name.split("_")
        table[name] = irregular.get(name, head + "".join(part.title() for part in rest))
    return table


# --------------------------------------------------------------------------- Homebank models


@redacted_repr
@attrs.frozen(kw_only=True)
class CardType:
    """The `cardType` object of a record (`ID`, `Name`)."""

    id: str
    name: str
    extra: dict[str, Any] = attrs.field(factory=dict, repr=extra_repr)


@redacted_repr
@attrs.frozen(kw_only=True)
class Operation:
    """One record of the `/operations` response; amounts are exact `Decimal`s."""

    id: str
    amount: Decimal
    currency_id: str
    amount_bonus: Decimal
    invoice_id: str
    account_id: str
    payer_ip: str
    payer_name: str
    payer_phone: str
    payer_email: str
    description: str
    data: str
    created_date: datetime
    auth_date: datetime | None
    confirm_date: datetime | None
    payout_date: datetime | None
    payout_amount: Decimal | None
    ip_country: str
    ip_city: str
    ip_region: str
    ip_district: str
    ip_latitude: Decimal
    ip_longitude: Decimal
    card_number: str = attrs.field(repr=masked_card)
    card_exp_date: str
    card_cvc: str = attrs.field(repr=hidden)
    card_type: CardType
    card_type_id: str
    issuer: str
    issuer_bank_country: str
    status_id: str
    reference: str
    client: str
    template: str
    language: str
    transaction_type_id: str
    back_link: str
    failure_link: str
    post_link: bool
    post_link_status: bool
    merchant_id: str
    shop_id: str
    secure_3d: bool
    card_id: str
    card_hash: str = attrs.field(repr=hidden)
    card_mask: str = attrs.field(repr=masked_card)
    installment_id: str
    terminal: str
    init_reference: str
    extra: dict[str, Any] = attrs.field(factory=dict, repr=extra_repr)


@redacted_repr
@attrs.frozen(kw_only=True)
class OperationsPage:
    """The `/operations` response: `total_count` matches and this page's `records`."""

    total_count: int
    records: list[Operation]
    extra: dict[str, Any] = attrs.field(factory=dict, repr=extra_repr)
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ErrorResponse:
    """A Homebank error body, such as `{"code": 232, "message": "Search Method Unavailable"}`."""

    code: int
    message: str
    extra: dict[str, Any] = attrs.field(factory=dict, repr=extra_repr)
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)


KEYS: KeyTable = {
    CardType: {"id": "ID", "name": "Name"},
    Operation: camel_keys(
        Operation,
        {
            "currency_id": "currencyID",
            "card_cvc": "cardCVC",
            "card_type_id": "cardTypeID",
            "status_id": "statusID",
            "transaction_type_id": "transactionTypeID",
            "merchant_id": "merchantID",
            "shop_id": "shopID",
            "secure_3d": "secure3D",
            "card_id": "cardID",
            "installment_id": "installmentID",
        },
    ),
    OperationsPage: {"total_count": "totalCount"},
}


def _structure_flag_text(value: Any, _: object) -> bool:
    if not isinstance(value, str):
        raise ResponseProblem(
            "invalid_shape", f'expected "true" or "false", got {json_type(value)}'
        )
    if value not in ("true", "false"):
        raise ResponseProblem("invalid_value", 'expected the string "true" or "false"')
    return value == "true"


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """The Homebank rules: camelCase keys, `postLink` as "true"/"false", exact amounts.

    >>> make_converter().structure({"code": 232, "message": "x"}, ErrorResponse).code
    232
    """
    converter = strict_converter()
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    post_link = override(
        rename="postLink",
        struct_hook=_structure_flag_text,
        unstruct_hook=lambda flag: "true" if flag else "false",
    )
    for model in (CardType, Operation, OperationsPage, ErrorResponse):
        hooks = {"post_link": post_link} if model is Operation else {}
        register_model(converter, model, KEYS, strict=strict, hooks=hooks)
    return converter


@cache
def _converter(strict: bool) -> cattrs.Converter:
    return make_converter(strict=strict)


def load_operations(data: object, *, strict: bool = False) -> OperationsPage:
    """Structure an `/operations` response (a dict, JSON text or bytes) or raise `SchemaError`.

    >>> load_operations('{"totalCount": 0, "records": []}').total_count
    0
    """
    return load_with(data, OperationsPage, _converter(strict), KEYS, strict=strict)


def load_error(data: object, *, strict: bool = False) -> ErrorResponse:
    """Structure a Homebank error body `{"code", "message"}` or raise `SchemaError`.

    >>> load_error(b'{"code": 232, "message": "Search Method Unavailable"}').code
    232
    """
    return load_with(data, ErrorResponse, _converter(strict), KEYS, strict=strict)
