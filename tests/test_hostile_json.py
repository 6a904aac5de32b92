"""Hostile JSON into validate_payload, from_payload and the response loaders: only QueryError.

The payload APIs and the loaders take a dict, JSON text or bytes. Whatever arrives, the raising
APIs raise QueryError (a SchemaError for the loaders) and validate_payload returns diagnostics;
nothing else escapes, nothing recurses without bound, and str/repr of what comes back never fail.
Time is measured as growth (`assert_linear`), never against a clock.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from conftest import assert_linear

import querydsl
from querydsl import Diagnostic, QueryError, homebank, horizonpay
from querydsl.wire.jsontext import load_json
from tests.payload_mutations import seed_request
from tests.response_strategies import (
    homebank_error_seed_text,
    homebank_seed_text,
    horizonpay_seed_text,
)


@pytest.fixture
def low_recursion() -> Iterator[None]:
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def _validate_raising(data: object) -> object:
    diagnostics = querydsl.validate_payload(data)
    if diagnostics:
        raise QueryError(diagnostics)
    return diagnostics


RAISING: dict[str, Callable[[object], object]] = {
    "validate_payload": _validate_raising,
    "from_payload": querydsl.from_payload,
    "load_operations": homebank.load_operations,
    "load_operations strict": lambda data: homebank.load_operations(data, strict=True),
    "load_error": homebank.load_error,
    "load_error strict": lambda data: homebank.load_error(data, strict=True),
    "load_transaction": horizonpay.load_transaction,
    "load_transaction strict": lambda data: horizonpay.load_transaction(data, strict=True),
}


def outcome(api: str, data: object) -> object:
    """The result or the QueryError raised. str() and repr() of either must not fail either."""
    try:
        result: object = RAISING[api](data)
    except QueryError as error:
        result = error
    str(result)
    repr(result)
    return result


def assert_linear_in(api: str, make: Callable[[int], object], n: int) -> None:
    """`assert_linear` for one API: the data made at n and 2n, str() and repr() included."""
    assert_linear(functools.partial(outcome, api), make, n)


def codes_of(result: object) -> set[str]:
    """The codes of a QueryError's diagnostics; none for an answer that is no error."""
    return {d.code for d in diagnostics_of(result)}


def diagnostics_of(result: object) -> tuple[Any, ...]:
    """A QueryError's diagnostics; none for an answer that is no error."""
    return result.diagnostics if isinstance(result, QueryError) else ()


def every_api(test: Callable[..., None]) -> Callable[..., None]:
    return pytest.mark.parametrize("api", list(RAISING))(test)


# ---- NaN, Infinity, duplicate keys ---------------------------------------------------------


@every_api
@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
def test_nan_and_infinity_in_json_text_are_refused(api: str, constant: str, as_bytes: bool) -> None:
    text = (
        '{"totalCount": C, "records": [], "code": C, "message": "m", "uid": "u",'
        ' "searchParameters": [{"name": "amount", "method": "=", "searchParameter": [C]}]}'
    ).replace("C", constant)
    result = outcome(api, text.encode() if as_bytes else text)
    assert codes_of(result) == {"invalid_shape"}
    assert all(d.path == "" for d in result.diagnostics)


@every_api
@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_floats_in_dicts_are_refused(api: str, number: float) -> None:
    document = {
        "totalCount": number,
        "records": [],
        "code": number,
        "message": "m",
        "uid": "u",
        "status": "successful",
        "amount": number,
        "searchParameters": [
            {"name": "amount", "method": "=", "searchParameter": [number]},
            {"name": "created_date", "method": ">", "searchParameter": ["2024-01-01T00:00:00Z"]},
        ],
    }
    result = outcome(api, document)
    assert isinstance(result, QueryError)


def test_duplicate_keys_in_payload_text_are_found_with_pointers() -> None:
    text = (
        '{"searchParameters": [{"name": "created_date", "name": "amount", "method": ">",'
        ' "searchParameter": ["2024-01-01T00:00:00Z"]}], "orderParameters": [],'
        ' "orderParameters": []}'
    )
    diagnostics = querydsl.validate_payload(text)
    duplicates = {d.path for d in diagnostics if d.code == "duplicate_key"}
    assert duplicates == {"/searchParameters/0/name", "/orderParameters"}
    with pytest.raises(QueryError):
        querydsl.from_payload(text)


def test_duplicate_keys_in_responses_warn_by_default_and_fail_when_strict() -> None:
    text = '{"code": 232, "code": 233, "message": "Search Method Unavailable"}'
    loaded = homebank.load_error(text)
    assert loaded.code == 233
    assert [d.path for d in loaded.warnings] == ["/code"]
    result = outcome("load_error strict", text)
    assert codes_of(result) == {"duplicate_key"}


# ---- How much a call reports (SPEC 3) ------------------------------------------------------

TRANSACTION = '"uid": "u", "status": "successful", "code": "S.0000"'


def _repeats_deep_down(depth: int, repeats: int, key: str = "k" * 1_000) -> str:
    """A transaction holding, `depth` objects down under long keys, one key `repeats` times over."""
    repeated = "{" + ", ".join(['"a": 1'] * (repeats + 1)) + "}"
    return (
        "{" + TRANSACTION + ", " + f'"{key}": {{' * depth + f'"x": {repeated}' + "}" * (depth + 1)
    )


def _reported(api: str, data: object) -> Sequence[Diagnostic]:
    """What an API says about `data`: its diagnostics, or a loaded transaction's warnings."""
    if api == "load_json":
        return load_json(data)[1]  # type: ignore[arg-type]
    if api == "validate_payload":
        return querydsl.validate_payload(data)  # returned, not raised
    result = outcome(api, data)
    if isinstance(result, QueryError):
        return result.diagnostics
    return result.warnings  # type: ignore[attr-defined, no-any-return]


DUPLICATES_SAID_BY = [
    "load_json",
    "validate_payload",
    "load_transaction",
    "load_transaction strict",
]


@pytest.mark.parametrize("api", DUPLICATES_SAID_BY)
def test_a_call_reports_at_most_1000_diagnostics_with_short_pointers(api: str) -> None:
    # A 0.9 MB text once gave 1 001 diagnostics holding 899 M characters of pointers (38 s).
    text = _repeats_deep_down(depth=100, repeats=1_500)
    reported = _reported(api, text)
    assert len(reported) == 1_001
    assert reported[-1].code == "limit_exceeded" and reported[-1].path is None
    duplicates = [d for d in reported if d.code == "duplicate_key"]
    assert len(duplicates) >= 999  # the rest are the text's other problems, if it has any
    for diagnostic in duplicates:
        steps = diagnostic.path.split("/")[1:]  # type: ignore[union-attr]
        assert len(steps) == 17 and steps[8] == "..."  # the first 8 steps, the last 8
        assert steps[:3] == ["k" * 197 + "...", "k" * 197 + "...", "k" * 197 + "..."]
        assert steps[-2:] == ["x", "a"]


@pytest.mark.parametrize("api", DUPLICATES_SAID_BY)
def test_what_a_call_reports_grows_linearly_with_depth_and_repeats(api: str) -> None:
    assert_linear(
        functools.partial(_reported, api),
        lambda size: _repeats_deep_down(depth=size, repeats=size, key="k" * 100),
        200,
    )


def test_a_long_repeated_key_is_cut_in_the_message_and_the_pointer() -> None:
    key = "k" * 10_000
    (diagnostic,) = load_json(f'{{"{key}": 1, "{key}": 2}}')[1]
    assert diagnostic.path == "/" + "k" * 197 + "..."
    assert len(diagnostic.message) < 300


RAISING_ON_MANY = {
    "validate_payload": {f"key{index}": 1 for index in range(5_000)},
    "from_payload": {f"key{index}": 1 for index in range(5_000)},
    "load_operations": {"totalCount": 0, "records": [{}] * 5_000},  # 49 missing fields each
    "load_operations strict": {"totalCount": 0, **{f"key{index}": 1 for index in range(5_000)}},
    "load_transaction strict": {"uid": "u", "status": "successful", "code": "S.0000",
                                **{f"key{index}": 1 for index in range(5_000)}},
}  # fmt: skip


@pytest.mark.parametrize("api", list(RAISING_ON_MANY))
def test_many_problems_are_1000_then_one_limit_exceeded(api: str) -> None:
    reported = _reported(api, RAISING_ON_MANY[api])
    assert len(reported) == 1_001
    assert [d.code for d in reported[-2:]] == [reported[0].code, "limit_exceeded"]
    assert reported[0].code != "limit_exceeded"


# ---- Depth ---------------------------------------------------------------------------------

#: JSON texts nested `depth` levels deep.
DEEP_TEXTS: dict[str, Callable[[int], str]] = {
    "array": lambda depth: "[" * depth + "]" * depth,
    "object": lambda depth: '{"a": ' * depth + "1" + "}" * depth,
    "under a known key": lambda depth: '{"records": ' + "[" * depth + "]" * depth + "}",
    "in searchParameter": lambda depth: (
        '{"searchParameters": [{"name": "amount", "method": "=", '
        '"searchParameter": ' + "[" * depth + "]" * depth + "}]}"
    ),
    "in extra": lambda depth: (
        '{"uid": "u", "status": "successful", "code": "S.0000", "x": '
        + "[" * depth
        + "]" * depth
        + "}"
    ),
}


@every_api
@pytest.mark.parametrize("name", list(DEEP_TEXTS))
@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
def test_deep_json_text_is_refused_in_linear_time(
    low_recursion: None, api: str, name: str, as_bytes: bool
) -> None:
    def make(depth: int) -> str | bytes:
        text = DEEP_TEXTS[name](depth)
        return text.encode() if as_bytes else text

    assert codes_of(outcome(api, make(100_000))) & {"limit_exceeded", "invalid_shape"}
    assert_linear_in(api, make, 20_000)


def _nested_list(depth: int) -> list[Any]:
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    return nested


def _nested_dict(depth: int) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for _ in range(depth):
        nested = {"a": nested}
    return nested


@every_api
@pytest.mark.parametrize(
    "wrap",
    [
        lambda deep: deep,
        lambda deep: {"records": [deep], "totalCount": 1},
        lambda deep: {"searchParameters": [deep], "orderParameters": [deep]},
        lambda deep: {"uid": "u", "status": "successful", "code": "S.0000", "extra_key": deep},
        lambda deep: {"uid": "u", "status": "successful", "code": "S.0000", "customer": deep},
        lambda deep: {"code": 1, "message": "m", "detail": deep},
    ],
    ids=["bare", "records", "searchParameters", "extra", "section", "error extra"],
)
@pytest.mark.parametrize("make", [_nested_list, _nested_dict], ids=["lists", "dicts"])
def test_deep_python_values_never_recurse_without_bound(
    low_recursion: None,
    api: str,
    wrap: Callable[[Any], Any],
    make: Callable[[int], Any],
) -> None:
    outcome(api, wrap(make(100_000)))
    assert_linear_in(api, lambda depth: wrap(make(depth)), 20_000)


# ---- Keys, bytes, numbers and other Python objects --------------------------------------------


@every_api
@pytest.mark.parametrize(
    "document",
    [
        {1: 2},
        {None: "x", "records": []},
        {(1, 2): 3, "searchParameters": []},
        {"records": [{1: 2}], "totalCount": 1},
        {"searchParameters": [{1: "name", b"method": "="}], "orderParameters": []},
        {"uid": "u", "status": "successful", "code": "S.0000", 7: "x"},
        {"uid": "u", "status": "successful", "code": "S.0000", "customer": {1.5: "x"}},
        {"code": 1, "message": "m", frozenset(): 1},
    ],
)
def test_non_string_keys_are_refused(api: str, document: dict[Any, Any]) -> None:
    result = outcome(api, document)
    assert isinstance(result, QueryError)


def test_non_string_keys_are_invalid_shape_in_payloads() -> None:
    diagnostics = querydsl.validate_payload({1: 2, "searchParameters": [], "orderParameters": []})
    assert "invalid_shape" in {d.code for d in diagnostics}


@every_api
@pytest.mark.parametrize(
    "data",
    [
        b'{"a": "\xff\xfe"}',
        b"\xed\xa0\x80",  # an encoded surrogate
        b"\xc0\xaf",  # overlong
        b'{"code": 1, "message": "\x80"}',
        '{"a": 1}'.encode("utf-16"),
        bytearray(b'{"a": "\xff"}'),
        b"",
        b"\x00",
    ],
)
def test_invalid_utf8_is_refused(api: str, data: bytes) -> None:
    result = outcome(api, data)
    assert codes_of(result) == {"invalid_shape"}


@every_api
@pytest.mark.parametrize(
    "text",
    [
        "\ufeff\ufeff{}",  # one byte order mark is allowed, not two
        "",
        "   ",
        "{",
        '{"a": 1} trailing',
        "'single'",
        "[1,]",
    ],
)
def test_odd_json_text_is_a_query_error(api: str, text: str) -> None:
    result = outcome(api, text)
    assert isinstance(result, QueryError)


# A document each API takes, as JSON text (horizonpay's seed repeats a key: strict refuses it).
SEED_TEXT = {
    "validate_payload": json.dumps(seed_request()),
    "from_payload": json.dumps(seed_request()),
    "load_operations": homebank_seed_text(),
    "load_error": homebank_error_seed_text(),
    "load_transaction": horizonpay_seed_text(),
}
BOM = "\ufeff"


def _same(one: object, other: object) -> bool:
    if isinstance(one, QueryError) and isinstance(other, QueryError):
        return one.diagnostics == other.diagnostics
    return one == other


@every_api
def test_one_byte_order_mark_is_allowed_in_text_as_in_bytes(api: str) -> None:
    text = SEED_TEXT[api.removesuffix(" strict")]
    plain = outcome(api, text)
    assert not isinstance(plain, QueryError) or api == "load_transaction strict"
    for marked in (BOM + text, BOM.encode() + text.encode()):
        assert _same(outcome(api, marked), plain)
    for twice in (BOM * 2 + text, (BOM * 2).encode() + text.encode()):
        assert codes_of(outcome(api, twice)) == {"invalid_shape"}


#: Documents with numbers of `digits` digits, given past Python's 4 300-digit int/str limit.
HUGE_NUMBERS: list[Callable[[int], object]] = [
    lambda digits: '{"totalCount": ' + "9" * digits + ', "records": []}',
    lambda digits: '{"code": ' + "9" * digits + ', "message": "m"}',
    lambda digits: '{"paging": {"page": ' + "9" * digits + ', "size": 1}, "searchParameters": []}',
    lambda digits: (
        '{"uid": "u", "status": "successful", "code": "S.0000", "amount": ' + "9" * digits + "}"
    ),
    lambda digits: '{"code": 1e400, "message": "m", "totalCount": 1e400, "records": []}',
    lambda digits: {"totalCount": 10**digits, "records": []},
    lambda digits: {"code": 10**digits, "message": "m"},
    lambda digits: {"code": -(10**digits), "message": "m"},
    lambda digits: {
        "paging": {"page": 10**digits, "size": 10**digits},
        "searchParameters": [],
        "orderParameters": [],
    },
    lambda digits: {"uid": "u", "status": "successful", "code": "S.0000", "amount": 10**digits},
    lambda digits: {"uid": "u", "status": "successful", "code": "S.0000", "extra_key": 10**digits},
    lambda digits: {"code": 1, "message": "m", "extra_key": 10**digits},
]


@every_api
@pytest.mark.parametrize(
    "make",
    HUGE_NUMBERS,
    ids=[f"{type(make(1)).__name__}{index}" for index, make in enumerate(HUGE_NUMBERS)],
)
def test_huge_numbers_never_crash_and_print(api: str, make: Callable[[int], object]) -> None:
    outcome(api, make(5_000))  # str() and repr() of the result are checked there
    assert_linear_in(api, make, 5_000)


def _through(lists: int, target: object) -> object:
    """`target` inside `lists` lists: a cycle back to it is that much longer."""
    for _ in range(lists):
        target = [target]
    return target


def _cyclic_dict(lists: int) -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["a"] = _through(lists, loop)
    return loop


def _cyclic_list(lists: int) -> list[Any]:
    loop: list[Any] = []
    loop.append(_through(lists, loop))
    return loop


def _cyclic(where: str, lists: int) -> dict[str, Any]:
    documents: dict[str, dict[str, Any]] = {
        "paging": {"searchParameters": [], "orderParameters": []},
        "records": {"totalCount": 1, "records": []},
        "searchParameters": {"searchParameters": [], "orderParameters": []},
        "extra": {"uid": "u", "status": "successful", "code": "S.0000"},
        "customer": {"uid": "u", "status": "successful", "code": "S.0000"},
        "error": {"code": 1, "message": "m"},
    }
    document = documents[where]
    loop = _through(lists, document)
    if where in ("records", "searchParameters"):
        document[where].append(loop)
    elif where == "customer":
        document["customer"] = {"email": "a@b.kz"}
        document["customer"]["loop"] = loop
    else:
        document[where] = loop
    return document


@every_api
@pytest.mark.parametrize(
    "make",
    [_cyclic_dict, _cyclic_list]
    + [
        functools.partial(_cyclic, where)
        for where in ("paging", "records", "searchParameters", "extra", "customer", "error")
    ],
    ids=["dict", "list", "paging", "records", "searchParameters", "extra", "customer", "error"],
)
def test_cyclic_values_are_refused(
    low_recursion: None, api: str, make: Callable[[int], Any]
) -> None:
    assert isinstance(outcome(api, make(0)), QueryError)
    assert_linear_in(api, make, 200)  # a cycle through 200 and 400 lists


def _doubled(levels: int) -> list[Any]:
    """`x = [x, x]`, `levels` times: 2 * levels + 1 lists, but 2 ** levels paths to the bottom."""
    shared: list[Any] = []
    for _ in range(levels):
        shared = [shared, shared]
    return shared


SHARED_PLACES = {
    "load_operations extra": ("load_operations", {"totalCount": 0, "records": []}, "x", "/x"),
    "load_error extra": ("load_error", {"code": 1, "message": "m"}, "x", "/x"),
    "load_transaction extra": ("load_transaction", {"uid": "u", "status": "successful",
                                                    "code": "S.0000"}, "x", "/x"),
    "load_transaction errors": ("load_transaction", {"uid": "u", "status": "successful",
                                                     "code": "S.0000"}, "errors", "/errors/x"),
}  # fmt: skip


@pytest.mark.parametrize("place", list(SHARED_PLACES))
def test_a_value_holding_one_container_in_two_places_is_refused_in_one_walk(place: str) -> None:
    # 22 levels (45 lists) took 12 s, twice as long for each level more: every path was walked.
    # JSON text decodes to a tree; a kept value that is not one would be walked path by path
    # again by its repr and its JSON.
    api, document, key, path = SHARED_PLACES[place]
    shared = _doubled(20)
    value = {"x": shared} if key == "errors" else shared
    result = outcome(api, {**document, key: value})
    assert isinstance(result, QueryError)
    assert [(d.code, d.path) for d in result.diagnostics] == [("invalid_shape", path)]
    value_of = (lambda levels: {"x": _doubled(levels)}) if key == "errors" else _doubled
    assert_linear_in(api, lambda levels: {**document, key: value_of(levels)}, 200)


@pytest.mark.parametrize("place", list(SHARED_PLACES))
def test_one_list_under_many_sibling_keys_is_walked_once(place: str) -> None:
    # n keys holding one n-item list: each key walked it again (n=4000: 9.7 s, 4 times 2000's).
    # Sizes stay under the 1 000 diagnostics a call reports: one per key past the first.
    api, document, key, path = SHARED_PLACES[place]

    def siblings(n: int) -> dict[str, Any]:
        shared = list(range(n))
        keys = {f"k{i}": shared for i in range(n)}
        return {**document, "errors": keys} if key == "errors" else {**document, **keys}

    result = outcome(api, siblings(3))
    assert isinstance(result, QueryError)
    prefix = path.removesuffix("/x")
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("invalid_shape", f"{prefix}/k1"),
        ("invalid_shape", f"{prefix}/k2"),
    ]
    assert_linear_in(api, siblings, 250)


def _tags() -> list[str]:
    return ["a", "b"]


_ONE = _tags()  # one list, for the rows that hold it in two places
_RECORD = {**json.loads(homebank_seed_text())["records"][0], "x": _ONE}
_OPERATIONS = {"totalCount": 0, "records": []}
_PAYMENT = {"uid": "u", "status": "successful", "code": "S.0000"}

#: Data kept as it is (`extra`, `errors`, `bank_info`) holds each list and dict once in the whole
#: document, as JSON text decodes: (api, document, where a shared one is met; none: kept).
SHARING: dict[str, tuple[str, dict[str, Any], set[str]]] = {
    "equal lists, two objects": ("load_transaction", {**_PAYMENT, "x": [_tags(), _tags()],
                                                      "y": _tags(), "z": _tags()}, set()),
    "one list twice under one key": ("load_transaction", {**_PAYMENT, "x": [_ONE, _ONE]}, {"/x"}),
    "one list under two keys": ("load_transaction", {**_PAYMENT, "y": _ONE, "z": _ONE},
                                {"/y", "/z"}),
    "one list in two free-form keys": ("load_transaction", {**_PAYMENT, "errors": {"a": _ONE,
                                       "b": _ONE}}, {"/errors/a", "/errors/b"}),
    "one list in extra and errors": ("load_transaction", {**_PAYMENT, "x": _ONE,
                                     "errors": {"e": _ONE}}, {"/x", "/errors/e"}),
    "one list in errors and bank_info": ("load_transaction", {**_PAYMENT, "errors": {"e": _ONE},
                                         "bank_info": {"b": _ONE}}, {"/errors/e", "/bank_info/b"}),
    "one list under two keys, Homebank": ("load_operations", {**_OPERATIONS, "y": _ONE,
                                          "z": _ONE}, {"/y", "/z"}),
    "one list in two records": ("load_operations", {"totalCount": 2, "records": [
        dict(_RECORD), dict(_RECORD)]}, {"/records/0/x", "/records/1/x"}),
}  # fmt: skip


@pytest.mark.parametrize("row", list(SHARING))
def test_a_kept_list_or_dict_is_held_in_one_place_in_the_whole_document(row: str) -> None:
    api, document, places = SHARING[row]
    result = outcome(api, document)
    if not places:
        assert not isinstance(result, QueryError)
    else:
        assert isinstance(result, QueryError)
        ((code, path),) = [(d.code, d.path) for d in result.diagnostics]
        assert code == "invalid_shape" and path in places
    # the rule refuses nothing JSON text says: the same document as text is a tree, and kept
    assert not isinstance(outcome(api, json.dumps(document)), QueryError)


class _Exploding(dict):  # type: ignore[type-arg]
    """A dict whose lookups fail: code that trusts Mapping too much meets it."""

    def __getitem__(self, key: object) -> Any:
        raise RuntimeError("boom")

    def get(self, key: object, default: object = None) -> Any:
        raise RuntimeError("boom")


@every_api
@pytest.mark.parametrize(
    "data",
    [
        None,
        5,
        5.5,
        True,
        object(),
        {1, 2},
        (1, 2),
        datetime(2024, 1, 1, tzinfo=UTC),
        Decimal("1"),
        memoryview(b"{}"),
        {"totalCount": Decimal("1"), "records": ()},
        {"code": Decimal("232"), "message": b"m"},
        {"searchParameters": ({"name": "amount"},), "orderParameters": ()},
        {
            "searchParameters": [
                {"name": "created_date", "method": ">", "searchParameter": [datetime.now(UTC)]}
            ]
        },
        {"uid": b"u", "status": "successful", "code": "S.0000"},
        {"uid": "u", "status": "successful", "code": object()},
    ],
    ids=repr,
)
def test_other_python_objects_are_refused(api: str, data: object) -> None:
    result = outcome(api, data)
    assert isinstance(result, QueryError)


# ---- cattrs coercion ------------------------------------------------------------------------


def _homebank_page() -> dict[str, Any]:
    page: dict[str, Any] = json.loads(homebank_seed_text())
    return page


def _set(document: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    document = copy.deepcopy(document)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


INTEGER_FIELDS: list[tuple[str, Callable[[], dict[str, Any]], tuple[str | int, ...]]] = [
    ("load_operations", _homebank_page, ("totalCount",)),
    ("load_error", lambda: json.loads(homebank_error_seed_text()), ("code",)),
    ("load_transaction", lambda: json.loads(horizonpay_seed_text()), ("amount",)),
    (
        "load_transaction",
        lambda: json.loads(horizonpay_seed_text()),
        ("payment_method", "exp_year"),
    ),
]


@pytest.mark.parametrize("coerced", ["5", 1.9, True, False, 5.0, "0x5", None, [5]], ids=repr)
@pytest.mark.parametrize(
    ("api", "document", "path"), INTEGER_FIELDS, ids=["totalCount", "code", "amount", "exp_year"]
)
def test_integer_fields_do_not_coerce(
    api: str, document: Callable[[], dict[str, Any]], path: tuple[str | int, ...], coerced: object
) -> None:
    RAISING[api](document())  # the seed loads
    if coerced is None and path not in (("totalCount",), ("code",)):
        # These fields are nullable: null loads as None and is not turned into a number.
        loaded = outcome(api, _set(document(), path, None))
        assert not isinstance(loaded, QueryError)
        holder: Any = loaded
        for step in path:  # Horizonpay's attribute names are its JSON keys
            holder = getattr(holder, str(step))
        assert holder is None
        return
    result = outcome(api, _set(document(), path, coerced))
    assert codes_of(result) == {"invalid_shape"}
    pointer = "/" + "/".join(str(step) for step in path)
    assert pointer in {d.path for d in result.diagnostics}


@pytest.mark.parametrize("coerced", ["5", True, "1e3"], ids=repr)
def test_decimal_amounts_do_not_coerce(coerced: object) -> None:
    result = outcome("load_operations", _set(_homebank_page(), ("records", 0, "amount"), coerced))
    assert "/records/0/amount" in {d.path for d in diagnostics_of(result)}


@pytest.mark.parametrize("coerced", [1, 0, "yes", "True", None], ids=repr)
def test_booleans_do_not_coerce(coerced: object) -> None:
    result = outcome(
        "load_operations", _set(_homebank_page(), ("records", 0, "postLinkStatus"), coerced)
    )
    assert "/records/0/postLinkStatus" in {d.path for d in diagnostics_of(result)}


# ---- JSON values come back exactly ----------------------------------------------------------


def test_seed_request_survives_text_bytes_and_dict_input_alike() -> None:
    request = seed_request()
    expected = querydsl.to_payload(querydsl.from_payload(request))
    for form in (json.dumps(request), json.dumps(request).encode(), request):
        assert querydsl.to_payload(querydsl.from_payload(form)) == expected
    assert request == seed_request()  # the caller's dict is not changed
