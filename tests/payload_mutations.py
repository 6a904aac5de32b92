"""One corruption of a valid payload, with the diagnostic code and pointer it must produce."""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
from hypothesis import strategies as st

from querydsl import Method
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.schema import FieldType
from querydsl.strategies import payloads
from tests.conftest import SEEDS
from tests.spec_tables import SPEC_METHODS

#: Kinds JSON Schema cannot say; `json_schema()` accepts payloads with only these problems.
BEYOND_JSON_SCHEMA = frozenset(
    {"swap_bounds", "duplicate_order", "impossible_date", "surrogate", "integral_float"}
)


def seed_request() -> dict[str, Any]:
    """The request example of the Homebank `/operations` seed document, as decoded JSON."""
    text = (SEEDS / "homebank-operations-api.txt").read_text(encoding="utf-8")
    start = text.index("{", text.index("Request example, JSON:"))
    end = text.index("Response in a form of JSON")
    result: dict[str, Any] = json.loads(text[start:end])
    return result


def seed_request_text() -> str:
    """The request example exactly as the seed writes it (spacing and all)."""
    text = (SEEDS / "homebank-operations-api.txt").read_text(encoding="utf-8")
    start = text.index("{", text.index("Request example, JSON:"))
    return text[start : text.index("Response in a form of JSON")].strip()


@attrs.frozen
class Mutation:
    """A corrupted payload, what was done to it, and where the diagnostic must point."""

    kind: str
    payload: dict[str, Any]
    code: str
    path: str


_BAD_VALUES = {
    FieldType.NUMBER: st.sampled_from(["1e3", "abc", "1,5", ".5", "5.", "NaN", "", "١٢"]),
    FieldType.DATETIME: st.sampled_from(
        ["2018-01-01", "now-7d", "2018-01-01T00:00:00", "2018-13-01T00:00:00Z", "yesterday"]
    ),
    FieldType.BOOLEAN: st.sampled_from(["True", "yes", "1", "", "FALSE"]),
    FieldType.STRING: st.sampled_from(["\ud800", "a\udfffb%"]),
}
_NOT_STRINGS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.none(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.none(), max_size=2),
)  # fmt: skip


#: The type of each field, by the canonical name a payload gives it.
_TYPES = {field.name: field.type for field in HOMEBANK.fields}


@st.composite
def _mutate(draw: st.DrawFn, payload: dict[str, Any]) -> Mutation:
    payload = copy.deepcopy(payload)
    conditions: list[dict[str, Any]] = payload["searchParameters"]
    orders: list[dict[str, Any]] = payload["orderParameters"]
    index = draw(st.integers(0, len(conditions) - 1))
    item = conditions[index]
    at = f"/searchParameters/{index}"
    kind_of = _TYPES[item["name"]]
    values = item["searchParameter"]
    kinds = ["unknown_method", "method_not_allowed", "not_a_string", "misspelt_field",
             "bad_order", "bad_paging", "extra_key", "extra_condition_key", "drop_period",
             "duplicate_order", "unknown_order_field", "missing_paging_key",
             "values_not_array", "payload_not_object_item"]  # fmt: skip
    if item["method"] != "in" or len(values) == 1:
        kinds.append("drop_value")
    if item["method"] == "between" and values[0] != values[1]:
        kinds.append("swap_bounds")
    if item["method"] == "like":
        kinds.append("no_wildcard")
    if kind_of is FieldType.DATETIME:
        kinds.append("impossible_date")
    kinds.append("surrogate" if kind_of is FieldType.STRING else "bad_value")
    kind = draw(st.sampled_from(kinds))

    def done(code: str, path: str) -> Mutation:
        return Mutation(kind, payload, code, path)

    if kind == "drop_value":
        values.pop()
        return done("arity", f"{at}/searchParameter")
    if kind == "swap_bounds":
        values.reverse()
        return done("inverted_range", f"{at}/searchParameter")
    if kind == "no_wildcard":
        values[0] = values[0].replace("%", "")
        return done("like_without_wildcard", f"{at}/searchParameter/0")
    if kind == "unknown_method":
        item["method"] = draw(st.text(max_size=8).filter(lambda m: m not in _METHOD_NAMES))
        return done("unknown_method", f"{at}/method")
    if kind == "method_not_allowed":
        item["method"] = draw(
            st.sampled_from([m.value for m in Method if m not in SPEC_METHODS[kind_of]])
        )
        return done("method_not_allowed", f"{at}/method")
    if kind == "not_a_string":
        position = draw(st.integers(0, len(values) - 1))
        values[position] = draw(_NOT_STRINGS)
        return done("invalid_shape", f"{at}/searchParameter/{position}")
    if kind == "values_not_array":
        item["searchParameter"] = draw(st.one_of(st.text(max_size=5), st.integers(), st.none()))
        return done("invalid_shape", f"{at}/searchParameter")
    if kind == "misspelt_field":
        name = item["name"]
        item["name"] = draw(st.sampled_from([name[:-1], name.upper(), name + "s", name[1:]]))
        return done("unknown_field", f"{at}/name")
    if kind in ("bad_value", "impossible_date", "surrogate"):
        position = draw(st.integers(0, len(values) - 1))
        bad = st.just("2018-02-30T00:00:00Z") if kind == "impossible_date" else _BAD_VALUES[kind_of]
        values[position] = draw(bad)
        return done("invalid_value", f"{at}/searchParameter/{position}")
    if kind == "drop_period":
        payload["searchParameters"] = [c for c in conditions if c["name"] != "created_date"]
        return done("missing_period", "/searchParameters")
    if kind == "extra_key":
        key = draw(st.sampled_from(["filters", "a/b", "x~y", "SearchParameters", "paging "]))
        payload[key] = []
        return done("invalid_shape", "/" + key.replace("~", "~0").replace("/", "~1"))
    if kind == "extra_condition_key":
        item["value"] = values
        return done("invalid_shape", f"{at}/value")
    if kind == "payload_not_object_item":
        conditions[index] = draw(_NOT_STRINGS.filter(lambda v: not isinstance(v, dict)))
        return done("invalid_shape", at)
    if kind == "bad_paging":
        name = draw(st.sampled_from(["page", "size"]))
        bad = st.sampled_from([-1, 2**31, 1.0, 1.5, True, "1", None, [], 10**40])
        chosen = payload.setdefault("paging", {"page": 1, "size": 20})[name] = draw(bad)
        if isinstance(chosen, float) and chosen.is_integer():
            kind = "integral_float"  # JSON Schema counts 1.0 as an integer
        if name == "size" and draw(st.booleans()):
            payload["paging"]["size"] = 0
        return done("invalid_paging", f"/paging/{name}")
    if kind == "missing_paging_key":
        paging = payload.setdefault("paging", {"page": 1, "size": 20})
        del paging[draw(st.sampled_from(["page", "size"]))]
        return done("invalid_paging", "/paging")
    field = draw(st.sampled_from([f.name for f in HOMEBANK.fields]))
    if kind == "duplicate_order":
        if not orders:
            orders.append({"field": field, "typeOrder": "ASC"})
        copied = dict(draw(st.sampled_from(orders)))
        copied["typeOrder"] = draw(st.sampled_from(["ASC", "DESC"]))
        orders.append(copied)
        return done("duplicate_order", f"/orderParameters/{len(orders) - 1}/field")
    if kind == "unknown_order_field":
        orders.append({"field": field.replace("_", "-") + "x", "typeOrder": "DESC"})
        return done("unknown_field", f"/orderParameters/{len(orders) - 1}/field")
    # bad_order
    if not orders:
        orders.append({"field": field, "typeOrder": "ASC"})
    position = draw(st.integers(0, len(orders) - 1))
    bad_order = st.sampled_from(["asc", "desc", "Ascending", "", " ASC", 1, None, True, ["ASC"]])
    orders[position]["typeOrder"] = draw(bad_order)
    return done("invalid_order", f"/orderParameters/{position}/typeOrder")


_METHOD_NAMES = frozenset(m.value for m in Method)


def mutations() -> st.SearchStrategy[Mutation]:
    """A valid generated payload with exactly one corruption applied."""
    return payloads().flatmap(_mutate)
