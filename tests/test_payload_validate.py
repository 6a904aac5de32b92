"""validate_payload: every problem of anyone's payload, each with a code and a JSON Pointer."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querydsl import (
    Diagnostic,
    Query,
    QueryError,
    check,
    from_payload,
    to_payload,
    validate_payload,
)
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.errors import CODES
from querydsl.strategies import payloads
from tests.payload_mutations import Mutation, mutations, seed_request, seed_request_text
from tests.spec_tables import SPEC_MAX_PAGING, SPEC_PAGING_LOWEST

PERIOD = {
    "name": "created_date",
    "method": "between",
    "searchParameter": ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"],
}


def payload(*conditions: Any, **parts: Any) -> dict[str, Any]:
    """A valid payload with a period, more search parameters, and other top-level parts."""
    return {"searchParameters": [PERIOD, *conditions], "orderParameters": [], **parts}


def cond(name: Any, method: Any, *values: Any) -> dict[str, Any]:
    return {"name": name, "method": method, "searchParameter": list(values)}


def found(value: object) -> list[tuple[str, str | None]]:
    return [(d.code, d.path) for d in validate_payload(value)]


def test_the_seed_request_is_valid() -> None:
    assert validate_payload(seed_request()) == []
    assert validate_payload(seed_request_text()) == []
    assert validate_payload(seed_request_text().encode()) == []


@pytest.mark.parametrize(
    "value",
    [
        payload(),
        payload(paging={"page": 0, "size": 1}),
        payload(paging={"page": 2**31 - 1, "size": 2**31 - 1}),
        {"searchParameters": [PERIOD]},  # orderParameters "can be left blank": absent
        {"searchParameters": [PERIOD], "orderParameters": None},  # ... or null
        payload(cond("amount", "in", "1", "2.50", "-0", "007")),
        payload(cond("amount", "between", "10", "10.00")),  # equal bounds are a range
        payload(cond("post_link", "=", "false")),
        payload(cond("payer_phone", "=", "")),  # any string, even empty
        payload(cond("client", "like", "%Дана%")),
        payload(cond("payout_date", "<", "2024-01-01T05:30:00.5+05:30")),
        payload(cond("created_date", ">=", "2024-01-01t00:00z")),  # RFC 3339 allows lowercase
    ],
)
def test_valid_payloads(value: dict[str, Any]) -> None:
    assert validate_payload(value) == []
    assert validate_payload(json.dumps(value)) == []


NON_STRING_KEY: dict[Any, Any] = {**payload(), 1: 2}
# Every code validate_payload emits, each with the pointer it must carry.
CORRUPTED: list[tuple[str, object, str, str]] = [
    # shape and JSON types
    ("not an object", [], "invalid_shape", ""),
    ("null", None, "invalid_shape", ""),
    ("a number", 5, "invalid_shape", ""),
    ("not JSON", "{searchParameters: []}", "invalid_shape", ""),
    ("empty text", "", "invalid_shape", ""),
    ("JSON null text", "null", "invalid_shape", ""),
    ("invalid UTF-8", b'{"a": "\xff"}', "invalid_shape", ""),
    ("NaN", '{"paging": {"page": NaN, "size": 1}}', "invalid_shape", ""),
    ("Infinity", '{"searchParameters": [], "x": -Infinity}', "invalid_shape", ""),
    ("one order too many", payload(orderParameters=[{"field": f.name, "typeOrder": "ASC"}
                                                    for f in HOMEBANK.fields] * 2),
     "limit_exceeded", "/orderParameters/16"),
    # A number too large for a float is JSON: it is found where it stands.
    ("page 1e400", '{"searchParameters": [], "paging": {"page": 1e400, "size": 1}}',
     "invalid_paging", "/paging/page"),
    ("unknown top key", payload(filters=[]), "invalid_shape", "/filters"),
    ("key with a slash", payload(**{"a/b~": 1}), "invalid_shape", "/a~1b~0"),
    ("non-string key", NON_STRING_KEY, "invalid_shape", ""),
    ("paging null", payload(paging=None), "invalid_shape", "/paging"),
    ("paging a list", payload(paging=[1, 2]), "invalid_shape", "/paging"),
    ("unknown paging key", payload(paging={"page": 1, "size": 2, "offset": 0}),
     "invalid_shape", "/paging/offset"),
    ("searchParameters an object", {"searchParameters": {}}, "invalid_shape", "/searchParameters"),
    ("condition a string", payload("amount = 5"), "invalid_shape", "/searchParameters/1"),
    ("condition missing method", payload({"name": "amount", "searchParameter": ["1"]}),
     "invalid_shape", "/searchParameters/1"),
    ("unknown condition key", payload({**cond("amount", "=", "1"), "values": []}),
     "invalid_shape", "/searchParameters/1/values"),
    ("name not a string", payload(cond(5, "=", "1")), "invalid_shape", "/searchParameters/1/name"),
    ("method not a string", payload(cond("amount", None, "1")),
     "invalid_shape", "/searchParameters/1/method"),
    ("values not a list", payload({"name": "amount", "method": "=", "searchParameter": "1"}),
     "invalid_shape", "/searchParameters/1/searchParameter"),
    ("value a number", payload(cond("amount", "=", 1)),
     "invalid_shape", "/searchParameters/1/searchParameter/0"),
    ("value null", payload(cond("post_link", "=", None)),
     "invalid_shape", "/searchParameters/1/searchParameter/0"),
    ("value a boolean", payload(cond("post_link", "=", True)),
     "invalid_shape", "/searchParameters/1/searchParameter/0"),
    ("orderParameters an object", payload(orderParameters={"field": "amount"}),
     "invalid_shape", "/orderParameters"),
    ("order item a string", payload(orderParameters=["amount"]),
     "invalid_shape", "/orderParameters/0"),
    ("order item without field", payload(orderParameters=[{"typeOrder": "ASC"}]),
     "invalid_shape", "/orderParameters/0"),
    ("unknown order key", payload(orderParameters=[{"field": "amount", "typeOrder": "ASC",
                                                    "nulls": "last"}]),
     "invalid_shape", "/orderParameters/0/nulls"),
    # fields
    ("misspelt field", payload(cond("amout", "=", "1")),
     "unknown_field", "/searchParameters/1/name"),
    ("an alias", payload(cond("email", "=", "a@b.kz")),
     "unknown_field", "/searchParameters/1/name"),
    ("camelCase", payload(cond("payerEmail", "=", "a@b.kz")),
     "unknown_field", "/searchParameters/1/name"),
    ("unknown order field", payload(orderParameters=[{"field": "amout", "typeOrder": "ASC"}]),
     "unknown_field", "/orderParameters/0/field"),
    # methods
    ("unknown method", payload(cond("amount", "betwen", "1", "2")),
     "unknown_method", "/searchParameters/1/method"),
    ("method in capitals", payload(cond("amount", "IN", "1")),
     "unknown_method", "/searchParameters/1/method"),
    ("not-equal", payload(cond("amount", "!=", "1")),
     "unknown_method", "/searchParameters/1/method"),
    ("like on a number", payload(cond("amount", "like", "1%")),
     "method_not_allowed", "/searchParameters/1/method"),
    ("between on a string", payload(cond("shop_id", "between", "a", "b")),
     "method_not_allowed", "/searchParameters/1/method"),
    ("in on a datetime", payload(cond("payout_date", "in", "2024-01-01T00:00:00Z")),
     "method_not_allowed", "/searchParameters/1/method"),
    ("> on a boolean", payload(cond("post_link", ">", "true")),
     "method_not_allowed", "/searchParameters/1/method"),
    # arity
    ("between with one value", payload(cond("amount", "between", "1")),
     "arity", "/searchParameters/1/searchParameter"),
    ("between with three", payload(cond("amount", "between", "1", "2", "3")),
     "arity", "/searchParameters/1/searchParameter"),
    ("empty in", payload(cond("amount", "in")), "arity", "/searchParameters/1/searchParameter"),
    ("= with two", payload(cond("amount", "=", "1", "2")),
     "arity", "/searchParameters/1/searchParameter"),
    ("like with none", payload(cond("client", "like")),
     "arity", "/searchParameters/1/searchParameter"),
    ("like without %", payload(cond("client", "like", "dana")),
     "like_without_wildcard", "/searchParameters/1/searchParameter/0"),
    # values
    ("number with exponent", payload(cond("amount", "=", "1e3")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("number with comma", payload(cond("amount", "in", "1", "1,5")),
     "invalid_value", "/searchParameters/1/searchParameter/1"),
    ("Arabic digits", payload(cond("amount", "=", "١٢")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("plain date", payload(cond("created_date", ">=", "2024-01-01")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("datetime without offset", payload(cond("created_date", ">=", "2024-01-01T00:00:00")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("relative time", payload(cond("created_date", ">=", "now-7d")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("impossible date", payload(cond("created_date", "<", "2018-02-30T00:00:00Z")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("offset out of range", payload(cond("created_date", "<", "2018-02-03T00:00:00+24:00")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("year 1 pushed before year 1", payload(cond("created_date", "<", "0001-01-01T00:00:00+01:00")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("boolean in capitals", payload(cond("post_link", "=", "True")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("lone surrogate", payload(cond("client", "=", "\ud800")),
     "invalid_value", "/searchParameters/1/searchParameter/0"),
    ("between upside down", payload(cond("amount", "between", "10", "9.99")),
     "inverted_range", "/searchParameters/1/searchParameter"),
    ("dates upside down", payload(cond("payout_date", "between", "2024-01-01T06:00:00+06:00",
                                       "2023-12-31T23:59:59Z")),
     "inverted_range", "/searchParameters/1/searchParameter"),
    # period
    ("no created_date", {"searchParameters": [cond("amount", "=", "1")]},
     "missing_period", "/searchParameters"),
    ("no searchParameters", {"orderParameters": []}, "missing_period", "/searchParameters"),
    ("empty searchParameters", {"searchParameters": []}, "missing_period", "/searchParameters"),
    # A searchParameters that is no list holds no created_date either: both are said at once.
    ("searchParameters null", {"searchParameters": None}, "missing_period", "/searchParameters"),
    ("searchParameters null, shape", {"searchParameters": None},
     "invalid_shape", "/searchParameters"),
    ("searchParameters an object", '{"searchParameters": {"name": "created_date"}}',
     "missing_period", "/searchParameters"),
    # paging
    ("negative page", payload(paging={"page": -1, "size": 1}), "invalid_paging", "/paging/page"),
    ("size zero", payload(paging={"page": 1, "size": 0}), "invalid_paging", "/paging/size"),
    ("size past 2^31-1", payload(paging={"page": 1, "size": 2**31}),
     "invalid_paging", "/paging/size"),
    ("huge page", payload(paging={"page": 10**5000, "size": 1}), "invalid_paging", "/paging/page"),
    ("page a string", payload(paging={"page": "1", "size": 1}), "invalid_paging", "/paging/page"),
    ("page a float", payload(paging={"page": 1.0, "size": 1}), "invalid_paging", "/paging/page"),
    ("size a boolean", payload(paging={"page": 1, "size": True}), "invalid_paging", "/paging/size"),
    ("size from JSON text 2.0", '{"searchParameters": [], "paging": {"page": 1, "size": 2.0}}',
     "invalid_paging", "/paging/size"),
    ("paging without size", payload(paging={"page": 1}), "invalid_paging", "/paging"),
    # order
    ("typeOrder lowercase", payload(orderParameters=[{"field": "amount", "typeOrder": "asc"}]),
     "invalid_order", "/orderParameters/0/typeOrder"),
    ("typeOrder a number", payload(orderParameters=[{"field": "amount", "typeOrder": 1}]),
     "invalid_order", "/orderParameters/0/typeOrder"),
    ("typeOrder missing", payload(orderParameters=[{"field": "amount"}]),
     "invalid_order", "/orderParameters/0"),
    ("repeated order field", payload(orderParameters=[{"field": "amount", "typeOrder": "ASC"},
                                                      {"field": "amount", "typeOrder": "DESC"}]),
     "duplicate_order", "/orderParameters/1/field"),
    # duplicate keys, in JSON text only
    ("duplicate top key", '{"searchParameters": [], "searchParameters": []}',
     "duplicate_key", "/searchParameters"),
    ("duplicate nested key",
     '{"searchParameters": [{"name": "created_date", "name": "amount", "method": "=",'
     ' "searchParameter": ["1"]}]}', "duplicate_key", "/searchParameters/0/name"),
    # limits
    ("too many conditions", payload(*[cond("amount", "=", "1")] * 200),
     "limit_exceeded", "/searchParameters/200"),
    ("too many in values", payload(cond("amount", "in", *["1"] * 1001)),
     "limit_exceeded", "/searchParameters/1/searchParameter/1000"),
    ("nested too deeply", "[" * 100_000 + "]" * 100_000, "limit_exceeded", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "code", "path"),
    [pytest.param(value, code, path, id=name) for name, value, code, path in CORRUPTED],
)
def test_corrupted_payloads(value: object, code: str, path: str) -> None:
    assert (code, path) in found(value)


def test_a_long_order_list_is_read_only_as_far_as_the_limit() -> None:
    # Each unknown field costs a did-you-mean search: 20 000 of them took seconds.
    orders = [{"field": f"payer_emai{i}", "typeOrder": "ASC"} for i in range(20_000)]
    problems = found(payload(orderParameters=orders))
    assert problems == [("unknown_field", f"/orderParameters/{i}/field") for i in range(16)] + [
        ("limit_exceeded", "/orderParameters/16")
    ]


def test_the_table_covers_every_payload_code() -> None:
    payload_codes = CODES - {"syntax_error", "unsupported_or", "unsupported_not"}
    assert {code for _, _, code, _ in CORRUPTED} == payload_codes


def test_every_problem_is_reported_not_just_the_first() -> None:
    value = {
        "paging": {"page": -1, "size": "20"},
        "searchParameters": [cond("amout", "=", "1"), cond("amount", "like", "1")],
        "orderParameters": [{"field": "amount", "typeOrder": "up"}],
    }
    assert found(value) == [
        ("invalid_paging", "/paging/page"),
        ("invalid_paging", "/paging/size"),
        ("unknown_field", "/searchParameters/0/name"),
        ("method_not_allowed", "/searchParameters/1/method"),
        ("missing_period", "/searchParameters"),
        ("invalid_order", "/orderParameters/0/typeOrder"),
    ]


@pytest.mark.parametrize(
    ("condition", "also"),
    [
        (cond("payout_date", "in", "x", "2024-01-01T00:00:00Z"), ["/searchParameter/0"]),
        (cond("post_link", ">", "maybe"), ["/searchParameter/0"]),
        (cond("post_link", ">", "true"), []),
        (cond("amount", "like", "x%"), []),  # a pattern, not a number: not read as one
    ],
)
def test_the_values_of_a_method_not_allowed_are_still_read_as_the_fields_type(
    condition: dict[str, Any], also: list[str]
) -> None:
    assert found(payload(condition)) == [
        ("method_not_allowed", "/searchParameters/1/method"),
        *[("invalid_value", "/searchParameters/1" + pointer) for pointer in also],
    ]


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("email", "did you mean 'payer_email'?"),
        ("amout", "did you mean 'amount'?"),
        ("Created_Date", "did you mean 'created_date'?"),
        ("аmount", "did you mean 'amount'?"),  # Cyrillic а
    ],
)
def test_field_hints(name: str, hint: str) -> None:
    diagnostic = validate_payload(payload(cond(name, "=", "1")))[0]
    assert diagnostic.code == "unknown_field"
    assert diagnostic.hint == hint


@pytest.mark.parametrize(
    ("field", "method", "hint"),
    [("amount", "betwen", "'between'"), ("payer_email", "LIKE", "'like'"), ("amount", "==", "'='"),
     ("amount", "gte", "'>='"), ("amount", "=>", "'>='"), ("amount", "!=", "no negated methods"),
     # A method the field does not take, or nothing close: the ones it does take.
     ("amount", "LIKE", "amount allows =, <, >, <=, >=, between, in"),
     ("amount", "zzz", "amount allows =, <, >, <=, >=, between, in"),
     ("nosuch", "zzz", "the methods are =, <, >, <=, >=, between, in, like")],
)  # fmt: skip
def test_method_hints(field: str, method: str, hint: str) -> None:
    (diagnostic,) = [
        d for d in validate_payload(payload(cond(field, method, "1"))) if d.code != "unknown_field"
    ]
    assert diagnostic.code == "unknown_method"
    assert diagnostic.hint is not None and hint in diagnostic.hint


def test_one_diagnostic_in_full() -> None:
    assert validate_payload(payload(cond("created_date", ">", "2024-01-01"))) == [
        Diagnostic(
            "invalid_value",
            "'2024-01-01' is not a datetime with a time zone",
            path="/searchParameters/1/searchParameter/0",
            hint="a payload needs a full datetime with Z or an offset, e.g. 2024-01-01T00:00:00Z",
        )
    ]


def test_an_alias_for_created_date_is_one_problem_not_two() -> None:
    value = {"searchParameters": [cond("date", ">=", "2024-01-01T00:00:00Z")]}
    assert found(value) == [("unknown_field", "/searchParameters/0/name")]


def test_from_payload_raises_the_same_diagnostics() -> None:
    value = payload(cond("amount", "like", "1"), paging={"page": 1.5, "size": 1})
    with pytest.raises(QueryError) as caught:
        from_payload(value)
    assert list(caught.value.diagnostics) == validate_payload(value)
    assert "/paging/page" in str(caught.value)


# ---- properties ------------------------------------------------------------------------------


@given(payloads())
def test_generated_payloads_are_valid(value: dict[str, Any]) -> None:
    assert validate_payload(value) == []


@given(mutations())
def test_one_corruption_gives_its_code_at_its_pointer(mutation: Mutation) -> None:
    diagnostics = validate_payload(mutation.payload)
    assert (mutation.code, mutation.path) in [(d.code, d.path) for d in diagnostics]
    assert all(d.code in CODES and d.path is not None for d in diagnostics)
    # the same problem read from JSON text, where only JSON can be said
    try:
        text = json.dumps(mutation.payload, allow_nan=False)
    except (ValueError, TypeError):
        return
    assert (mutation.code, mutation.path) in found(text)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
# Keys the validator looks at, so that arbitrary values land where they are read.
KEYS = st.sampled_from(
    ["paging", "page", "size", "searchParameters", "name", "method", "searchParameter",
     "orderParameters", "field", "typeOrder", "created_date", "amount", "between"]
)  # fmt: skip
NEAR_JSON = st.recursive(
    JSON | KEYS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(KEYS | st.text(max_size=4), children, max_size=5)
    ),
    max_leaves=30,
)


class Weird:
    """An object that is no JSON and refuses to be printed."""

    def __repr__(self) -> str:
        raise RuntimeError("repr called")

    __str__ = __repr__


PYTHON = st.recursive(
    NEAR_JSON | st.integers(min_value=10**5000, max_value=10**5000 + 1)
    | st.floats() | st.binary(max_size=4) | st.builds(Weird) | st.sets(st.integers(), max_size=2)
    | st.tuples(KEYS, KEYS) | st.decimals(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(KEYS | st.integers() | st.none() | st.tuples(st.integers()), children,
                      max_size=5),
    max_leaves=30,
)  # fmt: skip


def _assert_never_raises(value: object) -> None:
    """validate_payload returns diagnostics for `value`, and from_payload raises them (or none)."""
    diagnostics = validate_payload(value)
    assert isinstance(diagnostics, list)
    assert all(isinstance(d, Diagnostic) and d.code in CODES for d in diagnostics)
    for diagnostic in diagnostics:
        json.dumps(diagnostic.to_dict())  # messages are printable JSON text
        diagnostic.message.encode("utf-8")
    try:
        from_payload(value)
    except QueryError as error:
        assert list(error.diagnostics) == diagnostics
        str(error)
    else:
        assert diagnostics == []


@given(NEAR_JSON)
def test_arbitrary_json_values_never_raise(value: object) -> None:
    _assert_never_raises(value)
    _assert_never_raises(json.dumps(value))
    _assert_never_raises(json.dumps(value).encode("utf-16"))


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _assert_never_raises(text)


@given(st.binary())
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _assert_never_raises(data)


@given(PYTHON)
def test_arbitrary_python_objects_never_raise(value: object) -> None:
    _assert_never_raises(value)


@given(payloads(), st.data())
def test_arbitrary_values_inside_a_valid_payload_never_raise(
    value: dict[str, Any], data: st.DataObject
) -> None:
    """Replace one part of a valid payload, at any depth, with anything at all."""
    value = copy.deepcopy(value)
    holder: Any = value
    while True:
        keys = list(holder) if isinstance(holder, dict) else list(range(len(holder)))
        if not keys:
            break
        key = data.draw(st.sampled_from(keys))
        if not isinstance(holder[key], (dict, list)) or data.draw(st.booleans()):
            holder[key] = data.draw(PYTHON)
            break
        holder = holder[key]
    _assert_never_raises(value)


BOUNDS = sorted(
    {v + d for v in (*SPEC_PAGING_LOWEST.values(), SPEC_MAX_PAGING) for d in (-1, 0, 1)}
)


@pytest.mark.parametrize("page", BOUNDS)
@pytest.mark.parametrize("size", BOUNDS)
def test_paging_bounds_are_the_specs_on_every_path(page: int, size: int) -> None:
    """The fast path (plain dicts), the detailed walk (JSON text with a repeated key),
    to_payload's options, the text's `page N size M` and a hand-built Query agree with SPEC 1.3
    at each bound, and word a broken bound alike."""
    low, top = SPEC_PAGING_LOWEST, SPEC_MAX_PAGING
    wrong = [name for name, n in (("page", page), ("size", size)) if not low[name] <= n <= top]
    expected = [
        (f"/paging/{name}", f"{name} must be a whole number from {low[name]} to {top}")
        for name in wrong
    ]
    value = payload(paging={"page": page, "size": size})
    assert [(d.path, d.message) for d in validate_payload(value)] == expected
    repeated_key = json.dumps(value)[:-1] + ', "orderParameters": []}'
    assert [(d.path, d.message) for d in validate_payload(repeated_key)] == [
        ("/orderParameters", "the key 'orderParameters' appears more than once"),
        *expected,
    ]
    options = {"page": page, "size": size, "default_period": "1d"}
    assert [d.message for d in check("amount > 1", **options)] == [m for _, m in expected]
    # In text the message quotes what was written.
    written = [f", not '{n}'" for n in (page, size)]
    text = f"amount > 1 page {page} size {size}"
    assert [d.message for d in check(text, default_period="1d")] == [
        message + written[("page", "size").index(path.rsplit("/", 1)[1])]
        for path, message in expected
    ]
    try:
        to_payload(Query(page=page, size=size), default_period="1d")
        found = []
    except QueryError as error:
        found = [d.message for d in error.diagnostics]
    assert found == [m for _, m in expected]


def test_paging_that_is_no_json_integer_says_what_it_is() -> None:
    value = payload(paging={"page": 1.0, "size": True})
    assert [d.message for d in validate_payload(value)] == [
        "page must be a whole number from 0 to 2147483647, not a number with a fraction",
        "size must be a whole number from 1 to 2147483647, not a boolean",
    ]


def test_cycles_never_raise() -> None:
    value: dict[str, Any] = payload()
    value["searchParameters"].append(value)
    loop: list[Any] = []
    loop.append(loop)
    value["orderParameters"] = loop
    value["paging"] = {"page": value, "size": loop}
    _assert_never_raises(value)
    assert {d.code for d in validate_payload(value)} == {"invalid_shape", "invalid_paging"}


def test_strange_json_text_never_raises() -> None:
    for text in ['{"paging": {"page": 1' + "0" * 5000 + ', "size": 1}}', "\ufeff{}", '"\\ud800"',
                 '{"searchParameters": [{"name": "\\udfff"}]}', "{" * 10_000]:  # fmt: skip
        _assert_never_raises(text)


def test_the_whole_document_is_named_as_such_not_as_the_empty_key() -> None:
    # "" points at the whole document; "/" would be the key "" (RFC 6901).
    (whole,) = validate_payload([])
    assert whole.path == ""
    assert "error[invalid_shape] at the top level:" in str(QueryError([whole]))
    (keyed,) = [d for d in validate_payload({"": 1, "searchParameters": []}) if d.path == "/"]
    assert "error[invalid_shape] at /:" in str(QueryError([keyed]))
