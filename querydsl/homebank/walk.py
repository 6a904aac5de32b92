"""The detailed walk of a payload: every problem worded, each at its JSON Pointer, and the parts."""

from __future__ import annotations

import difflib

from querydsl.carddata.redact import shown
from querydsl.homebank.schema import PERIOD_FIELD
from querydsl.homebank.terms import parse_direction, parse_method
from querydsl.language.ast import And, Condition, Direction, Method, Order, Query, Value
from querydsl.language.errors import MAX_DIAGNOSTICS, Diagnostic
from querydsl.language.rules import (
    MAX_PAGING,
    METHOD_ARITY,
    PAGING_LOWEST,
    Limits,
    broken_rule,
    exceeded,
    paging_problem,
)
from querydsl.language.schema import FIELDS_HINT, Field, Schema, methods_hint
from querydsl.language.values import ValueProblem, require_unicode
from querydsl.wire.jsontext import escape_pointer, json_type

_TOP_KEYS = ("paging", "searchParameters", "orderParameters")
_PAGING_KEYS = tuple(PAGING_LOWEST)
_CONDITION_KEYS = ("name", "method", "searchParameter")
_ORDER_KEYS = ("field", "typeOrder")
_PAYLOAD_HINT = 'write {"searchParameters": [...], "orderParameters": [...]}'
_CONDITION_HINT = 'write {"name": ..., "method": ..., "searchParameter": [...]}'
_ORDER_HINT = 'write {"field": ..., "typeOrder": "ASC"}'


class PayloadReader:
    """One pass over a decoded payload that collects every diagnostic and the typed parts.

    >>> from querydsl.homebank.schema import HOMEBANK
    >>> from querydsl.language.rules import DEFAULT_LIMITS
    >>> reader = PayloadReader(HOMEBANK, DEFAULT_LIMITS)
    >>> reader.read({"paging": {"page": 0}})
    >>> [(d.code, d.path) for d in reader.diagnostics]
    [('invalid_paging', '/paging'), ('missing_period', '/searchParameters')]
    """

    def __init__(self, schema: Schema, limits: Limits) -> None:
        self.schema, self.limits = schema, limits
        self.diagnostics: list[Diagnostic] = []
        self.conditions: list[Condition] = []
        self.order: list[Order] = []
        self.paging: dict[str, int] = {}

    def report(self, code: str, message: str, path: str, hint: str | None = None) -> None:
        if len(self.diagnostics) <= MAX_DIAGNOSTICS:  # one more than is reported: it says so
            self.diagnostics.append(Diagnostic(code, message, path=path, hint=hint))

    def shape(self, path: str, wanted: str, value: object, hint: str | None = None) -> None:
        """Report a value of the wrong JSON type: `wanted` says what belongs at `path`."""
        self.report("invalid_shape", f"{wanted}, not {json_type(value)}", path, hint)

    def keys(self, mapping: dict[object, object], path: str, known: tuple[str, ...]) -> None:
        """Report keys that are not strings or not among `known`."""
        for key in mapping:
            if len(self.diagnostics) > MAX_DIAGNOSTICS:  # a did-you-mean no one would see
                return
            if not isinstance(key, str):
                self.shape(path, "keys are strings", key)
            elif key not in known:
                close = [k for k in known if k.casefold() == key.casefold()]
                close = close or difflib.get_close_matches(key, known, 1)
                hint = (
                    f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(known)}"
                )
                self.report("invalid_shape", f"unknown key {shown(key)}", _at(path, key), hint)

    def read(self, payload: object) -> None:
        """Walk a decoded payload (payload.py decodes JSON text first)."""
        if not isinstance(payload, dict):
            self.shape("", "a payload is a JSON object", payload, _PAYLOAD_HINT)
            return
        self.keys(payload, "", _TOP_KEYS)
        if "paging" in payload:
            self.read_paging(payload["paging"])
        self.read_conditions(payload.get("searchParameters"), "searchParameters" in payload)
        if payload.get("orderParameters") is not None:  # "can be left blank": absent or null
            self.read_order(payload["orderParameters"])

    # ---- paging ----------------------------------------------------------------------------

    def read_paging(self, paging: object) -> None:
        if not isinstance(paging, dict):
            self.shape("/paging", "paging is an object", paging, 'write {"page": 1, "size": 20}')
            return
        self.keys(paging, "/paging", _PAGING_KEYS)
        for name, lowest in PAGING_LOWEST.items():
            hint = f"{name} takes a JSON integer from {lowest} to {MAX_PAGING}"
            if name not in paging:
                self.report("invalid_paging", f"paging needs {name!r}", "/paging", hint)
                continue
            number = paging[name]
            problem = paging_problem(name, number)
            if problem is None:
                self.paging[name] = number
                continue
            if type(number) is not int:  # bool, float (even 1.0) and "1" are not integers
                problem += f", not {json_type(number)}"
            self.report("invalid_paging", problem, f"/paging/{name}", hint)

    # ---- search parameters -----------------------------------------------------------------

    def read_conditions(self, items: object, present: bool) -> None:
        path = "/searchParameters"
        if present and not isinstance(items, list):
            self.shape(path, "searchParameters is an array", items)  # and it holds no period
        items = items if isinstance(items, list) else []
        for index, item in enumerate(items):
            if exceeded(self.limits.max_conditions, index + 1):
                self.report(
                    "limit_exceeded",
                    f"a payload may hold at most {index} search parameters",
                    f"{path}/{index}",
                )
                break
            self.read_condition(item, f"{path}/{index}")
        period = self.schema.lookup(PERIOD_FIELD)
        if period is not None and not any(
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and self.schema.lookup(item["name"]) is period
            for item in items
        ):
            self.report(
                "missing_period",
                f"the Homebank API requires a {PERIOD_FIELD} condition in searchParameters",
                path,
                f'add {{"name": "{PERIOD_FIELD}", "method": "between", "searchParameter": [...]}}',
            )

    def read_condition(self, item: object, path: str) -> None:
        if not isinstance(item, dict):
            self.shape(path, "a search parameter is an object", item, _CONDITION_HINT)
            return
        self.keys(item, path, _CONDITION_KEYS)
        missing = [key for key in _CONDITION_KEYS if key not in item]
        if missing:
            self.report("invalid_shape", f"a search parameter needs {', '.join(missing)}", path)
        field = self.read_field(item["name"], f"{path}/name") if "name" in item else None
        method = (
            self.read_method(item["method"], f"{path}/method", field) if "method" in item else None
        )
        if "searchParameter" not in item:
            return
        texts = self.read_texts(item["searchParameter"], f"{path}/searchParameter")
        if field is not None and method is not None and method not in field.type.methods:
            self.report(
                "method_not_allowed",
                f"{method.value!r} is not available on {field.name} ({field.type.name})",
                f"{path}/method",
                methods_hint(field),
            )
            if method is Method.LIKE:
                return  # a pattern, not a value of the field's type
            method = None  # its values are still read as the field's type, as for a bad method
        if texts is None:
            return
        values = self.read_values(field, method, texts, f"{path}/searchParameter")
        if values is not None and field is not None and method is not None and not missing:
            self.conditions.append(Condition(field.name, method, values))

    def read_field(self, name: object, path: str) -> Field | None:
        """The field a canonical name stands for; an alias is reported but still typed."""
        if not isinstance(name, str):
            self.shape(path, "a field name is a string", name)
            return None
        field = self.schema.lookup(name)
        if field is not None and field.name == name:
            return field
        suggestion = field.name if field is not None else self.schema.suggest(name)
        message = f"unknown field {shown(name)}"
        if field is not None:
            message += "; a payload uses canonical field names"
        hint = f"did you mean {suggestion!r}?" if suggestion else FIELDS_HINT
        self.report("unknown_field", message, path, hint)
        return field

    def read_method(self, name: object, path: str, field: Field | None) -> Method | None:
        if not isinstance(name, str):
            self.shape(path, "a method is a string", name)
            return None
        try:
            return parse_method(name, field)
        except ValueProblem as problem:
            self.report("unknown_method", problem.message, path, problem.hint)
            return None

    def read_texts(self, items: object, path: str) -> list[str] | None:
        """The value strings, or None after reporting what is not a list of strings."""
        if not isinstance(items, list):
            self.shape(path, "searchParameter is an array of strings", items, 'write ["value"]')
            return None
        texts = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                texts.append(item)
            else:
                self.shape(f"{path}/{index}", "a search value is a JSON string", item, "quote it")
        return texts if len(texts) == len(items) else None

    def read_values(
        self, field: Field | None, method: Method | None, texts: list[str], path: str
    ) -> tuple[Value, ...] | None:
        arity_ok = method is None or self.arity(method, len(texts), path)
        if field is None:
            return None
        typed = [self.read_value(field, text, f"{path}/{i}") for i, text in enumerate(texts)]
        values = [value for value in typed if value is not None]
        if len(values) < len(texts) or not arity_ok or method is None:
            return None
        broken = broken_rule(method, values, texts[0])
        if broken is not None:
            code, message, hint = broken
            self.report(
                code, message, f"{path}/0" if code == "like_without_wildcard" else path, hint
            )
            return None
        return tuple(values)

    def arity(self, method: Method, count: int, path: str) -> bool:
        arity = METHOD_ARITY[method]
        if arity is None:
            most = self.limits.max_in_values
            if exceeded(most, count):
                self.report(
                    "limit_exceeded",
                    f"an `in` list may hold at most {most} values",
                    f"{path}/{most}",
                )
                return False
            wanted, ok = "at least 1 value", count >= 1
        else:
            wanted = f"exactly {arity} value" + ("s" if arity > 1 else "")
            ok = count == arity
        if not ok:
            self.report("arity", f"{method.value!r} needs {wanted}, not {count}", path)
        return ok

    def read_value(self, field: Field, text: str, path: str) -> Value | None:
        """A `searchParameter` string as its field's type reads it, or None after reporting."""
        try:
            require_unicode(text)  # the payload is JSON: no lone surrogates, whatever the type
            return field.type.from_payload(text)
        except ValueProblem as problem:
            self.report("invalid_value", problem.message, path, problem.hint)
            return None

    # ---- order -----------------------------------------------------------------------------

    def read_order(self, items: object) -> None:
        if not isinstance(items, list):
            self.shape("/orderParameters", "orderParameters is an array or null", items)
            return
        seen: set[str] = set()
        most = len(self.schema.fields)  # one per field: any more repeats one, or is unknown
        for index, item in enumerate(items):
            path = f"/orderParameters/{index}"
            if index == most:
                message = f"orderParameters may hold at most {most} entries, one per field"
                self.report("limit_exceeded", message, path)
                break
            if not isinstance(item, dict):
                self.shape(path, "an order parameter is an object", item, _ORDER_HINT)
                continue
            self.keys(item, path, _ORDER_KEYS)
            field = None
            if "field" not in item:
                self.report("invalid_shape", "an order parameter needs field", path)
            elif (field := self.read_field(item["field"], f"{path}/field")) is not None:
                if field.name in seen:
                    self.report(
                        "duplicate_order",
                        f"{field.name} is already in orderParameters",
                        f"{path}/field",
                        "a field may appear once; remove this one",
                    )
                    field = None
                seen.add(field.name if field is not None else "")
            direction = self.read_direction(item, path)
            if field is not None and direction is not None:
                self.order.append(Order(field.name, direction))

    def read_direction(self, item: dict[object, object], path: str) -> Direction | None:
        if "typeOrder" not in item:
            hint = 'add "typeOrder": "ASC" or "DESC"'
            self.report("invalid_order", "an order parameter needs typeOrder", path, hint)
            return None
        try:
            return parse_direction(item["typeOrder"])
        except ValueProblem as problem:
            self.report("invalid_order", problem.message, f"{path}/typeOrder", problem.hint)
            return None

    def query(self) -> Query:
        conditions = tuple(self.conditions)
        filter_ = conditions[0] if len(conditions) == 1 else And(conditions) if conditions else None
        return Query(filter_, tuple(self.order), self.paging.get("page"), self.paging.get("size"))


def _at(path: str, key: str) -> str:
    return f"{path}/{escape_pointer(key)}"
